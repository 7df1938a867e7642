"""What a backend may do with a big log while it still reads it: hand each slice of rows to a parser."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from functions.domain.table import Table
from functions.domain.workbook import Snapshot


class RowSink(Protocol):
    """Takes a tab's rows a chunk at a time, in sheet order."""

    takes_cells: bool  # the backend may let go of the raw cells fed: the Table then keeps headers and numbers
    numbers: list[int]  # the sheet row number of every row fed so far

    def feed(self, column: Callable[[str], Sequence[Any]], numbers: Sequence[int]) -> None:
        """The next rows: each schema column's raw cells by header (None where blank) and their row numbers."""
        ...


class ParseAhead(Protocol):
    """A job's parser for big logs, started once the tabs that decide how their cells parse are read."""

    needs: frozenset[str]  # tabs a backend reads before any big log (settings, the tabs 编号 refer to)

    def start(self, snapshot: Snapshot, head: Table) -> RowSink | None:
        """A sink for the rows of `head` (its headers found, no cells yet), or None to parse after the read;
        snapshot: the tabs read so far (every tab in needs that the workbook has)."""
        ...
