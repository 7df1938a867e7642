"""The demo's 走访记录: a year and more of greetings and visits with each buddy's own rhythm."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from functions.demo.base import Rec, Span, at_least, some
from functions.demo.elders import LONELY_TARGET, Folk
from functions.demo.texts import CALL_NOTES, FESTIVAL_NOTES, VISIT_NOTES
from functions.demo.volunteers import Crew

DAY = dt.timedelta(days=1)
# 关爱等级 -> (days between contacts: choices, weights), days since the last visit after which the next contact is one
RHYTHM = {
    "高": (((1, 2, 3), (15, 60, 25)), 6),
    "中": (((5, 6, 7, 8), (25, 30, 30, 15)), 11),
    "低": (((12, 13, 14, 15, 16, 18, 20), (20, 20, 20, 15, 10, 8, 7)), 22),
}
UCLA = ("几乎没有", "有时", "经常")


def _grid(rng: random.Random, folk: Folk, crew: Crew, span: Span) -> dict[str, str]:
    """A grid volunteer per building who greets the elders without a buddy."""
    veterans = [v for v in crew.active() if crew.joined[v] <= span.start]
    grid = {b: rng.choice(veterans) for b in sorted({r["楼栋"] for r in folk.rows})}
    crew.grid = grid
    return grid


def _answers(rng: random.Random, latent: float) -> list[str]:
    """The three UCLA-3 answers for a latent score (3–9)."""
    return [UCLA[min(2, max(0, round(latent / 3 + rng.gauss(0, 0.45)) - 1))] for _ in range(3)]


def contact_rows(rng: random.Random, folk: Folk, crew: Crew, span: Span) -> list[Rec]:
    """Every elder's contacts from span.start to today, in order of date."""
    grid = _grid(rng, folk, crew, span)
    low = [
        r["编号"] for r in folk.rows if r["关爱等级"] == "低" and not r["结对志愿者"] and r["编号"] not in folk.featured
    ]
    neglected = {
        e: span.today - dt.timedelta(days=rng.randint(45, 90)) for e in some(rng, low, at_least(len(low) / 200, 2))
    }
    target = [r["编号"] for r in folk.rows if r["类别"] in LONELY_TARGET]
    rising = set(some(rng, target, at_least(len(target) * 0.03, 2)))
    rows: list[Rec] = []
    for elder in folk.rows:
        eid = elder["编号"]
        end = min(folk.gone.get(eid, span.today), neglected.get(eid, span.today))
        away = folk.away.get(eid)
        buddy, fallback = elder["结对志愿者"], grid[elder["楼栋"]]

        def who(day: dt.date, buddy: str | None = buddy, fallback: str = fallback) -> str | None:
            if buddy is None:
                return fallback
            if buddy in crew.left:
                return buddy if day <= crew.left[buddy] else None
            if day < crew.joined[buddy]:
                return fallback
            return None if crew.lapsed(buddy, day) else buddy

        rows.extend(_elder_contacts(rng, elder, span, end, away, who, eid in rising))
    rows.sort(key=lambda r: r["日期"])
    return rows


def _elder_contacts(
    rng: random.Random,
    elder: Rec,
    span: Span,
    end: dt.date,
    away: tuple[dt.date, dt.date] | None,
    who: Callable[[dt.date], str | None],
    rising: bool,
) -> list[Rec]:
    """One elder's contacts: greetings on the level's rhythm, every so often in person, UCLA-3 monthly."""
    (gaps, weights), visit_after = RHYTHM[elder["关爱等级"]]
    eid, asks = elder["编号"], elder["类别"] in LONELY_TARGET or rng.random() < 0.03
    base = rng.uniform(3.8, 7.2)
    day = span.start + dt.timedelta(days=rng.randint(0, max(gaps)))
    last_visit, asked_month = day - dt.timedelta(days=rng.randint(0, visit_after)), 0
    recent = span.today - dt.timedelta(days=10)
    out: list[Rec] = []
    while day <= end:
        vid = None if away and away[0] <= day <= away[1] else who(day)
        if vid is not None:
            visit = (day - last_visit).days >= visit_after
            row: Rec = {"日期": day, "老人编号": eid, "志愿者编号": vid}
            if visit:
                last_visit = day
                row["方式"] = "困难帮扶" if rng.random() < 0.03 else "上门走访"
                row["时长(分钟)"] = rng.randrange(15, 65, 5)
                row["情况记录"] = rng.choice(VISIT_NOTES) if rng.random() < 0.65 else None
                month = day.year * 12 + day.month
                if asks and month != asked_month and rng.random() < 0.75:
                    asked_month = month
                    months_left = (span.today - day).days / 30
                    latent = base + 0.06 * months_left + (max(0.0, 3 - months_left) * 0.8 if rising else 0.0)
                    row["缺少陪伴"], row["被冷落"], row["与人隔绝"] = _answers(rng, latent)
                follow = day >= recent and rng.random() < 0.05 or rng.random() < 0.01
            else:
                row["方式"] = "电话问候"
                row["时长(分钟)"] = rng.randint(3, 15)
                row["情况记录"] = rng.choice(CALL_NOTES) if rng.random() < 0.15 else None
                follow = False
            row["需跟进"] = "是" if follow else ("否" if rng.random() < 0.4 else None)
            out.append(row)
        day += dt.timedelta(days=rng.choices(gaps, weights)[0])
    return out


def festival_rows(
    rng: random.Random,
    folk: Folk,
    crew: Crew,
    span: Span,
    festivals: list[tuple[str, dt.date]],
    targets: tuple[str, ...],
) -> list[Rec]:
    """节日慰问 in the week before each lunar festival, for the 节日慰问对象 (and some old elders at 重阳)."""
    party = [r["编号"] for r in crew.party() if r["状态"] == "在岗"]
    lead = (0, 1, 2, 3, 4, 5, 6)
    rows: list[Rec] = []
    for name, festival in festivals:
        for elder in folk.rows:
            eid = elder["编号"]
            wanted = elder["类别"] in targets or (
                name == "重阳" and elder["类别"] == "高龄" and elder["关爱等级"] != "低" and rng.random() < 0.5
            )
            if not wanted or rng.random() > 0.93:
                continue
            day = festival - dt.timedelta(days=rng.choices(lead, (14, 22, 22, 16, 12, 8, 6))[0])
            away = folk.away.get(eid)
            if (
                day > span.today
                or day < span.start
                or (eid in folk.gone and day > folk.gone[eid])
                or (away and away[0] <= day <= away[1])
            ):
                continue
            buddy = elder["结对志愿者"]
            vid = buddy if buddy and crew.serving(buddy, day) else rng.choice(party)
            rows.append(
                {
                    "日期": day,
                    "老人编号": eid,
                    "志愿者编号": vid,
                    "方式": "节日慰问",
                    "时长(分钟)": rng.randrange(20, 45, 5),
                    "情况记录": FESTIVAL_NOTES[name],
                    "需跟进": "否",
                }
            )
    return rows
