"""Tables found by header text: the shape every backend reads into and every job reads from."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from functions.domain.errors import UnknownColumn
from functions.domain.model import known_headers
from functions.domain.schema import TabSchema

HEADER_SCAN_ROWS = 10  # volunteers sometimes put a title line or two above the headers


def header_key(text: Any) -> str:
    """Normalise a header for matching: NFKC (full-width → half-width), no spaces."""
    if text is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def is_blank(value: Any) -> bool:
    """True for an empty cell (None or only white space)."""
    return value is None or (isinstance(value, str) and not value.strip())


class Row(dict):
    """One data row: its non-blank raw cell values by schema header, and its sheet row number (1-based).
    A known column that is blank or missing from the sheet reads None (blank cells are left out: at the
    community's size that is a sixth of the night's memory); a header the schema does not have raises UnknownColumn.

    A dict itself rather than an object holding one: 180,000 rows a night are built and read, and
    one object per row instead of two is both faster and a third smaller.
    """

    __slots__ = ("number", "tab")

    def __init__(self, number: int, values: dict[str, Any] | Iterable[tuple[str, Any]], tab: str = "") -> None:
        super().__init__(values)
        self.number = number
        self.tab = tab

    def __missing__(self, header: str) -> None:
        if header in known_headers(self.tab):
            return None  # a known column, blank in this row (rows leave blank cells out: memory)
        raise UnknownColumn(self.tab, header)

    def __repr__(self) -> str:
        return f"Row(number={self.number}, values={dict(self)!r})"

    @property
    def values(self) -> Row:
        """The raw values by header (the row itself)."""
        return self


@dataclass
class Table:
    """A tab as read: where its headers are and its non-blank rows."""

    title: str
    header_row: int = 1  # sheet row number of the header row; 0 when the tab is empty
    headers: list[str] = field(default_factory=list)  # header texts as found, in sheet order
    columns: dict[str, int] = field(default_factory=dict)  # schema header -> 0-based column
    extra_headers: list[str] = field(default_factory=list)  # headers the schema does not know
    duplicate_headers: list[str] = field(default_factory=list)
    missing_headers: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    sheet_id: int | None = None  # Google Sheets gid, for deep links

    def __len__(self) -> int:
        return len(self.rows)


def _find_header_row(grid: list[list[Any]], wanted: set[str]) -> int:
    best, best_hits = 0, 0
    for i, line in enumerate(grid[:HEADER_SCAN_ROWS]):
        hits = sum(1 for v in line if header_key(v) in wanted)
        if hits > best_hits:
            best, best_hits = i, hits
    if best_hits == 0:  # nothing matched: the first non-empty line is the header
        for i, line in enumerate(grid[:HEADER_SCAN_ROWS]):
            if any(not is_blank(v) for v in line):
                return i
    return best


def clean_column(values: list[Any]) -> list[Any]:
    """Raw cells as every job expects them: blank text → None, whole floats → int, equal texts shared.

    Written as one comprehension per column because it runs on every cell of the workbook (1.8 million
    at the community's real size); sharing equal strings keeps repeated 编号/dates/enums in memory once.
    """
    memo: dict[str, str] = {}
    share = memo.setdefault
    cleaned = [
        share(v, v) if v.__class__ is str else (int(v) if v.__class__ is float and v.is_integer() else v)
        for v in values
    ]
    blanks = {text for text in memo if not text.strip()}  # few distinct texts: cheaper than strip() per cell
    if blanks:
        cleaned = [None if v.__class__ is str and v in blanks else v for v in cleaned]
    return cleaned


def build_table(title: str, grid: list[list[Any]], tab: TabSchema, first_row: int = 1, cleaned: bool = False) -> Table:
    """Map a grid of raw values (top row = sheet row first_row) onto the tab's schema by header text.

    cleaned=True: the backend already did clean_column's work on every cell while reading.
    """
    table = Table(title=title)
    if not grid:
        table.header_row = 0
        table.missing_headers = tab.headers
        return table
    wanted = {header_key(h): h for h in tab.headers}
    h = _find_header_row(grid, set(wanted))
    table.header_row = h + first_row
    table.headers = ["" if v is None else str(v).strip() for v in grid[h]]
    for col, text in enumerate(table.headers):
        key = header_key(text)
        if not key:
            continue
        name = wanted.get(key)
        if name is None:
            table.extra_headers.append(text)
        elif name in table.columns:
            table.duplicate_headers.append(name)
        else:
            table.columns[name] = col
    table.missing_headers = [n for n in tab.headers if n not in table.columns]
    body = grid[h + 1 :]
    if not body or not table.columns:
        return table
    names = list(table.columns) + table.missing_headers
    width = len(names)
    clean = (lambda values: values) if cleaned else clean_column
    if min(map(len, body)) > max(table.columns.values()):  # the usual case: every row as wide as the header
        columns = [clean(list(map(itemgetter(col), body))) for col in table.columns.values()]
    else:
        columns = [clean([line[col] if col < len(line) else None for line in body]) for col in table.columns.values()]
    columns.extend([[None] * len(body)] * len(table.missing_headers))
    start = h + 1 + first_row
    table.rows = [
        Row(start + i, [(n, v) for n, v in zip(names, cells, strict=True) if v is not None], title)
        for i, cells in enumerate(zip(*columns, strict=True))
        if cells.count(None) != width  # a blank row in the middle (or a trailing one) is skipped
    ]
    return table
