"""Care coverage for one month: in-person reach, greeting gaps, days to resolve requests and fix hazards."""

from __future__ import annotations

import bisect
import datetime as dt
from statistics import fmean

from functions.domain.care_context import care_level, elder_state
from functions.domain.model import Record
from functions.domain.settings import Settings
from functions.domain.vocabulary import PHONE_GREETING
from functions.metrics.figures import percent
from functions.metrics.index import MonthIndex


def active_elders(elders: dict[str, Record], end: dt.date | None = None) -> list[Record]:
    """Elders counted as active in a month: not 已故/迁出, and not 住院/外出 through its last day `end`
    (the same reading of 状态 and 暂停至 as the care alerts).

    The sheet keeps only the current 状态, with no history, so an elder who died or moved out is left out
    of every past month too, and one who joined late is counted in months before they joined.
    """
    return [
        e
        for e in elders.values()
        if elder_state(e, end or dt.date.max) != "gone" and (end is None or elder_state(e, end) == "active")
    ]


def longest_gap(dates: list[dt.date], start: dt.date, end: dt.date) -> int:
    """Most days without any contact on a day of [start, end], given all the elder's contact dates (sorted).

    The count starts from the last contact before the month, or from the month's first day when there is
    none (an elder with no history is not held late for days before the month); it ends at `end`.
    """
    lo = bisect.bisect_left(dates, start)
    hi = bisect.bisect_right(dates, end)
    previous = dates[lo - 1] if lo > 0 else start
    gap = 0
    for day in dates[lo:hi]:
        gap = max(gap, (day - previous).days)
        previous = day
    return max(gap, (end - previous).days)


def care_coverage(
    index: MonthIndex, month: str, start: dt.date, end: dt.date, elders: dict[str, Record], settings: Settings
) -> tuple[int, float | None, float | None]:
    """Active elders, % of them with an in-person contact (any 方式 but 电话问候) in the month, and % whose
    longest gap between contacts of any kind stayed within their 关爱等级's 问候间隔 (blank or bad level:
    the strictest, as in the alerts)."""
    active = active_elders(elders, end)
    visited = {
        c["老人编号"] for c in index.contacts.get(month, []) if c["方式"] is not None and c["方式"] != PHONE_GREETING
    }
    reached = sum(1 for e in active if e["编号"] in visited)
    on_time = 0
    for elder in active:
        interval = settings.interval(care_level(elder), "问候")
        if longest_gap(index.contact_dates.get(elder["编号"], []), start, end) <= interval:
            on_time += 1
    return len(active), percent(reached, len(active)), percent(on_time, len(active))


def mean_days(records: list[Record], opened: str, closed: str) -> float | None:
    """Mean days from `opened` to `closed` over records with both dates in order; None when there are none."""
    days = [
        (r[closed] - r[opened]).days
        for r in records
        if isinstance(r[opened], dt.date) and isinstance(r[closed], dt.date) and r[closed] >= r[opened]
    ]
    return fmean(days) if days else None
