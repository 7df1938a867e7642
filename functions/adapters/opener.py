"""Open the workbook a --workbook argument names: an .xlsx file, gsheets:ID or a Google Sheets URL."""

from __future__ import annotations

from functions.domain.sheets_url import parse_sheets_spec
from functions.domain.workbook import Workbook


def open_workbook(spec: str, sheets_emulator_host: str | None = None) -> Workbook:
    """Open a workbook from a path to an .xlsx file, gsheets:ID or a Google Sheets URL."""
    spreadsheet_id = parse_sheets_spec(spec)
    if spreadsheet_id is not None:
        from functions.adapters.gsheets.backend import GoogleSheetsWorkbook

        return GoogleSheetsWorkbook(spreadsheet_id, emulator_host=sheets_emulator_host)
    from functions.adapters.xlsx.backend import XlsxWorkbook

    return XlsxWorkbook(spec)
