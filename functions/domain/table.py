"""Tables found by header text: the shape every backend reads into and every job reads from."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from functions.domain.columns import clean_column, kept_rows
from functions.domain.errors import SanyouError, UnknownColumn
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

    A dict itself rather than an object holding one: one object per row instead of two is both faster
    and a third smaller when a caller does ask for rows.
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


class CellsHandedOver(SanyouError, RuntimeError):
    """A programming error: a table's raw cells were read after validation took them."""


class Table:
    """A tab as read: where its headers are and its non-blank rows.

    A backend fills it column by column (cells: schema header → raw values, numbers: sheet row numbers);
    the rows as dicts are only built when someone asks for them. The night parses 走访记录 straight from
    its columns: 170,000 dicts of raw cells were a second of its time and a quarter of its memory.
    """

    def __init__(
        self,
        title: str,
        header_row: int = 1,
        headers: list[str] | None = None,
        columns: dict[str, int] | None = None,
        extra_headers: list[str] | None = None,
        duplicate_headers: list[str] | None = None,
        missing_headers: list[str] | None = None,
        rows: list[Row] | None = None,
        sheet_id: int | None = None,
    ) -> None:
        self.title = title
        self.header_row = header_row  # sheet row number of the header row; 0 when the tab is empty
        self.headers = headers if headers is not None else []  # header texts as found, in sheet order
        self.columns = columns if columns is not None else {}  # schema header -> 0-based column
        self.extra_headers = extra_headers if extra_headers is not None else []  # headers the schema lacks
        self.duplicate_headers = duplicate_headers if duplicate_headers is not None else []
        self.missing_headers = missing_headers if missing_headers is not None else []
        self.sheet_id = sheet_id  # Google Sheets gid, for deep links
        self.cells: dict[str, list[Any]] = {}  # schema header -> raw value of each row (blank: None)
        self.every_value: dict[str, set[Any]] = {}  # schema header -> a set holding each of its cells' values
        self.numbers: list[int] = []  # each row's sheet row number
        self._rows = rows
        self.handed_over = False  # take_column gave the raw cells to the parser: only the row count is left
        self.parsed_ahead: Any = None  # a backend's parse of the rows made while it read (validation checks it)

    @property
    def rows(self) -> list[Row]:
        """The non-blank rows as dicts (built from the columns on first use)."""
        self._still_here()
        if self._rows is None:
            names = list(self.cells)
            self._rows = [
                Row(number, [(n, v) for n, v in zip(names, values, strict=True) if v is not None], self.title)
                for number, values in zip(self.numbers, zip(*self.cells.values(), strict=True), strict=True)
            ]
        return self._rows

    @rows.setter
    def rows(self, rows: list[Row]) -> None:
        self._rows, self.cells, self.numbers, self.every_value = rows, {}, [], {}

    def column(self, name: str) -> Sequence[Any]:
        """The raw values of one schema column, a row each (None where blank or when the sheet lacks it)."""
        self._still_here()
        return self._column(name)

    def _column(self, name: str) -> Sequence[Any]:
        if self.cells or self._rows is None:
            found = self.cells.get(name)
            return found if found is not None else [None] * len(self.numbers)
        return [row.get(name) for row in self._rows]

    def take_column(self, name: str) -> Sequence[Any]:
        """The raw values of one column, handed over: the table keeps its row numbers and count only.

        Validation takes the big logs' cells this way (走访记录: 37 MB at the community's size) so that a
        raw and a parsed copy of them are never alive together; reading the table's cells afterwards fails.
        """
        if self._from_row_dicts():
            return self.column(name)  # tests, old callers: nothing to hand over
        values = self._column(name)
        self.cells.pop(name, None)
        self._rows, self.handed_over = None, True
        return values

    def hand_over(self) -> None:
        """Let go of every raw cell, as take_column does of one (the rows were parsed while being read)."""
        if not self._from_row_dicts():
            self.cells, self.every_value, self._rows, self.handed_over = {}, {}, None, True

    def _from_row_dicts(self) -> bool:
        """True for a table built from row dicts (no columns of raw cells to hand over)."""
        return self._rows is not None and not self.cells and not self.handed_over

    def _still_here(self) -> None:
        if self.handed_over:
            raise CellsHandedOver(f"{self.title}: raw cells were handed to validation; read the parsed records")

    def row_numbers(self) -> list[int]:
        """The sheet row number of each row."""
        return self.numbers if self.cells or self._rows is None else [row.number for row in self._rows]

    def __len__(self) -> int:
        return len(self.numbers) if self.cells or self._rows is None else len(self._rows)

    def __repr__(self) -> str:
        return f"Table(title={self.title!r}, header_row={self.header_row}, columns={self.columns!r}, rows={len(self)})"


