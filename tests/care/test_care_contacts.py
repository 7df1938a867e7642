"""Contact rules: late greetings and visits, never contacted, pauses, concerns, pairing, loneliness."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from functions.care.alerts import compute_alerts
from functions.care.contacts import contacts_due
from functions.domain.model import Record
from tests.support.care_world import TODAY, alerts, contact, day, elder, levels, settings, volunteer, world
from tests.support.records import complete


def phone_daily(eid: str = "E0001") -> list:
    """A phone call every day for the last month: greetings never late, visits not counted."""
    return [contact(day(-i), eid, way="电话问候") for i in range(30)]


@pytest.mark.parametrize(("days", "expected"), [(1, []), (2, []), (3, ["黄"]), (4, ["黄"]), (5, ["红"])])
def test_greeting_high_level_every_two_days_escalates_beyond_twice(days, expected):
    parsed = world(contacts=[contact(day(-days))])  # an in-person visit, so only greeting can be late
    assert levels(parsed, kind="问候逾期") == expected


def test_greeting_alert_names_buddy_days_and_interval():
    (alert,) = alerts(world(contacts=[contact(day(-9), way="电话问候")], elders=[elder(level="中")]), kind="问候逾期")
    assert (alert.level, alert.owner, alert.owner_id, alert.days_late) == ("黄", "李梅(V001)", "V001", 2)
    assert alert.reason.startswith("已 9 天没有问候（中等级要求每 7 天一次）")
    assert alert.due == "" and alert.object_name == "王秀英" and alert.building == "12栋"


@pytest.mark.parametrize(("days", "expected"), [(6, []), (7, []), (8, ["黄"]), (14, ["黄"]), (15, ["红"])])
def test_visit_counts_every_way_but_phone(days, expected):
    contacts = phone_daily() + [contact(day(-days), way="送餐")]
    assert levels(world(contacts=contacts), kind="走访逾期") == expected
    assert levels(world(contacts=contacts), kind="问候逾期") == []


def test_elders_own_visit_interval_overrides_level():
    contacts = phone_daily() + [contact(day(-4))]
    parsed = world(elders=[elder(**{"走访间隔(天)": 3})], contacts=contacts)
    (alert,) = alerts(parsed, kind="走访逾期")
    assert alert.level == "黄" and "本人设定每 3 天一次" in alert.reason


def test_escalation_multiplier_from_settings():
    parsed = world(contacts=[contact(day(-5))])
    assert levels(parsed, kind="问候逾期") == ["红"]
    assert levels(parsed, kind="问候逾期", conf=settings(**{"升级倍数": 3})) == ["黄"]
    assert levels(parsed, kind="问候逾期", conf=settings(**{"高等级问候间隔(天)": 5})) == []


def test_never_contacted_is_red_once():
    found = alerts(world(contacts=[contact(day(-1), eid="E0002")]))
    assert [(a.kind, a.level, a.object_id) for a in found] == [("从未联系", "红", "E0001")]


def test_phone_only_elder_gets_visit_alert_counted_from_first_contact():
    parsed = world(contacts=[contact(day(-i), way="电话问候") for i in range(9)])
    (alert,) = alerts(parsed, kind="走访逾期")
    assert alert.level == "黄" and "还没有上门走访过" in alert.reason


@pytest.mark.parametrize(("until", "expected"), [(-1, ["从未联系"]), (0, []), (1, [])])
def test_hospital_pause_lasts_through_the_date(until, expected):
    parsed = world(elders=[elder(status="住院", 暂停至=day(until))], contacts=[])
    assert [a.kind for a in alerts(parsed)] == expected


@pytest.mark.parametrize(("until", "expected"), [(-1, []), (-3, []), (-4, ["黄"]), (-6, ["红"])])
def test_after_a_pause_the_greeting_clock_starts_on_the_day_back(until, expected):
    parsed = world(elders=[elder(status="住院", 暂停至=day(until))], contacts=[contact(day(-20))])
    found = alerts(parsed, kind="问候逾期")
    assert [a.level for a in found] == expected  # 高: every 2 days, counted from 暂停至, not from 20 days ago
    if found:
        assert "回来后已" in found[0].reason


def test_in_hospital_without_an_end_date_is_paused_but_flagged():
    parsed = world(elders=[elder(status="住院")], contacts=[contact(day(-20))])
    assert [(a.kind, a.level) for a in alerts(parsed)] == [("暂停未填日期", "黄")]


@pytest.mark.parametrize("status", ["已故", "迁出"])
def test_deceased_or_moved_elders_get_no_alert_at_all(status):
    assert alerts(world(elders=[elder(status=status, buddy=None)])) == []


def test_bad_pause_date_or_status_never_hides_an_alert():
    bad_until = elder(status="外出", bad=("暂停至",))
    bad_status = elder(eid="E0002", bad=("状态",))
    found = alerts(world(elders=[bad_until, bad_status]), kind="从未联系")
    assert sorted(a.object_id for a in found) == ["E0001", "E0002"]


def test_blank_pause_date_keeps_elder_paused():
    assert alerts(world(elders=[elder(status="住院")]), kind="从未联系") == []


def test_contact_with_bad_date_or_elder_does_not_count():
    contacts = [contact(day(-10)), contact(None, bad=("日期",)), contact(day(0), eid=None, bad=("老人编号",))]
    assert levels(world(contacts=contacts), kind="问候逾期") == ["红"]


def test_future_dated_contact_does_not_hide_a_late_greeting():
    assert levels(world(contacts=[contact(day(-10)), contact(day(30))]), kind="问候逾期") == ["红"]


def test_bad_care_level_gets_the_strictest_intervals():
    parsed = world(elders=[elder(level=None, bad=("关爱等级",))], contacts=[contact(day(-3))])
    assert levels(parsed, kind="问候逾期") == ["黄"]
    reason = alerts(parsed, kind="问候逾期")[0].reason
    assert "关爱等级没填好，暂按高等级要求每 2 天一次" in reason  # says why, so the volunteer fixes the cell


def test_time_zone_contact_at_2330_shanghai_counts_that_day():
    shanghai = ZoneInfo(settings()["时区"])
    logged = dt.datetime(2026, 11, 29, 15, 30, tzinfo=dt.UTC).astimezone(shanghai)  # 23:30 in Shanghai
    assert logged.hour == 23
    parsed = world(contacts=[contact(day(-5)), contact(logged.date())])
    assert alerts(parsed, today=logged.date(), kind="问候逾期") == []
    # at 00:10 on the 30th in Shanghai it is still the 29th in UTC: the community's date must be used
    run = dt.datetime(2026, 11, 29, 16, 10, tzinfo=dt.UTC)
    parsed = world(contacts=[contact(dt.date(2026, 11, 27))])
    assert levels(parsed, today=run.astimezone(shanghai).date(), kind="问候逾期") == ["黄"]
    assert levels(parsed, today=run.date(), kind="问候逾期") == []


def test_contacts_due_within_two_days_for_the_volunteer_digest():
    parsed = world(
        elders=[elder(), elder("E0002", level="中"), elder("E0003", buddy="V009")],
        contacts=[contact(day(-1)), contact(day(-7), "E0002"), contact(day(-2), "E0003", way="电话问候")],
    )
    due = contacts_due(parsed, settings(), TODAY)
    assert ("E0001", "V001", "问候", day(1)) in due
    assert ("E0002", "V001", "问候", day(0)) in due
    assert ("E0003", None, "问候", day(0)) in due  # unknown buddy: nobody named
    assert all(TODAY <= d[3] <= day(2) for d in due)
    assert not any(d[0] == "E0002" and d[2] == "走访" for d in due)  # 中 visit due in 7 days
    assert contacts_due(parsed, settings(), TODAY, within_days=0) == [d for d in due if d[3] == TODAY]


def test_concern_is_red_until_a_later_day_contact():
    flagged = contact(day(-1), follow="是")
    (alert,) = alerts(world(contacts=[contact(day(-1)), flagged]), kind="需跟进")
    assert alert.level == "红" and alert.due == day(-1).isoformat() and "睡不好" not in alert.reason
    assert alerts(world(contacts=[flagged, contact(day(-1), way="电话问候")]), kind="需跟进") != []
    assert alerts(world(contacts=[flagged, contact(day(0), way="电话问候")]), kind="需跟进") == []


@pytest.mark.parametrize(
    ("level", "buddy", "status", "expected"),
    [
        ("高", None, "在岗", ["橙"]),
        ("中", "V001", "退出", ["橙"]),
        ("中", "V001", "暂停", ["橙"]),
        ("高", "V404", "在岗", ["橙"]),
        ("低", None, "在岗", []),
        ("高", "V001", "在岗", []),
    ],
)
def test_pairing(level, buddy, status, expected):
    parsed = world(
        elders=[elder(level=level, buddy=buddy)], volunteers=[volunteer(status=status)], contacts=[contact(day(0))]
    )
    assert levels(parsed, kind="未结对") == expected
    if expected:
        assert alerts(parsed, kind="未结对")[0].owner == "书记"  # nobody covers 12栋 here


SOMETIMES, OFTEN, HARDLY = "有时", "经常", "几乎没有"


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ((SOMETIMES, SOMETIMES, HARDLY), []),
        ((SOMETIMES, SOMETIMES, SOMETIMES), ["橙"]),
        ((OFTEN, OFTEN, OFTEN), ["橙"]),
    ],
)
def test_loneliness_threshold_six(answers, expected):
    assert levels(world(contacts=[contact(day(-1), items=answers)]), kind="孤独感") == expected


def test_loneliness_uses_latest_assessment_and_reports_rising_trend():
    rising = [
        contact(day(-30), items=(HARDLY, SOMETIMES, HARDLY)),
        contact(day(-20), items=(SOMETIMES, SOMETIMES, HARDLY)),
        contact(day(-10), items=(OFTEN, SOMETIMES, SOMETIMES)),
        contact(day(-1), items=(OFTEN, None, None)),
    ]
    (alert,) = alerts(world(contacts=rising), kind="孤独感")
    assert "7 分" in alert.reason and "持续上升（4→5→7）" in alert.reason
    better = rising + [contact(day(0), items=(SOMETIMES, HARDLY, HARDLY))]
    assert alerts(world(contacts=better), kind="孤独感") == []
    flat = [contact(day(-10), items=(OFTEN, OFTEN, OFTEN)), contact(day(-1), items=(OFTEN, OFTEN, OFTEN))]
    assert "上升" not in alerts(world(contacts=flat), kind="孤独感")[0].reason


def test_an_elder_whose_id_repeats_another_is_reported_not_dropped():
    first, second = elder(eid="E0001", name="张桂兰"), elder(eid="E0001", name="李秀英")
    second.number = first.number + 5
    parsed = world(elders=[first, second], contacts=[contact(day(-1))])
    duplicate = alerts(parsed, kind="编号重复")
    assert [(a.level, a.object_name, a.due) for a in duplicate] == [("红", "李秀英", f"第{second.number}行")]
    assert f"和第 {first.number} 行的张桂兰重复" in duplicate[0].reason


def _as_parse_table_leaves_them(parsed):
    """The records as parse_table builds them: a blank cell is absent from its record, not None."""
    return {
        title: [Record(r.number, {k: v for k, v in r.items() if v is not None}, r.bad, title) for r in rows]
        for title, rows in parsed.items()
    }


def test_loneliness_and_findings_read_the_same_whether_blank_cells_are_absent_or_none():
    # Most contacts have no answers: the scans skip them at C speed by the first answer's absence; an
    # unreadable first answer (absent too, but marked bad) still counts as 经常.
    many = [contact(day(-60 + i), way="电话问候") for i in range(50)]
    assessed = [
        contact(day(-45), items=(HARDLY, HARDLY, HARDLY)),
        contact(day(-30), items=(SOMETIMES, SOMETIMES, HARDLY)),
        contact(day(-5), items=(None, SOMETIMES, OFTEN), bad=("缺少陪伴",)),
    ]
    findings = [contact(day(-20)), contact(day(-9))]
    findings[0]["居住安全"], findings[1]["身体状况"], findings[1]["需求转介"] = "有隐患", "较差", "有"
    parsed = complete(world(contacts=sorted(many + assessed + findings, key=lambda c: c["日期"])))
    expected = compute_alerts(parsed, settings(), TODAY)
    assert {a.kind for a in expected} >= {"孤独感", "走访发现", "需求转介"}
    (lonely,) = [a for a in expected if a.kind == "孤独感"]
    assert "8 分" in lonely.reason and "按“经常”计" in lonely.reason and "持续上升（3→5→8）" in lonely.reason
    assert compute_alerts(_as_parse_table_leaves_them(parsed), settings(), TODAY) == expected
