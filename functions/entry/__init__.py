"""Entry points' glue: CLI, configuration, HTTP/event parsing, logs, the error map; may import everything but demo at import time."""
