"""The fake's state: spreadsheets with tabs of cells, and how values are read and written."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from functions.adapters.gsheets.a1 import parse_cells, split_range
from functions.domain.cell_address import column_letter
from functions.domain.serial_dates import date_to_serial, serial_to_date

from .shapes import BadRequest

DEFAULT_ROWS, DEFAULT_COLS = 1000, 26
MAX_CELL_CHARS = 50_000  # "Your input contains more than the maximum of 50000 characters in a single cell."
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")


class DateNum(float):
    """A number shown as a date (a date cell): SERIAL_NUMBER gives the number, else the date text."""


class Formula(str):
    """A formula cell (USER_ENTERED '=…'); the fake does not evaluate it: its value reads as empty."""


def check_length(value: Any) -> Any:
    """The API refuses a cell holding more than 50,000 characters (the whole request fails)."""
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise BadRequest(f"Your input contains more than the maximum of {MAX_CELL_CHARS} characters in a single cell.")
    return value


class NotFound(LookupError):
    """404: no such spreadsheet."""


@dataclass
class Sheet:
    """One tab: properties in API JSON shape, row-major values, and the extras init sets."""

    props: dict[str, Any]
    rows: list[list[Any]] = field(default_factory=list)
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    validations: list[tuple[dict, dict]] = field(default_factory=list)
    widths: dict[int, int] = field(default_factory=dict)
    protected: list[dict] = field(default_factory=list)
    conditional: list[dict] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)
    basic_filter: dict | None = None
    links: dict[tuple[int, int], str] = field(default_factory=dict)  # cell → textFormat.link.uri

    @property
    def title(self) -> str:
        return self.props["title"]

    @property
    def sheet_id(self) -> int:
        return self.props["sheetId"]

    @property
    def size(self) -> tuple[int, int]:
        grid = self.props["gridProperties"]
        return grid["rowCount"], grid["columnCount"]

    def get(self, r: int, c: int) -> Any:
        """The stored value of a cell, None when empty."""
        if r < len(self.rows) and c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    def put(self, r: int, c: int, value: Any) -> None:
        """Store a value (None or '' empties the cell)."""
        if value == "" or value is None:
            if r < len(self.rows) and c < len(self.rows[r]):
                self.rows[r][c] = None
            return
        while len(self.rows) <= r:
            self.rows.append([])
        line = self.rows[r]
        if len(line) <= c:
            line.extend([None] * (c + 1 - len(line)))
        line[c] = value

    def used_rows(self) -> int:
        """Rows up to the last one holding a value."""
        n = len(self.rows)
        while n and all(v is None for v in self.rows[n - 1]):
            n -= 1
        return n


@dataclass
class Spreadsheet:
    """A spreadsheet: id, title, tabs in index order."""

    spreadsheet_id: str
    title: str
    sheets: list[Sheet] = field(default_factory=list)
    next_id: int = 1

    def by_title(self, title: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        raise BadRequest(f"Unable to parse range: {title}")

    def by_id(self, sheet_id: int) -> Sheet:
        for sheet in self.sheets:
            if sheet.sheet_id == int(sheet_id):
                return sheet
        raise BadRequest(f"No grid with id: {sheet_id}")

    def add_sheet(
        self,
        title: str,
        sheet_id: int | None = None,
        rows: int = DEFAULT_ROWS,
        cols: int = DEFAULT_COLS,
        index: int | None = None,
    ) -> Sheet:
        """Add a tab; ids and titles must be unique, as on the real API."""
        if any(s.title == title for s in self.sheets):
            raise BadRequest(f'A sheet with the name "{title}" already exists. Please enter another name.')
        if sheet_id is None:
            sheet_id = self.next_id
            while any(s.sheet_id == sheet_id for s in self.sheets):
                sheet_id += 1
        elif any(s.sheet_id == sheet_id for s in self.sheets):
            raise BadRequest(f"A sheet with the id {sheet_id} already exists.")
        self.next_id = max(self.next_id, sheet_id + 1)
        props = {
            "sheetId": sheet_id,
            "title": title,
            "index": 0,
            "sheetType": "GRID",
            "gridProperties": {"rowCount": rows, "columnCount": cols},
        }
        sheet = Sheet(props=props)
        self.sheets.insert(len(self.sheets) if index is None else min(index, len(self.sheets)), sheet)
        self.reindex()
        return sheet

    def reindex(self) -> None:
        for i, sheet in enumerate(self.sheets):
            sheet.props["index"] = i

    def clone(self) -> Spreadsheet:
        """A copy deep enough for a batch to be applied all-or-nothing (rows copied, cells immutable)."""
        sheets = [
            Sheet(
                props=copy.deepcopy(s.props),
                rows=[list(r) for r in s.rows],
                notes=dict(s.notes),
                validations=list(s.validations),
                widths=dict(s.widths),
                protected=list(s.protected),
                conditional=list(s.conditional),
                charts=list(s.charts),
                hidden_columns=set(s.hidden_columns),
                basic_filter=s.basic_filter,
                links=dict(s.links),
            )
            for s in self.sheets
        ]
        return Spreadsheet(self.spreadsheet_id, self.title, sheets, self.next_id)


def format_a1(title: str, r0: int, c0: int, r1: int, c1: int) -> str:
    """'Tab'!A1:C5 for a 0-based, end-exclusive box."""
    name = title if re.fullmatch(r"[A-Za-z0-9_]+", title) else "'" + title.replace("'", "''") + "'"
    return f"{name}!{column_letter(c0)}{r0 + 1}:{column_letter(c1 - 1)}{r1}"


def resolve(book: Spreadsheet, a1: str, writing: bool = False) -> tuple[Sheet, int, int, int | None, int | None]:
    """A1 text → (sheet, row0, col0, row_end, col_end); a read beyond the grid is a 400 as on the real API."""
    try:
        title, cells = split_range(a1)
    except ValueError as exc:
        raise BadRequest(f"Unable to parse range: {a1}") from exc
    if title is None:
        title, cells = cells, ""
        if not any(s.title == title for s in book.sheets):
            title, cells = book.sheets[0].title, a1  # a bare A1 range on the first tab
    sheet = book.by_title(title)
    rows, cols = sheet.size
    if not cells:
        return sheet, 0, 0, rows, cols
    try:
        r0, c0, r1, c1 = parse_cells(cells)
    except ValueError as exc:
        raise BadRequest(f"Unable to parse range: {a1}") from exc
    r0, c0 = r0 or 0, c0 or 0
    if writing and r1 == r0 + 1 and c1 == c0 + 1 and ":" not in cells:
        r1 = c1 = None  # a start cell: the data decides the extent
    end_r = rows if r1 is None and not writing else r1
    end_c = cols if c1 is None and not writing else c1
    if r0 >= rows or c0 >= cols or (end_r or 0) > rows or (end_c or 0) > cols:
        raise BadRequest(f"Range ({a1}) exceeds grid limits. Max rows: {rows}, max columns: {cols}")
    return sheet, r0, c0, end_r, end_c


def render(value: Any, value_option: str, date_option: str) -> Any:
    """One stored value as the API returns it under the render options."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        return str(value) if value_option == "FORMULA" else ""
    if isinstance(value, bool):
        return value if value_option != "FORMATTED_VALUE" else ("TRUE" if value else "FALSE")
    if isinstance(value, DateNum):
        if value_option == "FORMATTED_VALUE" or date_option == "FORMATTED_STRING":
            day = serial_to_date(float(value))
            return day.isoformat(sep=" ") if isinstance(day, dt.datetime) else day.isoformat()
        value = float(value)
    if isinstance(value, float):
        number: Any = int(value) if value.is_integer() else value
        return str(number) if value_option == "FORMATTED_VALUE" else number
    if isinstance(value, int):
        return str(value) if value_option == "FORMATTED_VALUE" else value
    return value


