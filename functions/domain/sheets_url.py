"""Recognise a Google Sheets workbook argument: gsheets:ID or a pasted URL."""

from __future__ import annotations

import re

_URL = re.compile(r"^https?://docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]{10,})")


def parse_sheets_spec(spec: str) -> str | None:
    """The spreadsheet ID named by spec, or None when spec is not a Google Sheets one."""
    spec = spec.strip()
    if spec.startswith("gsheets:"):
        return spec[len("gsheets:") :].strip() or None
    match = _URL.match(spec)
    return match.group(1) if match else None
