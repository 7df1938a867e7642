"""Cell checks by schema type: a tab's rows into typed Records, with a Problem per bad cell, chunk by chunk."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Collection, Mapping, Sequence
from itertools import compress, count, islice, repeat
from operator import is_not
from typing import Any

from functions.domain.model import NO_BAD_CELLS, Problem, Record, tab_record
from functions.domain.parse_cells import BLANK, ERROR, Issue
from functions.domain.schema import TabSchema
from functions.domain.table import Table
from functions.validation.field_parsers import Column, display_value, tab_columns
from functions.validation.suggest import IdIndex

RECORD_CHUNK = 16_384
MOSTLY_DISTINCT = 0.5  # a column with more distinct values than this share of its cells is parsed cell by cell
DISTINCT_AFTER = 1000  # cells of a column seen before it may be judged mostly distinct

Flagged = list[tuple[int, Issue | None]]  # (index in the chunk, issue; None = a required cell left blank)


class _Outcomes:
    """One column's parse of each distinct raw value seen so far: its value, and the issue of those flagged."""

    __slots__ = ("column", "value_of", "flagged", "cells", "by_cell")

    def __init__(self, column: Column) -> None:
        self.column = column
        self.value_of: dict[Any, Any] = {}
        self.flagged: dict[Any, Issue | None] = {}
        self.cells = 0  # cells parsed through the table
        self.by_cell = False  # mostly distinct (notes): each cell parsed on its own, no table kept

    def values(self, raws: Sequence[Any], every: Collection[Any] | None) -> tuple[list[Any], Flagged]:
        """The chunk's parsed values and its flagged cells; every: a set holding each raw value, when known."""
        value_of = self.value_of
        if self.by_cell or (every is not None and not self._learn(raws, every)):
            return _cell_by_cell(self.column, raws)
        try:
            try:
                values = list(map(value_of.__getitem__, raws))  # every cell looked up at C speed
            except KeyError:  # values not seen before (or that `every` lacked): parse them, look up again
                if not self._learn(raws, None):
                    return _cell_by_cell(self.column, raws)
                values = list(map(value_of.__getitem__, raws))
        except TypeError:  # an unhashable value from an unusual backend
            return _cell_by_cell(self.column, raws)
        if (True in value_of or False in value_of) and any(r.__class__ is bool for r in raws):
            return _cell_by_cell(self.column, raws)  # True == 1: a bool must never share the number's outcome
        self.cells += len(raws)
        if not self.flagged:
            return values, []
        # The few flagged cells are found at C speed too: a column of 170,000 dates with three bad ones then
        # costs no Python frame per cell.
        hits = compress(count(), map(self.flagged.__contains__, raws))
        return values, [(i, self.flagged[raws[i]]) for i in hits]

    def _learn(self, raws: Sequence[Any], every: Collection[Any] | None) -> bool:
        """Parse the chunk's raw values not seen before; False when its cells must be parsed one by one."""
        known = self.value_of
        try:
            new = set(raws).difference(known) if every is None else [raw for raw in every if raw not in known]
        except TypeError:  # an unhashable value from an unusual backend
            return False
        if (True in new or False in new) and any(r.__class__ is bool for r in raws):
            return False  # True == 1: a bool must never share an outcome with the number
        seen = self.cells + len(raws)
        if len(known) + len(new) > MOSTLY_DISTINCT * seen and seen > DISTINCT_AFTER:
            self.by_cell, self.value_of, self.flagged = True, {}, {}  # notes: a table would only cost memory
            return False
        parse, required = self.column.parse, self.column.required
        for raw in new:
            value, issue = BLANK if raw is None else parse(raw)
            known[raw] = value
            if issue is not None or (value is None and required):
                self.flagged[raw] = issue
        return True


def _cell_by_cell(column: Column, raws: Sequence[Any]) -> tuple[list[Any], Flagged]:
    """Parse each cell in turn, keeping only the values and the flagged cells (no outcome per cell kept)."""
    values: list[Any] = []
    flagged: Flagged = []
    keep, parse, required = values.append, column.parse, column.required
    for i, raw in enumerate(raws):
        value, issue = BLANK if raw is None else parse(raw)
        keep(value)
        if issue is not None or (value is None and required):
            flagged.append((i, issue))
    return values, flagged


