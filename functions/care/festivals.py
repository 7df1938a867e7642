"""Care rules about dates: lunar festival visits (lunardate does the calendar) and big birthdays."""

from __future__ import annotations

import datetime as dt

from functions.domain.care_context import (
    CareContext,
    elder_alert,
    elder_id,
    elder_state,
    md,
)
from functions.domain.festival_calendar import festival_windows
from functions.domain.model import Alert, Record
from functions.domain.vocabulary import FESTIVAL_VISIT

BIG_BIRTHDAYS = (80, 90, 100)


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
            reason = f"{when}，还没有节日慰问的记录" + (
                "（类别没填好，暂按慰问对象提醒）" if elder["类别"] is None else ""
            )
            alerts.append(
                elder_alert(ctx, elder, level, FESTIVAL_VISIT, reason, 0, f"{short}{day.year}", days_left=left)
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
    horizon = ctx.today + dt.timedelta(days=int(ctx.settings["寿辰提前天数"]))
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
            reason = f"{md(day, ctx.today)}是 {age} 岁寿辰（{when}），请安排寿辰探望"
            alerts.append(elder_alert(ctx, elder, "黄", "寿辰", reason, 0, f"{age}岁", days_left=left))
    return alerts
