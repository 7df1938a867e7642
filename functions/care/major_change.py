"""重大变化走访: a home visit within 重大变化走访时限(天) of coming home from hospital, of 建档, or of a bad finding."""

from __future__ import annotations

import datetime as dt

from functions.care.findings import bad_findings
from functions.domain.care_context import (
    CareContext,
    elder_alert,
    elder_id,
    elder_state,
    md,
)
from functions.domain.model import Alert, Record

KIND = "重大变化走访"
PHONE = "电话问候"
LOOKBACK_DAYS = 30  # older changes are left to 走访逾期: a years-old 建档日期 is not news


def changes(elder: Record, contacts: list[Record], today: dt.date) -> list[tuple[str, dt.date, str]]:
    """(what changed, the day it changed, its key) for each major change of the elder up to today."""
    found: list[tuple[str, dt.date, str]] = []
    until = elder["暂停至"]
    if elder["状态"] == "住院" and isinstance(until, dt.date) and until < today:
        found.append(("出院回家", until + dt.timedelta(days=1), "出院"))
    registered = elder["建档日期"]
    if isinstance(registered, dt.date) and registered <= today:
        found.append(("新建档，要第一次上门", registered, "建档"))
    for contact, what in bad_findings(contacts):
        found.append((f"{md(contact['日期'], today)}走访发现{what}", contact["日期"], "发现"))
    return found


def visited_since(contacts: list[Record], since: dt.date, later_only: bool) -> bool:
    """A home visit (any 方式 but 电话问候) on or after `since` (strictly after when later_only)."""
    for contact in reversed(contacts):
        day = contact["日期"]
        if day < since or (later_only and day == since):
            return False
        if contact["方式"] is not None and contact["方式"] != PHONE:
            return True
    return False


def major_change_alerts(ctx: CareContext) -> list[Alert]:
    """Each change of the last 30 days without a home visit since: 橙 until the deadline, 红 after it."""
    limit = int(ctx.settings["重大变化走访时限(天)"])
    alerts: list[Alert] = []
    for elder in ctx.elders.values():
        if elder_state(elder, ctx.today) != "active":
            continue
        contacts = ctx.contacts.get(elder_id(elder))
        if not contacts:  # no contact at all: 从未联系 (红) already asks for one
            continue
        for what, since, key in changes(elder, contacts, ctx.today):
            if (ctx.today - since).days > LOOKBACK_DAYS or visited_since(contacts, since, key == "发现"):
                continue
            deadline = since + dt.timedelta(days=limit)
            late = (ctx.today - deadline).days
            by = (
                f"已超过期限（{md(deadline, ctx.today)}）{late} 天"
                if late > 0
                else f"请最晚在{md(deadline, ctx.today)}上门"
            )
            reason = (
                f"{md(since, ctx.today)}{what}，{limit} 天内要上门走访一次：{by}"
                if key != "发现"
                else f"{what}，{limit} 天内要再上门走访一次：{by}"
            )
            level = "红" if late > 0 else "橙"
            alerts.append(elder_alert(ctx, elder, level, KIND, reason, max(late, 0), f"{key}{since.isoformat()}"))
    return alerts
