"""The small demo: every reminder names a person who hears of it, and the secretary's digest fits a phone."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from functions.care.alerts import compute_alerts
from functions.digest.render import compose_digests
from functions.digest.secretary_lists import reachable_volunteers
from functions.digest.volunteer import recipients
from functions.domain.schema import default_schema
from functions.sheets_out.alerts_tab import alert_rows
from functions.sheets_out.problems_tab import problem_rows
from tests.support import TODAY
from tests.support.demo_community import demo

PHONE_SCREENS_PX = 2500  # three screens of a phone 390 px wide
MEASURE = Path(__file__).resolve().parents[2] / "docs" / "measure_digest.py"


def no_link(tab: str, row: int | None) -> None:
    """The xlsx backend: no deep links."""


@lru_cache(maxsize=1)
def night():
    """(alerts, mails) of the demo's night."""
    result, _, _ = demo()
    alerts = compute_alerts(result.parsed, result.settings, TODAY)
    problems = problem_rows(result.problems, None, TODAY)
    mails = compose_digests(alerts, problems, result.parsed, result.settings, TODAY, no_link, "demo.xlsx")
    return result, alerts, mails


def test_no_reminder_in_the_demo_is_left_without_a_named_person():
    _, alerts, _ = night()
    headers = default_schema()["提醒"].headers
    rows = alert_rows(alerts, None, TODAY)
    owners = [row[headers.index("负责人")] for row in rows]
    assert len(rows) > 80 and all(owner and owner != "未指定" for owner in owners)


def test_every_reminder_reaches_a_volunteers_daily_list_or_the_secretary():
    result, alerts, mails = night()
    by_vid = dict(recipients(result.parsed))
    text = {m.to: m.text for m in mails}
    secretary = text[result.settings.secretary_emails[0]]
    reachable = reachable_volunteers(result.parsed)
    to_volunteer = to_secretary = 0
    for alert in alerts:
        if alert.owner_id in reachable:
            assert alert.object_name in text[by_vid[alert.owner_id]], alert.identity
            to_volunteer += 1
        else:  # the secretary's own, or a volunteer without mail: listed, or counted by type
            listed = f"{alert.object_name}（{alert.object_id}）" in secretary or alert.object_id == alert.object_name
            counted = secretary.split("件没有列出：")[1]  # one entry per elder, counted under its first type
            kinds = {a.kind for a in alerts if a.object_id == alert.object_id}
            assert listed or any(f"{kind} " in counted for kind in kinds), alert.identity
            to_secretary += 1
    assert to_volunteer > 50 and to_secretary > 0
    assert to_volunteer + to_secretary == len(alerts)


def test_every_red_is_listed_or_counted_by_type_in_the_secretary_digest():
    result, alerts, mails = night()
    secretary = next(m for m in mails if m.kind == "secretary").text
    left = secretary.split("件没有列出：")[1].split("。")[0]
    for alert in (a for a in alerts if a.level == "红"):
        assert (
            f"{alert.object_name}（{alert.object_id}）" in secretary
            or alert.object_id in secretary
            or alert.kind in left
        )


def test_the_secretary_digest_fits_three_phone_screens_in_chromium():
    spec = importlib.util.spec_from_file_location("measure_digest", MEASURE)
    measure = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(measure)
    _, _, mails = night()
    html = next(m for m in mails if m.kind == "secretary").html
    assert 1000 < measure.height(html) <= PHONE_SCREENS_PX
