"""Care rules about dates: lunar festival visits (lunardate does the calendar) and big birthdays."""

from __future__ import annotations

import datetime as dt

from lunardate import LunarDate

from functions.care.common import (
    ELDERS,
    CareContext,
    elder_building,
    elder_id,
    elder_name,
    elder_route,
    elder_state,
    md,
    with_note,
)
from functions.domain.model import Alert, Record

# (short name used in the alert identity, name shown, lunar month, lunar day)
FESTIVALS = (
    ("春节", "春节", 1, 1),
    ("元宵", "元宵节", 1, 15),
    ("端午", "端午节", 5, 5),
    ("中秋", "中秋节", 8, 15),
    ("重阳", "重阳节", 9, 9),
)
FESTIVAL_VISIT = "节日慰问"
BIG_BIRTHDAYS = (80, 90, 100)
BIRTHDAY_LOOKAHEAD_DAYS = 7


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


def _visited(contacts: list[Record], since: dt.date) -> bool:
    """True when a 节日慰问 contact lies on or after `since` (contacts are oldest first, none in the future)."""
    for contact in reversed(contacts):
        if contact["日期"] < since:
            return False
        if contact["方式"] == FESTIVAL_VISIT:
            return True
    return False


def festival_alerts(ctx: CareContext) -> list[Alert]:
    """节日慰问: each active elder of 节日慰问对象 without a 节日慰问 in the window: 黄, then 橙, 红 on the day."""
    lead = int(ctx.settings["节日提前天数"])
    categories = set(ctx.settings["节日慰问对象"])
    alerts: list[Alert] = []
    for short, shown, day, start in festival_windows(ctx.today, lead):
        left = (day - ctx.today).days
        level = "红" if left == 0 else "橙" if left == 1 else "黄"
        when = f"今天是{shown}" if left == 0 else f"{md(day, ctx.today)}是{shown}，还有 {left} 天"
        for elder in ctx.elders.values():
            # a missing or bad 类别 is included: a bad cell never hides an alert
            if elder["类别"] is not None and elder["类别"] not in categories:
                continue
            if elder_state(elder, ctx.today) != "active" or _visited(ctx.contacts.get(elder_id(elder), []), start):
                continue
            route = elder_route(ctx, elder)
            alerts.append(
                Alert(
                    level=level,
                    kind="节日慰问",
                    object_id=elder_id(elder),
                    object_name=elder_name(elder),
                    building=elder_building(elder),
                    owner=route.owner,
                    days_late=0,
                    reason=with_note(
                        f"{when}，还没有节日慰问的记录"
                        + ("（类别没填好，暂按慰问对象提醒）" if elder["类别"] is None else ""),
                        route,
                    ),
                    due=f"{short}{day.year}",
                    owner_id=route.owner_id,
                    source_tab=ELDERS,
                    source_row=elder.number,
                )
            )
    return alerts


def birthday_in(born: dt.date, year: int) -> dt.date:
    """The birthday in a given year; 2月29日 falls on 2月28日 in a common year."""
    try:
        return born.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def birthday_alerts(ctx: CareContext) -> list[Alert]:
    """寿辰: an elder (not 已故/迁出) turning 80, 90 or 100 within the next 7 days: 黄."""
    alerts: list[Alert] = []
    horizon = ctx.today + dt.timedelta(days=BIRTHDAY_LOOKAHEAD_DAYS)
    for elder in ctx.elders.values():
        born = elder["出生日期"]
        if not isinstance(born, dt.date) or elder_state(elder, ctx.today) == "gone":
            continue
        for age in BIG_BIRTHDAYS:
            if born.year + age > dt.MAXYEAR:
                continue
            day = birthday_in(born, born.year + age)
            if not ctx.today <= day <= horizon:
                continue
            left = (day - ctx.today).days
            when = "就是今天" if left == 0 else f"还有 {left} 天"
            route = elder_route(ctx, elder)
            alerts.append(
                Alert(
                    level="黄",
                    kind="寿辰",
                    object_id=elder_id(elder),
                    object_name=elder_name(elder),
                    building=elder_building(elder),
                    owner=route.owner,
                    reason=with_note(f"{md(day, ctx.today)}是 {age} 岁寿辰（{when}），请安排寿辰探望", route),
                    days_late=0,
                    due=f"{age}岁",
                    owner_id=route.owner_id,
                    source_tab=ELDERS,
                    source_row=elder.number,
                )
            )
    return alerts
