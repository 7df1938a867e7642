"""月度指标 rows: one per month, newest first, upserted over what was read back, with change arrows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from functions.domain.months import parse_month, previous_month
from functions.domain.schema import default_schema
from functions.domain.table import Table, is_blank
from functions.domain.tabs import METRICS as METRICS_TAB
from functions.metrics.arrows import FIGURES, Figure, change_text
from functions.metrics.compute import MonthMetrics

MONTH, UPDATED = "月份", "更新时间"
# Number columns beyond the six figures: (header, MonthMetrics attribute, decimals).
DETAILS: tuple[tuple[str, str, int], ...] = (
    ("纠纷按期化解率(%)", "disputes_on_time_rate", 1),
    ("服务时长(小时)", "service_hours", 1),
    ("孤独老人占比(%)", "lonely_share", 1),
    ("上门覆盖率(%)", "visit_coverage", 1),
    ("问候及时率(%)", "greeting_on_time", 1),
    ("求助平均解决天数", "request_days", 1),
    ("隐患平均整改天数", "patrol_days", 1),
    ("在岗志愿者(人)", "on_duty_volunteers", 0),
    ("月探访率", "monthly_visit_rate", 1),
)
NUMBER_COLUMNS = {f.header: (f.attr, f.decimals) for f in FIGURES} | {h: (a, d) for h, a, d in DETAILS}


def rounded(value: float | None, decimals: int) -> float | int | None:
    """A figure as stored in a cell: whole numbers as int, others rounded; None stays an empty cell."""
    if value is None:
        return None
    return int(round(value)) if decimals == 0 else round(float(value), decimals)


def metrics_values(metrics: MonthMetrics, now: dt.datetime) -> dict[str, Any]:
    """A month's 月度指标 cells by header (change columns left out)."""
    values: dict[str, Any] = {MONTH: metrics.month, UPDATED: now.strftime("%Y-%m-%d %H:%M")}
    for header, (attr, decimals) in NUMBER_COLUMNS.items():
        values[header] = rounded(getattr(metrics, attr), decimals)
    return values


def _number(raw: Any) -> float | int | None:
    if isinstance(raw, bool) or is_blank(raw):
        return None
    if isinstance(raw, (int, float)):
        return raw
    try:
        return float(str(raw).strip().rstrip("%"))
    except ValueError:
        return None


def _read_back(previous: Table | None) -> dict[str, dict[str, Any]]:
    kept: dict[str, dict[str, Any]] = {}
    for row in previous.rows if previous else []:
        month = parse_month(row.get(MONTH))
        if month is None or month in kept:  # no month (or a repeated one): nothing to key it by
            continue
        values = dict(row.values)
        values[MONTH] = month
        for header in NUMBER_COLUMNS:
            values[header] = _number(row.get(header))
        kept[month] = values
    return kept


def _change(values: dict[str, Any], before: dict[str, Any] | None, figure: Figure) -> str:
    return change_text(values.get(figure.header), before.get(figure.header) if before else None, figure)


def metrics_rows(previous: Table | None, computed: dict[str, MonthMetrics], now: dt.datetime) -> list[list[Any]]:
    """The whole 月度指标 data rows in schema order, newest month first.

    Months in `computed` replace their row; other months are kept with the figures read back. Every
    change column is recomputed against the calendar month before (“—” when that month has no row), so
    a corrected month also corrects the next month's arrows.
    """
    months = _read_back(previous)
    for month, metrics in computed.items():
        months[month] = metrics_values(metrics, now)
    headers = default_schema()[METRICS_TAB].headers
    rows: list[list[Any]] = []
    for month in sorted(months, reverse=True):
        values = dict(months[month])
        before = months.get(previous_month(month))
        for figure in FIGURES:
            values[figure.change_header] = _change(values, before, figure)
        rows.append([values.get(h) for h in headers])
    return rows