def _find_header_row(grid: list[list[Any]], wanted: set[str]) -> int:
    """The header row among the grid's first HEADER_SCAN_ROWS lines (a callee may pass a whole sheet)."""
    head = grid[:HEADER_SCAN_ROWS]
    best, best_hits = 0, 0
    for i, line in enumerate(head):
        hits = sum(1 for v in line if header_key(v) in wanted)
        if hits > best_hits:
            best, best_hits = i, hits
    if best_hits == 0:  # nothing matched: the first non-empty line is the header
        for i, line in enumerate(head):
            if any(not is_blank(v) for v in line):
                return i
    return best


def build_table(title: str, grid: list[list[Any]], tab: TabSchema, first_row: int = 1) -> Table:
    """Map a grid of raw values (top row = sheet row first_row, rows of any length) onto the tab's schema."""
    width = max(map(len, grid), default=0)
    if all(len(line) == width for line in grid):
        columns = [clean_column(list(values)) for values in zip(*grid, strict=True)]
    else:
        columns = [clean_column([line[c] if c < len(line) else None for line in grid]) for c in range(width)]
    return table_from_columns(title, columns, tab, first_row)


def table_from_columns(
    title: str,
    columns: list[list[Any]],
    tab: TabSchema,
    first_row: int = 1,
    every_value: list[set[Any] | None] | None = None,
) -> Table:
    """Map a sheet's cleaned columns (equal lengths, index 0 = sheet row first_row) onto the tab's schema;
    every_value: per column, when the backend knows it, a set holding every value in it (Table.every_value)."""
    table = header_table(title, columns, tab, first_row)
    height = len(columns[0]) if columns else 0
    h = table.header_row - first_row
    if h + 1 >= height or not table.columns:
        return table
    table.cells, table.numbers = rows_between(table, columns, h + 1, height, first_row)
    known = every_value or []
    for name, col in table.columns.items():
        if col < len(known) and known[col] is not None:
            # not the header's text (nor a title's above it): parsed as a cell it costs a search for the
            # value meant (difflib); a data cell repeating it is simply not in the set (validation copes)
            above = {v for v in columns[col][: h + 1] if v is not None}
            table.every_value[name] = known[col] - above
    return table


def header_table(title: str, columns: list[list[Any]], tab: TabSchema, first_row: int = 1) -> Table:
    """The tab's header row and schema columns found in the first HEADER_SCAN_ROWS rows; no cells yet."""
    table = Table(title=title)
    height = len(columns[0]) if columns else 0
    if not height:
        table.header_row = 0
        table.missing_headers = tab.headers
        return table
    wanted = {header_key(h): h for h in tab.headers}
    head = [[column[i] for column in columns] for i in range(min(HEADER_SCAN_ROWS, height))]
    h = _find_header_row(head, set(wanted))
    table.header_row = h + first_row
    table.headers = ["" if v is None else str(v).strip() for v in head[h]]
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
    return table


def rows_between(
    table: Table, columns: list[list[Any]], start: int, stop: int, first_row: int = 1
) -> tuple[dict[str, list[Any]], list[int]]:
    """The table's schema columns in rows [start, stop) of the sheet's columns (index 0 = row first_row), blank
    rows left out, and those rows' sheet row numbers."""
    picked = {name: columns[col][start:stop] for name, col in table.columns.items()}
    keep = kept_rows(list(picked.values()))  # a blank row in the middle (or a trailing one) is skipped
    if keep is None:
        return picked, list(range(start + first_row, stop + first_row))
    return {name: [values[i] for i in keep] for name, values in picked.items()}, [start + first_row + i for i in keep]
