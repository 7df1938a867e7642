"""values.append as the real API does it for our use: find the table in the range, add rows below it."""

from __future__ import annotations

from typing import Any

from functions.domain.cell_address import column_letter

from .shapes import BadRequest, check
from .store import Spreadsheet, resolve, write_values


def _last_filled_row(rows: list[list[Any]], c0: int, c1: int) -> int:
    """0-based index of the last row holding a value within columns c0..c1, -1 when none."""
    for r in range(len(rows) - 1, -1, -1):
        if any(v not in (None, "") for v in rows[r][c0:c1]):
            return r
    return -1


def append_values(book: Spreadsheet, a1: str, params: dict[str, list[str]], body: dict) -> dict[str, Any]:
    """values.append: INSERT_ROWS inserts rows (the grid grows), OVERWRITE writes over empty rows below."""
    check(body, "ValueRange")
    option = params.get("valueInputOption", [None])[-1]
    if option not in ("RAW", "USER_ENTERED"):
        raise BadRequest("'valueInputOption' is required but not specified")
    insert = params.get("insertDataOption", ["OVERWRITE"])[-1] == "INSERT_ROWS"
    sheet, r0, c0, _r1, _c1 = resolve(book, a1)
    values = body.get("values") or []
    width = max((len(v) for v in values), default=0)
    rows, cols = sheet.size
    last = _last_filled_row(sheet.rows, c0, cols)
    start = max(last + 1, r0)
    if insert:
        sheet.rows[start:start] = [[] for _ in values]
        sheet.props["gridProperties"]["rowCount"] = rows + len(values)
    elif start + len(values) > rows:
        sheet.props["gridProperties"]["rowCount"] = start + len(values)
    table = f"{sheet.title}!{column_letter(c0)}{r0 + 1}:{column_letter(c0 + max(width, 1) - 1)}{max(last, r0) + 1}"
    target = f"'{sheet.title}'!{column_letter(c0)}{start + 1}"
    updates = write_values(book, target, values, option)
    return {"spreadsheetId": book.spreadsheet_id, "tableRange": table, "updates": updates}
