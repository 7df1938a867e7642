"""探访关爱 rules at their boundaries: month-end 月探访, 重大变化走访, visit findings, referrals, 专项走访."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.care_world import alerts, contact, elder, levels, record, settings, world
from tests.support.records import complete

D = dt.date


def finding(when: dt.date, way: str = "上门走访", **found: str):
    """A 走访记录 row with visit findings (居住安全=…, 身体状况=…, 需求转介=…)."""
    row = contact(when, way=way)
    row.update(found)
    return row


# --- 月探访: the month's last 月探访提醒天数 days --------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 2, 23), []),  # 28 days: 24–28 are the last five
        (D(2026, 2, 24), ["黄"]),
        (D(2026, 2, 27), ["黄"]),
        (D(2026, 2, 28), ["红"]),
        (D(2026, 3, 1), []),
        (D(2026, 11, 25), []),  # 30 days
        (D(2026, 11, 26), ["黄"]),
        (D(2026, 11, 30), ["红"]),
        (D(2026, 12, 26), []),  # 31 days
        (D(2026, 12, 27), ["黄"]),
        (D(2026, 12, 31), ["红"]),
        (D(2027, 1, 1), []),
    ],
)
def test_month_end_visit_alert_days_in_months_of_28_30_and_31(today, expected):
    earlier = contact(today.replace(day=1) - dt.timedelta(days=2))  # last month: nothing yet this month
    assert levels(world(contacts=[earlier]), today=today, kind="月探访") == expected


def test_a_visit_this_month_clears_it_and_a_phone_call_counts_unless_the_setting_says_no():
    today = D(2026, 11, 28)
    old = contact(D(2026, 10, 20))
    assert alerts(world(contacts=[old, contact(D(2026, 11, 1))]), today=today, kind="月探访") == []
    phoned = [old, contact(D(2026, 11, 27), way="电话问候")]
    assert alerts(world(contacts=phoned), today=today, kind="月探访") == []
    (alert,) = alerts(world(contacts=phoned), today=today, kind="月探访", conf=settings(电话视频算探访="否"))
    assert alert.level == "黄" and "离月底还有 2 天" in alert.reason and alert.due == "2026-11"
    assert levels(world(contacts=[old]), today=today, kind="月探访", conf=settings(月探访提醒天数=2)) == []


def test_only_the_visit_scope_and_elders_at_home():
    today = D(2026, 11, 29)
    elders = [
        elder("E0001", category="其他"),
        elder("E0002", category="空巢"),
        elder("E0003", category="高龄", status="住院", 暂停至=today),  # a pause ending today: still away
        elder("E0004", category="独居", status="住院", 暂停至=today - dt.timedelta(days=1)),  # home today
        elder("E0005", category="孤寡", status="迁出"),
    ]
    contacts = [contact(D(2026, 10, 30), eid) for eid in ("E0001", "E0002", "E0003", "E0004", "E0005")]
    found = alerts(world(elders=elders, contacts=contacts), today=today, kind="月探访")
    assert sorted(a.object_id for a in found) == ["E0002", "E0004"]
    conf = settings(探访对象="独居,其他")
    found = alerts(world(elders=elders, contacts=contacts), today=today, kind="月探访", conf=conf)
    assert sorted(a.object_id for a in found) == ["E0001", "E0004"]


# --- 重大变化走访: home from hospital, a new file, a bad finding ---------------------------------------------


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(-1, []), (0, []), (1, ["橙"]), (2, ["橙"]), (3, ["红"]), (31, ["红"]), (32, [])],
)
def test_home_from_hospital_needs_a_home_visit_within_the_limit(offset, expected):
    until = D(2026, 11, 10)  # 暂停至: back home on the 11th, a visit due by the 12th
    today = until + dt.timedelta(days=offset)
    parsed = world(elders=[elder(status="住院", 暂停至=until)], contacts=[contact(D(2026, 11, 1))])
    assert levels(parsed, today=today, kind="重大变化走访") == expected


def test_hospital_return_reason_says_what_and_by_when_and_only_a_home_visit_after_it_clears():
    until, today = D(2026, 11, 10), D(2026, 11, 13)
    person = [elder(status="住院", 暂停至=until)]
    (alert,) = alerts(world(elders=person, contacts=[contact(D(2026, 11, 1))]), today=today, kind="重大变化走访")
    assert "11月11日出院回家" in alert.reason and "11月12日" in alert.reason and alert.days_late == 1
    phone = contact(D(2026, 11, 11), way="电话问候")
    assert levels(world(elders=person, contacts=[phone]), today=today, kind="重大变化走访") == ["红"]
    visit = contact(D(2026, 11, 11))
    assert alerts(world(elders=person, contacts=[visit]), today=today, kind="重大变化走访") == []
    assert levels(
        world(elders=person, contacts=[phone]),
        today=today,
        kind="重大变化走访",
        conf=settings(**{"重大变化走访时限(天)": 3}),
    ) == ["橙"]


@pytest.mark.parametrize(("offset", "expected"), [(0, ["橙"]), (1, ["橙"]), (2, ["红"]), (30, ["红"]), (31, [])])
def test_a_new_elder_gets_a_first_home_visit(offset, expected):
    registered = D(2026, 11, 2)
    today = registered + dt.timedelta(days=offset)
    parsed = world(elders=[elder(建档日期=registered)], contacts=[contact(registered, way="电话问候")])
    assert levels(parsed, today=today, kind="重大变化走访") == expected


@pytest.mark.parametrize(("offset", "expected"), [(0, ["橙"]), (1, ["橙"]), (2, ["红"])])
def test_a_hazard_found_needs_another_home_visit(offset, expected):
    found = D(2026, 11, 20)
    parsed = world(contacts=[finding(found, 居住安全="有隐患")])
    today = found + dt.timedelta(days=offset)
    assert levels(parsed, today=today, kind="重大变化走访") == expected
    assert levels(parsed, today=today, kind="走访发现") == ["红"]


def test_finding_red_names_no_private_text_and_clears_when_a_later_visit_finds_it_safe():
    found = D(2026, 11, 20)
    (alert,) = alerts(world(contacts=[finding(found, 身体状况="较差")]), today=D(2026, 11, 21), kind="走访发现")
    assert "身体状况较差" in alert.reason and "睡不好" not in alert.reason and alert.level == "红"
    safe = [finding(found, 居住安全="有隐患"), finding(D(2026, 11, 21), 居住安全="正常")]
    assert alerts(world(contacts=safe), today=D(2026, 11, 23), kind="走访发现") == []
    assert alerts(world(contacts=safe), today=D(2026, 11, 23), kind="重大变化走访") == []
    unsaid = [finding(found, 居住安全="有隐患"), contact(D(2026, 11, 21))]  # visited, hazard not recorded as fixed
    assert alerts(world(contacts=unsaid), today=D(2026, 11, 23), kind="重大变化走访") == []
    assert levels(world(contacts=unsaid), today=D(2026, 11, 23), kind="走访发现") == ["红"]
    same_day = [finding(found, 居住安全="有隐患"), contact(found)]  # same-day rows have no order: not a follow-up
    assert levels(world(contacts=same_day), today=D(2026, 11, 23), kind="重大变化走访") == ["红"]


@pytest.mark.parametrize(("offset", "expected"), [(2, []), (3, []), (4, ["橙"])])
def test_a_referral_must_reach_the_request_log_within_three_days(offset, expected):
    found = D(2026, 11, 20)
    parsed = world(contacts=[finding(found, 需求转介="有")])
    assert levels(parsed, today=found + dt.timedelta(days=offset), kind="需求转介") == expected


def test_a_request_on_or_after_the_referral_clears_it_one_before_does_not():
    found, today = D(2026, 11, 20), D(2026, 11, 28)
    logged = record({"编号": "R0001", "登记日期": found, "老人编号": "E0001", "状态": "待处理"})
    assert (
        alerts(world(contacts=[finding(found, 需求转介="有")], requests=[logged]), today=today, kind="需求转介") == []
    )
    older = record({"编号": "R0001", "登记日期": found - dt.timedelta(days=1), "老人编号": "E0001"})
    found_alerts = alerts(
        world(contacts=[finding(found, 需求转介="有")], requests=[older]), today=today, kind="需求转介"
    )
    assert [a.level for a in found_alerts] == ["橙"] and found_alerts[0].days_late == 5


# --- 专项走访 ------------------------------------------------------------------------------------------------


def campaign(start: dt.date, deadline: dt.date, **more):
    """A 专项走访 row."""
    values = {"编号": "ZX001", "名称": "寒潮走访", "开始日期": start, "截止日期": deadline}
    values.update(more)
    return record(values)


def with_campaign(row, contacts, elders=None):
    parsed = world(elders=elders, contacts=contacts)
    parsed["专项走访"] = complete({"专项走访": [row]})["专项走访"]
    return parsed


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 11, 19), []),
        (D(2026, 11, 20), ["黄"]),  # the campaign starts today
        (D(2026, 11, 21), ["黄"]),
        (D(2026, 11, 22), ["橙"]),  # the day before 截止日期
        (D(2026, 11, 23), ["红"]),  # 截止日期
        (D(2026, 11, 30), ["红"]),
        (D(2026, 12, 1), []),  # a week after: over, its figure is in the month's report
    ],
)
def test_campaign_levels_around_start_and_deadline(today, expected):
    start, deadline = D(2026, 11, 20), D(2026, 11, 23)
    before = contact(D(2026, 11, 19))  # the day before it started: does not count
    assert levels(with_campaign(campaign(start, deadline), [before]), today=today, kind="专项走访") == expected


def test_campaign_targets_and_counting_ways():
    start, today = D(2026, 11, 20), D(2026, 11, 21)
    elders = [
        elder("E0001", category="独居", level="高"),
        elder("E0002", category="空巢", level="高"),
        elder("E0003", category="独居", level="低"),
    ]
    contacts = [contact(start, "E0003", way="电话问候")]
    row = campaign(start, D(2026, 11, 23), 对象类别="独居", 对象等级="高,低")
    found = alerts(with_campaign(row, contacts, elders), today=today, kind="专项走访")
    assert [a.object_id for a in found] == ["E0001"]  # E0003's call on the start day counts
    row = campaign(start, D(2026, 11, 23), 对象类别="独居", 计入方式="上门走访")
    found = alerts(with_campaign(row, contacts, elders), today=today, kind="专项走访")
    assert sorted(a.object_id for a in found) == ["E0001", "E0003"]
    assert "寒潮走访" in found[0].reason and "11月23日截止，还有 2 天" in found[0].reason


@pytest.mark.parametrize(
    ("typed", "counts"), [("是", True), ("算", True), ("否", False), ("不算", False), ("N", False)]
)
def test_phone_setting_reads_yes_and_no_words(typed, counts):
    assert settings(电话视频算探访=typed)["电话视频算探访"] is counts


def test_a_phone_setting_that_is_neither_falls_back_to_yes_with_a_warning():
    conf = settings(电话视频算探访="看情况")
    assert conf["电话视频算探访"] is True
    assert [key for key, _, _ in conf.problems] == ["电话视频算探访"]
