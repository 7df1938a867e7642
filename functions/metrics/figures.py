"""The six 三升三降 figures for one month, from the month index: pure arithmetic, no I/O."""

from __future__ import annotations

import datetime as dt
from statistics import fmean

from functions.domain.model import Record
from functions.domain.vocabulary import CASE_SETTLED, LONELY_CATEGORIES, ON_DUTY, ucla_score
from functions.metrics.index import MonthIndex

LONELINESS_CATEGORIES = LONELY_CATEGORIES


def percent(part: float, whole: float) -> float | None:
    """part/whole as a percentage, None when whole is 0 (never a division by zero)."""
    return None if not whole else 100.0 * part / whole


def participation(index: MonthIndex, month: str, population: int) -> tuple[int, float | None]:
    """Participants and 党群活动参与率(%).

    Participants = distinct people (same 姓名 + 联系电话 = one person, across all the month's activities)
    signed in to activities dated in the month, plus 参与人数 of the month's activities that have no
    sign-in row at all. A person counted by head-count cannot be told apart, so they may be counted twice.
    """
    people: set[tuple[str, str]] = set()
    headcount = 0
    for activity in index.activities.get(month, []):
        signins = index.signins.get(activity["编号"] or "", [])
        if not signins:
            headcount += activity.get("参与人数", 0)
        for s in signins:
            if s["姓名"]:
                people.add(("".join(str(s["姓名"]).split()), s.get("联系电话", "")))
    total = len(people) + headcount
    return total, percent(total, population)


def disputes(index: MonthIndex, month: str, deadline_days: int) -> tuple[int, float | None]:
    """Disputes registered in the month and the % of them already 已化解 within 纠纷超期天数 of 登记日期."""
    opened = index.disputes.get(month, [])
    on_time = sum(
        1
        for d in opened
        if d["状态"] == CASE_SETTLED
        and d["化解日期"] is not None
        and 0 <= (d["化解日期"] - d["登记日期"]).days <= deadline_days
    )
    return len(opened), percent(on_time, len(opened))


def fee_rate(index: MonthIndex, month: str) -> float | None:
    """物业缴费率(%) = 已缴户数/应缴户数; None (shown empty / “—”) when the month has no usable figures."""
    row = index.fees.get(month)
    if row is None or row["已缴户数"] is None or not row["应缴户数"]:
        return None
    return percent(row["已缴户数"], row["应缴户数"])


def volunteers(index: MonthIndex, month: str) -> tuple[int, float]:
    """Distinct 志愿者编号 with a contact or a sign-in in the month, and service hours.

    Hours = the month's contact 时长(分钟)/60 + 服务时长(小时) of sign-ins to the month's activities.
    """
    ids: set[str] = set()
    minutes = 0
    for c in index.contacts.get(month, []):
        if c["志愿者编号"]:
            ids.add(c["志愿者编号"])
        minutes += c.get("时长(分钟)", 0)
    hours = 0.0
    for activity in index.activities.get(month, []):
        for s in index.signins.get(activity["编号"] or "", []):
            if s["志愿者编号"]:
                ids.add(s["志愿者编号"])
            hours += s.get("服务时长(小时)", 0.0)
    return len(ids), minutes / 60 + hours


def on_duty(volunteers: list[Record], month_end: dt.date) -> int:
    """在岗志愿者: 状态 在岗 (the sheet keeps only the current one) and joined by the month's end (or no date)."""
    return sum(
        1
        for v in volunteers
        if v["状态"] == ON_DUTY and (not isinstance(v["加入日期"], dt.date) or v["加入日期"] <= month_end)
    )


def loneliness(
    index: MonthIndex, month: str, elders: dict[str, Record], threshold: int
) -> tuple[int, float | None, float | None]:
    """Elders assessed, mean UCLA-3 score and % at or above 孤独感阈值.

    Counts each 独居/孤寡/失独 elder (by their current 类别) once, with the score of their latest fully
    answered assessment in the month (latest 日期, then the lower row of the sheet).
    """
    latest: dict[str, tuple[tuple, int]] = {}
    for c in index.contacts.get(month, []):
        elder = elders.get(c["老人编号"] or "")
        if elder is None or elder["类别"] not in LONELINESS_CATEGORIES:
            continue
        score = ucla_score(c)
        if score is None:
            continue
        key = (c["日期"], c.number)
        if c["老人编号"] not in latest or key > latest[c["老人编号"]][0]:
            latest[c["老人编号"]] = (key, score)
    scores = [score for _, score in latest.values()]
    if not scores:
        return 0, None, None
    return len(scores), fmean(scores), percent(sum(1 for s in scores if s >= threshold), len(scores))
