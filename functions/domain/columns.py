"""Raw cells column by column: cleaned as every job expects them, and which rows hold anything."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _clean(value: Any) -> Any:
    if value.__class__ is str:
        return value if value.strip() else None
    if value.__class__ is float and value.is_integer():
        return int(value)
    return value


class CleanedValues(dict):
    """Each raw value seen so far and its cleaned value; a value not seen yet is cleaned on first lookup."""

    __slots__ = ("partial",)

    def __init__(self) -> None:
        super().__init__()
        self.partial = False  # some cell was cleaned outside the table (a bool, an unhashable value)

    def __missing__(self, value: Any) -> Any:
        cleaned = self[value] = _clean(value)
        return cleaned

    def every_value(self) -> set[Any] | None:
        """Every cleaned value of the cells looked up here, None among them; None when a cell was not."""
        return None if self.partial else {None, *self.values()}


def clean_column(values: Sequence[Any], seen: CleanedValues | None = None) -> list[Any]:
    """Raw cells as every job expects them: blank text → None, whole floats → int, equal values shared.

    Every cell is looked up in `seen` at C speed and only a value not seen before is cleaned (in Python): it
    runs on every cell of the workbook (2.4 million at the community's real size), and sharing keeps each
    repeated 编号, date or choice in memory once. `seen` carries the shared values from one slice of a
    sheet to the next.
    """
    seen = CleanedValues() if seen is None else seen
    try:
        cleaned = list(map(seen.__getitem__, values))
    except TypeError:  # an unhashable value from an unusual backend: the cells looked up so far stay shared
        return _one_by_one(values, seen)
    if (True in seen or False in seen) and any(v.__class__ is bool for v in values):
        # True == 1 == 1.0 in a dict: a column mixing them is cleaned cell by cell, never merged
        return _one_by_one(values, seen)
    return cleaned


def _one_by_one(values: Sequence[Any], seen: CleanedValues) -> list[Any]:
    """The cells cleaned each on its own; the shared values equal to a bool are forgotten (they may be a bool
    standing for a number, or the reverse), and `seen` no longer knows every value of its column."""
    seen.pop(True, None)
    seen.pop(False, None)
    seen.partial = True
    return [None if v is None else _clean(v) for v in values]


def kept_rows(columns: list[list[Any]]) -> list[int] | None:
    """Indexes of the rows with some value in these columns; None when every row has one (the usual case)."""
    if not columns or not columns[0]:
        return None
    if None not in columns[0]:
        return None  # the first column is filled on every row
    width = len(columns)
    keep = [i for i, cells in enumerate(zip(*columns, strict=True)) if cells.count(None) != width]
    return None if len(keep) == len(columns[0]) else keep
