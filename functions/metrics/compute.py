"""Monthly “三升三降” and care-coverage figures: pure functions from parsed tabs, settings and a month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from functions.domain.care_context import first_by_id
from functions.domain.model import Parsed, Record
from functions.domain.months import month_bounds
from functions.domain.settings import Settings
from functions.domain.tabs import ELDERS, VOLUNTEERS
from functions.metrics.care import care_coverage, mean_days
from functions.metrics.figures import disputes, fee_rate, loneliness, on_duty, participation, volunteers
from functions.metrics.index import build_index
from functions.metrics.visit_rate import campaigns_in_month, visit_rate


@dataclass(frozen=True)
class MonthMetrics:
    """Every figure of one month; None where the month has nothing to compute it from (shown “—”)."""

    month: str  # YYYY-MM
    participants: int
    participation_rate: float | None  # % of 常住人口
    disputes: int
    disputes_on_time_rate: float | None  # % of the month's disputes 已化解 within 纠纷超期天数
    fee_rate: float | None  # % 已缴户数/应缴户数
    complaints: int
    volunteers: int
    service_hours: float
    lonely_assessed: int  # 独居/孤寡/失独 elders with a full UCLA-3 assessment in the month
    loneliness_mean: float | None  # 3–9
    lonely_share: float | None  # % at or above 孤独感阈值
    active_elders: int
    visit_coverage: float | None  # % of active elders with an in-person contact
    greeting_on_time: float | None  # % of active elders whose longest gap stayed within 问候间隔
    request_days: float | None  # mean days to resolve the help requests resolved in the month
    patrol_days: float | None  # mean days to fix the patrol findings fixed in the month
    on_duty_volunteers: int = 0  # 在岗 at the month's end (by their current 状态), whether they logged anything
    visit_scope: int = 0  # 探访对象 在家 on some day of the month
    visit_reached: int = 0  # of them, visited (探访) at least once in the month
    monthly_visit_rate: float | None = None  # 月探访率 %
    not_visited: tuple[str, ...] = ()  # 编号 of the 探访对象 not visited
    campaigns: tuple[tuple[str, int, int], ...] = ()  # 专项走访 running in the month: (名称, reached, targets)


def _elders(parsed: Parsed) -> dict[str, Record]:
    return first_by_id(parsed.get(ELDERS, []))  # a duplicated 编号 is a validation error; first row counts


def metrics_for_months(
    parsed: Parsed, settings: Settings, months: Iterable[str], today: dt.date | None = None
) -> dict[str, MonthMetrics]:
    """The figures of several months from one scan of the tabs.

    Dates are the community's own calendar dates as typed in the sheet. When `today` falls inside a
    month, its greeting gaps are measured up to today instead of the month's last day.
    """
    index = build_index(parsed)
    elders = _elders(parsed)
    result: dict[str, MonthMetrics] = {}
    for month in months:
        start, end = month_bounds(month)
        if today is not None and start <= today < end:
            end = today
        participants, rate = participation(index, month, settings["常住人口"])
        opened, on_time = disputes(index, month, settings["纠纷超期天数"])
        active_volunteers, hours = volunteers(index, month)
        assessed, lonely_mean, lonely_share = loneliness(index, month, elders, settings["孤独感阈值"])
        active, visits, greetings = care_coverage(index, month, start, end, elders, settings)
        visits_due = visit_rate(index, month, start, end, elders, settings)
        result[month] = MonthMetrics(
            month=month,
            participants=participants,
            participation_rate=rate,
            disputes=opened,
            disputes_on_time_rate=on_time,
            fee_rate=fee_rate(index, month),
            complaints=index.complaints.get(month, 0),
            volunteers=active_volunteers,
            service_hours=hours,
            lonely_assessed=assessed,
            loneliness_mean=lonely_mean,
            lonely_share=lonely_share,
            active_elders=active,
            visit_coverage=visits,
            greeting_on_time=greetings,
            request_days=mean_days(index.requests_resolved.get(month, []), "登记日期", "解决日期"),
            patrol_days=mean_days(index.patrols_fixed.get(month, []), "发现日期", "整改日期"),
            on_duty_volunteers=on_duty(parsed.get(VOLUNTEERS, []), month_bounds(month)[1]),
            visit_scope=visits_due.in_scope,
            visit_reached=visits_due.reached,
            monthly_visit_rate=visits_due.rate,
            not_visited=visits_due.not_reached,
            campaigns=campaigns_in_month(parsed, settings, start, end),
        )
    return result


def month_metrics(parsed: Parsed, settings: Settings, month: str, today: dt.date | None = None) -> MonthMetrics:
    """The figures of one 'YYYY-MM' month (see metrics_for_months; for many months call that once)."""
    return metrics_for_months(parsed, settings, [month], today)[month]


def months_with_data(parsed: Parsed) -> list[str]:
    """Every month, oldest first, holding a dated contact, activity, dispute, complaint, fee row,
    help request or patrol finding (registered or closed)."""
    return sorted(build_index(parsed).months)
