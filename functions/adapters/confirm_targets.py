"""Open the ContactAppender of a workbook spec: a local .xlsx file or a Google Sheets spreadsheet."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from functions.domain.appendable import ContactAppender
from functions.domain.confirm_token import community_tag
from functions.domain.sheets_url import parse_sheets_spec


def open_confirm_target(spec: str, sheets_emulator_host: str | None = None) -> ContactAppender:
    """The appender for gsheets:ID / a Sheets URL, else for an .xlsx path."""
    spreadsheet_id = parse_sheets_spec(spec)
    if spreadsheet_id is not None:
        from functions.adapters.gsheets.backend import GoogleSheetsWorkbook
        from functions.adapters.gsheets.confirm import GoogleSheetsConfirmTarget

        return GoogleSheetsConfirmTarget(GoogleSheetsWorkbook(spreadsheet_id, emulator_host=sheets_emulator_host))
    from functions.adapters.xlsx.confirm import XlsxConfirmTarget

    return XlsxConfirmTarget(spec)


def targets_by_tag(
    specs: Iterable[str], sheets_emulator_host: str | None = None
) -> Callable[[str], ContactAppender | None]:
    """A lookup from a token's community tag to the appender of one of the allowed workbooks."""
    # one-tap confirmations append to local .xlsx files and Google Sheets; a Feishu sheet is not supported yet
    known = {community_tag(_location(spec)): spec for spec in specs if not spec.startswith("feishu:")}

    def lookup(tag: str) -> ContactAppender | None:
        spec = known.get(tag)
        return open_confirm_target(spec, sheets_emulator_host) if spec else None

    return lookup


def _location(spec: str) -> str:
    spreadsheet_id = parse_sheets_spec(spec)
    return f"gsheets:{spreadsheet_id}" if spreadsheet_id else spec
