"""Where the project's data folders are: sheets_schema/, templates/ and the shipped fonts."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "sheets_schema"
TEMPLATE_DIR = ROOT / "templates"
FONT_FILE = ROOT / "functions" / "fonts" / "SanyouSansSC-Regular.otf"
