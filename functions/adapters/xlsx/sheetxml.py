"""Sheet XML by hand: splice a new <sheetData> into an existing worksheet part, keeping everything else.

Hand-written because no library edits one element of a worksheet part in place: openpyxl rewrites the
whole package (losing charts, images and notes it cannot read), and ElementTree re-serialises every
namespace prefix. Text surgery on <sheetData> keeps the rest of the part byte-for-byte.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from functions.adapters.xlsx.excel_values import (
    DATE_BUILTIN_IDS,
    WINDOWS_EPOCH,
    date_serial,
    is_date_code,
)
from functions.domain.cell_address import column_index, column_letter
from functions.domain.errors import SanyouError

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_DATA = re.compile(r"<(?P<p>\w+:)?sheetData\b[^>]*?(?:/>|>.*?</(?P=p)?sheetData>)", re.S)
_DIMENSION = re.compile(r"(<(?:\w+:)?dimension\b[^>]*?\bref=\")[^\"]*(\")")
_ROW = re.compile(r"<(?P<p>\w+:)?row\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)?row>)", re.S)
_CELL = re.compile(r"<(?:\w+:)?c\b([^>]*?)/?>")
_COL = re.compile(r"<(?:\w+:)?col\b([^>]*?)/?>")
_ATTR = re.compile(r"([\w:]+)=\"([^\"]*)\"")
_REF = re.compile(r"([A-Z]+)(\d+)")
_CJK_DATE_IDS = set(range(27, 37)) | set(range(50, 59))  # East Asian built-in date formats
WRAP_MIN_WIDTH = 20  # columns this wide wrap their texts (adapters/xlsx/layout.py gives them a wrapping style)
LINE_POINTS = 15  # one line of the default 11-point font


@dataclass(frozen=True)
class DateCells:
    """How this workbook stores dates: which cell styles are date formats, and its epoch (1900 or 1904)."""

    styles: frozenset[str] = frozenset()
    epoch: dt.datetime = WINDOWS_EPOCH


class SheetXmlError(SanyouError, ValueError):
    """The worksheet part is not shaped as expected (no <sheetData>)."""


def clean_text(text: str) -> str:
    """Text safe inside XML: characters XML 1.0 forbids are dropped, the rest escaped."""
    return escape(_ILLEGAL_XML.sub("", text)).replace("\r", "&#13;")


def _attrs(text: str) -> dict[str, str]:
    return dict(_ATTR.findall(text))


def _inline(ref: str, text: str, style: str | None, p: str) -> str:
    s = f' s="{style}"' if style else ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<{p}c r="{ref}"{s} t="inlineStr"><{p}is><{p}t{space}>{clean_text(text)}</{p}t></{p}is></{p}c>'


def date_styles(styles_xml: str | None) -> frozenset[str]:
    """Indexes (as text) of the cell formats in styles.xml that show a number as a date."""
    if not styles_xml:
        return frozenset()
    root = ET.fromstring(styles_xml)
    custom = {el.get("numFmtId"): el.get("formatCode", "") for el in root.iter() if el.tag.endswith("}numFmt")}
    xfs = next((el for el in root.iter() if el.tag.endswith("}cellXfs")), None)
    found = set()
    for index, xf in enumerate(xfs if xfs is not None else []):
        fmt_id = xf.get("numFmtId", "0")
        code = custom.get(fmt_id)
        if int(fmt_id) in _CJK_DATE_IDS or (is_date_code(code) if code else int(fmt_id) in DATE_BUILTIN_IDS):
            found.add(str(index))
    return frozenset(found)


def cell_xml(
    ref: str, value: Any, style: str | None, p: str = "", dates: DateCells | None = None, empty: bool = True
) -> str:
    """One <c> element; strings inline (a leading '=' stays text), None as ''.

    Dates become real date serials where the column's style is a date format, else ISO text.
    """
    s = f' s="{style}"' if style else ""
    if value is None or value == "":  # empty=False: the column's <col style> covers a missing cell
        return f'<{p}c r="{ref}"{s}/>' if style and empty else ""
    if isinstance(value, bool):
        return f'<{p}c r="{ref}"{s} t="b"><{p}v>{int(value)}</{p}v></{p}c>'
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return f'<{p}c r="{ref}"{s}><{p}v>{value!r}</{p}v></{p}c>'
    if isinstance(value, dt.date) and dates is not None and style in dates.styles:
        return f'<{p}c r="{ref}"{s}><{p}v>{date_serial(value, dates.epoch)!r}</{p}v></{p}c>'
    if isinstance(value, dt.datetime):
        text = value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    return _inline(ref, text, style, p)


def _display_width(text: str) -> int:
    """Widths of '0': a CJK character (3 bytes in UTF-8) counts 1.8; counted in C, fast on 150,000 rows."""
    return len(text) + (len(text.encode("utf-8")) - len(text)) * 2 // 5


def row_height(texts: dict[int, str], widths: dict[int, float], every: bool = False) -> float | None:
    """Points for a row whose wrapped texts need more than one line, else None (the default height).

    Hand-written because neither Excel nor LibreOffice grows a row to fit wrapped text written by a program:
    a CJK character is about 1.8 widths of '0', a column holds about (width - 1) of them per line.
    """
    lines = 1
    for i, text in texts.items():
        width = widths.get(i, 0)
        if width >= WRAP_MIN_WIDTH or (every and width):
            room = max(width - 1, 1)
            if "\n" not in text and 2 * len(text) <= room:
                continue
            lines = max(lines, sum(max(1, math.ceil(_display_width(part) / room)) for part in text.split("\n")))
    return None if lines == 1 else min(LINE_POINTS * lines + 2, 409)


def _row_open(p: str, n: int, height: float | None) -> str:
    return f'<{p}row r="{n}" ht="{height:g}" customHeight="1">' if height else f'<{p}row r="{n}">'


def sheet_data_xml(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    header_styles: dict[int, str] | None = None,
    column_styles: dict[int, str] | None = None,
    p: str = "",
    dates: DateCells | None = None,
    widths: dict[int, float] | None = None,
    empty_cells: bool = True,
) -> str:
    """A whole <sheetData>: header row 1 (with the given cell styles), then the data rows from row 2.

    With column widths, rows whose long texts wrap get a height that shows them whole. empty_cells=False
    leaves empty cells out (a 150,000-row volunteer tab is a quarter smaller and reads faster); keep them
    where a cell's own style matters to programs that read cells, not columns (提醒's unlocked 处理情况).
    """
    header_styles = header_styles or {}
    column_styles = column_styles or {}
    widths = widths or {}
    letters = [column_letter(i) for i in range(max([len(header)] + [len(r) for r in rows]))]
    heading = row_height({i: str(h) for i, h in enumerate(header) if i in widths}, widths, every=True)
    parts = [f"<{p}sheetData>", _row_open(p, 1, heading)]
    parts += [_inline(f"{letters[i]}1", str(h), header_styles.get(i), p) for i, h in enumerate(header)]
    parts.append(f"</{p}row>")
    for n, row in enumerate(rows, start=2):
        cells = "".join(
            cell_xml(f"{letters[i]}{n}", v, column_styles.get(i), p, dates, empty_cells) for i, v in enumerate(row)
        )
        texts = {i: v for i, v in enumerate(row) if isinstance(v, str) and widths.get(i, 0) >= WRAP_MIN_WIDTH}
        parts.append(f"{_row_open(p, n, row_height(texts, widths) if texts else None)}{cells}</{p}row>")
    parts.append(f"</{p}sheetData>")
    return "".join(parts)


def _column_styles(xml: str) -> dict[int, str]:
    styles: dict[int, str] = {}
    for raw in _COL.findall(xml):
        a = _attrs(raw)
        if a.get("style") and a.get("min") and a.get("max"):
            for col in range(int(a["min"]), min(int(a["max"]), 200) + 1):
                styles[col - 1] = a["style"]
    return styles


def column_widths(xml: str) -> dict[int, float]:
    """0-based column index -> width, from the <col> elements of a worksheet part."""
    widths: dict[int, float] = {}
    for raw in _COL.findall(xml):
        a = _attrs(raw)
        if a.get("width") and a.get("min") and a.get("max"):
            for col in range(int(a["min"]), min(int(a["max"]), 200) + 1):
                widths[col - 1] = float(a["width"])
    return widths


def _row_cell_styles(row_body: str) -> dict[int, str]:
    styles: dict[int, str] = {}
    for raw in _CELL.findall(row_body or ""):
        a = _attrs(raw)
        m = _REF.fullmatch(a.get("r", ""))
        if m and a.get("s"):
            styles[column_index(m.group(1))] = a["s"]
    return styles


def splice_sheet_data(
    xml: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    dates: DateCells | None = None,
    empty_cells: bool = True,
) -> str:
    """Replace the <sheetData> of a worksheet part with header + rows; keep every other element."""
    found = _SHEET_DATA.search(xml)
    if not found:
        raise SheetXmlError("no <sheetData> element")
    p = found.group("p") or ""
    old = found.group(0)
    first_row = _ROW.search(old)
    header_styles = (
        _row_cell_styles(first_row.group("body"))
        if first_row and _attrs(first_row.group("attrs")).get("r", "1") == "1"
        else {}
    )
    head = xml[: found.start()]
    new = sheet_data_xml(header, rows, header_styles, _column_styles(head), p, dates, column_widths(head), empty_cells)
    width = max([len(header)] + [len(r) for r in rows])
    dimension = f"A1:{column_letter(width - 1)}{len(rows) + 1}"
    head = _DIMENSION.sub(lambda m: m.group(1) + dimension + m.group(2), xml[: found.start()], count=1)
    return head + new + xml[found.end() :]


def append_header_cells(xml: str, row_number: int, first_col: int, texts: Sequence[str]) -> str:
    """Add header cells (inline text) at row row_number from 0-based column first_col; touch no other cell."""
    found = _SHEET_DATA.search(xml)
    if not found:
        raise SheetXmlError("no <sheetData> element")
    p = found.group("p") or ""
    data = found.group(0)
    target = None
    insert_at = None
    for m in _ROW.finditer(data):
        r = int(_attrs(m.group("attrs")).get("r", "0"))
        if r == row_number:
            target = m
            break
        if r > row_number and insert_at is None:
            insert_at = m.start()
    if target is not None:
        styles = _row_cell_styles(target.group("body"))
        style = styles[max(styles)] if styles else None
        cells = "".join(
            _inline(f"{column_letter(first_col + i)}{row_number}", t, style, p) for i, t in enumerate(texts)
        )
        attrs = re.sub(r'\s+spans="[^"]*"', "", target.group("attrs"))
        body = target.group("body") or ""
        new_row = f"<{p}row{attrs}>{body}{cells}</{p}row>"
        data = data[: target.start()] + new_row + data[target.end() :]
    else:
        cells = "".join(_inline(f"{column_letter(first_col + i)}{row_number}", t, None, p) for i, t in enumerate(texts))
        new_row = f'<{p}row r="{row_number}">{cells}</{p}row>'
        if data.endswith("/>"):
            data = f"{data[:-2].rstrip()}>{new_row}</{p}sheetData>"
        else:
            at = insert_at if insert_at is not None else len(data) - len(f"</{p}sheetData>")
            data = data[:at] + new_row + data[at:]
    head = re.sub(r"(<(?:\w+:)?dimension\b[^>]*?/>)", "", xml[: found.start()], count=1)
    return head + data + xml[found.end() :]


def new_sheet_xml(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]) -> str:
    """A minimal worksheet part: frozen header row, column widths, header + rows."""
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
        f"{sheet_data_xml(header, rows)}"
        "</worksheet>"
    )
