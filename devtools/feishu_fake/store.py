"""The fake's state: spreadsheets of sheets of cells, with Feishu's documented limits as errors."""

from __future__ import annotations

import copy
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from functions.domain.cell_address import column_index

NEW_ROWS, NEW_COLS = 200, 20  # what addSheet gives a new sheet
MAX_SHEETS, MAX_COLS, MAX_SHEET_CELLS, MAX_CELL_CHARS = 300, 13_000, 5_000_000, 50_000
_RANGE = re.compile(r"^([A-Za-z0-9]+)!([A-Z]+)(\d+):([A-Z]+)(\d+)$")


class FeishuError(Exception):
    """An error answer: HTTP status, Feishu code and msg (bodies as the platform sends them)."""

    def __init__(self, status: int, code: int, msg: str) -> None:
        super().__init__(msg)
        self.status, self.code, self.msg = status, code, msg


def bad(code: int, msg: str) -> FeishuError:
    """A 400 with a sheets error code (90202 WrongRange, 90204 WrongRequestBody …)."""
    return FeishuError(400, code, msg)


@dataclass
class Sheet:
    """One worksheet: an id, a title, a grid size, frozen rows and sparse cells."""

    sheet_id: str
    title: str
    rows: int = NEW_ROWS
    cols: int = NEW_COLS
    frozen: int = 0
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)  # (row0, col0) → value

    def put(self, row: int, col: int, value: Any) -> None:
        """Set a cell (None or '' clears it)."""
        if value is None or value == "":
            self.cells.pop((row, col), None)
        else:
            self.cells[(row, col)] = value

    def grid(self) -> list[list[Any]]:
        """The used part of the sheet, ragged rows, None for empty cells."""
        if not self.cells:
            return []
        height = max(r for r, _ in self.cells) + 1
        out: list[list[Any]] = [[] for _ in range(height)]
        for (r, c), v in self.cells.items():
            line = out[r]
            line.extend([None] * (c + 1 - len(line)))
            line[c] = v
        return out


@dataclass
class Book:
    """A spreadsheet: its token, sheets in order, rules set on it and a revision counter."""

    token: str
    title: str
    sheets: list[Sheet] = field(default_factory=list)
    validations: list[dict[str, Any]] = field(default_factory=list)
    protections: list[dict[str, Any]] = field(default_factory=list)
    styles: list[dict[str, Any]] = field(default_factory=list)
    condition_formats: list[dict[str, Any]] = field(default_factory=list)
    revision: int = 1

    def add_sheet(self, title: str, index: int | None = None) -> Sheet:
        """A new sheet with Feishu's default grid; titles are unique."""
        if not title or any(ch in title for ch in "/\\?*[]:"):
            raise bad(90207, "EmptySheetTitle" if not title else "invalid sheet title")
        if any(s.title == title for s in self.sheets):
            raise bad(90210, "ExistSheetTitle")
        if len(self.sheets) >= MAX_SHEETS:
            raise bad(90226, "ExcessLimit")
        sheet = Sheet(uuid.uuid4().hex[:6], title)
        self.sheets.insert(len(self.sheets) if index is None else min(index, len(self.sheets)), sheet)
        return sheet

    def by_id(self, sheet_id: str) -> Sheet:
        """The sheet with this id, or 90215 SheetIdNotFound."""
        for sheet in self.sheets:
            if sheet.sheet_id == sheet_id:
                return sheet
        raise bad(90215, "SheetIdNotFound")

    def by_title(self, title: str) -> Sheet:
        """The sheet with this title (test helper)."""
        return next(s for s in self.sheets if s.title == title)

    def span(self, a1: str) -> tuple[Sheet, int, int, int, int]:
        """SHEETID!A1:C9 → (sheet, row0, col0, row_end, col_end), end exclusive; inside the grid or 90202."""
        match = _RANGE.match(a1.strip())
        if not match:
            raise bad(90202, f"WrongRange: {a1}")
        sheet = self.by_id(match.group(1))
        r0, r1 = int(match.group(3)) - 1, int(match.group(5))
        c0, c1 = column_index(match.group(2)), column_index(match.group(4)) + 1
        if r0 < 0 or r1 <= r0 or c1 <= c0 or r1 > sheet.rows or c1 > sheet.cols:
            raise bad(90202, f"WrongRange: {a1} is outside the sheet ({sheet.rows} rows, {sheet.cols} columns)")
        return sheet, r0, c0, r1, c1

    def clone(self, token: str) -> Book:
        """A deep copy under a new token."""
        twin = copy.deepcopy(self)
        twin.token = token
        return twin