class TableParser:
    """A tab's rows as Records and its bad cells as Problems, fed a chunk of rows at a time.

    Column by column: each distinct raw value is parsed once for the whole tab, and the per-cell work stays
    in C-level iterators; 150,000 contacts validate in well under a second this way. The xlsx backend feeds
    a big log slice by slice while it reads the next slices (a RowSink); a table already read is fed whole.
    """

    def __init__(
        self, tab: TabSchema, table: Table, today: dt.date, indexes: Mapping[tuple[str, str], IdIndex]
    ) -> None:
        self.title = tab.title
        self.today = today
        self.header = (table.header_row, dict(table.columns))
        self._refs = {f.ref: _ids(indexes.get(f.ref)) for f in tab.fields if f.ref and f.name in table.columns}
        self._outcomes = [_Outcomes(c) for c in tab_columns(tab, table, today, dict(indexes))]
        self.takes_cells = False  # a backend feeding it may let go of the raw cells fed (RowSink)
        self.records: list[Record] = []
        self.numbers: list[int] = []
        self.problems: list[Problem] = []

    def feed(
        self,
        column: Callable[[str], Sequence[Any]],
        numbers: Sequence[int],
        every: Mapping[str, Collection[Any]] | None = None,
    ) -> None:
        """Parse the next rows: column(header) gives each schema column's raw cells, numbers their rows."""
        value_columns: list[list[Any]] = []
        bad: dict[int, set[str]] = {}
        for outcomes in self._outcomes:
            name = outcomes.column.name
            raws = column(name)
            values, flagged = outcomes.values(raws, every.get(name) if every else None)
            value_columns.append(values)
            for i, issue in flagged:
                if issue is not None and issue.bad:
                    bad.setdefault(i, set()).add(name)
                self.problems.append(_problem(self.title, outcomes.column, numbers[i], raws[i], issue))
        names = [o.column.name for o in self._outcomes]
        self.records.extend(_records(self.title, names, value_columns, numbers, bad))
        self.numbers.extend(numbers)

    def fits(self, table: Table, today: dt.date, indexes: Mapping[tuple[str, str], IdIndex]) -> bool:
        """True when these rows are what parsing the read table now would give: same day, same 编号 to refer
        to, same headers and the same rows."""
        return (
            today == self.today
            and all(_ids(indexes.get(ref)) == ids for ref, ids in self._refs.items())
            and self.header == (table.header_row, table.columns)
            and self.numbers == table.row_numbers()
        )

    def finish(self) -> tuple[list[Record], list[Problem]]:
        """The records in sheet order and the problems by row."""
        self.problems.sort(key=lambda p: p.row or 0)
        return self.records, self.problems


def _ids(index: IdIndex | None) -> set[str] | None:
    return None if index is None else index.ids


def _problem(title: str, column: Column, number: int, raw: Any, issue: Issue | None) -> Problem:
    if issue is None:
        return Problem(
            ERROR, title, number, column.name, "", f"“{column.name}”必须填写，现在是空的", f"请填写：{column.help}"
        )
    value = display_value(raw, column.sensitive)
    return Problem(issue.level, title, number, column.name, value, issue.message, issue.suggestion)


def parse_table(
    tab: TabSchema, table: Table, today: dt.date, indexes: dict[tuple[str, str], IdIndex], consume: bool = False
) -> tuple[list[Record], list[Problem]]:
    """Every row of a tab as a Record (typed values, bad cells None), and a Problem per bad cell."""
    parser = TableParser(tab, table, today, indexes)
    parser.feed(table.take_column if consume else table.column, table.row_numbers(), table.every_value)
    return parser.finish()


def _records(
    title: str, names: list[str], value_columns: list[list[Any]], numbers: Sequence[int], bad: dict[int, set[str]]
) -> list[Record]:
    """The rows as Records, built RECORD_CHUNK rows at a time while the parsed columns are emptied from the
    front: the columns and the records are never both whole in memory (at 170,000 contacts, 19 MB less).

    Blank cells are left out of the record (record[header] is None for them all the same): a contact row
    stays a small dict however many optional columns the tab grows. Every step is a C-level iterator
    (no Python frame per row), as this runs on every row of the workbook: 0.13 s less a night than
    calling Record() per row.
    """
    kind = tab_record(title)
    if not value_columns:  # the sheet has none of the schema's columns
        records = [kind() for _ in numbers]
    else:
        records = []
        nones, keys, test = repeat(None), repeat(names), repeat(is_not)
        for start in range(0, len(numbers), RECORD_CHUNK):
            size = min(RECORD_CHUNK, len(numbers) - start)
            rows = list(zip(*[islice(values, size) for values in value_columns], strict=True))
            filled = map(map, test, rows, repeat(nones))  # per row: is each cell not None
            records.extend(map(kind, map(compress, map(zip, keys, rows), filled)))
            for values in value_columns:
                del values[:size]
    deque(map(setattr, records, repeat("number"), numbers), maxlen=0)
    deque(map(setattr, records, repeat("bad"), repeat(NO_BAD_CELLS)), maxlen=0)
    for i, headers in bad.items():
        records[i].bad = headers
    return records
