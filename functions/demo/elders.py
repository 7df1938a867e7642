"""The demo's 老人档案 tab: 4,000+ elders (full) with their care mix, buddies and whereabouts."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from functions.demo.base import Rec, Scale, Span, add_years, at_least, day_between, pick, shares, some
from functions.demo.names import elder_name, emergency_contact, landline, mobile, surname
from functions.demo.texts import ELDER_REMARKS, HEALTH_NOTES
from functions.demo.volunteers import Crew

CATEGORIES = {"独居": 9.2, "孤寡": 1.5, "失独": 1.1, "空巢": 36.0, "高龄": 31.0, "其他": 21.2}
LEVELS = {
    "独居": {"高": 45, "中": 50, "低": 5},
    "孤寡": {"高": 60, "中": 38, "低": 2},
    "失独": {"高": 50, "中": 48, "低": 2},
    "空巢": {"中": 10, "低": 90},
    "高龄": {"高": 0.5, "中": 18, "低": 81.5},
    "其他": {"中": 3, "低": 97},
}
STATUS = {"在家": 95.8, "住院": 0.6, "外出": 0.6, "已故": 2.0, "迁出": 1.0}
LONELY_TARGET = ("独居", "孤寡", "失独")


@dataclass
class Folk:
    """Elders as rows, plus when each one could be contacted (not stored in the sheet)."""

    rows: list[Rec]
    away: dict[str, tuple[dt.date, dt.date]] = field(default_factory=dict)  # hospital or away: no contact
    gone: dict[str, dt.date] = field(default_factory=dict)  # died or moved out on that day
    featured: set[str] = field(default_factory=set)  # elders in a story: never made messy

    def by_id(self, eid: str) -> Rec:
        """The row of an elder (ids are E0001…, in order)."""
        return self.rows[int(eid[1:]) - 1]


def _birth(rng: random.Random, category: str, today: dt.date) -> dt.date:
    """A birth date that makes the elder 60 or older (80+ for 高龄)."""
    age = rng.randint(80, 99) if category == "高龄" else 60 + int(rng.betavariate(1.6, 3.0) * 38)
    born = add_years(today, -age) - dt.timedelta(days=rng.randint(1, 364))
    return born if born.month != 2 or born.day != 29 else born - dt.timedelta(days=1)


def _elder(rng: random.Random, i: int, category: str, today: dt.date) -> Rec:
    sex = "女" if rng.random() < 0.56 else "男"
    family = surname(rng)
    emergency = emergency_contact(rng, family, category)
    return {
        "编号": f"E{i + 1:04d}",
        "姓名": elder_name(rng, sex, family),
        "性别": sex,
        "出生日期": _birth(rng, category, today),
        "楼栋": f"{rng.randint(1, 45)}栋",
        "房号": f"{rng.randint(1, 3)}-{rng.randint(1, 26)}{rng.randint(1, 4):02d}",
        "联系电话": (mobile(rng) if rng.random() < 0.62 else landline(rng)) if rng.random() < 0.97 else None,
        "紧急联系人": emergency,
        "紧急联系电话": mobile(rng),
        "类别": category,
        "关爱等级": pick(rng, LEVELS[category]),
        "走访间隔(天)": rng.choice((10, 21, 45)) if rng.random() < 0.02 else None,
        "结对志愿者": None,
        "联系卡": "已发放" if rng.random() < (0.95 if category in LONELY_TARGET else 0.6) else "未发放",
        "状态": "在家",
        "暂停至": None,
        "健康备注": rng.choice(HEALTH_NOTES) if rng.random() < 0.4 else None,
        "备注": rng.choice(ELDER_REMARKS) if rng.random() < 0.08 else None,
    }


def make_elders(rng: random.Random, scale: Scale, span: Span, crew: Crew) -> Folk:
    """Elders with a realistic mix of categories, levels and whereabouts, paired with buddies."""
    today = span.today
    folk = Folk(rows=[_elder(rng, i, c, today) for i, c in enumerate(shares(scale.elders, CATEGORIES, rng))])
    statuses = shares(scale.elders, STATUS, rng)
    for wanted in ("住院", "外出", "已故", "迁出"):
        while statuses.count(wanted) < 2:
            statuses[statuses.index("在家")] = wanted
    for row, status in zip(folk.rows, statuses, strict=True):
        row["状态"] = status
        eid = row["编号"]
        if status in ("已故", "迁出"):
            folk.gone[eid] = day_between(rng, span.start + dt.timedelta(days=30), today - dt.timedelta(days=20))
            row["备注"] = "随子女迁往外地" if status == "迁出" else row["备注"]
        elif status in ("住院", "外出"):
            left = today - dt.timedelta(days=rng.randint(3, 25))
            back = (
                today + dt.timedelta(days=rng.randint(3, 45))
                if rng.random() < 0.8
                else today - dt.timedelta(days=rng.randint(1, 2))
            )  # 暂停至 passed: checks have resumed
            row["暂停至"] = back
            folk.away[eid] = (left, back)
    missing = [r for r in folk.rows if r["类别"] == "独居" and r["状态"] == "在家"]
    for row in some(rng, missing, at_least(len(missing) / 100, 1)):  # a few 独居 without an emergency contact
        row["紧急联系人"] = row["紧急联系电话"] = None
        folk.featured.add(row["编号"])
    _pair(rng, folk, crew)
    return folk


def _pair(rng: random.Random, folk: Folk, crew: Crew) -> None:
    """Buddies for nearly every 高, most 中 and a few 低 elders; one 退出 volunteer is still paired."""
    active = crew.active()
    rng.shuffle(active)
    chance = {"高": 0.99, "中": 0.9, "低": 0.08}
    wanting = [r for r in folk.rows if rng.random() < chance[r["关爱等级"]]]
    for k, row in enumerate(wanting):
        row["结对志愿者"] = active[k % len(active)]
    gone = next(r["编号"] for r in crew.rows if r["状态"] == "退出")
    stale = next(
        r for r in folk.rows if r["关爱等级"] == "中" and r["状态"] == "在家" and r["编号"] not in folk.featured
    )
    stale["结对志愿者"] = gone
    folk.featured.add(stale["编号"])
    unpaired = next(
        r for r in folk.rows if r["关爱等级"] == "高" and r["状态"] == "在家" and r["编号"] not in folk.featured
    )
    unpaired["结对志愿者"] = None  # validation: a 高 elder must have a buddy
    folk.featured.add(unpaired["编号"])
