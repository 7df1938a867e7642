"""init on an existing .xlsx: append the 设置 rows a newer version added (项目 · 值 · 说明), touching no other cell."""

from __future__ import annotations

from typing import Any

from functions.adapters.xlsx.sheetxml import append_header_cells
from functions.domain.schema import Schema
from functions.domain.table import Table, header_key
from functions.domain.tabs import SETTINGS as SETTINGS_TAB


def missing_settings(table: Table, schema: Schema) -> list[dict[str, Any]]:
    """The schema's settings with no 项目 row in the tab, in schema order."""
    have = {header_key(r.get("项目")) for r in table.rows}
    return [s for s in schema[SETTINGS_TAB].settings if header_key(s["key"]) not in have]


def append_settings(xml: str, table: Table, grid: list[list[Any]], schema: Schema) -> tuple[str, int]:
    """The sheet XML with one new row per missing setting below every used row, and how many were added."""
    if "项目" not in table.columns:
        return xml, 0
    wanted = missing_settings(table, schema)
    row = max([len(grid), *(r.number for r in table.rows)]) + 1
    for offset, spec in enumerate(wanted):
        for header, value in (("项目", spec["key"]), ("值", spec["default"]), ("说明", spec["help"])):
            if header in table.columns and str(value) != "":
                xml = append_header_cells(xml, row + offset, table.columns[header], [str(value)])
    return xml, len(wanted)
