"""compute_alerts: every care rule over the parsed tables, one sorted list of alerts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from functions.care.attempts import Attempt, retry_alerts
from functions.care.campaigns import campaign_alerts
from functions.care.cases import complaint_alerts, mediation_alerts, patrol_alerts
from functions.care.contacts import concern_alerts, contact_alerts, contacts_due, loneliness_alerts, pairing_alerts
from functions.care.festivals import birthday_alerts, festival_alerts
from functions.care.findings import finding_alerts, referral_alerts
from functions.care.identity import duplicate_elder_alerts, open_pause_alerts
from functions.care.major_change import major_change_alerts
from functions.care.monthly_visits import monthly_visit_alerts
from functions.care.work import meal_delivery_alerts, meal_gap_alerts, request_alerts
from functions.domain.care_context import CareContext, build_context
from functions.domain.model import Alert, Parsed
from functions.domain.settings import Settings

__all__ = ["RULES", "compute_alerts", "contacts_due"]

RULES: tuple[Callable[[CareContext], list[Alert]], ...] = (
    duplicate_elder_alerts,
    open_pause_alerts,
    contact_alerts,
    concern_alerts,
    pairing_alerts,
    loneliness_alerts,
    festival_alerts,
    birthday_alerts,
    request_alerts,
    meal_gap_alerts,
    meal_delivery_alerts,
    mediation_alerts,
    patrol_alerts,
    complaint_alerts,
    monthly_visit_alerts,  # 探访关爱 (issue 15)
    major_change_alerts,
    finding_alerts,
    referral_alerts,
    campaign_alerts,
)


def compute_alerts(
    parsed: Parsed, settings: Settings, today: dt.date, attempts: tuple[Attempt, ...] = ()
) -> list[Alert]:
    """Every late thing as of today, sorted by Alert.sort_key (红 first); one alert per identity.

    attempts: the one-tap 没联系上 of the last days (from 运行记录), each a reminder the next day.
    """
    ctx = build_context(parsed, settings, today)
    found = [a for rule in RULES for a in rule(ctx)] + retry_alerts(ctx, attempts)
    alerts = sorted(found, key=lambda a: a.sort_key)
    seen: set[str] = set()
    unique = []
    for alert in alerts:  # duplicated 编号 or rota rows: keep the most urgent of the same identity
        if alert.identity not in seen:
            seen.add(alert.identity)
            unique.append(alert)
    return unique
