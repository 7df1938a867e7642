"""Spreadsheet serial dates (day 0 = 1899-12-30, as Excel after 1900-03-01 and Google Sheets count) and
the dates our own system tabs hand back: one place for both backends and every system tab."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

SERIAL_EPOCH = dt.date(1899, 12, 30)
LAST_SERIAL = 2958466  # 9999-12-31
_YMD = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def serial_to_date(serial: float) -> dt.date:
    """A serial number → date; a fractional part gives a datetime with the time of day."""
    days = int(serial // 1)
    day = SERIAL_EPOCH + dt.timedelta(days=days)
    seconds = round((serial - days) * 86400, 3)
    if seconds == 0:
        return day
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)


def date_to_serial(value: dt.date) -> float | int:
    """A date (or datetime) → serial number."""
    if isinstance(value, dt.datetime):
        base = dt.datetime.combine(SERIAL_EPOCH, dt.time(), tzinfo=value.tzinfo)
        return (value - base).total_seconds() / 86400
    return (value - SERIAL_EPOCH).days


def read_back_date(value: Any) -> dt.date | None:
    """A date a system tab was written with, as a backend reads it back: a date, a datetime, a serial
    number or 'YYYY-MM-DD' text; None otherwise."""
    # hand-written rather than the validator's parser: only what the system itself writes can come back
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < LAST_SERIAL:
        day = serial_to_date(value)
        return day.date() if isinstance(day, dt.datetime) else day
    match = _YMD.match(value) if isinstance(value, str) else None
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            return None
    return None
