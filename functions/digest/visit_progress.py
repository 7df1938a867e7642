"""探访关爱 in the secretary's digest: this month's 月探访 so far and each 专项走访 running today. Counts only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from functions.domain.care_context import build_context, elder_id
from functions.domain.model import Parsed
from functions.domain.settings import Settings
from functions.domain.tabs import CAMPAIGNS
from functions.domain.visits import campaigns, coverage, in_scope, reached, visit_ways
from functions.metrics.figures import percent


def visit_progress(parsed: Parsed, settings: Settings, today: dt.date) -> dict[str, Any]:
    """{'month': {scope, reached, rate}, 'campaigns': [{name, reached, targets, deadline}]} as of today."""
    ctx = build_context(parsed, settings, today)
    start, ways = today.replace(day=1), visit_ways(settings)
    scope = [e for e in ctx.elders.values() if in_scope(e, settings, start, today)]
    done = sum(1 for e in scope if reached(ctx.contacts.get(elder_id(e), []), ways, start, today))
    rate = percent(done, len(scope))
    running = [
        {
            "name": c.name,
            **dict(zip(("reached", "targets"), coverage(ctx, c, today), strict=True)),
            "deadline": f"{c.deadline.month}月{c.deadline.day}日",
        }
        for c in campaigns(ctx.rows(CAMPAIGNS), settings)
        if c.start <= today <= c.deadline
    ]
    return {
        "month": {
            "label": f"{today.month}月",
            "scope": len(scope),
            "reached": done,
            "rate": "—" if rate is None else f"{rate:.1f}%",
        },
        "campaigns": running,
    }
