"""探访关爱 in the demo: 建档日期, new elders, a hospital return, visit findings, referrals, 专项走访 campaigns."""

from __future__ import annotations

import datetime as dt
import random

from functions.demo.base import Rec, Span, at_least
from functions.demo.elders import Folk
from functions.demo.stories import Stories
from functions.demo.volunteers import Crew

DAY = dt.timedelta(days=1)
RECORDED_SHARE = 0.6  # visits of the last FINDINGS_DAYS days with the guidance's findings filled in
FINDINGS_DAYS = 120
REFERRAL_NEEDS = ("维修", "代办", "就医")


def _free(folk: Folk, row: Rec) -> bool:
    return row["状态"] == "在家" and row["编号"] not in folk.featured


def _drop(contacts: list[Rec], doomed: list[Rec]) -> None:
    """Remove these contact rows in one pass (list.remove compares dicts and scans: quadratic at 1 million rows)."""
    gone = {id(c) for c in doomed}
    if gone:
        contacts[:] = [c for c in contacts if id(c) not in gone]


def visit_care_story(
    rng: random.Random, folk: Folk, crew: Crew, span: Span, contacts: list[Rec], stories: Stories, factor: float
) -> list[Rec]:
    """Mutate elders and contacts in place (and add requests to stories); return the 专项走访 rows."""
    today = span.today
    for row in folk.rows:  # most files opened before the demo's year, some during it
        first = span.start - dt.timedelta(days=rng.randint(0, 900)) if rng.random() < 0.85 else span.start
        row["建档日期"] = first if first < span.start else span.start + dt.timedelta(days=rng.randint(0, 60))
    by_elder: dict[str, list[Rec]] = {}
    for contact in contacts:
        by_elder.setdefault(contact["老人编号"], []).append(contact)
    _new_elders(rng, folk, span, contacts, by_elder, at_least(6 * factor, 2))
    _hospital_return(rng, folk, crew, span, contacts, by_elder)
    _findings(rng, span, contacts, by_elder, folk, crew, stories, factor)
    targets = "独居,孤寡,失独"
    return [
        {
            "编号": "ZX001",
            "名称": "高温慰问",
            "开始日期": dt.date(today.year, 7, 20),
            "截止日期": dt.date(today.year, 7, 26),
            "对象类别": "独居,孤寡,失独,高龄",
            "对象等级": "高,中",
            "计入方式": "",
            "备注": "气象台发布高温红色预警",
        },
        {
            "编号": "ZX002",
            "名称": "寒潮走访",
            "开始日期": today - 3 * DAY,
            "截止日期": today + 2 * DAY,
            "对象类别": targets,
            "对象等级": "",
            "计入方式": "上门走访,电话问候,送餐",
            "备注": "寒潮蓝色预警，查看取暖和燃气",
        },
    ]


def _new_elders(rng: random.Random, folk: Folk, span: Span, contacts: list[Rec], by_elder: dict, count: int) -> None:
    """A few elders put on file in the last days: one phone call so far, the first home visit still due."""
    candidates = [r for r in folk.rows if _free(folk, r) and r["关爱等级"] != "低" and r["结对志愿者"]]
    for row in rng.sample(candidates, count):
        folk.featured.add(row["编号"])
        opened = span.today - DAY * rng.randint(0, 2)
        row["建档日期"] = opened
        _drop(contacts, by_elder.get(row["编号"], []))
        call = {
            "日期": opened,
            "老人编号": row["编号"],
            "志愿者编号": row["结对志愿者"],
            "方式": "电话问候",
            "时长(分钟)": 10,
            "情况记录": None,
            "需跟进": None,
        }
        contacts.append(call)
        by_elder[row["编号"]] = [call]


def _hospital_return(
    rng: random.Random, folk: Folk, crew: Crew, span: Span, contacts: list[Rec], by_elder: dict
) -> None:
    """An elder home from hospital two days ago: a phone call since, no home visit yet (重大变化走访 红)."""
    row = next(r for r in folk.rows if _free(folk, r) and r["关爱等级"] == "高" and r["结对志愿者"])
    folk.featured.add(row["编号"])
    back = span.today - 2 * DAY
    row["状态"], row["暂停至"] = "住院", back - DAY
    _drop(contacts, [c for c in by_elder.get(row["编号"], []) if c["日期"] >= back - 12 * DAY])
    contacts.append(
        {
            "日期": back,
            "老人编号": row["编号"],
            "志愿者编号": row["结对志愿者"],
            "方式": "电话问候",
            "时长(分钟)": 8,
            "情况记录": None,
            "需跟进": None,
        }
    )


def _findings(
    rng: random.Random,
    span: Span,
    contacts: list[Rec],
    by_elder: dict,
    folk: Folk,
    crew: Crew,
    stories: Stories,
    factor: float,
) -> None:
    """Findings on recent visits, mostly fine; a few hazards, poor health and referrals, recent and resolved."""
    since = span.today - FINDINGS_DAYS * DAY
    for contact in contacts:
        if contact["日期"] >= since and contact["方式"] == "上门走访" and rng.random() < RECORDED_SHARE:
            contact["身体状况"] = rng.choices(("良好", "一般"), (60, 40))[0]
            contact["居住安全"] = "正常"
            contact["家人照料"] = rng.choices(("有", "不足", "无"), (55, 30, 15))[0]
            contact["需求转介"] = "无"
    recent = [
        c
        for c in contacts
        if c.get("需求转介") and c["日期"] >= span.today - 6 * DAY and c["老人编号"] not in folk.featured
    ]
    older = [
        c
        for c in contacts
        if c.get("需求转介")
        and span.today - 60 * DAY <= c["日期"] < span.today - 20 * DAY
        and c["老人编号"] not in folk.featured
    ]
    for contact in rng.sample(recent, at_least(3 * factor, 1)):
        contact["居住安全"] = "有隐患"
    for contact in rng.sample(recent, at_least(3 * factor, 1)):
        contact["身体状况"] = "较差"
    for contact in rng.sample(older, at_least(8 * factor, 2)):  # found then, fixed and checked on the next visit
        contact["居住安全"] = "有隐患"
        contact["需求转介"] = "有"
        fix = {
            "日期": contact["日期"] + DAY,
            "老人编号": contact["老人编号"],
            "志愿者编号": contact["志愿者编号"],
            "方式": "上门走访",
            "时长(分钟)": 30,
            "情况记录": None,
            "需跟进": "否",
            "居住安全": "正常",
        }
        contacts.append(fix)
        _referred(rng, contact, contact["日期"] + DAY, stories)
    for contact in rng.sample(older, at_least(10 * factor, 2)):
        contact["需求转介"] = "有"
        _referred(rng, contact, contact["日期"] + DAY * rng.randint(0, 2), stories)
    unregistered = [c for c in recent if c["日期"] <= span.today - 4 * DAY and c["居住安全"] == "正常"]
    for contact in rng.sample(unregistered, min(len(unregistered), at_least(2 * factor, 1))):
        contact["需求转介"] = "有"  # not yet in 需求登记: 需求转介 橙


def _referred(rng: random.Random, contact: Rec, day: dt.date, stories: Stories) -> None:
    kind = rng.choice(REFERRAL_NEEDS)
    stories.requests.append(
        {
            "登记日期": day,
            "老人编号": contact["老人编号"],
            "求助人": "志愿者转介",
            "类型": kind,
            "描述": "走访时发现，转介物业/社区处理",
            "负责人": contact["志愿者编号"],
            "状态": "已解决",
            "解决日期": day + DAY * rng.randint(0, 3),
        }
    )
