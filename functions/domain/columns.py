"""Raw cells column by column: cleaned as every job expects them, and which rows hold anything."""

from __future__ import annotations

from typing import Any


def _clean(value: Any) -> Any:
    if value.__class__ is str:
        return value if value.strip() else None
    if value.__class__ is float and value.is_integer():
        return int(value)
    return value


def clean_column(values: list[Any], seen: dict[Any, Any] | None = None) -> list[Any]:
    """Raw cells as every job expects them: blank text → None, whole floats → int, equal values shared.

    Each distinct value is cleaned once and every cell is then looked up (dict and map, C-level): it runs
    on every cell of the workbook (2.4 million at the community's real size), and sharing keeps each
    repeated 编号, date or choice in memory once. `seen` carries the shared values from one slice of a
    sheet to the next.
    """
    seen = {} if seen is None else seen
    try:
        distinct = dict.fromkeys(values)
    except TypeError:  # an unhashable value from an unusual backend
        return [None if v is None else _clean(v) for v in values]
    if (True in distinct or False in distinct) and any(v.__class__ is bool for v in values):
        # True == 1 == 1.0 in a dict: a column mixing them is cleaned cell by cell, never merged
        return [None if v is None else _clean(v) for v in values]
    for value in distinct:
        if value not in seen:
            seen[value] = None if value is None else _clean(value)
    return list(map(seen.__getitem__, values))


def kept_rows(columns: list[list[Any]]) -> list[int] | None:
    """Indexes of the rows with some value in these columns; None when every row has one (the usual case)."""
    if not columns or not columns[0]:
        return None
    if None not in columns[0]:
        return None  # the first column is filled on every row
    width = len(columns)
    keep = [i for i, cells in enumerate(zip(*columns, strict=True)) if cells.count(None) != width]
    return None if len(keep) == len(columns[0]) else keep
