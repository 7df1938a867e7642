"""The demo's 需求登记: a year of help requests of every type, most solved within days, a few waiting too long."""

from __future__ import annotations

import datetime as dt
import random

from functions.demo.base import Rec, Span, at_least, day_between, pick
from functions.demo.elders import Folk
from functions.demo.texts import REQUEST_NOTES, REQUESTERS
from functions.demo.volunteers import Crew

TYPES = {"就医": 25, "送餐": 6, "维修": 25, "代办": 20, "心理疏导": 10, "其他": 14}
# A community that keeps up: what is older than ten days is solved (within days, below); of the last ten days
# a few are still being handled, and the planted ones further down wait too long.
STATUS_BY_AGE = ({"已解决": 1}, {"已解决": 92, "处理中": 8}, {"已解决": 45, "处理中": 35, "待处理": 20})


def request_rows(rng: random.Random, folk: Folk, crew: Crew, span: Span, count: int, story: list[Rec]) -> list[Rec]:
    """count requests plus the story's, numbered R0001… in order of 登记日期."""
    today = span.today
    home = [r for r in folk.rows if r["状态"] == "在家" and r["编号"] not in folk.featured]
    cared = [r for r in home if r["关爱等级"] != "低"]
    active = crew.active()
    rows: list[Rec] = []
    types = list(TYPES) + [pick(rng, TYPES) for _ in range(count - len(TYPES))]  # every type at least once
    for kind in types:
        elder = rng.choice(cared if rng.random() < 0.7 else home)
        day = day_between(rng, span.start, today)
        owner = elder["结对志愿者"] if elder["结对志愿者"] in active else rng.choice(active)
        age = (today - day).days
        status = pick(rng, STATUS_BY_AGE[0] if age > 10 else STATUS_BY_AGE[1] if age > 3 else STATUS_BY_AGE[2])
        done = min(today, day + dt.timedelta(days=rng.choice((0, 1, 1, 2, 3, 5, 8)))) if status == "已解决" else None
        status = status if done is None or done <= today else "处理中"
        if status == "待处理" and age > 3:
            status = "处理中"  # only the planted ones below are overdue
        rows.append(
            {
                "登记日期": day,
                "老人编号": elder["编号"],
                "求助人": rng.choice(REQUESTERS),
                "类型": kind,
                "描述": rng.choice(REQUEST_NOTES[kind]),
                "负责人": owner if rng.random() < 0.95 else None,
                "状态": status,
                "解决日期": done,
            }
        )
    for _ in range(at_least(count / 120, 3)):  # overdue: registered days ago, nobody has picked it up
        elder = rng.choice(home)
        kind = rng.choice(("维修", "代办", "其他"))
        rows.append(
            {
                "登记日期": today - dt.timedelta(days=rng.randint(5, 12)),
                "老人编号": elder["编号"],
                "求助人": rng.choice(REQUESTERS),
                "类型": kind,
                "描述": rng.choice(REQUEST_NOTES[kind]),
                "负责人": rng.choice(active),
                "状态": "待处理",
                "解决日期": None,
            }
        )
    rows += story
    rows.sort(key=lambda r: r["登记日期"])
    for i, row in enumerate(rows):
        row["编号"] = f"R{i + 1:04d}"
    return rows
