"""月探访率 hand-checked on a small February, and the 探访台账 rows of that month."""

from __future__ import annotations

import datetime as dt

from functions.metrics.compute import month_metrics
from functions.sheets_out.visit_ledger import ledger_rows
from tests.support.care_world import contact, elder, record, settings, volunteer, world
from tests.support.records import complete

D = dt.date
FEB = "2026-02"
TODAY = D(2026, 3, 5)


def february():
    """Nine elders; by hand: in scope E1 E2 E3 E5 E8 (5), visited E1 E2 E8 (3) → 60.0 %."""
    elders = [
        elder("E0001", "甲", category="独居"),  # visited 2-10
        elder("E0002", "乙", category="空巢"),  # phoned 2-15: a 探访 by default
        elder("E0003", "丙", category="高龄"),  # last contact 1-31: not visited
        elder("E0004", "丁", category="其他"),  # not a 探访对象
        elder("E0005", "戊", category="孤寡", status="住院", 暂停至=D(2026, 2, 20)),  # home 2-21..28, not visited
        elder("E0006", "己", category="失独", status="住院", 暂停至=D(2026, 3, 5)),  # away all February
        elder("E0007", "庚", category="独居", 建档日期=D(2026, 3, 2)),  # not on file yet in February
        elder("E0008", "辛", category="独居", 建档日期=D(2026, 2, 25)),  # on file 2-25, visited 2-26
        elder("E0009", "壬", category="独居", status="已故"),
    ]
    contacts = [
        contact(D(2026, 2, 10), "E0001"),
        contact(D(2026, 2, 15), "E0002", way="电话问候", vid="V002"),
        contact(D(2026, 1, 31), "E0003"),
        contact(D(2026, 2, 12), "E0004"),
        contact(D(2026, 2, 26), "E0008"),
        contact(D(2026, 3, 1), "E0003"),  # March: not February's
    ]
    bad = contact(D(2026, 2, 20), "E0001", vid="V002")
    bad.update(居住安全="有隐患", 身体状况="一般", 家人照料="不足", 需求转介="有")
    contacts.append(bad)
    parsed = world(elders=elders, volunteers=[volunteer(), volunteer("V002", "周强")], contacts=contacts)
    parsed["需求登记"] = complete(
        {"需求登记": [record({"编号": "R0001", "登记日期": D(2026, 2, 21), "老人编号": "E0001"})]}
    )["需求登记"]
    return parsed


def test_monthly_visit_rate_by_hand():
    m = month_metrics(february(), settings(), FEB, today=TODAY)
    assert (m.visit_scope, m.visit_reached, m.monthly_visit_rate) == (5, 3, 60.0)
    assert m.not_visited == ("E0003", "E0005")
    phones_do_not_count = month_metrics(february(), settings(电话视频算探访="否"), FEB, today=TODAY)
    assert (phones_do_not_count.visit_reached, phones_do_not_count.monthly_visit_rate) == (2, 40.0)
    wider = month_metrics(february(), settings(探访对象="独居,孤寡,失独,空巢,高龄,其他"), FEB, today=TODAY)
    assert (wider.visit_scope, wider.visit_reached) == (6, 4)


def test_ledger_rows_one_per_elder_in_scope_then_the_totals():
    rows = ledger_rows(february(), settings(), FEB, TODAY)
    headers = "序号 姓名 性别 年龄 类别 关爱等级 楼栋 本月探访次数 上门次数 电话次数 最近探访日期 探访人"
    headers += " 身体状况 居住安全 家人照料 需求转介 处置情况"
    table = [dict(zip(headers.split(), r, strict=True)) for r in rows]
    assert [r["姓名"] for r in table] == ["甲", "乙", "丙", "戊", "辛", "合计"]
    first = table[0]
    assert first["序号"] == 1 and first["年龄"] == 84 and first["本月探访次数"] == 2 and first["上门次数"] == 2
    assert first["最近探访日期"] == "2026-02-20" and first["探访人"] == "李梅、周强"
    assert (first["身体状况"], first["居住安全"], first["家人照料"], first["需求转介"]) == (
        "一般",
        "有隐患",
        "不足",
        "有",
    )
    assert first["处置情况"] == "居住安全有隐患：待再上门；需求转介（2月20日）：已登记"
    assert table[1]["电话次数"] == 1 and table[1]["上门次数"] == 0
    assert table[2]["最近探访日期"] == "未探访" and table[2]["本月探访次数"] == 0
    total = table[-1]
    assert total["本月探访次数"] == 4 and total["最近探访日期"] == "已探访 3 人" and total["探访人"] == "未探访 2 人"
    assert total["处置情况"] == "2026年2月月探访率 60.0%"
    text = repr(rows)
    assert "白内障" not in text and "13812345678" not in text and "1-302" not in text and "睡不好" not in text


def test_ledger_handling_sees_a_later_home_visit_up_to_today():
    parsed = february()
    parsed["走访记录"].append(contact(D(2026, 3, 2), "E0001"))
    first = ledger_rows(parsed, settings(), FEB, TODAY)[0]
    assert first[-1].startswith("居住安全有隐患：3月2日已再上门")
    assert ledger_rows(parsed, settings(), FEB, D(2026, 3, 1))[0][-1].startswith("居住安全有隐患：待再上门")


def test_the_rate_rounds_down_so_100_means_everyone():
    from functions.metrics.visit_rate import floor_percent

    assert floor_percent(3095, 3096) == 99.9 and floor_percent(3096, 3096) == 100.0 and floor_percent(2, 3) == 66.6
    assert floor_percent(0, 0) is None
