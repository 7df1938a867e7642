"""Jobs: read → compute → write → mail. The only place the pure core meets the backends."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .clock import community_today
from .schema import default_schema
from .settings import SETTINGS_TAB, parse_settings
from .workbook import Snapshot, Workbook


@dataclass
class JobResult:
    """What a job did, for the CLI, the HTTP answer and the run log."""

    job: str
    today: dt.date
    counts: dict[str, Any] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    mailed: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "job": self.job,
            "today": self.today.isoformat(),
            "counts": self.counts,
            "written": self.written,
            "mailed": self.mailed,
            "messages": self.messages,
        }


def resolve_today(snapshot: Snapshot, today: dt.date | None) -> dt.date:
    """--today when given, else today in the community's time zone from 设置."""
    if today is not None:
        return today
    settings = parse_settings(snapshot.rows(SETTINGS_TAB))
    return community_today(settings["时区"])


def tab_counts(snapshot: Snapshot) -> dict[str, int]:
    """Rows per tab, in schema order."""
    return {t.title: len(snapshot.rows(t.title)) for t in default_schema() if t.title in snapshot.tables}


def run_validate(workbook: Workbook, today: dt.date | None = None) -> JobResult:
    """Check every volunteer tab and rewrite 问题清单 (one read, one write)."""
    raise NotImplementedError("validate: being built (issue 4)")


def run_monthly(
    workbook: Workbook,
    today: dt.date | None = None,
    month: str | None = None,
    all_months: bool = False,
    outbox: str | None = None,
) -> JobResult:
    """Compile 月度指标 for a month (default: the previous one) or every month, and mail the report."""
    raise NotImplementedError("monthly: being built (issue 7)")


def run_nightly(workbook: Workbook, today: dt.date | None = None, outbox: str | None = None) -> JobResult:
    """The nightly job: validate → alerts → one write of the system tabs → digests (issue 6)."""
    snapshot = workbook.read()
    result = JobResult("nightly", resolve_today(snapshot, today))
    result.counts = tab_counts(snapshot)
    return result