def read_values(
    sheet: Sheet, r0: int, c0: int, r1: int, c1: int, value_option: str, date_option: str
) -> list[list[Any]]:
    """Row-major, ragged: trailing empty cells and rows left out, as the real API does."""
    out: list[list[Any]] = []
    for r in range(r0, min(r1, len(sheet.rows))):
        line = sheet.rows[r][c0:c1]
        while line and line[-1] is None:
            line = line[:-1]
        out.append([render(v, value_option, date_option) for v in line])
    while out and not out[-1]:
        out.pop()
    return out


def parse_input(value: Any, option: str) -> Any:
    """A written value → stored value: RAW keeps text as text; USER_ENTERED parses like typing."""
    if value is None or isinstance(value, (bool, int, float)):
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(value, str):
        raise BadRequest(f"Invalid values: {value!r}")
    if option == "RAW" or value == "":
        return value
    if value.startswith("'"):
        return value[1:]
    if value.startswith("="):
        return Formula(value)
    if _NUMBER.match(value.strip()):
        return float(value)
    if value.upper() in ("TRUE", "FALSE"):
        return value.upper() == "TRUE"
    m = _DATE.match(value.strip())
    if m:
        try:
            return DateNum(date_to_serial(dt.date(int(m[1]), int(m[2]), int(m[3]))))
        except ValueError:
            return value
    return value


def write_values(
    book: Spreadsheet, a1: str, values: list[list[Any]], option: str, major: str = "ROWS"
) -> dict[str, Any]:
    """Write a ValueRange; null cells are left as they are, '' empties a cell."""
    sheet, r0, c0, r1, c1 = resolve(book, a1, writing=True)
    if major == "COLUMNS":
        width = max((len(v) for v in values), default=0)
        values = [[col[i] if i < len(col) else None for col in values] for i in range(width)]
    height, width = len(values), max((len(v) for v in values), default=0)
    rows, cols = sheet.size
    if r1 is not None and r0 + height > r1:
        raise BadRequest(f"Requested writing within range [{a1}], but tried writing to row [{r0 + height}]")
    if c1 is not None and c0 + width > c1:
        raise BadRequest(
            f"Requested writing within range [{a1}], but tried writing to column [{column_letter(c0 + width - 1)}]"
        )
    if r0 + height > rows or c0 + width > cols:
        raise BadRequest(
            f"Range ({format_a1(sheet.title, r0, c0, r0 + height, c0 + width)}) exceeds grid "
            f"limits. Max rows: {rows}, max columns: {cols}"
        )
    for i, line in enumerate(values):
        if not isinstance(line, list):
            raise BadRequest(f"Invalid values[{i}]: {line!r}")
        for j, raw in enumerate(line):
            if raw is None:
                continue
            if isinstance(raw, (dict, list)):  # input cells are bool, string or double only (ValueRange.values)
                kind = "struct_value" if isinstance(raw, dict) else "list_value"
                raise BadRequest(f"Invalid values[{i}][{j}]: {kind} {json.dumps(raw, ensure_ascii=False)}")
            sheet.put(r0 + i, c0 + j, parse_input(check_length(raw), option))
    cells = sum(len(v) for v in values)
    updated = format_a1(sheet.title, r0, c0, r0 + max(height, 1), c0 + max(width, 1))
    return {
        "spreadsheetId": book.spreadsheet_id,
        "updatedRange": updated,
        "updatedRows": height,
        "updatedColumns": width,
        "updatedCells": cells,
    }
