"""A worksheet's cells as cleaned columns, gathered from calamine one slice of rows at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from python_calamine import CalamineSheet

from functions.domain.columns import CleanedValues, clean_column

SHARE_LIMIT = 0.5  # a column whose values are mostly distinct (notes) is not worth a sharing table
EVERY_VALUE_ROWS = 10_000  # a sheet this long hands validation each column's set of values


class ColumnGatherer:
    """A sheet's cleaned columns (from A, index 0 = row 1), built from consecutive slices of its rows.

    Each slice is turned into columns at C speed (to_python, zip) and cleaned at once, so only one
    slice's raw cells are alive; equal values are shared across slices through one table per column.
    """

    def __init__(self) -> None:
        self.columns: list[list[Any]] = []
        self._shared: list[CleanedValues | None] = []
        self._height = 0
        self.forgotten = 0  # rows let go of (forget_rows): columns[c][0] is then sheet row forgotten + 1

    def forget_rows(self) -> None:
        """Let go of the rows gathered so far (a parser took them); rows gathered later keep their places."""
        for column in self.columns:
            column.clear()
        self.forgotten = self._height

    def add(self, sheet: CalamineSheet) -> None:
        """Append the slice's rows below the rows gathered so far (a gap before it holds nothing)."""
        rows = sheet.to_python()
        start_row, start_col = sheet.start or (0, 0)
        if not rows:
            return
        columns, shared, height = self.columns, self._shared, self._height
        gap = max(0, start_row - height)  # rows before the slice that hold nothing
        width = max(map(len, rows))
        while len(columns) < start_col + width:
            columns.append([None] * (height - self.forgotten))
            shared.append(CleanedValues())
        if any(len(r) != width for r in rows):
            rows = [r + [""] * (width - len(r)) for r in rows]
        transposed = zip(*rows, strict=True)
        n = len(rows)
        del rows
        for c, values in enumerate(transposed, start=start_col):
            seen = shared[c]
            cleaned = clean_column(values, CleanedValues() if seen is None else seen)
            if seen is not None and len(seen) > SHARE_LIMIT * (height + n) and height + n > 10_000:
                shared[c] = None
            column = columns[c]
            if gap:
                column.extend([None] * gap)
            column.extend(cleaned)
        for c in [*range(start_col), *range(start_col + width, len(columns))]:
            columns[c].extend([None] * (gap + n))
        self._height = height + gap + n

    def every_value(self) -> list[set[Any] | None]:
        """Per column of a long sheet, a set holding every value in it (None for a column whose sharing table
        was dropped): validation then parses each distinct value without hashing 170,000 cells again to find
        them. None for a short sheet: there finding them again costs less than keeping the sets."""
        if self._height < EVERY_VALUE_ROWS:
            return [None] * len(self._shared)
        return [None if seen is None else seen.every_value() for seen in self._shared]


def sheet_columns(sheets: Iterator[CalamineSheet]) -> list[list[Any]]:
    """The cells of a sheet given as consecutive slices (or one whole sheet): columns from A, index 0 = row 1."""
    gatherer = ColumnGatherer()
    for sheet in sheets:
        gatherer.add(sheet)
    return gatherer.columns
