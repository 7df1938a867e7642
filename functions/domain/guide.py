"""The 设置 rows a new workbook starts with, the same on every backend (说明 is sheets_out/guide_tab.py)."""

from __future__ import annotations

from typing import Any

from functions.domain.schema import Schema, default_schema
from functions.domain.tabs import SETTINGS


def settings_rows(schema: Schema | None = None) -> list[list[Any]]:
    """The 设置 tab's default rows (项目 · 值 · 说明) from the schema."""
    schema = schema or default_schema()
    return [[s["key"], s["default"], s["help"]] for s in schema[SETTINGS].settings]
