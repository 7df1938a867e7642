"""月探访: who the guidance's monthly visit covers (探访对象), what counts as a 探访, and the month-end alert."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from functions.care.common import ELDERS, CareContext, elder_building, elder_id, elder_name, elder_state, owner_of
from functions.domain.model import Alert, Record
from functions.domain.settings import Settings

WAYS = ("上门走访", "电话问候", "节日慰问", "困难帮扶", "送餐", "陪同就医")
PHONE = "电话问候"
KIND = "月探访"


def visit_ways(settings: Settings) -> frozenset[str]:
    """The 方式 that count as a 探访: every one, or every one but 电话问候 when 电话视频算探访 is 否."""
    return frozenset(WAYS if settings["电话视频算探访"] else (w for w in WAYS if w != PHONE))


def month_end(day: dt.date) -> dt.date:
    """The last day of day's month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def home_from(elder: Record, start: dt.date) -> dt.date | None:
    """The first day of [start, …) the elder is 在家 by the sheet (registered, not gone, pause over); None if gone."""
    if elder["状态"] in ("已故", "迁出"):
        return None
    first = start
    registered = elder["建档日期"]
    if isinstance(registered, dt.date) and registered > first:
        first = registered
    if elder_state(elder, dt.date.max) == "paused":  # 住院/外出 with no 暂停至: away until someone fills it in
        return None
    until = elder["暂停至"]
    if elder["状态"] in ("住院", "外出") and isinstance(until, dt.date) and until >= first:
        first = until + dt.timedelta(days=1)
    return first


def in_scope(elder: Record, settings: Settings, start: dt.date, end: dt.date) -> bool:
    """An elder of 探访对象 (a blank or bad 类别 counts: a bad cell never hides one) 在家 on a day of [start, end]."""
    category = elder["类别"]
    if category is not None and category not in settings["探访对象"]:
        return False
    first = home_from(elder, start)
    return first is not None and first <= end


def reached(contacts: Iterable[Record], ways: frozenset[str], start: dt.date, end: dt.date) -> bool:
    """True when a contact of a 探访 方式 lies in [start, end]."""
    return any(c["方式"] in ways and start <= c["日期"] <= end for c in contacts)


def monthly_visit_alerts(ctx: CareContext) -> list[Alert]:
    """In the last 月探访提醒天数 days of a month, each 在家 探访对象 not yet visited in it: 黄, 红 on the last day."""
    end = month_end(ctx.today)
    left = (end - ctx.today).days
    if left >= int(ctx.settings["月探访提醒天数"]):
        return []
    start, ways = ctx.today.replace(day=1), visit_ways(ctx.settings)
    level = "红" if left == 0 else "黄"
    when = "今天是本月最后一天" if left == 0 else f"离月底还有 {left} 天"
    alerts = []
    for elder in ctx.elders.values():
        if elder_state(elder, ctx.today) != "active" or not in_scope(elder, ctx.settings, start, ctx.today):
            continue
        contacts = ctx.contacts.get(elder_id(elder))
        if not contacts or reached(contacts, ways, start, ctx.today):  # no contact at all: 从未联系 says it
            continue
        owner, owner_id = owner_of(ctx, elder["结对志愿者"])
        alerts.append(
            Alert(
                level=level,
                kind=KIND,
                object_id=elder_id(elder),
                object_name=elder_name(elder),
                building=elder_building(elder),
                owner=owner,
                reason=f"本月（{ctx.today.month}月）还没有探访过（{when}），月探访率要求每位探访对象每月至少一次",
                days_late=0,
                due=f"{start:%Y-%m}",
                owner_id=owner_id,
                source_tab=ELDERS,
                source_row=elder.number,
            )
        )
    return alerts
