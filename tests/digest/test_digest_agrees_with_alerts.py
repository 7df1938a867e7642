"""The secretary's digest and the 提醒 tab apply the same rules: meal gaps, and which row an 编号 means."""

from __future__ import annotations

import dataclasses
import datetime as dt

from functions.care.alerts import compute_alerts
from functions.digest.secretary import day_label, secretary_context
from functions.domain.model import Record
from functions.domain.privacy import mask_phone
from tests.support import TODAY
from tests.support.demo_community import demo
from tests.support.digest_sample import sample_link, sample_night


def test_the_digest_lists_exactly_the_meal_gaps_the_alerts_raise_on_the_demo():
    result, _, _ = demo()
    alerts = [a for a in compute_alerts(result.parsed, result.settings, TODAY) if a.kind == "送餐缺人"]
    digest = secretary_context(alerts, [], result.parsed, result.settings, TODAY, sample_link, None)
    from_alerts = {(a.object_id, day_label(dt.date.fromisoformat(a.due))) for a in alerts}
    from_digest = {(m["elder_id"], m["date"]) for m in digest["meal_gaps"]}
    assert from_alerts and from_digest == from_alerts


def test_a_repeated_elder_id_shows_the_first_rows_phone_as_the_alerts_use_the_first_row():
    night = sample_night()
    elders = night.parsed["老人档案"]
    first = elders[0]
    later = Record(len(elders) + 2, {**first.values, "联系电话": "13900009999"}, tab="老人档案")
    parsed = {**night.parsed, "老人档案": [*elders, later]}
    red = dataclasses.replace(night.alerts[0], level="红", object_id=first["编号"])
    context = secretary_context([red], [], parsed, night.settings, night.today, sample_link, None)
    assert context["sections"][0]["items"][0]["phone"] == mask_phone(first["联系电话"]) != mask_phone("13900009999")
