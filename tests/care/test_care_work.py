"""Help requests, meal-rota gaps and meals not delivered."""

from __future__ import annotations

import pytest

from tests.support.care_world import alerts, day, elder, levels, record, settings, volunteer, world


def request(
    age: int,
    status: str = "待处理",
    kind: str = "就医",
    owner: str | None = "V001",
    eid: str = "E0001",
    rid: str = "R0001",
):
    """A 需求登记 row registered `age` days ago."""
    return record(
        {
            "编号": rid,
            "登记日期": day(-age),
            "老人编号": eid,
            "求助人": "女儿",
            "类型": kind,
            "描述": "需要陪同去市一医院眼科复查",
            "负责人": owner,
            "状态": status,
            "解决日期": None,
        }
    )


def slot(offset: int, meal: str = "午餐", vid: str | None = "V001", delivered: str | None = None, eid: str = "E0001"):
    """A 送餐排班 row."""
    return record({"日期": day(offset), "老人编号": eid, "志愿者编号": vid, "餐次": meal, "已送达": delivered})


@pytest.mark.parametrize(
    ("age", "status", "expected"),
    [
        (3, "待处理", []),
        (4, "待处理", ["橙"]),
        (6, "待处理", ["橙"]),
        (7, "待处理", ["红"]),
        (5, "处理中", []),
        (6, "处理中", []),
        (7, "处理中", ["红"]),
        (30, "已解决", []),
    ],
)
def test_request_overdue(age, status, expected):
    assert levels(world(requests=[request(age, status)]), kind="求助超期") == expected


def test_request_threshold_comes_from_settings():
    conf = settings(**{"需求超期天数": 5})
    assert levels(world(requests=[request(6)]), kind="求助超期", conf=conf) == ["橙"]
    assert levels(world(requests=[request(5)]), kind="求助超期", conf=conf) == []


def test_request_without_owner_is_orange_and_says_why():
    (alert,) = alerts(world(requests=[request(0, owner=None)]), kind="求助无人负责")
    assert (alert.level, alert.owner, alert.object_name) == ("橙", "书记", "王秀英")
    assert "还没有负责人" in alert.reason and "眼科" not in alert.reason
    parsed = world(requests=[request(0)], volunteers=[volunteer(status="退出")])
    assert "负责人 李梅(V001) 已退出" in alerts(parsed, kind="求助无人负责")[0].reason
    (late,) = alerts(world(requests=[request(9, owner=None)]), kind="求助超期")
    assert late.level == "红" and "还没有负责人" in late.reason


def meal_world(slots, status="处理中"):
    """An elder with an open 送餐 request since a week ago and the given rota."""
    return world(requests=[request(7, status=status, kind="送餐")], meals=slots)


def test_meal_rota_gaps_per_day_red_for_today_and_tomorrow():
    slots = [slot(0), slot(0, "晚餐"), slot(1, vid=None), slot(1, "晚餐"), slot(3, vid=None), slot(3, "晚餐", vid=None)]
    found = alerts(meal_world(slots), kind="送餐缺人")
    summary = sorted((a.due, a.level, a.reason) for a in found)
    assert summary == [
        (day(1).isoformat(), "红", "11月30日（明天）午餐还没有安排送餐志愿者"),
        (day(2).isoformat(), "橙", "12月1日（后天）还没有送餐排班"),
        (day(3).isoformat(), "橙", "12月2日（3 天后）午餐、晚餐还没有安排送餐志愿者"),
    ]


def test_meal_rota_today_missing_is_red_and_closed_request_stops_it():
    assert levels(meal_world([]), kind="送餐缺人") == ["红", "红", "橙", "橙"]
    assert alerts(meal_world([], status="已解决"), kind="送餐缺人") == []


def test_meal_rota_volunteer_who_left_is_a_gap():
    parsed = meal_world([slot(i) for i in range(4)])
    assert alerts(parsed, kind="送餐缺人") == []
    parsed["志愿者"] = [volunteer(status="退出")]
    assert len(alerts(parsed, kind="送餐缺人")) == 4


def test_meal_rota_skips_days_the_elder_is_in_hospital():
    parsed = meal_world([])
    parsed["老人档案"] = [elder(status="住院", 暂停至=day(1))]
    assert [a.due for a in alerts(parsed, kind="送餐缺人")] == [day(2).isoformat(), day(3).isoformat()]


@pytest.mark.parametrize(("delivered", "expected"), [("是", []), ("否", ["橙"]), (None, ["橙"])])
def test_past_meal_not_delivered(delivered, expected):
    parsed = meal_world([slot(-2, "晚餐", delivered=delivered), slot(0, delivered=None)])
    found = alerts(parsed, kind="送餐未送达")
    assert [a.level for a in found] == expected
    if found:
        assert (
            found[0].due == f"{day(-2).isoformat()}晚餐" and found[0].days_late == 2 and found[0].owner == "李梅(V001)"
        )


def test_a_request_keeps_one_identity_when_it_goes_from_no_owner_to_overdue():
    from functions.domain.schema import default_schema
    from functions.domain.table import build_table
    from functions.sheets_out.alerts_tab import alert_rows

    headers = default_schema()["提醒"].headers
    (before,) = [a for a in alerts(world(requests=[request(3, owner=None)])) if a.source_tab == "需求登记"]
    (after,) = [a for a in alerts(world(requests=[request(4, owner=None)])) if a.source_tab == "需求登记"]
    assert (before.kind, after.kind) == ("求助无人负责", "求助超期") and before.identity == after.identity
    rows = alert_rows([before], None, day(-1))
    rows[0][headers.index("处理情况")] = "已找王芳，周一去"
    kept = alert_rows([after], build_table("提醒", [headers, *rows], default_schema()["提醒"]), day(0))
    assert kept[0][headers.index("处理情况")] == "已找王芳，周一去" and kept[0][headers.index("首次提醒")] == day(-1)


def test_past_meals_only_of_the_last_week_and_a_delivered_duplicate_counts():
    old = slot(-8, "晚餐")  # more than a week ago: history, not a task
    twice = [slot(-1, "午餐", delivered="是"), slot(-1, "午餐", vid="V002")]  # the same lunch, one row marked 是
    assert alerts(meal_world([old, *twice]), kind="送餐未送达") == []


def test_a_past_meal_on_a_day_in_hospital_is_no_gap_and_an_empty_slot_goes_to_the_requests_owner():
    parsed = meal_world([slot(-3, vid=None), slot(-1, vid=None)])
    parsed["老人档案"] = [elder(status="住院", 暂停至=day(-2))]  # in hospital until the day before yesterday
    (alert,) = alerts(parsed, kind="送餐未送达")
    assert alert.due.startswith(day(-1).isoformat()) and alert.owner_id == "V001"  # the 送餐 request's 负责人
