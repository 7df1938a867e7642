"""The lunar festival calendar (lunardate does the conversion): festival days and their visit windows."""

from __future__ import annotations

import datetime as dt

from lunardate import LunarDate

# (short name used in the alert identity, name shown, lunar month, lunar day)
FESTIVALS = (
    ("春节", "春节", 1, 1),
    ("元宵", "元宵节", 1, 15),
    ("端午", "端午节", 5, 5),
    ("中秋", "中秋节", 8, 15),
    ("重阳", "重阳节", 9, 9),
)


def festival_dates(year: int) -> list[tuple[str, str, dt.date]]:
    """(short name, shown name, solar date) of each festival of lunar year `year`, all inside solar `year`."""
    try:
        return [(short, shown, LunarDate(year, month, day).to_solar_date()) for short, shown, month, day in FESTIVALS]
    except ValueError:  # outside lunardate's 1900–2099 range: no festivals rather than a crash
        return []


def festival_calendar(first_year: int, last_year: int) -> list[tuple[str, str, dt.date]]:
    """Every festival of those years, in date order."""
    return sorted((f for year in range(first_year, last_year + 1) for f in festival_dates(year)), key=lambda f: f[2])


Window = tuple[str, str, dt.date, dt.date]  # short name, shown name, the day, the first day of its window


def _windows(today: dt.date, lead_days: int) -> list[Window]:
    """Each festival around today with its window: lead_days before the day, but never reaching back
    past the previous festival, so that one 节日慰问 cannot count for two (春节 and 元宵 are 14 days apart)."""
    calendar = festival_calendar(today.year - 1, today.year + 1)
    windows = []
    for before, (short, shown, day) in zip([None, *calendar[:-1]], calendar, strict=True):
        start = day - dt.timedelta(days=lead_days)
        if before is not None:
            start = max(start, before[2] + dt.timedelta(days=1))
        windows.append((short, shown, day, start))
    return windows


def festival_windows(today: dt.date, lead_days: int) -> list[Window]:
    """Festivals whose window contains today."""
    return [w for w in _windows(today, lead_days) if w[3] <= today <= w[2]]


def next_festival(today: dt.date, lead_days: int) -> Window:
    """The next festival on or after today, with its window."""
    return next(w for w in _windows(today, lead_days) if w[2] >= today)
