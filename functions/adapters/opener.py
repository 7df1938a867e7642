"""Open the workbook a --workbook argument names: an .xlsx file, gsheets:ID / a Google Sheets URL, or
feishu:TOKEN / a Feishu or Lark sheet URL."""

from __future__ import annotations

from typing import Any

from functions.domain.feishu_url import FeishuSpecError, parse_feishu_spec
from functions.domain.sheets_url import parse_sheets_spec
from functions.domain.workbook import Workbook, WorkbookError


def open_workbook(spec: str, sheets_emulator_host: str | None = None, feishu: Any = None) -> Workbook:
    """The workbook for spec (feishu: the app credentials, functions.adapters.feishu.client.FeishuApp)."""
    try:
        token = parse_feishu_spec(spec)
    except FeishuSpecError as exc:
        raise WorkbookError(str(exc)) from None
    if token is not None:
        from functions.adapters.feishu.backend import open_feishu

        return open_feishu(token, feishu)
    spreadsheet_id = parse_sheets_spec(spec)
    if spreadsheet_id is not None:
        from functions.adapters.gsheets.backend import GoogleSheetsWorkbook

        return GoogleSheetsWorkbook(spreadsheet_id, emulator_host=sheets_emulator_host)
    from functions.adapters.xlsx.backend import XlsxWorkbook

    return XlsxWorkbook(spec)
