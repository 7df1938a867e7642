"""探访关爱's shared terms: who is in scope, what counts as a visit, the 专项走访 campaigns and their coverage."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from functions.domain.care_context import CareContext, care_level, elder_id, elder_state
from functions.domain.model import Parsed, Record
from functions.domain.settings import Settings
from functions.domain.tabs import CAMPAIGNS, CONTACTS, ELDERS

WAYS = ("上门走访", "电话问候", "节日慰问", "困难帮扶", "送餐", "陪同就医")


PHONE = "电话问候"


def visit_ways(settings: Settings) -> frozenset[str]:
    """The 方式 that count as a 探访: every one, or every one but 电话问候 when 电话视频算探访 is 否."""
    return frozenset(WAYS if settings["电话视频算探访"] else (w for w in WAYS if w != PHONE))


def month_end(day: dt.date) -> dt.date:
    """The last day of day's month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def home_from(elder: Record, start: dt.date) -> dt.date | None:
    """The first day of [start, …) the elder is 在家 by the sheet (registered, not gone, pause over); None if gone."""
    if elder["状态"] in ("已故", "迁出"):
        return None
    first = start
    registered = elder["建档日期"]
    if isinstance(registered, dt.date) and registered > first:
        first = registered
    if elder_state(elder, dt.date.max) == "paused":  # 住院/外出 with no 暂停至: away until someone fills it in
        return None
    until = elder["暂停至"]
    if elder["状态"] in ("住院", "外出") and isinstance(until, dt.date) and until >= first:
        first = until + dt.timedelta(days=1)
    return first


def in_scope(elder: Record, settings: Settings, start: dt.date, end: dt.date) -> bool:
    """An elder of 探访对象 (a blank or bad 类别 counts: a bad cell never hides one) 在家 on a day of [start, end]."""
    category = elder["类别"]
    if category is not None and category not in settings["探访对象"]:
        return False
    first = home_from(elder, start)
    return first is not None and first <= end


def reached(contacts: Sequence[Record], ways: frozenset[str], start: dt.date, end: dt.date) -> bool:
    """True when a contact of a 探访 方式 lies in [start, end]; contacts in date order (CareContext's), read
    from the latest back to start: a month's check does not walk an elder's years of contacts."""
    for contact in reversed(contacts):
        day = contact["日期"]
        if day < start:
            return False
        if day <= end and contact["方式"] in ways:
            return True
    return False


BAD = (("居住安全", "有隐患", "居住安全有隐患（水、电、燃气、取暖）"), ("身体状况", "较差", "身体状况较差"))


def floor_percent(part: int, whole: int) -> float | None:
    """part/whole in % rounded DOWN to 0.1: 3,095 of 3,096 is 99.9, never a 100 that hides the one not visited."""
    return None if not whole else math.floor(1000 * part / whole) / 10


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
                name=row["名称"] or CAMPAIGNS,
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
