"""Append one row to a worksheet part's <sheetData>, touching no other row (the one-tap contact)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from functions.adapters.xlsx.sheetxml import DateCells, SheetXmlError, _column_styles, _row_cell_styles, cell_xml
from functions.domain.cell_address import column_letter
from functions.domain.table import _find_header_row, header_key, is_blank

_SHEET_DATA_OPEN = re.compile(r"<(?P<p>\w+:)?sheetData\b[^>]*?(?P<empty>/)?>")
_ROW_START = re.compile(r"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"[^>]*?(/)?>")
_DIMENSION_REF = re.compile(r"(<(?:\w+:)?dimension\b[^>]*?\bref=\")([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?(\")")


def header_columns(grid: list[list[Any]], headers: list[str]) -> tuple[int, dict[str, int]]:
    """The header row's index in grid and each schema header's 0-based column, found by header text."""
    at = _find_header_row(grid, {header_key(h) for h in headers})
    line = grid[at] if at < len(grid) else []
    columns: dict[str, int] = {}
    for i, value in enumerate(line):
        key = header_key(value)
        if key and key not in columns:
            columns[key] = i
    return at, {h: columns[header_key(h)] for h in headers if header_key(h) in columns}


def next_row_number(grid: list[list[Any]], header_at: int) -> int:
    """The 1-based sheet row just below the last row holding any value (never above the header)."""
    last = len(grid) - 1
    while last > header_at and all(is_blank(v) for v in grid[last]):
        last -= 1
    return max(last, header_at) + 2


def _row_element_end(xml: str, start: int, self_closing: bool, p: str) -> int:
    if self_closing:
        return xml.index(">", start) + 1
    close = f"</{p}row>"
    return xml.index(close, start) + len(close)


def append_row_xml(xml: str, row_number: int, cells: Mapping[int, Any], dates: DateCells | None = None) -> str:
    """The worksheet with a new <row r=row_number> holding cells (0-based column → value).

    Hand-written rather than through openpyxl: loading and saving a 170,000-row sheet costs a minute and
    rewrites every row; here only the new row is added (an empty, style-only row of that number is replaced).
    """
    opened = _SHEET_DATA_OPEN.search(xml)
    if not opened:
        raise SheetXmlError("no <sheetData> element")
    p = opened.group("p") or ""
    styles = _column_styles(xml[: opened.start()]) | _styles_above(xml, opened.end(), row_number, p)
    body = "".join(
        cell_xml(f"{column_letter(col)}{row_number}", value, styles.get(col), p, dates, empty=False)
        for col, value in sorted(cells.items())
    )
    new_row = f'<{p}row r="{row_number}">{body}</{p}row>'
    if opened.group("empty"):
        xml = xml[: opened.start()] + f"<{p}sheetData>{new_row}</{p}sheetData>" + xml[opened.end() :]
    else:
        close = xml.index(f"</{p}sheetData>", opened.end())
        at, end = close, close
        for m in _ROW_START.finditer(xml, opened.end(), close):
            number = int(m.group(1))
            if number >= row_number:
                at = m.start()
                end = _row_element_end(xml, m.start(), bool(m.group(2)), p) if number == row_number else at
                break
        xml = xml[:at] + new_row + xml[end:]
    return _widen_dimension(xml, row_number, max(cells, default=0) + 1)


def _styles_above(xml: str, start: int, row_number: int, p: str) -> dict[int, str]:
    """The cell styles of the last row above row_number: a typed date column keeps its date format."""
    above = None
    close = xml.find(f"</{p}sheetData>", start)
    for m in _ROW_START.finditer(xml, start, close if close >= 0 else len(xml)):
        if int(m.group(1)) >= row_number:
            break
        above = m
    if above is None or above.group(2):
        return {}
    return _row_cell_styles(xml[above.end() : _row_element_end(xml, above.start(), False, p)])


def _widen_dimension(xml: str, row_number: int, width: int) -> str:
    def grow(m: re.Match[str]) -> str:
        last_col = m.group(4) or m.group(2)
        last_row = int(m.group(5) or m.group(3))
        col = max(last_col, column_letter(width - 1), key=lambda c: (len(c), c))
        return f"{m.group(1)}{m.group(2)}{m.group(3)}:{col}{max(last_row, row_number)}{m.group(6)}"

    return _DIMENSION_REF.sub(grow, xml, count=1)
