"""送餐缺人, the one meal-gap rule the 提醒 tab and the secretary's digest share.

For each elder with an open 送餐 request, each day from today to today+3 on which the elder is active: the day has
no rota row at all, or a meal on the rota has no available volunteer (blank 志愿者编号, an unknown 编号, or a
volunteer who is 暂停/退出). Only meals already on the rota are checked: the rota does not say whether dinner is needed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from functions.domain.care_context import CareContext, available_volunteer, elder_state
from functions.domain.model import Record
from functions.domain.tabs import MEALS, REQUESTS
from functions.domain.vocabulary import MEAL_ORDER, MEAL_REQUEST, REQUEST_SOLVED

MEAL_DAYS_AHEAD = 3  # today and the next three days: far enough to find a volunteer, near enough to be sure


def is_open(request: Record) -> bool:
    """Not 已解决 (a missing or bad 状态 counts as open: a bad cell never hides an alert)."""
    return request["状态"] != REQUEST_SOLVED


@dataclass(frozen=True)
class MealGap:
    """One elder's day with a meal nobody will bring."""

    elder_id: str
    elder: Record | None  # None when the 编号 is not in 老人档案
    request: Record  # the open 送餐 request
    day: dt.date
    ahead: int  # 0 today, 1 tomorrow …
    missing: tuple[str, ...]  # the meals without an available volunteer; empty: nothing on the rota that day

    def describe(self) -> str:
        """'午餐、晚餐还没有安排送餐志愿者' or '还没有送餐排班'."""
        return f"{'、'.join(self.missing)}还没有安排送餐志愿者" if self.missing else "还没有送餐排班"


def _missing_meals(ctx: CareContext, slots: list[Record]) -> tuple[str, ...] | None:
    """The meals missing on a day, () when the day has no rota row, None when every meal is covered."""
    if not slots:
        return ()
    missing = {s["餐次"] or "餐次不明" for s in slots if available_volunteer(ctx, s["志愿者编号"]) is None}
    # a meal covered by one row is not missing because a duplicate row is blank
    missing -= {s["餐次"] for s in slots if available_volunteer(ctx, s["志愿者编号"]) is not None}
    if not missing:
        return None
    return tuple(m for m in MEAL_ORDER if m in missing) + tuple(sorted(missing - set(MEAL_ORDER)))


def meal_gaps(ctx: CareContext) -> list[MealGap]:
    """Every meal gap from today to today+3, by elder (first open request wins) then day."""
    requests: dict[str, Record] = {}
    for request in ctx.rows(REQUESTS):
        if request["类型"] == MEAL_REQUEST and is_open(request) and request["老人编号"]:
            requests.setdefault(request["老人编号"], request)
    rota: dict[tuple[str, dt.date], list[Record]] = defaultdict(list)
    for slot in ctx.rows(MEALS):
        if slot["老人编号"] in requests and isinstance(slot["日期"], dt.date):
            rota[(slot["老人编号"], slot["日期"])].append(slot)
    gaps = []
    for eid, request in requests.items():
        elder = ctx.elders.get(eid)
        for ahead in range(MEAL_DAYS_AHEAD + 1):
            day = ctx.today + dt.timedelta(days=ahead)
            if elder is not None and elder_state(elder, day) != "active":
                continue  # no meals to a deceased elder, nor on a day the elder is in hospital or away
            missing = _missing_meals(ctx, rota.get((eid, day), []))
            if missing is not None:
                gaps.append(MealGap(eid, elder, request, day, ahead, missing))
    return gaps
