"""Put system tabs' rows into a package: replace a tab's sheetData, or add the tab when it is missing."""

from __future__ import annotations

from functions.adapters.xlsx.package import Package
from functions.adapters.xlsx.sheetxml import DateCells, new_sheet_xml, splice_sheet_data
from functions.domain.cell_limits import EXCEL_CELL_CHARS, EXCEL_MAX_ROWS, fit_rows
from functions.domain.schema import Schema
from functions.domain.workbook import SystemRows


def put_system_tabs(pkg: Package, schema: Schema, system_tabs: dict[str, SystemRows], dates: DateCells) -> None:
    """Queue each system tab's new content in the package (header row first, rows in schema order)."""
    for title, rows in system_tabs.items():
        tab = schema[title]
        rows = fit_rows(rows[: EXCEL_MAX_ROWS - 1], EXCEL_CELL_CHARS)  # never past the sheet's end
        ref = pkg.sheet(title)
        if ref is None:
            xml = new_sheet_xml(tab.headers, rows, [f.width for f in tab.fields])
            pkg.add_sheet(title, xml.encode("utf-8"))
        else:
            xml = splice_sheet_data(pkg.text(ref.part), tab.headers, rows, dates)
            pkg.replace(ref.part, xml.encode("utf-8"))
