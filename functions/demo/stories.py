"""Stories the demo tells on purpose: an 80-year-old's cataract operation with its meal rota, big birthdays."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from functions.demo.base import Rec, Span, add_years
from functions.demo.elders import Folk
from functions.demo.texts import CATARACT_AFTER, CATARACT_MEALS, CATARACT_NOTE, CATARACT_VISIT, REQUEST_NOTES
from functions.demo.volunteers import Crew

OPERATION_DAYS_AGO = 10
ROTA_DAYS = 21
# Rota slots nobody has taken yet, as (days after today, 餐次); and the one past slot that was missed.
OPEN_SLOTS = {(2, "晚餐"), (4, "午餐"), (4, "晚餐"), (8, "午餐")}
MISSED_SLOT = (-3, "晚餐")


@dataclass
class Stories:
    """What the stories added, for the other tabs and for the tests."""

    cataract: str = ""  # the elder's 编号
    birthdays: dict[str, int] = field(default_factory=dict)  # elder 编号 -> age she or he turns within the week
    requests: list[Rec] = field(default_factory=list)  # without 编号; numbered with the rest by date
    meals: list[Rec] = field(default_factory=list)
    contacts: list[Rec] = field(default_factory=list)


def _free(folk: Folk, row: Rec) -> bool:
    return row["状态"] == "在家" and row["编号"] not in folk.featured


def plant_birthdays(rng: random.Random, folk: Folk, today: dt.date, stories: Stories, count: int) -> None:
    """A few elders turning 80, 90 and 100 within the week after today."""
    candidates = [r for r in folk.rows if _free(folk, r)]
    for age in (80, 90, 100):
        for row in rng.sample(candidates, 1 if age == 100 else count):
            candidates.remove(row)
            row["出生日期"] = add_years(today + dt.timedelta(days=rng.randint(2, 7)), -age)
            if age >= 90:
                row["类别"], row["关爱等级"] = "高龄", "高" if age == 100 else "中"
            folk.featured.add(row["编号"])
            stories.birthdays[row["编号"]] = age


def cataract_story(rng: random.Random, folk: Folk, crew: Crew, span: Span, stories: Stories) -> None:
    """An 80-year-old living alone has a cataract operation; volunteers take her and run a meal rota."""
    today = span.today
    elder = next(
        r
        for r in folk.rows
        if _free(folk, r)
        and r["类别"] == "独居"
        and r["关爱等级"] == "高"
        and r["性别"] == "女"
        and r["结对志愿者"]
        and r["结对志愿者"] not in crew.lapses
    )
    eid, buddy = elder["编号"], elder["结对志愿者"]
    folk.featured.add(eid)
    stories.cataract = eid
    elder["出生日期"] = add_years(today, -80) - dt.timedelta(days=rng.randint(30, 300))
    elder["健康备注"], elder["联系卡"] = CATARACT_NOTE, "已发放"
    operation = today - dt.timedelta(days=OPERATION_DAYS_AGO)
    stories.requests += [
        {
            "登记日期": operation - dt.timedelta(days=6),
            "老人编号": eid,
            "求助人": "本人",
            "类型": "就医",
            "描述": CATARACT_VISIT,
            "负责人": buddy,
            "状态": "已解决",
            "解决日期": operation,
        },
        {
            "登记日期": operation - dt.timedelta(days=1),
            "老人编号": eid,
            "求助人": "女儿",
            "类型": "送餐",
            "描述": CATARACT_MEALS,
            "负责人": buddy,
            "状态": "处理中",
            "解决日期": None,
        },
    ]
    stories.contacts += [
        {
            "日期": operation,
            "老人编号": eid,
            "志愿者编号": buddy,
            "方式": "陪同就医",
            "时长(分钟)": 240,
            "情况记录": CATARACT_VISIT,
            "需跟进": "是",
        },
        {
            "日期": operation + dt.timedelta(days=1),
            "老人编号": eid,
            "志愿者编号": buddy,
            "方式": "上门走访",
            "时长(分钟)": 40,
            "情况记录": CATARACT_AFTER[0],
            "需跟进": "否",
        },
    ]
    cooks = [buddy] + rng.sample([v for v in crew.active() if v != buddy and v not in crew.lapses], 4)
    for offset in range(1 - OPERATION_DAYS_AGO, ROTA_DAYS + 1 - OPERATION_DAYS_AGO):
        day = today + dt.timedelta(days=offset)
        for k, meal in enumerate(("午餐", "晚餐")):
            cook = None if (offset, meal) in OPEN_SLOTS else cooks[(2 * offset + k) % len(cooks)]
            done = (
                None
                if offset > 0 or (offset == 0 and meal == "晚餐")
                else ("否" if (offset, meal) == MISSED_SLOT else "是")
            )
            stories.meals.append({"日期": day, "老人编号": eid, "志愿者编号": cook, "餐次": meal, "已送达": done})
            if done == "是" and meal == "午餐":
                stories.contacts.append(
                    {
                        "日期": day,
                        "老人编号": eid,
                        "志愿者编号": cook,
                        "方式": "送餐",
                        "时长(分钟)": rng.randint(10, 20),
                        "情况记录": None,
                        "需跟进": None,
                    }
                )


def old_rota(rng: random.Random, folk: Folk, crew: Crew, span: Span, stories: Stories) -> None:
    """An earlier, finished rota: a broken wrist in the spring, a week of lunches, all delivered."""
    elder = next(r for r in reversed(folk.rows) if _free(folk, r) and r["关爱等级"] == "中")
    folk.featured.add(elder["编号"])
    start = span.start + dt.timedelta(days=120)
    cook = rng.choice([v for v in crew.active() if crew.joined[v] <= span.start])
    stories.requests.append(
        {
            "登记日期": start - dt.timedelta(days=1),
            "老人编号": elder["编号"],
            "求助人": "本人",
            "类型": "送餐",
            "描述": REQUEST_NOTES["送餐"][0],
            "负责人": cook,
            "状态": "已解决",
            "解决日期": start + dt.timedelta(days=6),
        }
    )
    for offset in range(7):
        stories.meals.append(
            {
                "日期": start + dt.timedelta(days=offset),
                "老人编号": elder["编号"],
                "志愿者编号": cook,
                "餐次": "午餐",
                "已送达": "是",
            }
        )
