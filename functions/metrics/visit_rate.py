"""月探访率: 探访对象 在家 on some day of the month with at least one 探访 in it, over all of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from functions.domain.model import Parsed, Record
from functions.domain.settings import Settings
from functions.domain.visits import campaign_coverage, floor_percent, in_scope, visit_ways
from functions.metrics.index import MonthIndex


@dataclass(frozen=True)
class VisitRate:
    """The month's 探访对象, how many were visited, and who was not (编号, in 老人档案 order)."""

    in_scope: int
    reached: int
    rate: float | None
    not_reached: tuple[str, ...]


def visit_rate(
    index: MonthIndex, month: str, start: dt.date, end: dt.date, elders: dict[str, Record], settings: Settings
) -> VisitRate:
    """月探访率 of one month (end: its last day, or today inside the current month)."""
    ways = visit_ways(settings)
    visited = {c["老人编号"] for c in index.contacts.get(month, []) if c["方式"] in ways and c["日期"] <= end}
    scope = [eid for eid, elder in elders.items() if in_scope(elder, settings, start, end)]
    missed = tuple(eid for eid in scope if eid not in visited)
    reached = len(scope) - len(missed)
    return VisitRate(len(scope), reached, floor_percent(reached, len(scope)), missed)


def campaigns_in_month(
    parsed: Parsed, settings: Settings, start: dt.date, end: dt.date
) -> tuple[tuple[str, int, int], ...]:
    """(name, reached, targets) of each 专项走访 running on a day of [start, end]."""
    return tuple(campaign_coverage(parsed, settings, start, end))
