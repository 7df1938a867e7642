"""Helpers for the care-rule tests: build parsed Records directly, run the rules (no tests here)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from functions.care.alerts import compute_alerts
from functions.domain.model import Alert, Parsed, Record
from functions.domain.settings import Settings, parse_settings
from functions.domain.table import Row
from tests.support import TODAY
from tests.support.records import complete

TABS = (
    "老人档案",
    "志愿者",
    "走访记录",
    "需求登记",
    "送餐排班",
    "活动",
    "活动签到",
    "纠纷调解",
    "安全巡查",
    "投诉",
    "物业缴费",
)
_rows = itertools.count(2)


def day(offset: int, base: dt.date = TODAY) -> dt.date:
    """A date `offset` days from base (negative = in the past)."""
    return base + dt.timedelta(days=offset)


def settings(**overrides: Any) -> Settings:
    """Settings with defaults; keys given as 项目 text via a dict, e.g. settings(**{'升级倍数': 3})."""
    return parse_settings([Row(i + 2, {"项目": k, "值": v}) for i, (k, v) in enumerate(overrides.items())])


def record(values: dict[str, Any], bad: tuple[str, ...] = ()) -> Record:
    """A parsed row; headers in `bad` failed to parse and hold None."""
    values = {k: (None if k in bad else v) for k, v in values.items()}
    return Record(number=next(_rows), values=values, bad=set(bad))


def elder(
    eid: str = "E0001",
    name: str = "王秀英",
    level: str | None = "高",
    status: str | None = "在家",
    category: str | None = "独居",
    buddy: str | None = "V001",
    bad: tuple[str, ...] = (),
    **more: Any,
) -> Record:
    """An 老人档案 row."""
    values = {
        "编号": eid,
        "姓名": name,
        "性别": "女",
        "出生日期": dt.date(1941, 3, 5),
        "楼栋": "12栋",
        "房号": "1-302",
        "联系电话": "13812345678",
        "类别": category,
        "关爱等级": level,
        "走访间隔(天)": None,
        "结对志愿者": buddy,
        "联系卡": "已发放",
        "状态": status,
        "暂停至": None,
        "健康备注": "白内障术后，左眼视力差",
        "备注": None,
    }
    values.update(more)
    return record(values, bad)


def volunteer(
    vid: str = "V001", name: str = "李梅", status: str | None = "在岗", buildings: str | None = None, bad: tuple = ()
) -> Record:
    """A 志愿者 row; buildings is its 负责楼栋."""
    return record(
        {
            "编号": vid,
            "姓名": name,
            "联系电话": "13900001111",
            "邮箱": f"{vid.lower()}@example.cn",
            "党员": "是",
            "服务队": "金芙蓉志愿队",
            "状态": status,
            "加入日期": dt.date(2023, 5, 1),
            "负责楼栋": buildings,
        },
        bad,
    )


def contact(
    when: dt.date | None,
    eid: str | None = "E0001",
    way: str | None = "上门走访",
    vid: str = "V001",
    follow: str | None = "否",
    items: tuple[str, str, str] | None = None,
    bad: tuple[str, ...] = (),
) -> Record:
    """A 走访记录 row; items are the three UCLA-3 answers."""
    a, b, c = items or (None, None, None)
    return record(
        {
            "日期": when,
            "老人编号": eid,
            "志愿者编号": vid,
            "方式": way,
            "时长(分钟)": 30,
            "缺少陪伴": a,
            "被冷落": b,
            "与人隔绝": c,
            "情况记录": "老人说最近睡不好，儿子半年没回来",
            "需跟进": follow,
        },
        bad,
    )


def world(elders: list[Record] | None = None, volunteers: list[Record] | None = None, **tabs: list[Record]) -> Parsed:
    """Parsed tables: every tab present; one elder E0001 and volunteer V001 unless given."""
    parsed: Parsed = {t: [] for t in TABS}
    parsed["老人档案"] = [elder()] if elders is None else elders
    parsed["志愿者"] = [volunteer()] if volunteers is None else volunteers
    names = {
        "contacts": "走访记录",
        "requests": "需求登记",
        "meals": "送餐排班",
        "mediation": "纠纷调解",
        "patrols": "安全巡查",
        "complaints": "投诉",
    }
    for key, rows in tabs.items():
        parsed[names[key]] = rows
    return complete(parsed)


def alerts(
    parsed: Parsed, today: dt.date = TODAY, kind: str | None = None, conf: Settings | None = None
) -> list[Alert]:
    """compute_alerts, optionally only one 类型."""
    parsed = complete(parsed)  # rows a test put in after world() get every column too
    found = compute_alerts(parsed, conf or settings(), today)
    return [a for a in found if kind is None or a.kind == kind]


def levels(parsed: Parsed, today: dt.date = TODAY, kind: str | None = None, conf: Settings | None = None) -> list[str]:
    """The 级别 of each alert of a 类型."""
    return [a.level for a in alerts(parsed, today, kind, conf)]
