"""Entry glue: CLI, configuration (the only reader of the environment), HTTP/event parsing, logs, the error table."""
