"""compute_alerts over a whole small community, and the 提醒 rows kept across nightly runs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from functions.care.alerts import compute_alerts
from functions.domain.model import LEVEL_ORDER
from functions.domain.privacy import sensitive_texts
from functions.domain.schema import default_schema
from functions.domain.serial_dates import read_back_date as read_date
from functions.domain.table import build_table
from functions.sheets_out.alerts_tab import alert_rows
from tests.support.care_world import TODAY, alerts, contact, day, elder, record, settings, volunteer, world

HEADERS = default_schema()["提醒"].headers


def community():
    """A few elders, volunteers and cases with something late in every tab."""
    elders = [
        elder("E0001"),
        elder("E0002", "张桂兰", level="中", buddy=None, category="失独"),
        elder("E0003", "刘德华", level="低", buddy="V002", status="住院", 暂停至=day(3)),
        elder("E0004", "陈淑珍", status="已故"),
        elder("E0005", "赵大爷", buddy="V002", 出生日期=dt.date(1936, 12, 2)),
    ]
    contacts = [
        contact(day(-4), "E0001", follow="是"),
        contact(day(-20), "E0002", items=("经常", "经常", "有时")),
        contact(day(-1), "E0005", way="电话问候", vid="V002"),
    ]
    parsed = world(elders=elders, volunteers=[volunteer(), volunteer("V002", "周强")], contacts=contacts)
    parsed["需求登记"] = [
        record(
            {
                "编号": "R0007",
                "登记日期": day(-9),
                "老人编号": "E0002",
                "求助人": "邻居",
                "类型": "送餐",
                "描述": "右腿骨折，做不了饭",
                "负责人": "V001",
                "状态": "处理中",
                "解决日期": None,
            }
        )
    ]
    parsed["纠纷调解"] = [
        record(
            {
                "编号": "M0003",
                "登记日期": day(-3),
                "类型": "家庭暴力",
                "楼栋": "9栋",
                "当事人": "孙某某",
                "调解人": None,
                "状态": "调解中",
                "化解日期": None,
                "回访日期": None,
                "情况": "丈夫酒后动手",
            }
        )
    ]
    return parsed


def test_whole_community_sorted_red_first_and_deterministic():
    parsed = community()
    found = compute_alerts(parsed, settings(), TODAY)
    ranks = [LEVEL_ORDER[a.level] for a in found]
    assert ranks == sorted(ranks) and ranks[0] == 0
    kinds = {(a.kind, a.object_id) for a in found}
    assert {
        ("需跟进", "E0001"),
        ("走访逾期", "E0002"),
        ("未结对", "E0002"),
        ("孤独感", "E0002"),
        ("求助超期", "R0007"),
        ("送餐缺人", "E0002"),
        ("家庭暴力", "M0003"),
        ("寿辰", "E0005"),
    } <= kinds
    assert not any(a.object_id in ("E0003", "E0004") for a in found)  # in hospital until day+3; deceased
    for tab in parsed.values():
        random.Random(7).shuffle(tab)
    assert compute_alerts(parsed, settings(), TODAY) == found


def test_no_sensitive_text_in_any_alert():
    parsed = community()
    secrets = sensitive_texts(parsed)
    assert "丈夫酒后动手" in secrets and "孙某某" in secrets
    for alert in compute_alerts(parsed, settings(), TODAY):
        text = " ".join(str(v) for v in dataclasses.asdict(alert).values())
        assert not any(secret in text for secret in secrets), alert


def test_duplicated_elder_number_gives_one_alert_per_identity():
    repeated = elder(name="王秀英(重复行)")
    found = alerts(world(elders=[elder(), repeated]))
    assert sorted(a.identity for a in found) == ["从未联系|E0001|", f"编号重复|E0001|第{repeated.number}行"]


def test_elder_without_number_still_gets_alerts():
    (alert,) = alerts(world(elders=[elder(eid=None, bad=("编号",), buddy=None, level="低")]))
    assert alert.kind == "从未联系" and alert.object_id.startswith("老人档案第")


def as_table(rows):
    """The 提醒 tab as read back by a backend."""
    return build_table("提醒", [HEADERS] + rows, default_schema()["提醒"])


def column(rows, name):
    """One column of written rows."""
    return [r[HEADERS.index(name)] for r in rows]


def test_rows_follow_schema_columns_red_first():
    parsed = community()
    rows = alert_rows(compute_alerts(parsed, settings(), TODAY), None, TODAY)
    assert all(len(r) == len(HEADERS) for r in rows)
    assert column(rows, "级别")[0] == "红" and column(rows, "级别") == sorted(column(rows, "级别"), key=LEVEL_ORDER.get)
    assert set(column(rows, "首次提醒")) == {TODAY} and set(column(rows, "处理情况")) == {""}
    first = dict(zip(HEADERS, rows[0], strict=True))
    assert first["提醒标识"].startswith(first["类型"] + "|" + first["对象编号"])


def test_notes_and_first_date_kept_across_runs_until_the_cause_is_gone():
    contacts = [contact(day(-3))]
    day1 = alert_rows(alerts(world(contacts=contacts)), None, TODAY)
    assert column(day1, "类型") == ["问候逾期"]
    day1[0][HEADERS.index("处理情况")] = "已电话联系女儿，周二上门"
    later = day(2)  # 5 days without a greeting: beyond twice the 2-day interval
    day2 = alert_rows(alerts(world(contacts=contacts), today=later), as_table(day1), later)
    assert column(day2, "处理情况") == ["已电话联系女儿，周二上门"]
    assert column(day2, "首次提醒") == [TODAY] and column(day2, "级别") == ["红"]
    contacts.append(contact(day(3)))  # the next contact clears it
    day3 = alert_rows(alerts(world(contacts=contacts), today=day(3)), as_table(day2), day(3))
    assert day3 == []
    day9 = alert_rows(alerts(world(contacts=contacts), today=day(9)), as_table(day3), day(9))
    assert column(day9, "类型") == ["问候逾期"]
    assert column(day9, "处理情况") == [""] and column(day9, "首次提醒") == [day(9)]


@pytest.mark.parametrize(
    "written",
    [TODAY, dt.datetime(2026, 11, 29, 0, 0), 46355, 46355.0, "2026-11-29", "2026/11/29", "2026-11-29 00:00:00"],
)
def test_first_date_read_back_from_any_backend(written):
    assert read_date(written) == TODAY


def test_unreadable_first_date_restarts_today_but_keeps_notes():
    rows = alert_rows(alerts(world(contacts=[contact(day(-3))])), None, TODAY)
    rows[0][HEADERS.index("首次提醒")] = "上周"
    rows[0][HEADERS.index("处理情况")] = "已处理中"
    again = alert_rows(alerts(world(contacts=[contact(day(-3))]), today=day(1)), as_table(rows), day(1))
    assert column(again, "首次提醒") == [day(1)] and column(again, "处理情况") == ["已处理中"]
