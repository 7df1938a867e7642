"""Who hears of each reminder: the item's own person, the building's volunteer, the secretary, and why."""

from __future__ import annotations

import pytest

from functions.care.contacts import contacts_due
from functions.domain.routing import (
    build_routing,
    building_key,
    building_volunteer,
    uncovered_buildings,
    volunteers_by_id,
)
from functions.validation.coverage import coverage_problems
from tests.care.test_care_cases import case, complaint, finding
from tests.care.test_care_work import request, slot
from tests.support.care_world import TODAY, alerts, contact, day, elder, record, settings, volunteer, world

GRID = volunteer("V006", "张红", buildings="12栋,15栋")


def test_an_available_buddy_keeps_the_item_and_the_reason_says_nothing_more():
    (alert,) = alerts(world(volunteers=[volunteer(), GRID], contacts=[contact(day(-4))]), kind="问候逾期")
    assert (alert.owner, alert.owner_id) == ("李梅(V001)", "V001")
    assert "负责" not in alert.reason


def test_a_paused_buddy_hands_over_to_the_building_volunteer_and_says_so():
    parsed = world(volunteers=[volunteer(status="暂停"), GRID], contacts=[contact(day(-4))])
    (alert,) = alerts(parsed, kind="问候逾期")
    assert (alert.owner, alert.owner_id) == ("张红(V006)", "V006")
    assert alert.reason.endswith("结对志愿者 李梅(V001) 已暂停，由 12栋 网格员 张红(V006) 负责")


def test_nobody_covering_the_building_falls_to_the_secretary_with_both_reasons():
    parsed = world(elders=[elder(buddy=None)], contacts=[contact(day(-4))])
    (alert,) = alerts(parsed, kind="问候逾期")
    assert (alert.owner, alert.owner_id) == ("书记", None)
    assert alert.reason.endswith("还没有结对志愿者，12栋 没有负责的志愿者，由书记负责")


def test_every_alert_names_someone():
    parsed = world(
        elders=[elder(buddy="V404"), elder("E0002", buddy=None, level="低", 楼栋="15栋")],
        volunteers=[volunteer(status="退出"), GRID],
        requests=[request(9, owner=None)],
        mediation=[case(40)],
        patrols=[finding(5, "待通知")],
        complaints=[complaint(20)],
    )
    found = alerts(parsed)
    assert found and all(a.owner and a.owner != "未指定" for a in found)


def test_a_low_level_elder_without_buddy_reaches_the_building_volunteer():
    lonely = elder(level="低", buddy=None, 楼栋="１５栋")  # typed with full-width digits
    (alert,) = alerts(world(elders=[lonely], volunteers=[GRID], contacts=[contact(day(-15))]), kind="问候逾期")
    assert alert.owner_id == "V006" and "由 １５栋 网格员 张红(V006) 负责" in alert.reason
    assert alerts(world(elders=[lonely], volunteers=[GRID]), kind="未结对") == []  # 未结对 stays for 高/中 only


def test_a_follow_up_goes_first_to_the_volunteer_who_recorded_it():
    worry = contact(day(-1), vid="V007", follow="是")
    parsed = world(volunteers=[volunteer(), volunteer("V007", "赵敏")], contacts=[worry])
    (alert,) = alerts(parsed, kind="需跟进")
    assert alert.owner == "赵敏(V007)" and "负责" not in alert.reason
    parsed = world(volunteers=[volunteer(), volunteer("V007", "赵敏", status="退出")], contacts=[worry])
    (alert,) = alerts(parsed, kind="需跟进")
    assert alert.owner == "李梅(V001)"
    assert alert.reason.endswith("记录的志愿者 赵敏(V007) 已退出，由结对志愿者 李梅(V001) 负责")


def test_a_request_whose_owner_left_goes_to_the_building_volunteer():
    parsed = world(volunteers=[volunteer(status="退出"), GRID], requests=[request(1)])
    (alert,) = alerts(parsed, kind="求助无人负责")
    assert alert.owner_id == "V006" and "负责人 李梅(V001) 已退出，由 12栋 网格员 张红(V006) 负责" in alert.reason


def test_an_unconfirmed_meal_goes_to_the_slot_then_the_request_owner():
    parsed = world(requests=[request(7, status="处理中", kind="送餐")], meals=[slot(-1, vid=None)])
    (alert,) = alerts(parsed, kind="送餐未送达")
    assert alert.owner_id == "V001" and "还没有送餐志愿者，由负责人 李梅(V001) 负责" in alert.reason


def test_a_case_whose_mediator_left_goes_to_the_volunteer_of_its_building():
    parsed = world(
        volunteers=[volunteer(status="退出"), volunteer("V009", "周平", buildings="7栋")], mediation=[case(40)]
    )
    (alert,) = alerts(parsed, kind="纠纷超期")
    assert alert.owner == "周平(V009)" and "由 7栋 网格员 周平(V009) 负责" in alert.reason


def test_a_domestic_violence_case_never_goes_to_a_building_volunteer():
    parsed = world(
        volunteers=[volunteer(status="退出"), volunteer("V009", buildings="7栋")], mediation=[case(2, "家庭暴力")]
    )
    (alert,) = alerts(parsed, kind="家庭暴力")
    assert alert.owner == "书记" and "7栋" not in alert.reason


