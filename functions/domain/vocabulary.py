"""The words the rules share, each defined once: statuses, 方式, care levels and the UCLA-3 loneliness items."""

from __future__ import annotations

from functions.domain.model import Record

# 老人档案 状态
GONE = frozenset({"已故", "迁出"})  # no more care: no alerts, not counted, contacts after it are a mistake
PAUSABLE = frozenset({"住院", "外出"})  # paused through 暂停至
LONELY_CATEGORIES = frozenset({"独居", "孤寡", "失独"})  # 类别 of elders living without family around
# 志愿者 状态
ON_DUTY = "在岗"
VOLUNTEER_PAUSED, VOLUNTEER_LEFT = "暂停", "退出"
UNAVAILABLE_VOLUNTEER = frozenset({VOLUNTEER_PAUSED, VOLUNTEER_LEFT})
# 关爱等级, strictest first
CARE_LEVELS = ("高", "中", "低")
STRICTEST_LEVEL = CARE_LEVELS[0]  # a missing or bad 关爱等级 gets the tightest checks: a bad cell never hides an alert
# Closing 状态 of the case tabs (a row is open until its 状态 says this)
REQUEST_SOLVED = "已解决"  # 需求登记
REQUEST_IN_HAND = "处理中"  # 需求登记: someone took it (待处理: nobody yet)
OPEN_REQUEST = frozenset({"待处理", REQUEST_IN_HAND})
CASE_SETTLED = "已化解"  # 纠纷调解
FINDING_FIXED = "已整改"  # 安全巡查
COMPLAINT_CLOSED = "已办结"  # 投诉
# 需求登记 类型 and 送餐排班 餐次
MEAL_REQUEST = "送餐"
MEAL_ORDER = ("午餐", "晚餐")
# 走访记录 方式
PHONE_GREETING = "电话问候"
FESTIVAL_VISIT = "节日慰问"
# UCLA-3 loneliness items of 走访记录 and their answers' scores
UCLA_ITEMS = ("缺少陪伴", "被冷落", "与人隔绝")
UCLA_SCORES = {"几乎没有": 1, "有时": 2, "经常": 3}


def ucla_score(contact: Record) -> int | None:
    """UCLA-3 total (3–9) when all three items are answered and parsed, else None."""
    scores = [UCLA_SCORES.get(contact[item]) for item in UCLA_ITEMS]
    return None if None in scores else sum(scores)  # type: ignore[arg-type]
