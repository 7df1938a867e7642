"""Upgrade an existing workbook package: add missing tabs and missing columns, touch no existing cell."""
from __future__ import annotations

from typing import Any

from .schema import Schema, TabSchema
from .table import build_table
from .xlsx_layout import guide_rows, settings_rows
from .xlsx_package import Package
from .xlsx_sheetxml import append_header_cells, new_sheet_xml


def _starting_rows(tab: TabSchema, schema: Schema) -> list[list[Any]]:
    if tab.title == "设置":
        return settings_rows(schema)
    if tab.title == "说明":
        return guide_rows(schema)
    return []


def upgrade_package(pkg: Package, grids: dict[str, list[list[Any]]], schema: Schema) -> list[str]:
    """Queue the additions in pkg; return what changed, one Chinese line each ([] when all is right)."""
    changes: list[str] = []
    for tab in schema:
        grid = grids.get(tab.title)
        ref = pkg.sheet(tab.title)
        if grid is None or ref is None:
            xml = new_sheet_xml(tab.headers, _starting_rows(tab, schema), [f.width for f in tab.fields])
            pkg.add_sheet(tab.title, xml.encode("utf-8"))
            changes.append(f"新增工作表：{tab.title}")
            continue
        table = build_table(tab.title, grid, tab)
        if not table.missing_headers:
            continue
        header_row = table.header_row or 1
        first_col = max((len(line) for line in grid), default=0) if table.header_row else 0
        xml = append_header_cells(pkg.text(ref.part), header_row, first_col, table.missing_headers)
        pkg.replace(ref.part, xml.encode("utf-8"))
        changes.append(f"“{tab.title}”表新增列：{'、'.join(table.missing_headers)}")
    return changes
