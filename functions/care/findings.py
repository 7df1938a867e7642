"""What a visit found (身体状况, 居住安全, 家人照料, 需求转介): hazard or poor health 红, unregistered referral 橙."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import compress, repeat
from operator import is_not

from functions.domain.care_context import (
    CareContext,
    elder_alert,
    elder_id,
    elder_state,
    md,
)
from functions.domain.model import Alert, Record, cells_of, records_with
from functions.domain.tabs import REQUESTS
from functions.domain.visits import BAD

REFERRAL_DAYS = 3  # a need passed on (需求转介=有) is registered in 需求登记 within this many days


def latest_finding(contacts: list[Record], column: str) -> Record | None:
    """The latest contact with this column filled in (contacts oldest first)."""
    filled = map(is_not, cells_of(reversed(contacts), column), repeat(None))  # C-level: no frame per contact
    return next(compress(reversed(contacts), filled), None)


def bad_findings(contacts: list[Record]) -> list[tuple[Record, str]]:
    """(contact, what it found) where the latest answer to 居住安全 / 身体状况 is 有隐患 / 较差."""
    found = []
    for column, bad, words in BAD:
        latest = latest_finding(contacts, column)
        if latest is not None and latest[column] == bad:
            found.append((latest, words))
    return found


def finding_alerts(ctx: CareContext) -> list[Alert]:
    """走访发现: the latest 居住安全 is 有隐患 or the latest 身体状况 is 较差: 红 (to the secretary) until a
    later visit records 正常 / 良好 or 一般."""
    alerts: list[Alert] = []
    for elder in ctx.elders.values():
        if elder_state(elder, ctx.today) == "gone":
            continue
        for contact, words in bad_findings(ctx.contacts.get(elder_id(elder), [])):
            day = contact["日期"]
            reason = f"{md(day, ctx.today)}{contact['方式'] or '走访'}发现{words}，请书记关注，尽快处理并再上门查看"
            alerts.append(
                elder_alert(ctx, elder, "红", "走访发现", reason, (ctx.today - day).days, f"{words[:4]}{day}")
            )
    return alerts


def referral_alerts(ctx: CareContext) -> list[Alert]:
    """需求转介: a contact with 需求转介=有 and no 需求登记 row for the elder dated on or after it within 3 days: 橙."""
    registered: dict[str, list[dt.date]] = defaultdict(list)
    for request in ctx.rows(REQUESTS):
        if request["老人编号"] and isinstance(request["登记日期"], dt.date):
            registered[request["老人编号"]].append(request["登记日期"])
    alerts: list[Alert] = []
    for elder in ctx.elders.values():
        if elder_state(elder, ctx.today) == "gone":
            continue
        eid = elder_id(elder)
        for contact in records_with(ctx.contacts.get(eid, []), "需求转介", "有"):  # blank on almost every contact
            day = contact["日期"]
            if any(d >= day for d in registered.get(eid, [])):
                continue
            late = (ctx.today - day).days - REFERRAL_DAYS
            if late <= 0:
                continue
            reason = f"{md(day, ctx.today)}的走访发现需求要转介，{REFERRAL_DAYS} 天过去了还没有在需求登记里登记"
            alerts.append(elder_alert(ctx, elder, "橙", "需求转介", reason, late, day.isoformat()))
    return alerts
