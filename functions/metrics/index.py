"""One pass over the parsed tabs, filing every dated record under its month (so many months cost one scan)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from functions.domain.model import Parsed, Record
from functions.domain.months import month_of, parse_month
from functions.domain.tabs import (
    ACTIVITIES,
    COMPLAINTS,
    CONTACTS,
    FEES,
    MEDIATION,
    PATROLS,
    REQUESTS,
    SIGNINS,
)


@dataclass
class MonthIndex:
    """Records by the month they count in; contact dates by elder for gap checks."""

    contacts: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    contact_dates: dict[str, list[dt.date]] = field(default_factory=lambda: defaultdict(list))  # elder -> sorted
    activities: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    signins: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))  # by 活动编号
    disputes: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))  # by 登记日期
    complaints: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fees: dict[str, Record] = field(default_factory=dict)
    requests_resolved: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    patrols_fixed: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    months: set[str] = field(default_factory=set)  # every month holding at least one dated record


def _file(index: MonthIndex, target: dict, day: object, record: Record) -> None:
    if isinstance(day, dt.date):
        month = month_of(day)
        target[month].append(record)
        index.months.add(month)


def _note(index: MonthIndex, day: object) -> None:
    if isinstance(day, dt.date):
        index.months.add(month_of(day))


def build_index(parsed: Parsed) -> MonthIndex:
    """File each record of the tabs the figures use under its month."""
    index = MonthIndex()
    for rec in parsed.get(CONTACTS, []):
        day, elder = rec["日期"], rec["老人编号"]
        _file(index, index.contacts, day, rec)
        if isinstance(day, dt.date) and elder:
            index.contact_dates[elder].append(day)
    for dates in index.contact_dates.values():
        dates.sort()
    for rec in parsed.get(ACTIVITIES, []):
        _file(index, index.activities, rec["日期"], rec)
    for rec in parsed.get(SIGNINS, []):
        if rec["活动编号"]:
            index.signins[rec["活动编号"]].append(rec)
    for rec in parsed.get(MEDIATION, []):
        _file(index, index.disputes, rec["登记日期"], rec)
    for rec in parsed.get(COMPLAINTS, []):
        if isinstance(rec["日期"], dt.date):
            month = month_of(rec["日期"])
            index.complaints[month] += 1
            index.months.add(month)
    for rec in parsed.get(FEES, []):
        month = parse_month(rec["月份"])
        if month and month not in index.fees:  # a duplicated month is a validation error; the first row counts
            index.fees[month] = rec
            index.months.add(month)
    for rec in parsed.get(REQUESTS, []):
        _file(index, index.requests_resolved, rec["解决日期"], rec)
        _note(index, rec["登记日期"])
    for rec in parsed.get(PATROLS, []):
        _file(index, index.patrols_fixed, rec["整改日期"], rec)
        _note(index, rec["发现日期"])
    return index
