"""The days the product supports as "today": the lunar calendar (festivals) is known only up to 2099."""

from __future__ import annotations

import datetime as dt

from functions.domain.errors import SanyouError

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2098, 12, 31)  # festivals are looked up to a year ahead; lunardate ends in 2099


class UnsupportedDate(SanyouError, ValueError):
    """A "today" outside FIRST_DAY..LAST_DAY; the message is for a person."""


def check_today(day: dt.date) -> dt.date:
    """The day itself, or UnsupportedDate naming the supported range."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UnsupportedDate(
            f"日期 {day.isoformat()} 不在支持的范围内："
            f"今天只能是 {FIRST_DAY.isoformat()} 至 {LAST_DAY.isoformat()} 之间的日期"
        )
    return day
