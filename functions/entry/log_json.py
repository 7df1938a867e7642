"""JSON-lines logs for Cloud Logging: one object a line with `severity`; never personal data."""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import PurePath
from typing import Any, TextIO

from functions.domain.sheets_url import parse_sheets_spec

LEVELS = {"DEBUG": 10, "INFO": 20, "NOTICE": 25, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}
# Only plain scalars (and lists of them) go into a log line: counts, job names, IDs, error types.
_SCALARS = (str, int, float, bool, type(None))
_threshold = {"level": LEVELS["INFO"]}  # set once from the configuration's LOG_LEVEL


def configure(level: str) -> None:
    """Log lines at this level and above (DEBUG, INFO, WARNING or ERROR)."""
    _threshold["level"] = LEVELS.get(level.upper(), LEVELS["INFO"])


def workbook_label(spec: str | None) -> str:
    """A short, non-secret name for a workbook: the start of a spreadsheet ID or an .xlsx file name."""
    if not spec:
        return "-"
    spreadsheet_id = parse_sheets_spec(spec)
    if spreadsheet_id:
        return f"gsheets:{spreadsheet_id[:6]}…"
    if spec.startswith("feishu:"):
        return f"{spec[:13]}…"
    return PurePath(spec).name


def error_fields(exc: BaseException) -> dict[str, Any]:
    """An exception without its message (which may quote a cell): type and where it was raised."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{PurePath(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return {"error_type": type(exc).__name__, "error_at": where}


def _clean(value: Any) -> Any:
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, _SCALARS) for v in value):
        return list(value)
    if isinstance(value, dict):  # counts by tab / level, nested: cleaned the same way all the way down
        return {str(k): _clean(v) for k, v in value.items()}
    return f"<{type(value).__name__}>"


def log(severity: str, message: str, stream: TextIO | None = None, **fields: Any) -> None:
    """Write one JSON line: severity, message and the given scalar fields."""
    if LEVELS.get(severity, 20) < _threshold["level"]:
        return
    entry = {"severity": severity, "message": message}
    entry.update({key: _clean(value) for key, value in fields.items()})
    out = stream or sys.stdout
    out.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
    out.flush()


def info(message: str, **fields: Any) -> None:
    """An INFO line."""
    log("INFO", message, **fields)


def warning(message: str, **fields: Any) -> None:
    """A WARNING line."""
    log("WARNING", message, **fields)


def error(message: str, **fields: Any) -> None:
    """An ERROR line."""
    log("ERROR", message, **fields)