def test_building_volunteer_for_contact_cards_and_uncovered_buildings():
    crew = [volunteer("V005", status="暂停", buildings="3栋"), volunteer("V006", "张红", buildings="3栋，5号楼")]
    assert building_volunteer(crew, "3栋")[0] == "V006"
    assert building_volunteer(crew, "5栋")[0] == "V006"
    assert building_volunteer(crew, "8栋") is None
    assert {building_key(b) for b in ("3栋", "03", "3号楼", "３幢", " 3 ")} == {"3"}
    assert building_key("东区A座") == "东区A座"  # a name that is not a number compares as written
    routing = build_routing(volunteers_by_id(crew))
    assert uncovered_buildings(["3栋", "8栋", "8栋", "", "9栋"], routing) == ["8栋", "9栋"]


# A cell that does not parse never hides a reminder (issue 13, item 2): one test per rule that reads one.


def test_a_buddy_whose_status_is_unreadable_counts_as_not_available():
    shaky = volunteer(status=None, bad=("状态",))
    parsed = world(volunteers=[shaky, GRID], contacts=[contact(day(-4))])
    assert alerts(parsed, kind="问候逾期")[0].owner_id == "V006"
    assert "的状态没有填好" in alerts(parsed, kind="未结对")[0].reason


def test_an_unreadable_follow_up_cell_counts_as_a_worry():
    parsed = world(contacts=[contact(day(-1), follow=None, bad=("需跟进",))])
    (alert,) = alerts(parsed, kind="需跟进")
    assert "没填好" in alert.reason


@pytest.mark.parametrize(
    ("tab", "row", "kind"),
    [
        ("requests", lambda: record({**request(0), "登记日期": None}, ("登记日期",)), "求助超期"),
        ("mediation", lambda: record({**case(0), "登记日期": None}, ("登记日期",)), "纠纷超期"),
        ("patrols", lambda: record({**finding(0, "待通知"), "发现日期": None}, ("发现日期",)), "巡查待通知"),
        ("patrols", lambda: record({**finding(0, "待整改"), "发现日期": None}, ("发现日期",)), "巡查待整改"),
        ("complaints", lambda: record({**complaint(0), "日期": None}, ("日期",)), "投诉超期"),
    ],
)
def test_an_unreadable_date_never_hides_an_open_item(tab, row, kind):
    (alert,) = alerts(world(contacts=[contact(day(0))], **{tab: [row()]}), kind=kind)
    assert "没填好" in alert.reason and alert.owner


def test_validation_warns_once_per_building_nobody_covers():
    elders = [
        elder("E0001", 楼栋="12栋"),
        elder("E0002", 楼栋="15栋"),
        elder("E0003", 楼栋="15栋"),
        elder("E0004", 楼栋="9栋"),
    ]
    crew = [volunteer(buildings="12栋"), volunteer("V002", status="暂停", buildings="9栋")]
    found = coverage_problems({"老人档案": elders, "志愿者": crew}, {"老人档案": {"楼栋"}})
    assert [(p.level, p.tab, p.column, p.value) for p in found] == [
        ("警告", "老人档案", "楼栋", "15栋"),
        ("警告", "老人档案", "楼栋", "9栋"),
    ]
    assert "负责楼栋" in found[0].suggestion
    assert coverage_problems({"老人档案": elders, "志愿者": [volunteer()]}, {"老人档案": {"楼栋"}}) == []  # no grid yet


def unreadable(row, header: str):
    """The same row with one cell that did not parse."""
    return record({**row, header: None}, (header,))


@pytest.mark.parametrize(
    ("tab", "row", "kind"),
    [
        ("requests", lambda: unreadable(request(9, status="待处理"), "状态"), "求助超期"),
        ("mediation", lambda: unreadable(case(40), "状态"), "纠纷超期"),
        ("patrols", lambda: unreadable(finding(5, "待通知"), "状态"), "巡查待通知"),
        ("complaints", lambda: unreadable(complaint(20), "状态"), "投诉超期"),
        ("meals", lambda: unreadable(slot(-1, delivered="是"), "已送达"), "送餐未送达"),
        ("requests", lambda: unreadable(request(1), "负责人"), "求助无人负责"),
    ],
)
def test_an_unreadable_status_or_owner_never_closes_an_item(tab, row, kind):
    tabs = {tab: [row()]}
    if tab == "meals":
        tabs["requests"] = [request(7, status="处理中", kind="送餐")]
    assert [a.kind for a in alerts(world(contacts=[contact(day(0))], **tabs), kind=kind)] == [kind]


def test_an_unreadable_buddy_cell_reaches_the_building_volunteer():
    parsed = world(
        elders=[unreadable(elder(), "结对志愿者")], volunteers=[volunteer(), GRID], contacts=[contact(day(-4))]
    )
    (alert,) = alerts(parsed, kind="问候逾期")
    assert alert.owner_id == "V006"


def test_an_unreadable_loneliness_answer_counts_as_often_never_hiding_the_alert():
    answered = contact(day(-1), items=("有时", "经常", "几乎没有"))  # 2 + 3 + 1 = 6 with the bad one as 经常
    shaky = record({**answered, "被冷落": None}, ("被冷落",))
    (alert,) = alerts(world(contacts=[shaky]), kind="孤独感")
    assert "6 分" in alert.reason and "没填好的一项按“经常”计" in alert.reason
    calm = record({**contact(day(-1), items=("几乎没有", "几乎没有", "几乎没有")), "被冷落": None}, ("被冷落",))
    assert alerts(world(contacts=[calm]), kind="孤独感") == []  # 1 + 3 + 1 = 5: below 6 even at worst


def test_an_unpaired_low_level_elder_due_soon_is_in_the_building_volunteers_list():
    lonely = elder(level="低", buddy=None)
    parsed = world(elders=[lonely], volunteers=[GRID], contacts=[contact(day(-13), way="电话问候")])
    assert ("E0001", "V006", "问候", day(1)) in contacts_due(parsed, settings(), TODAY)
