"""Remove rows from a worksheet part's <sheetData> and move the rows below up (archive --before)."""

from __future__ import annotations

import bisect
import re

from functions.adapters.xlsx.sheetxml import SheetXmlError

_SHEET_DATA_OPEN = re.compile(r"<(?P<p>\w+:)?sheetData\b[^>]*?(?P<empty>/)?>")
_ROW_START = re.compile(r"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"[^>]*?(/)?>")
_ROW_NUMBER = re.compile(r"(\br=\")(\d+)(\")")
_CELL_REF = re.compile(r"(<(?:\w+:)?c\b[^>]*?\br=\"[A-Z]+)(\d+)(\")")
_DIMENSION = re.compile(r"(<(?:\w+:)?dimension\b[^>]*?\bref=\"[A-Z]+\d+:[A-Z]+)(\d+)(\")")
# Parts of a worksheet that point at cells by address and would point at the wrong rows afterwards.
_ANCHORED = {
    "mergeCells": "合并单元格",
    "hyperlinks": "超链接",
    "tableParts": "“套用表格格式”的表格",
}
_SHARED_FORMULA = re.compile(r"<(?:\w+:)?f\b[^>]*\bt=\"shared\"")


class RowsAnchored(SheetXmlError):
    """The sheet has something addressed by row (merged cells, links, tables) that moving rows would break."""


def _check_movable(xml: str, header_row: int) -> None:
    for local, words in _ANCHORED.items():
        block = re.search(r"<(?:\w+:)?" + local + r"\b.*?(?:/>|</(?:\w+:)?" + local + ">)", xml, re.S)
        if block and any(int(n) > header_row for n in re.findall(r"[A-Z]+(\d+)", block.group(0))):
            raise RowsAnchored(words)
        if block and local == "tableParts":
            raise RowsAnchored(words)
    if _SHARED_FORMULA.search(xml):
        raise RowsAnchored("共享公式")


def _row_end(xml: str, start: int, self_closing: bool, close: str) -> int:
    if self_closing:
        return xml.index(">", start) + 1
    return xml.index(close, start) + len(close)


def remove_rows(xml: str, numbers: set[int], header_row: int) -> str:
    """The worksheet without the rows whose r is in `numbers`; every later row (its r and its cells' r)
    moves up by the number of rows removed above it. Rows at or above header_row are never removed."""
    if any(n <= header_row for n in numbers):
        raise SheetXmlError("refusing to remove a header row")
    _check_movable(xml, header_row)
    opened = _SHEET_DATA_OPEN.search(xml)
    if not opened:
        raise SheetXmlError("no <sheetData> element")
    if opened.group("empty"):
        return xml
    p = opened.group("p") or ""
    close_tag = f"</{p}row>"
    data_end = xml.index(f"</{p}sheetData>", opened.end())
    gone = sorted(numbers)
    out = [xml[: opened.end()]]
    at = opened.end()
    for m in _ROW_START.finditer(xml, opened.end(), data_end):
        if m.start() < at:
            continue  # inside a row already copied
        number = int(m.group(1))
        end = _row_end(xml, m.start(), bool(m.group(2)), close_tag)
        out.append(xml[at : m.start()])
        at = end
        if number in numbers:
            continue
        shift = bisect.bisect_left(gone, number)
        row = xml[m.start() : end]
        out.append(_moved_up(row, m.end() - m.start(), shift) if shift else row)
    out.append(xml[at:])
    result = "".join(out)
    return _DIMENSION.sub(lambda d: f"{d.group(1)}{_moved(int(d.group(2)), gone)}{d.group(3)}", result, count=1)


def _moved_up(row: str, head_end: int, shift: int) -> str:
    """A <row> element renumbered `shift` rows up: its own r and every cell's r."""

    def up(m: re.Match[str]) -> str:
        return f"{m.group(1)}{int(m.group(2)) - shift}{m.group(3)}"

    return _ROW_NUMBER.sub(up, row[:head_end], 1) + _CELL_REF.sub(up, row[head_end:])


def _moved(last: int, gone: list[int]) -> int:
    return max(1, last - bisect.bisect_right(gone, last))
