"""Checks across tabs: elders' emergency contacts and buddies, contacts and meals that do not fit."""

from __future__ import annotations

import datetime as dt
from itertools import compress

from functions.domain.model import Parsed, Problem, cells_of
from functions.domain.parse_cells import ERROR, WARNING
from functions.domain.tabs import CONTACTS, ELDERS, MEALS, REQUESTS, VOLUNTEERS
from functions.domain.vocabulary import (
    CARE_LEVELS,
    GONE,
    LONELY_CATEGORIES,
    MEAL_REQUEST,
    OPEN_REQUEST,
    PAUSABLE,
    VOLUNTEER_LEFT,
    VOLUNTEER_PAUSED,
)
from functions.validation.rows import Present, really_blank

NEEDS_EMERGENCY_CONTACT = LONELY_CATEGORIES
# No date of death or move is recorded, so "after that change" is read as: a contact in the last
# 已故迁出核对(天) days (设置) for an elder now marked 已故/迁出 is a warning (either the status or the 编号 is wrong).


def _has(present: Present, title: str, *columns: str) -> bool:
    return set(columns) <= present.get(title, set())


def _statuses(parsed: Parsed, title: str) -> dict[str, str]:
    return {
        r.values["编号"]: r.values["状态"]
        for r in parsed.get(title, [])
        if r.values.get("编号") and r.values.get("状态")
    }


def elder_problems(parsed: Parsed, present: Present) -> list[Problem]:
    """Emergency contact for 独居/孤寡/失独, a buddy for 关爱等级 高, and a buddy still serving."""
    problems: list[Problem] = []
    volunteer_status = _statuses(parsed, VOLUNTEERS)
    can_check_contact = _has(present, ELDERS, "类别", "紧急联系人")
    can_check_buddy = _has(present, ELDERS, "关爱等级", "结对志愿者")
    can_check_pause = _has(present, ELDERS, "状态", "暂停至")
    for elder in parsed.get(ELDERS, []):
        v = elder.values
        if v.get("状态") in GONE:
            continue
        if can_check_contact and v.get("类别") in NEEDS_EMERGENCY_CONTACT:
            if really_blank(elder, "紧急联系人"):
                problems.append(
                    Problem(
                        ERROR,
                        ELDERS,
                        elder.number,
                        "紧急联系人",
                        "",
                        f"{v['类别']}老人必须有紧急联系人",
                        "请填上子女、亲属或邻居的姓名，并填紧急联系电话",
                    )
                )
            elif _has(present, ELDERS, "紧急联系电话") and really_blank(elder, "紧急联系电话"):
                problems.append(
                    Problem(
                        WARNING,
                        ELDERS,
                        elder.number,
                        "紧急联系电话",
                        "",
                        "有紧急联系人，但没有填他的电话",
                        "请填上紧急联系人的手机或座机",
                    )
                )
        if v.get("状态") in PAUSABLE and can_check_pause and really_blank(elder, "暂停至"):
            problems.append(
                Problem(
                    WARNING,
                    ELDERS,
                    elder.number,
                    "暂停至",
                    "",
                    f"状态是{v['状态']}，但没有填暂停至",
                    "请填上预计回来的日期；在此之前系统不会提醒问候和走访，过了这天自动恢复",
                )
            )
        if not can_check_buddy:
            continue
        buddy = v.get("结对志愿者")
        if v.get("关爱等级") == CARE_LEVELS[0] and really_blank(elder, "结对志愿者"):
            problems.append(
                Problem(
                    ERROR,
                    ELDERS,
                    elder.number,
                    "结对志愿者",
                    "",
                    "关爱等级为“高”的老人必须有结对志愿者",
                    "请填一位在岗志愿者的编号，如 V001",
                )
            )
        elif buddy and volunteer_status.get(buddy) == VOLUNTEER_LEFT:
            problems.append(
                Problem(
                    ERROR,
                    ELDERS,
                    elder.number,
                    "结对志愿者",
                    buddy,
                    f"结对志愿者 {buddy} 已经退出",
                    "请换一位在岗的志愿者结对",
                )
            )
        elif buddy and volunteer_status.get(buddy) == VOLUNTEER_PAUSED:
            problems.append(
                Problem(
                    WARNING,
                    ELDERS,
                    elder.number,
                    "结对志愿者",
                    buddy,
                    f"结对志愿者 {buddy} 正在暂停服务",
                    "暂停期间请安排其他志愿者照看，或换一位在岗志愿者",
                )
            )
    return problems


def ended_elder_contact_problems(parsed: Parsed, today: dt.date, recent_days: int) -> list[Problem]:
    """A recent contact logged for an elder marked 已故/迁出."""
    ended = {k: s for k, s in _statuses(parsed, ELDERS).items() if s in GONE}
    if not ended:
        return []
    since = today - dt.timedelta(days=recent_days)
    problems: list[Problem] = []
    contacts = parsed.get(CONTACTS, [])
    for contact in compress(contacts, map(ended.__contains__, cells_of(contacts, "老人编号"))):  # the few
        elder, day = contact["老人编号"], contact["日期"]
        status = ended[elder]
        if day is not None and day > since:
            problems.append(
                Problem(
                    WARNING,
                    CONTACTS,
                    contact.number,
                    "老人编号",
                    elder,
                    f"老人 {elder} 在档案里是“{status}”，但最近还有联系记录",
                    "如果老人状态填错了请改回；如果是老人编号填错了请改正",
                )
            )
    return problems


def meal_problems(parsed: Parsed, present: Present, today: dt.date) -> list[Problem]:
    """A meal from today on for an elder without an open 送餐 request (or no longer here)."""
    if not _has(present, REQUESTS, "老人编号", "类型", "状态"):
        return []
    open_meals = {
        r.values["老人编号"]
        for r in parsed.get(REQUESTS, [])
        if r.values.get("类型") == MEAL_REQUEST and r.values.get("状态") in OPEN_REQUEST and r.values.get("老人编号")
    }
    ended = {k: s for k, s in _statuses(parsed, ELDERS).items() if s in GONE}
    problems: list[Problem] = []
    for meal in parsed.get(MEALS, []):
        elder, day = meal.values.get("老人编号"), meal.values.get("日期")
        if not elder or day is None or day < today:
            continue
        if elder in ended:
            problems.append(
                Problem(
                    WARNING,
                    MEALS,
                    meal.number,
                    "老人编号",
                    elder,
                    f"老人 {elder} 在档案里是“{ended[elder]}”，还排着送餐",
                    "请核对老人状态，或删掉这条排班",
                )
            )
        elif elder not in open_meals:
            problems.append(
                Problem(
                    WARNING,
                    MEALS,
                    meal.number,
                    "老人编号",
                    elder,
                    f"老人 {elder} 没有未完成的送餐需求",
                    "请先在“需求登记”里登记一条类型为“送餐”的需求，或删掉这条排班",
                )
            )
    return problems
