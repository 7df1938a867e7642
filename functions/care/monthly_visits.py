"""月探访: who the guidance's monthly visit covers (探访对象), what counts as a 探访, and the month-end alert."""

from __future__ import annotations

from functions.domain.care_context import (
    CareContext,
    elder_alert,
    elder_id,
    elder_state,
)
from functions.domain.model import Alert
from functions.domain.visits import in_scope, month_end, reached, visit_ways

KIND = "月探访"


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
        reason = f"本月（{ctx.today.month}月）还没有探访过（{when}），月探访率要求每位探访对象每月至少一次"
        alerts.append(elder_alert(ctx, elder, level, KIND, reason, 0, f"{start:%Y-%m}"))
    return alerts
