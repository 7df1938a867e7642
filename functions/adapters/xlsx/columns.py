"""A worksheet's cells as cleaned columns, gathered from calamine one slice of rows at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from python_calamine import CalamineSheet

from functions.domain.columns import clean_column

SHARE_LIMIT = 0.5  # a column whose values are mostly distinct (notes) is not worth a sharing table


def sheet_columns(sheets: Iterator[CalamineSheet]) -> list[list[Any]]:
    """The cells of a sheet given as consecutive slices (or one whole sheet): columns from A, index 0 = row 1.

    Each slice is turned into columns at C speed (to_python, zip) and cleaned at once, so only one
    slice's raw cells are alive; equal values are shared across slices through one table per column.
    """
    columns: list[list[Any]] = []
    shared: list[dict[Any, Any] | None] = []
    height = 0
    for sheet in sheets:
        rows = sheet.to_python()
        start_row, start_col = sheet.start or (0, 0)
        del sheet  # the slice's cells now live in rows only
        if not rows:
            continue
        gap = max(0, start_row - height)  # rows before the slice that hold nothing
        width = max(map(len, rows))
        while len(columns) < start_col + width:
            columns.append([None] * height)
            shared.append({})
        if any(len(r) != width for r in rows):
            rows = [r + [""] * (width - len(r)) for r in rows]
        transposed = zip(*rows, strict=True)
        n = len(rows)
        del rows
        for c, values in enumerate(transposed, start=start_col):
            seen = shared[c]
            cleaned = clean_column(list(values), {} if seen is None else seen)
            if seen is not None and len(seen) > SHARE_LIMIT * (height + n) and height + n > 10_000:
                shared[c] = None
            column = columns[c]
            if gap:
                column.extend([None] * gap)
            column.extend(cleaned)
        for c in [*range(start_col), *range(start_col + width, len(columns))]:
            columns[c].extend([None] * (gap + n))
        height += gap + n
    return columns
