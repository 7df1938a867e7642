"""The alert rules on the small demo community, read and validated like a real workbook."""

from __future__ import annotations

import dataclasses

from functions.care.alerts import compute_alerts
from functions.domain.schema import default_schema
from functions.domain.table import build_table
from functions.sheets_out.alerts_tab import alert_rows
from tests.support import TODAY
from tests.support.demo_community import demo


def test_planted_birthdays_each_get_their_birthday_alert():
    result, stories, _ = demo()
    assert stories.birthdays
    found = {a.object_id: a.due for a in compute_alerts(result.parsed, result.settings, TODAY) if a.kind == "寿辰"}
    assert {eid: f"{age}岁" for eid, age in stories.birthdays.items()}.items() <= found.items()


def test_demo_alerts_never_carry_sensitive_text():
    result, _, secrets = demo()
    alerts = compute_alerts(result.parsed, result.settings, TODAY)
    assert len(alerts) > 20 and len(secrets) > 20
    for alert in alerts:
        text = " ".join(str(v) for v in dataclasses.asdict(alert).values())
        assert not any(secret in text for secret in secrets), alert.identity


def test_rewriting_the_tab_is_stable_run_after_run():
    result, _, _ = demo()
    alerts = compute_alerts(result.parsed, result.settings, TODAY)
    first = alert_rows(alerts, None, TODAY)
    tab = default_schema()["提醒"]
    again = alert_rows(
        compute_alerts(result.parsed, result.settings, TODAY), build_table("提醒", [tab.headers] + first, tab), TODAY
    )
    assert again == first
    identity = tab.headers.index("提醒标识")
    assert len({row[identity] for row in first}) == len(first)  # one row per 提醒标识


def test_the_demo_community_closes_help_requests_within_days_and_keeps_a_few_late():
    result, _, _ = demo()
    requests = result.parsed["需求登记"]
    solved = [r for r in requests if r["状态"] == "已解决" and r["解决日期"] and r["登记日期"]]
    days = sorted((r["解决日期"] - r["登记日期"]).days for r in solved)
    assert len(solved) > 0.9 * len(requests) and days[len(days) // 2] <= 3  # the median request: a few days
    open_ages = [(TODAY - r["登记日期"]).days for r in requests if r["状态"] != "已解决" and r["登记日期"]]
    assert open_ages and max(open_ages) <= 21  # no year-old backlog
    late = [a for a in compute_alerts(result.parsed, result.settings, TODAY) if a.kind == "求助超期"]
    assert 3 <= len(late) <= 8 and max(a.days_late for a in late) <= 18
