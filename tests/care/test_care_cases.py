"""Mediation, patrol findings and complaints."""

from __future__ import annotations

import pytest

from tests.support.care_world import alerts, day, levels, record, settings, world


def case(
    age: int,
    kind: str = "噪音扰民",
    status: str = "调解中",
    resolved: int | None = None,
    revisit: int | None = None,
    cid: str = "M0001",
):
    """A 纠纷调解 row registered `age` days ago."""
    return record(
        {
            "编号": cid,
            "登记日期": day(-age),
            "类型": kind,
            "楼栋": "7栋",
            "当事人": "张建国、刘芳",
            "调解人": "V001",
            "状态": status,
            "化解日期": None if resolved is None else day(-resolved),
            "回访日期": None if revisit is None else day(-revisit),
            "情况": "楼上装修半夜施工，双方争吵",
        }
    )


@pytest.mark.parametrize(("age", "expected"), [(29, []), (30, []), (31, ["橙"])])
def test_mediation_overdue(age, expected):
    assert levels(world(mediation=[case(age)]), kind="纠纷超期") == expected


def test_mediation_alert_is_named_neutrally():
    (alert,) = alerts(world(mediation=[case(40)]), kind="纠纷超期")
    assert (alert.object_name, alert.building, alert.days_late) == ("噪音扰民纠纷", "7栋", 10)
    assert "张建国" not in repr(alert) and "施工" not in repr(alert)


def test_open_domestic_violence_case_is_red_and_named_only_by_number():
    found = alerts(world(mediation=[case(2, kind="家庭暴力", cid="M0042")]))
    (alert,) = [a for a in found if a.object_id == "M0042"]
    assert (alert.level, alert.kind, alert.object_name, alert.building) == ("红", "家庭暴力", "家庭暴力案件", "")
    assert "7栋" not in alert.reason and "刘芳" not in repr(alert)
    assert alerts(world(mediation=[case(2, kind="家庭暴力", status="已转介")]), kind="家庭暴力") == []


@pytest.mark.parametrize(("resolved", "revisit", "expected"), [(14, None, []), (15, None, ["黄"]), (40, 20, [])])
def test_follow_up_visit_after_resolution(resolved, revisit, expected):
    parsed = world(mediation=[case(60, status="已化解", resolved=resolved, revisit=revisit)])
    assert levels(parsed, kind="待回访") == expected
    assert levels(parsed, kind="待回访", conf=settings(**{"回访期限(天)": 30})) == []


def finding(found: int, status: str, notified: int | None = None, pid: str = "P0001"):
    """A 安全巡查 row found `found` days ago."""
    return record(
        {
            "编号": pid,
            "发现日期": day(-found),
            "类型": "飞线充电",
            "位置": "5栋2单元",
            "发现人": "V001",
            "通知物业日期": None if notified is None else day(-notified),
            "整改日期": None,
            "状态": status,
        }
    )


@pytest.mark.parametrize(("found", "expected"), [(0, []), (1, []), (2, ["橙"])])
def test_patrol_not_passed_to_property_company(found, expected):
    assert levels(world(patrols=[finding(found, "待通知")]), kind="巡查待通知") == expected


@pytest.mark.parametrize(("notified", "expected"), [(7, []), (8, ["橙"]), (14, ["橙"]), (15, ["红"])])
def test_patrol_not_fixed_in_time(notified, expected):
    assert levels(world(patrols=[finding(20, "待整改", notified)]), kind="巡查待整改") == expected
    assert levels(world(elders=[], patrols=[finding(20, "已整改", notified)])) == []


def test_patrol_waiting_fix_without_notice_date_counts_from_finding():
    (alert,) = alerts(world(patrols=[finding(9, "待整改")]), kind="巡查待整改")
    assert alert.level == "橙" and "没有填写通知物业日期" in alert.reason and alert.building == "5栋2单元"


def complaint(age: int, status: str = "处理中"):
    """A 投诉 row received `age` days ago."""
    return record(
        {
            "编号": "C0001",
            "日期": day(-age),
            "渠道": "12345热线",
            "类别": "噪音",
            "摘要": "广场舞音响太响",
            "状态": status,
            "办结日期": None,
        }
    )


@pytest.mark.parametrize(
    ("age", "status", "expected"), [(15, "处理中", []), (16, "处理中", ["黄"]), (40, "已办结", [])]
)
def test_complaint_overdue(age, status, expected):
    assert levels(world(complaints=[complaint(age, status)]), kind="投诉超期") == expected


def test_dates_from_another_year_show_the_year():
    (alert,) = alerts(world(mediation=[case(500, status="已化解", resolved=400)]), kind="待回访")
    assert alert.reason.startswith("2025年10月25日化解") and alert.days_late == 386


def test_a_finding_left_at_待通知_though_the_company_was_told_is_judged_on_the_repair():
    found = [a for a in alerts(world(patrols=[finding(25, "待通知", notified=20)])) if a.source_tab == "安全巡查"]
    assert [(a.kind, a.level) for a in found] == [("巡查待整改", "红")]  # 20 days since notice, limit 7
    assert "通知物业已 20 天" in found[0].reason


def test_a_settled_case_without_its_date_is_still_followed_up_from_registration():
    (alert,) = alerts(world(mediation=[case(20, status="已化解")]), kind="待回访")
    assert alert.level == "黄" and alert.days_late == 6  # 20 days since registration, 14 allowed


def test_the_complaint_and_notice_limits_are_the_communitys_own_in_设置():
    strict = settings(**{"投诉办结期限(天)": 10, "巡查通知期限(天)": 0})
    assert levels(world(complaints=[complaint(11)]), kind="投诉超期", conf=strict) == ["黄"]
    assert levels(world(complaints=[complaint(11)]), kind="投诉超期") == []  # default 15
    assert levels(world(patrols=[finding(1, "待通知")]), kind="巡查待通知", conf=strict) == ["橙"]
    (alert,) = alerts(world(complaints=[complaint(12)]), kind="投诉超期", conf=strict)
    assert "要求 10 天内办结" in alert.reason and alert.days_late == 2
