"""A month's figures as 月度指标 holds them: the comparison month of a report when its records were archived."""

from __future__ import annotations

import dataclasses

from functions.domain.table import Table
from functions.metrics.compute import MonthMetrics
from functions.metrics.rows import NUMBER_COLUMNS, _read_back


def stored_metrics(table: Table | None, month: str) -> MonthMetrics | None:
    """The month's row of 月度指标 as MonthMetrics (the figures as stored, counts without a column 0), or None."""
    values = _read_back(table).get(month)
    if values is None:
        return None
    fields = {f.name: (0 if f.type in ("int", int) else None) for f in dataclasses.fields(MonthMetrics)}
    fields.update({attr: values.get(header) for header, (attr, _) in NUMBER_COLUMNS.items() if attr in fields})
    fields.update(month=month, not_visited=(), campaigns=())
    for name in ("participants", "disputes", "complaints", "volunteers", "lonely_assessed", "active_elders"):
        fields[name] = fields[name] if fields[name] is not None else 0
    fields["service_hours"] = fields["service_hours"] if fields["service_hours"] is not None else 0.0
    return MonthMetrics(**fields)
