"""Calendar months as 'YYYY-MM' text: the key every monthly figure is filed under."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")


def month_of(day: dt.date) -> str:
    """The month a date falls in, e.g. 2026-11."""
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(value: Any) -> str | None:
    """A month cell (text like 2026-1 or 2026年1月, or a date) as 'YYYY-MM'; None when it is not one."""
    if isinstance(value, dt.date):
        return month_of(value)
    if value is None:
        return None
    match = _MONTH.match(str(value))
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """First and last day of a 'YYYY-MM' month."""
    year, mon = int(month[:4]), int(month[5:7])
    return dt.date(year, mon, 1), dt.date(year, mon, calendar.monthrange(year, mon)[1])


def previous_month(month: str) -> str:
    """The calendar month before, e.g. 2026-01 -> 2025-12."""
    first, _ = month_bounds(month)
    return month_of(first - dt.timedelta(days=1))


def month_label(month: str) -> str:
    """A month for people: 2026年11月."""
    return f"{int(month[:4])}年{int(month[5:7])}月"
