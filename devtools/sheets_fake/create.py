"""spreadsheets.create: a new spreadsheet with the tabs (titles, grid sizes) the body names; Sheet1 otherwise."""

from __future__ import annotations

from typing import Any

from . import views
from .discovery import document
from .shapes import BadRequest, check


def create_spreadsheet(state: Any, params: dict[str, list[str]], body: Any) -> dict[str, Any]:
    """Check the body as a Spreadsheet message and the standard query parameters; answer the new spreadsheet."""
    check(body or {}, "Spreadsheet")
    for name in params:
        if name not in document()["parameters"]:
            raise BadRequest(f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query parameter.')
    body = body or {}
    book = state.new_book((body.get("properties") or {}).get("title") or "无标题电子表格")
    for sheet in body.get("sheets") or [{}]:
        props = sheet.get("properties") or {}
        grid = props.get("gridProperties") or {}
        book.add_sheet(
            props.get("title") or f"Sheet{len(book.sheets) + 1}",
            props.get("sheetId"),
            grid.get("rowCount", 1000),
            grid.get("columnCount", 26),
        )
    return views.spreadsheet_json(book, None)
