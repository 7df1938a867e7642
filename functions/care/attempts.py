"""未联系上: a volunteer tapped 没联系上 and nobody has reached the elder since: try again the next day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from functions.domain.care_context import (
    CareContext,
    elder_building,
    elder_id,
    elder_name,
    elder_state,
    md,
    route_item,
    with_note,
)
from functions.domain.model import Alert
from functions.domain.tabs import ELDERS

Attempt = tuple[dt.date, str, str]  # (day, elder 编号, volunteer 编号) of a 没联系上 confirmation
LOOKBACK_DAYS = 3  # a missed nightly must not lose yesterday's attempt; older ones are the normal clocks' work
KIND = "未联系上"


def retry_alerts(ctx: CareContext, attempts: Iterable[Attempt]) -> list[Alert]:
    """A 黄 to the volunteer who tried (or the secretary) for each elder not reached since the attempt."""
    latest: dict[str, Attempt] = {}
    for attempt in attempts:
        day, eid, _ = attempt
        if ctx.today - dt.timedelta(days=LOOKBACK_DAYS) <= day < ctx.today and day >= latest.get(eid, attempt)[0]:
            latest[eid] = attempt
    alerts = []
    for eid, (day, _, vid) in sorted(latest.items()):
        elder = ctx.elders.get(eid)
        if elder is None or elder_state(elder, ctx.today) != "active":
            continue
        if any(c["日期"] >= day for c in ctx.contacts.get(eid, [])):
            continue  # someone reached them since: nothing to retry
        route = route_item(ctx, [("去联系的志愿者", vid)], elder_building(elder))
        alerts.append(
            Alert(
                level="黄",
                kind=KIND,
                object_id=elder_id(elder),
                object_name=elder_name(elder),
                building=elder_building(elder),
                owner=route.owner,
                reason=with_note(f"{md(day)}去联系时没联系上，请今天再试一次（电话或上门都可以）", route),
                days_late=(ctx.today - day).days,
                due=day.isoformat(),
                owner_id=route.owner_id,
                source_tab=ELDERS,
                source_row=elder.number,
            )
        )
    return alerts
