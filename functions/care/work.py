"""Care rules about help: overdue help requests, meal-rota gaps and meals not delivered."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from functions.domain.care_context import (
    CareContext,
    available_volunteer,
    elder_building,
    elder_name,
    elder_state,
    md,
    route_item,
    with_note,
)
from functions.domain.meal_gaps import is_open, meal_gaps
from functions.domain.model import Alert, Record
from functions.domain.tabs import MEALS, REQUESTS
from functions.domain.vocabulary import MEAL_REQUEST, REQUEST_IN_HAND

DAY_WORDS = {0: "今天", 1: "明天", 2: "后天"}


def request_alerts(ctx: CareContext) -> list[Alert]:
    """求助超期 (待处理 > 需求超期天数: 橙; open > twice that: 红) and 求助无人负责 (橙)."""
    limit = int(ctx.settings["需求超期天数"])
    alerts: list[Alert] = []
    for request in ctx.rows(REQUESTS):
        if not is_open(request):
            continue
        registered = request["登记日期"]
        age = (ctx.today - registered).days if isinstance(registered, dt.date) else None
        elder = ctx.elders.get(request["老人编号"]) if request["老人编号"] else None
        route = route_item(ctx, [("负责人", request["负责人"])], elder_building(elder))
        label = f"{request.get('类型', '')}求助"
        if age is not None and age > 2 * limit:
            level, kind, days = "红", "求助超期", age - limit
            reason = f"{label}已登记 {age} 天仍未解决（超过 {limit} 天的两倍）"
        elif age is not None and age > limit and request["状态"] != REQUEST_IN_HAND:
            level, kind, days = "橙", "求助超期", age - limit
            reason = f"{label}登记 {age} 天还没有开始处理（要求 {limit} 天内处理）"
        elif age is None and "登记日期" in request.bad:  # an unreadable date never hides a late request
            level, kind, days = "橙", "求助超期", 0
            reason = f"{label}的登记日期没填好，算不出是否超期，请核对日期并跟进"
        elif available_volunteer(ctx, request["负责人"]) is None:
            level, kind, days = "橙", "求助无人负责", 0
            reason = f"{label}还没有在岗的负责人，请指定负责人"
        else:
            continue
        alerts.append(
            Alert(
                level=level,
                kind=kind,
                object_id=request["编号"] or f"需求登记第{request.number}行",
                object_name=elder_name(elder) if elder else label,
                building=elder_building(elder),
                owner=route.owner,
                reason=with_note(reason, route),
                days_late=days,
                owner_id=route.owner_id,
                source_tab=REQUESTS,
                source_row=request.number,
                family="求助",
            )
        )  # one request, one alert: its 首次提醒 and 处理情况 survive a change of stage
    return alerts


def meal_gap_alerts(ctx: CareContext) -> list[Alert]:
    """送餐缺人 (domain/meal_gaps.py): per elder and day today..today+3: 红 today/tomorrow, 橙 after."""
    alerts: list[Alert] = []
    for gap in meal_gaps(ctx):
        route = route_item(ctx, [("负责人", gap.request["负责人"])], elder_building(gap.elder))
        when = f"{md(gap.day, ctx.today)}（{DAY_WORDS.get(gap.ahead, f'{gap.ahead} 天后')}）"
        alerts.append(
            Alert(
                level="红" if gap.ahead <= 1 else "橙",
                kind="送餐缺人",
                object_id=gap.elder_id,
                object_name=elder_name(gap.elder),
                building=elder_building(gap.elder),
                owner=route.owner,
                reason=with_note(when + gap.describe(), route),
                days_late=0,
                days_left=gap.ahead,
                due=gap.day.isoformat(),
                owner_id=route.owner_id,
                source_tab=MEALS,
            )
        )
    return alerts


def meal_delivery_alerts(ctx: CareContext) -> list[Alert]:
    """送餐未送达: a meal of the last 送餐确认回看(天) days not marked 是 on any of its rota rows: 橙."""
    # After a week an unconfirmed meal is history nobody can act on; a day the elder was away is no gap.
    requests = {r["老人编号"]: r for r in ctx.rows(REQUESTS) if r["类型"] == MEAL_REQUEST and r["老人编号"]}
    meals: dict[tuple[str, dt.date, str], list[Record]] = defaultdict(list)
    since = ctx.today - dt.timedelta(days=int(ctx.settings["送餐确认回看(天)"]))
    for slot in ctx.rows(MEALS):
        day, eid = slot["日期"], slot["老人编号"]
        if isinstance(day, dt.date) and eid and since <= day < ctx.today:
            meals[(eid, day, slot["餐次"] or "")].append(slot)
    alerts: list[Alert] = []
    for (eid, day, meal), slots in sorted(meals.items()):
        elder = ctx.elders.get(eid)
        if any(s["已送达"] == "是" for s in slots) or (elder is not None and elder_state(elder, day) != "active"):
            continue  # a duplicate row marked 是 means it was delivered
        slot = slots[0]
        # the slot's volunteer, the request's 负责人, the building's volunteer, the secretary
        candidates = [("送餐志愿者", slot["志愿者编号"]), ("负责人", requests.get(eid, {}).get("负责人"))]
        route = route_item(ctx, candidates, elder_building(elder))
        status = "登记为没有送到，请确认老人是否吃上饭" if slot["已送达"] == "否" else "还没有登记是否送到"
        alerts.append(
            Alert(
                level="橙",
                kind="送餐未送达",
                object_id=eid,
                object_name=elder_name(elder),
                building=elder_building(elder),
                owner=route.owner,
                reason=with_note(f"{md(day, ctx.today)}{meal}{status}", route),
                days_late=(ctx.today - day).days,
                due=f"{day.isoformat()}{meal}",
                owner_id=route.owner_id,
                source_tab=MEALS,
                source_row=slot.number,
            )
        )
    return alerts
