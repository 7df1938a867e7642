"""The Workbook interface, shaped by the Sheets API (the backends live in functions.adapters)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from functions.domain.errors import SanyouError
from functions.domain.ledger import DeliveryLedger
from functions.domain.table import Table

# A system tab's content: data rows (without the header row) in the schema's header order.
SystemRows = list[list[Any]]


class WorkbookError(SanyouError):
    """The workbook cannot be read or written; the message is one line for a person."""


class WorkbookChanged(WorkbookError):
    """The workbook changed since it was read: re-read and retry, never clobber."""


class WorkbookLocked(WorkbookError):
    """The workbook cannot be written right now (open in a spreadsheet program, or read-only); reason is short."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class WorkbookUnavailable(WorkbookError):
    """The workbook's service kept failing for now (quota, 5xx, network): worth retrying later."""


@dataclass(frozen=True)
class FormulaCell:
    """A formula cell a backend could see: sheet row (1-based), 0-based column, the formula text."""

    row: int
    column: int
    formula: str


@dataclass(frozen=True)
class JunkRun:
    """Rows first..last of a tab holding one and the same value in one column and nothing else (a fill-down)."""

    title: str
    column: str  # the column's letter, e.g. "A"
    first: int
    last: int
    value: str


@dataclass
class Snapshot:
    """Every tab as read in one batch."""

    tables: dict[str, Table] = field(default_factory=dict)  # by tab title, schema tabs only
    fetching_formulas: dict[str, list[FormulaCell]] = field(default_factory=dict)  # tab -> cells that fetch/link
    junk_runs: list[JunkRun] = field(default_factory=list)  # fill-downs left out of the tables
    missing_tabs: list[str] = field(default_factory=list)  # schema tabs the workbook lacks
    other_tabs: list[str] = field(default_factory=list)  # tabs the schema does not know
    today: dt.date | None = None  # the run's day when a parser fixed it during the read (ParseAhead)

    def rows(self, title: str) -> list:
        """The rows of a tab, empty when the tab is missing."""
        table = self.tables.get(title)
        return table.rows if table else []


class Workbook(Protocol):
    """A spreadsheet holding every tab: read all in one batch, write system tabs in one batch."""

    location: str

    def read(self) -> Snapshot:
        """Read every tab in one batch.

        A backend that can parse a big log while it reads the rest may also offer
        read_ahead(parse_ahead: ParseAhead | None) -> Snapshot (the xlsx one does; see read_ahead.py).
        """
        ...

    def write(self, system_tabs: dict[str, SystemRows]) -> None:
        """Replace the named system-owned tabs whole, in one batch."""
        ...

    def init(self) -> list[str]:
        """Create or upgrade the layout; return what changed, in Chinese, one line each."""
        ...

    def link(self, title: str, row: int | None = None) -> str | None:
        """A link to the workbook, or straight to a row of a tab, where the backend has one."""
        ...

    def ledger(self) -> DeliveryLedger:
        """Where this workbook's deliveries are journalled (lease and receipts), durable outside the sheet."""
        ...
