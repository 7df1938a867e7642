"""专项走访 (cold wave, heat wave, typhoon, epidemic): every target elder visited from 开始日期 to 截止日期."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from functions.care.common import (
    CONTACTS,
    ELDERS,
    CareContext,
    care_level,
    elder_building,
    elder_id,
    elder_name,
    elder_state,
    md,
    owner_of,
)
from functions.care.monthly_visits import visit_ways
from functions.domain.model import Alert, Parsed, Record
from functions.domain.settings import Settings

CAMPAIGNS = "专项走访"
KIND = "专项走访"
AFTER_DEADLINE_DAYS = 7  # a missed target stays 红 this many days past 截止日期, then the campaign is over


@dataclass(frozen=True)
class Campaign:
    """One 专项走访 row, parsed: who it targets and which 方式 count."""

    cid: str
    name: str
    start: dt.date
    deadline: dt.date
    categories: frozenset[str]  # empty = every category
    levels: frozenset[str]  # empty = every 关爱等级
    ways: frozenset[str]


def split_list(value: object) -> frozenset[str]:
    """'独居，孤寡、失独' -> {'独居', '孤寡', '失独'}; blank -> empty."""
    return frozenset(p for p in re.split(r"[,，;；、\s]+", str(value or "")) if p)


def campaigns(rows: list[Record], settings: Settings) -> list[Campaign]:
    """Every row with a 编号 (or row label), 开始日期 and 截止日期 in order."""
    found = []
    for row in rows:
        start, deadline = row["开始日期"], row["截止日期"]
        if not isinstance(start, dt.date) or not isinstance(deadline, dt.date) or deadline < start:
            continue  # validation reports it
        found.append(
            Campaign(
                cid=row["编号"] or f"专项走访第{row.number}行",
                name=row["名称"] or "专项走访",
                start=start,
                deadline=deadline,
                categories=split_list(row["对象类别"]),
                levels=split_list(row["对象等级"]),
                ways=split_list(row["计入方式"]) or visit_ways(settings),
            )
        )
    return found


def is_target(campaign: Campaign, elder: Record) -> bool:
    """In the campaign's categories and levels (a blank or bad 类别 is included: a bad cell never hides one)."""
    category = elder["类别"]
    if campaign.categories and category is not None and category not in campaign.categories:
        return False
    return not campaign.levels or care_level(elder) in campaign.levels


def reached_since(contacts: list[Record], campaign: Campaign, until: dt.date) -> bool:
    """A contact of a counting 方式 on a day of [start, until] (contacts oldest first)."""
    return any(campaign.start <= c["日期"] <= until and c["方式"] in campaign.ways for c in reversed(contacts))


def coverage(ctx: CareContext, campaign: Campaign, day: dt.date) -> tuple[int, int]:
    """(targets reached, targets) as of `day`: targets are the elders 在家 on that day."""
    reached = targets = 0
    for elder in ctx.elders.values():
        if elder_state(elder, day) != "active" or not is_target(campaign, elder):
            continue
        targets += 1
        reached += reached_since(ctx.contacts.get(elder_id(elder), []), campaign, day)
    return reached, targets


def campaign_coverage(parsed: Parsed, settings: Settings, first: dt.date, last: dt.date) -> list[tuple[str, int, int]]:
    """(name, reached, targets) of each campaign running on some day of [first, last], as of min(last, 截止日期).

    One pass over 走访记录 per such campaign, without building the whole care context (the monthly figures
    call this for every month)."""
    running = [c for c in campaigns(parsed.get(CAMPAIGNS, []), settings) if c.start <= last and c.deadline >= first]
    if not running:
        return []
    elders: dict[str, Record] = {}
    for row in parsed.get(ELDERS, []):
        elders.setdefault(elder_id(row), row)
    found = []
    for campaign in running:
        day = min(last, campaign.deadline)
        reached = {
            c["老人编号"]
            for c in parsed.get(CONTACTS, [])
            if isinstance(c["日期"], dt.date) and campaign.start <= c["日期"] <= day and c["方式"] in campaign.ways
        }
        targets = [eid for eid, e in elders.items() if elder_state(e, day) == "active" and is_target(campaign, e)]
        found.append((campaign.name, sum(eid in reached for eid in targets), len(targets)))
    return found


def campaign_alerts(ctx: CareContext) -> list[Alert]:
    """黄 from 开始日期, 橙 the day before 截止日期, 红 on it and for 7 days after, for each target not yet reached."""
    alerts: list[Alert] = []
    for campaign in campaigns(ctx.rows(CAMPAIGNS), ctx.settings):
        left = (campaign.deadline - ctx.today).days
        if ctx.today < campaign.start or left < -AFTER_DEADLINE_DAYS:
            continue
        level = "红" if left <= 0 else "橙" if left == 1 else "黄"
        when = (
            f"截止日期{md(campaign.deadline, ctx.today)}已过 {-left} 天"
            if left < 0
            else "今天截止"
            if left == 0
            else f"{md(campaign.deadline, ctx.today)}截止，还有 {left} 天"
        )
        for elder in ctx.elders.values():
            if elder_state(elder, ctx.today) != "active" or not is_target(campaign, elder):
                continue
            if reached_since(ctx.contacts.get(elder_id(elder), []), campaign, ctx.today):
                continue
            owner, owner_id = owner_of(ctx, elder["结对志愿者"])
            alerts.append(
                Alert(
                    level=level,
                    kind=KIND,
                    object_id=elder_id(elder),
                    object_name=elder_name(elder),
                    building=elder_building(elder),
                    owner=owner,
                    reason=f"{campaign.name}（{md(campaign.start, ctx.today)}起）：还没有探访（{when}）",
                    days_late=max(-left, 0),
                    due=campaign.cid,
                    owner_id=owner_id,
                    source_tab=ELDERS,
                    source_row=elder.number,
                )
            )
    return alerts
