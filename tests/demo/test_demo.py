"""The demo community: deterministic, the right size and shape, valid outside the planted messy cells."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from functions.demo.make import demo_records, demo_rows
from functions.domain.schema import default_schema
from tests.support import TODAY

# From the lunar calendar (domain brief), independent of the generator.
FESTIVALS_2026 = {
    "春节": dt.date(2026, 2, 17),
    "端午": dt.date(2026, 6, 19),
    "中秋": dt.date(2026, 9, 25),
    "重阳": dt.date(2026, 10, 18),
}


@pytest.fixture(scope="module")
def small():
    return demo_records(7, "small", TODAY)


@pytest.fixture(scope="module")
def full():
    return demo_records(7, "full", TODAY)


def planted_cells(planted) -> set[tuple[str, int, str]]:
    return {(p.tab, p.row, p.column) for p in planted}


def test_same_seed_same_rows_and_other_seed_other_rows():
    first = demo_rows(7, "small", TODAY)
    assert first == demo_rows(7, "small", TODAY)
    other = demo_rows(8, "small", TODAY)
    assert other["老人档案"] != first["老人档案"]
    assert other["走访记录"] != first["走访记录"]


def test_full_is_the_real_size_and_small_about_a_tenth(small, full):
    tabs, _, _ = full
    assert len(tabs["老人档案"]) >= 4000
    assert 280 <= len(tabs["志愿者"]) <= 320
    assert sum(r["党员"] == "是" for r in tabs["志愿者"]) == 45
    contacts = tabs["走访记录"]
    assert len(contacts) >= 140_000
    days = [r["日期"] for r in contacts if isinstance(r["日期"], dt.date)]
    assert min(days) <= TODAY - dt.timedelta(days=365) and max(days) <= TODAY
    assert len(tabs["物业缴费"]) >= 12
    ratio = len(small[0]["走访记录"]) / len(contacts)
    assert 0.06 <= ratio <= 0.15
    assert 0.08 <= len(small[0]["老人档案"]) / len(tabs["老人档案"]) <= 0.12


def test_every_row_has_the_schema_columns_in_order(small):
    schema = default_schema()
    rows = demo_rows(7, "small", TODAY)
    assert set(rows) == {t.title for t in schema.volunteer_tabs}
    for title, lines in rows.items():
        assert lines, title
        assert all(len(line) == len(schema[title].headers) for line in lines), title
    assert rows["老人档案"][0][schema["老人档案"].headers.index("编号")] == "E0001"


@pytest.mark.parametrize("scale", ["small", "full"])
def test_enums_and_refs_are_valid_outside_the_planted_cells(scale, small, full):
    tabs, planted, _ = small if scale == "small" else full
    skip = planted_cells(planted)
    schema = default_schema()
    ids = {title: {r.get("编号") for r in tabs[title]} for title in ("老人档案", "志愿者", "活动")}
    for title, records in tabs.items():
        for field in schema[title].fields:
            for i, r in enumerate(records):
                value = r.get(field.name)
                if value is None or (title, i, field.name) in skip:
                    continue
                if field.enum:
                    assert value in field.enum, (title, i, field.name, value)
                if field.ref:
                    assert value in ids[field.ref[0]], (title, i, field.name, value)
                if field.type == "date":
                    assert isinstance(value, dt.date), (title, i, field.name, value)
                    assert not field.past or value <= TODAY, (title, i, field.name, value)


def test_planted_messy_cells_are_there_and_a_small_minority(small):
    tabs, planted, _ = small
    kinds = Counter(p.kind for p in planted)
    assert set(kinds) >= {
        "日期格式",
        "无年份日期",
        "不存在的日期",
        "全角电话",
        "电话格式",
        "悬空编号",
        "多余空格",
        "近似选项",
        "广告",
        "公式",
        "重复编号",
        "超出范围",
        "邮箱格式",
        "电话位数",
        "缺少日期",
        "日期颠倒",
    }
    for p in planted:
        assert tabs[p.tab][p.row][p.column] == p.value != p.original
    values = {p.value for p in planted}
    assert {"电话问侯", "上门 走访", "威尼斯赌场_澳门威尼斯赌场-【app*官网】"} <= values
    assert any(isinstance(v, str) and v.startswith("=HYPERLINK(") for v in values)
    assert any(isinstance(v, str) and any("０" <= c <= "９" for c in v) for v in values)
    dangling = next(p for p in planted if p.kind == "悬空编号")
    assert dangling.value == "E" + dangling.original[1:].lstrip("0")  # "E12" where E0012 exists
    spaced = next(p for p in planted if p.kind == "多余空格")
    assert spaced.value == " " + spaced.original
    dup = next(p for p in planted if p.kind == "重复编号")
    assert sum(r["编号"] == dup.value for r in tabs["需求登记"]) == 2
    cells = sum(len(r) for records in tabs.values() for r in records)
    assert len(planted) < 0.02 * cells


def test_elder_mix_is_realistic(full):
    elders = full[0]["老人档案"]
    kinds = Counter(r["类别"] for r in elders)
    assert 300 <= kinds["独居"] <= 500 and kinds["孤寡"] > 20 and kinds["失独"] > 20
    assert kinds["空巢"] > 1000 and kinds["高龄"] > 1000
    alone = [r for r in elders if r["类别"] in ("独居", "孤寡", "失独")]
    assert sum(r["关爱等级"] in ("高", "中") for r in alone) / len(alone) > 0.9
    status = Counter(r["状态"] for r in elders)
    assert status["在家"] > 3800 and all(status[s] >= 2 for s in ("住院", "外出", "已故", "迁出"))
    assert all(r["暂停至"] for r in elders if r["状态"] in ("住院", "外出"))
    ages = [(TODAY - r["出生日期"]).days / 365.25 for r in elders if isinstance(r["出生日期"], dt.date)]
    assert min(ages) >= 59.9 and max(ages) <= 101.5
    cared = [r for r in elders if r["关爱等级"] in ("高", "中")]
    assert sum(bool(r["结对志愿者"]) for r in cared) / len(cared) > 0.85
    assert any(r["类别"] == "独居" and not r["紧急联系人"] for r in elders)


def test_big_birthdays_within_the_week(small):
    _, _, stories = small
    elders = {r["编号"]: r for r in small[0]["老人档案"]}
    assert sorted(set(stories.birthdays.values())) == [80, 90, 100]
    for eid, age in stories.birthdays.items():
        born = elders[eid]["出生日期"]
        birthday = born.replace(year=born.year + age)
        assert TODAY < birthday <= TODAY + dt.timedelta(days=7)


def test_a_volunteer_who_left_is_still_paired(small):
    tabs = small[0]
    gone = {r["编号"] for r in tabs["志愿者"] if r["状态"] == "退出"}
    assert sum(r["结对志愿者"] in gone for r in tabs["老人档案"]) == 1
    planted = {p.sheet_row - 2 for p in small[1] if p.kind == "邮箱格式"}
    assert all(
        r["邮箱"].endswith("@furongli.example.cn")
        for i, r in enumerate(tabs["志愿者"])
        if r["邮箱"] and i not in planted
    )
    assert any(r["邮箱"] is None for r in tabs["志愿者"])


def test_cataract_operation_meal_rota_story(small):
    tabs, _, stories = small
    eid = stories.cataract
    elder = next(r for r in tabs["老人档案"] if r["编号"] == eid)
    assert (TODAY - elder["出生日期"]).days // 365 == 80 and elder["类别"] == "独居"
    assert "白内障" in elder["健康备注"]
    kinds = {r["类型"]: r for r in tabs["需求登记"] if r["老人编号"] == eid}
    assert {"就医", "送餐"} <= set(kinds) and kinds["送餐"]["状态"] != "已解决"
    rota = [r for r in tabs["送餐排班"] if r["老人编号"] == eid]
    assert {r["餐次"] for r in rota} == {"午餐", "晚餐"}
    assert min(r["日期"] for r in rota) < TODAY < max(r["日期"] for r in rota)
    assert any(r["志愿者编号"] is None and r["日期"] > TODAY for r in rota)
    assert [r["已送达"] for r in rota if r["日期"] < TODAY].count("否") == 1
    assert any(r["方式"] == "陪同就医" and r["老人编号"] == eid for r in tabs["走访记录"])


def test_festival_visits_cluster_in_the_week_before_each_festival(full):
    visits = [r["日期"] for r in full[0]["走访记录"] if r["方式"] == "节日慰问" and isinstance(r["日期"], dt.date)]
    for name, day in FESTIVALS_2026.items():
        before = sum(day - dt.timedelta(days=7) <= d <= day for d in visits)
        after = sum(day < d <= day + dt.timedelta(days=7) for d in visits)
        assert before > 300 and after == 0, name
    assert len(visits) > 1500


def test_rhythms_leave_work_for_the_alerts(full):
    tabs = full[0]
    last: dict[str, dt.date] = {}
    for r in tabs["走访记录"]:
        if isinstance(r["日期"], dt.date):
            last[r["老人编号"]] = max(r["日期"], last.get(r["老人编号"], r["日期"]))
    home = [r for r in tabs["老人档案"] if r["状态"] == "在家"]
    high = [r for r in home if r["关爱等级"] == "高"]
    recent = sum((TODAY - last.get(r["编号"], dt.date.min)).days <= 3 for r in high)
    assert recent / len(high) > 0.75  # most buddies keep their rhythm …
    stale = [r for r in home if (TODAY - last.get(r["编号"], dt.date.min)).days > 30]
    assert 5 <= len(stale) <= 0.05 * len(home)  # … but some elders have not been contacted for weeks
    follow = [
        r
        for r in tabs["走访记录"]
        if r["需跟进"] == "是" and isinstance(r["日期"], dt.date) and r["日期"] >= TODAY - dt.timedelta(days=10)
    ]
    assert follow


def test_loneliness_rises_for_a_few(full):
    answers = {"几乎没有": 1, "有时": 2, "经常": 3}
    early: dict[str, list[int]] = {}
    late: dict[str, list[int]] = {}
    for r in full[0]["走访记录"]:
        if r.get("缺少陪伴") and isinstance(r["日期"], dt.date):
            score = sum(answers[r[k]] for k in ("缺少陪伴", "被冷落", "与人隔绝"))
            (late if r["日期"] > TODAY - dt.timedelta(days=45) else early).setdefault(r["老人编号"], []).append(score)
    rising = [e for e in late if e in early and sum(late[e]) / len(late[e]) - sum(early[e]) / len(early[e]) >= 2]
    assert 2 <= len(rising) <= 60


def test_other_tabs_tell_their_stories(small):
    tabs = small[0]
    assert {r["类型"] for r in tabs["纠纷调解"]} == set(default_schema()["纠纷调解"].field("类型").enum)
    assert any(r["类型"] == "家庭暴力" and r["状态"] == "调解中" for r in tabs["纠纷调解"])
    assert {r["类型"] for r in tabs["需求登记"]} == set(default_schema()["需求登记"].field("类型").enum)
    assert any(
        r["状态"] == "待处理" and r["登记日期"] < TODAY - dt.timedelta(days=3)
        for r in tabs["需求登记"]
        if isinstance(r["登记日期"], dt.date)
    )
    assert {r["类型"] for r in tabs["安全巡查"]} == set(default_schema()["安全巡查"].field("类型").enum)
    assert any(r["状态"] == "待整改" and r["通知物业日期"] < TODAY - dt.timedelta(days=7) for r in tabs["安全巡查"])
    assert "12345热线" in {r["渠道"] for r in tabs["投诉"]}
    assert any(r["状态"] == "处理中" and r["日期"] < TODAY - dt.timedelta(days=30) for r in tabs["投诉"])
    rates = [r["已缴户数"] / r["应缴户数"] for r in tabs["物业缴费"]]
    assert all(0.84 <= x <= 0.96 for x in rates) and rates[-1] > rates[0]
    names = Counter((r["姓名"], r["联系电话"]) for r in tabs["活动签到"])
    assert max(names.values()) >= 5  # the same person comes again and again
    categories = {r["类别"] for r in tabs["活动"]}
    assert {"老年课堂", "青少年课堂", "主题党日", "三会一课", "学雷锋"} <= categories
    settings = {r["项目"]: r["值"] for r in tabs["设置"]}
    assert settings["社区名称"] == "芙蓉里小区" and settings["书记邮箱"] == "shuji@furongli.example.cn"


def test_sensitive_texts_live_only_in_sensitive_columns(small):
    from functions.demo.make import sensitive_values

    tabs = small[0]
    secret = sensitive_values(tabs)
    assert "白内障术后，需陪同复查，暂时看不清楼梯" in secret
    assert any("（夫妻）" in s for s in secret)  # dispute parties are sensitive too
    schema = default_schema()
    for title, records in tabs.items():
        open_columns = [f.name for f in schema[title].fields if not f.sensitive]
        for r in records:
            assert not any(r.get(c) in secret for c in open_columns), (title, r)
