"""The demo's 壮有所引 tabs: 纠纷调解, 安全巡查, 投诉 and 物业缴费, with the 三降 trends and a few late items."""

from __future__ import annotations

import datetime as dt
import random

from functions.demo.base import Rec, Scale, Span, at_least, pick
from functions.demo.names import adult_name
from functions.demo.texts import COMPLAINTS, DISPUTE_NOTES, PATROL_SPOTS
from functions.demo.volunteers import Crew

DISPUTES = {"家庭矛盾": 20, "婚姻纠纷": 10, "装修纠纷": 18, "噪音扰民": 22, "垃圾乱放": 12, "物业纠纷": 12, "其他": 6}
PAIRS = {"家庭矛盾": "（父子）", "婚姻纠纷": "（夫妻）", "家庭暴力": "（夫妻）"}
PATROLS = {"飞线充电": 50, "消防通道堵塞": 25, "公共设施损坏": 20, "其他": 5}
CHANNELS = {"12345热线": 40, "物业": 30, "社区": 25, "其他": 5}


def _falling(rng: random.Random, span: Span) -> dt.date:
    """A day in the span, more often early than late: the 三降 numbers fall over the year."""
    x = rng.random() if rng.random() < 0.5 else rng.triangular(0, 1, 0)
    return span.start + dt.timedelta(days=int(x * (span.days - 1)))


def _numbered(rows: list[Rec], prefix: str, key: str) -> list[Rec]:
    rows.sort(key=lambda r: r[key])
    for i, row in enumerate(rows):
        row["编号"] = f"{prefix}{i + 1:04d}"
    return rows


def _later(rng: random.Random, day: dt.date, low: int, high: int, today: dt.date) -> dt.date | None:
    """A day low..high days after day, or None when that is still in the future."""
    then = day + dt.timedelta(days=rng.randint(low, high))
    return then if then <= today else None


def dispute_rows(rng: random.Random, crew: Crew, span: Span, count: int) -> list[Rec]:
    """Disputes of every type; one open 家庭暴力 case and one mediation running too long."""
    today, party = span.today, [r["编号"] for r in crew.party() if r["状态"] == "在岗"]
    kinds = list(DISPUTES) + [pick(rng, DISPUTES) for _ in range(count - len(DISPUTES))]
    planned = [(k, _falling(rng, span), None) for k in kinds] + [
        ("家庭暴力", today - dt.timedelta(days=8), "调解中"),
        ("家庭暴力", today - dt.timedelta(days=150), "已转介"),
        ("噪音扰民", today - dt.timedelta(days=rng.randint(40, 55)), "调解中"),
    ]
    rows = []
    for kind, day, status in planned:
        age = (today - day).days
        status = status or pick(
            rng, {"已化解": 85, "已转介": 15} if age > 45 else {"调解中": 50, "已化解": 45, "已转介": 5}
        )
        settled = _later(rng, day, 1, 25, today) if status == "已化解" else None
        status = "调解中" if status == "已化解" and settled is None else status
        revisit = _later(rng, settled, 3, 14, today) if settled and rng.random() < 0.85 else None
        family = kind in PAIRS
        a = adult_name(rng, rng.choice("男女"))
        b = adult_name(rng, rng.choice("男女"), a[0] if family else None)
        rows.append(
            {
                "登记日期": day,
                "类型": kind,
                "楼栋": f"{rng.randint(1, 45)}栋",
                "当事人": f"{a}、{b}{PAIRS.get(kind, '（邻居）')}",
                "调解人": rng.choice(party) if rng.random() < 0.8 else rng.choice(crew.active()),
                "状态": status,
                "化解日期": settled,
                "回访日期": revisit,
                "情况": rng.choice(DISPUTE_NOTES[kind]),
            }
        )
    return _numbered(rows, "M", "登记日期")


def patrol_rows(rng: random.Random, crew: Crew, span: Span, count: int) -> list[Rec]:
    """Hazards found on patrols, passed to the property company; some still waiting, a few overdue."""
    today, active = span.today, crew.active()
    kinds = list(PATROLS) + [pick(rng, PATROLS) for _ in range(count - len(PATROLS))]
    rows = []
    for i, kind in enumerate(kinds):
        found = today - dt.timedelta(days=rng.randint(10, 20)) if i < at_least(count / 60, 2) else _falling(rng, span)
        notified = _later(rng, found, 0, 2, today)
        fixed = None if i < at_least(count / 60, 2) else (notified and _later(rng, notified, 1, 9, today))
        place = f"{rng.randint(1, 45)}栋{rng.randint(1, 3)}单元 {rng.choice(PATROL_SPOTS[kind])}"
        rows.append(
            {
                "发现日期": found,
                "类型": kind,
                "位置": place,
                "发现人": rng.choice(active),
                "通知物业日期": notified,
                "整改日期": fixed,
                "状态": "已整改" if fixed else ("待整改" if notified else "待通知"),
            }
        )
    rows[-1].update(
        {"发现日期": today - dt.timedelta(days=2), "通知物业日期": None, "整改日期": None, "状态": "待通知"}
    )
    return _numbered(rows, "P", "发现日期")


def complaint_rows(rng: random.Random, span: Span, count: int) -> list[Rec]:
    """Complaints by channel, falling over the year; a few 处理中 for far too long."""
    today = span.today
    rows = []
    for i in range(count):
        stuck = i < at_least(count / 100, 2)
        day = today - dt.timedelta(days=rng.randint(40, 90)) if stuck else _falling(rng, span)
        category = rng.choice(list(COMPLAINTS))
        closed = None if stuck else _later(rng, day, 1, 12, today)
        rows.append(
            {
                "日期": day,
                "渠道": pick(rng, CHANNELS),
                "类别": category,
                "摘要": rng.choice(COMPLAINTS[category]),
                "状态": "已办结" if closed else "处理中",
                "办结日期": closed,
            }
        )
    return _numbered(rows, "C", "日期")


def fee_rows(rng: random.Random, scale: Scale, span: Span) -> list[Rec]:
    """One row a month up to last month: about 4,860 households due, 85–95 % paid, rising."""
    rows = []
    months = (span.today.year * 12 + span.today.month) - (span.start.year * 12 + span.start.month)
    for k in range(months):
        index = span.start.year * 12 + span.start.month - 1 + k
        due = scale.households - round(rng.randint(0, 12) * scale.factor)
        rate = 0.855 + 0.075 * k / max(1, months - 1) + rng.uniform(-0.006, 0.006)
        rows.append({"月份": f"{index // 12}-{index % 12 + 1:02d}", "应缴户数": due, "已缴户数": round(due * rate)})
    return rows
