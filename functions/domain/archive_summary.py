"""archive --before: the plan a backend carries out, what it reports back, and the 归档摘要 tab's cutoff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from functions.domain.months import month_bounds
from functions.domain.serial_dates import read_back_date
from functions.domain.table import Table
from functions.domain.workbook import SystemRows

CUTOFF = "归档截止"
ARCHIVE_WORD = "归档"  # the archive file is NAME-归档-YYYY.xlsx


@dataclass(frozen=True)
class ArchivePlan:
    """What to move: sheet rows of each volunteer tab with the year whose archive file takes them, and the
    system tabs (归档摘要, 运行记录) to write in the same write that removes the rows."""

    before: dt.date
    moves: dict[str, dict[int, int]]  # tab title -> {sheet row number: year}
    system_tabs: dict[str, SystemRows] = field(default_factory=dict)
    expected: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)  # tab -> row -> values as read
    share_with: tuple[str, ...] = ()  # 书记邮箱: who is given an online archive (a local file needs no share)

    def years(self) -> list[int]:
        """The years that get an archive file, oldest first."""
        return sorted({year for rows in self.moves.values() for year in rows.values()})

    def count(self, title: str) -> int:
        """How many rows of a tab move."""
        return len(self.moves.get(title, {}))


@dataclass
class ArchiveOutcome:
    """What a backend did: the backup, each year's archive, rows appended and rows it found already there."""

    backup: str
    files: dict[int, str] = field(default_factory=dict)
    appended: dict[str, int] = field(default_factory=dict)
    already: dict[str, int] = field(default_factory=dict)
    shared: dict[int, list[str]] = field(default_factory=dict)  # year -> addresses the archive is shared with
    not_shared: dict[int, str] = field(default_factory=dict)  # year -> why it could not be shared


class Archivable(Protocol):
    """A backend that can archive (the local .xlsx one)."""

    def archive_location(self, year: int) -> str:
        """Where the archive of a year goes (shown before anything is done)."""
        ...

    def backup_location(self) -> str:
        """Where the backup goes (shown before anything is done)."""
        ...

    def archive(self, plan: ArchivePlan) -> ArchiveOutcome:
        """Back up, append the rows to each year's archive, then remove them and write the system tabs."""
        ...


def archive_cutoff(table: Table | None) -> dt.date | None:
    """The latest 归档截止 in 归档摘要: every record dated before it has been moved to an archive."""
    days = [d for row in (table.rows if table else []) if (d := read_back_date(row.get(CUTOFF))) is not None]
    return max(days, default=None)


def frozen_month(month: str, cutoff: dt.date | None) -> bool:
    """True for a month that began before the cutoff: its 月度指标 row keeps the figures it had."""
    return cutoff is not None and month_bounds(month)[0] < cutoff
