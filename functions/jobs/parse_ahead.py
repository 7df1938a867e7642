"""The jobs' parser for big logs, handed to a backend that can parse a log while it reads the next slices."""

from __future__ import annotations

import datetime as dt

from functions.domain.schema import Schema, default_schema
from functions.domain.settings import SETTINGS_TAB
from functions.domain.table import Table
from functions.domain.tabs import ARCHIVE_SUMMARY, CONTACTS, SIGNINS
from functions.domain.workbook import Snapshot
from functions.jobs.runner import resolve_today
from functions.validation.cells import TableParser
from functions.validation.validate import id_indexes

# the append-only logs that make a workbook big: validation takes their raw cells as it parses them (memory)
LOG_TABS = frozenset({CONTACTS, SIGNINS})


def consumable_logs(snapshot: Snapshot) -> frozenset[str]:
    """The logs validation may take the raw cells of: not 走访记录 once 归档摘要 has rows (merge_archived
    compares archived contacts with rows still in 走访记录 by their raw cells; such a log is small anyway)."""
    summary = snapshot.tables.get(ARCHIVE_SUMMARY)
    return LOG_TABS - {CONTACTS} if summary is not None and len(summary) else LOG_TABS


class LogParser:
    """ParseAhead for validate: a big volunteer tab's rows parsed as the backend reads them.

    It needs 设置 (today, when --today is not given: the run's day is fixed then, Snapshot.today), 归档摘要
    (whether the raw cells may go) and the tabs 编号 refer to; validate takes the result only when it is
    what parsing the finished table would give (TableParser.fits). The logs validation may consume hand
    their raw cells over as they are parsed.
    """

    def __init__(self, today: dt.date | None, schema: Schema | None = None) -> None:
        self.schema = schema or default_schema()
        self.today = today
        refs = {f.ref[0] for tab in self.schema.volunteer_tabs for f in tab.fields if f.ref}
        self.needs = frozenset({SETTINGS_TAB, ARCHIVE_SUMMARY, *refs})
        self._volunteer_tabs = {t.title for t in self.schema.volunteer_tabs}

    def start(self, snapshot: Snapshot, head: Table) -> TableParser | None:
        """A parser for head's rows; None for a tab validate does not parse, or when a tab it needs is not read
        yet (a huge 老人档案 or 归档摘要, read in slices itself)."""
        if head.title not in self._volunteer_tabs:
            return None
        if any(t not in snapshot.tables and t not in snapshot.missing_tabs for t in self.needs):
            return None  # a tab it needs is read after this one (a big one itself): validate parses it
        tab = self.schema[head.title]
        snapshot.today = resolve_today(snapshot, self.today)  # the run's day from here on (see resolve_today)
        parser = TableParser(tab, head, snapshot.today, id_indexes(snapshot, self.schema))
        parser.takes_cells = head.title in consumable_logs(snapshot)
        return parser
