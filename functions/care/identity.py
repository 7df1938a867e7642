"""Elders the rules cannot check as the sheet stands (a repeated 编号, a pause with no end): say so."""

from __future__ import annotations

from functions.domain.care_context import (
    ELDERS,
    PAUSABLE,
    CareContext,
    elder_building,
    elder_id,
    elder_name,
    elder_route,
    elder_state,
    with_note,
)
from functions.domain.model import Alert


def duplicate_elder_alerts(ctx: CareContext) -> list[Alert]:
    """红 编号重复 for each later row that repeats an elder's 编号 (its contacts go to the first row)."""
    alerts = []
    for record in ctx.duplicates:
        if elder_state(record, ctx.today) == "gone":
            continue
        eid = elder_id(record)
        first = ctx.elders[eid]
        route = elder_route(ctx, record)
        reason = (
            f"编号 {eid} 和第 {first.number} 行的{first['姓名'] or '老人'}重复，"
            "这位老人的走访记录无法核对，请给其中一位改成新编号"
        )
        alerts.append(
            Alert(
                level="红",
                kind="编号重复",
                object_id=eid,
                object_name=record["姓名"] or "",
                building=elder_building(record),
                owner=route.owner,
                reason=with_note(reason, route),
                days_late=0,
                due=f"第{record.number}行",
                owner_id=route.owner_id,
                source_tab=ELDERS,
                source_row=record.number,
            )
        )
    return alerts


def open_pause_alerts(ctx: CareContext) -> list[Alert]:
    """黄 暂停未填日期: 住院/外出 with no 暂停至 pauses every contact check until someone fills the date."""
    alerts = []
    for record in ctx.elders.values():
        if record["状态"] not in PAUSABLE or record["暂停至"] is not None or "暂停至" in record.bad:
            continue
        route = elder_route(ctx, record)
        reason = (
            f"状态是{record['状态']}，但没有填暂停至：在填上预计回来的日期之前，系统不会提醒问候和走访，请问清楚后填上"
        )
        alerts.append(
            Alert(
                level="黄",
                kind="暂停未填日期",
                object_id=elder_id(record),
                object_name=elder_name(record),
                building=elder_building(record),
                owner=route.owner,
                reason=with_note(reason, route),
                days_late=0,
                due=str(record["状态"]),
                owner_id=route.owner_id,
                source_tab=ELDERS,
                source_row=record.number,
            )
        )
    return alerts
