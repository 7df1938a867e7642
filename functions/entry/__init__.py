"""Entry glue: CLI, configuration, HTTP/event parsing, logs, the error map; imports demo only lazily."""
