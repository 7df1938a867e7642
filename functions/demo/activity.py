"""The demo's 活动 and 活动签到: weekly classes for elders, summer classes for children, party life."""

from __future__ import annotations

import datetime as dt
import random

from functions.demo.base import Rec, Scale, Span, at_least, some
from functions.demo.elders import Folk
from functions.demo.names import kid_name, mobile
from functions.demo.volunteers import Crew

ELDER_CLASSES = {1: "老年合唱班", 3: "老年形体课", 5: "老年舞蹈班"}  # weekday -> class
SUMMER_CLASSES = {0: "暑期乒乓球班", 2: "暑期乒乓球班", 1: "暑期书法班", 4: "暑期书法班"}
KIDS_SERVICE = (
    "小小志愿者：垃圾分类宣传",
    "小小志愿者：文明劝导",
    "小小志愿者：消防安全知识宣传",
    "小小志愿者：楼道卫生大扫除",
)
LEIFENG = ("学雷锋志愿服务日：义剪", "学雷锋志愿服务日：家电义务维修", "学雷锋志愿服务日：义诊量血压")
PARTY_TOPICS = ("学习党的二十大精神", "重温入党誓词", "党员亮身份、服务进楼栋", "红色观影", "走访慰问困难党员")


def _calendar(day: dt.date, spring: set[dt.date]) -> list[tuple[str, str, str]]:
    """What happens on a day: (名称, 类别, 对象) for each activity."""
    out = []
    if day.weekday() in ELDER_CLASSES and day not in spring:
        out.append((ELDER_CLASSES[day.weekday()], "老年课堂", "老年"))
    if (day.month == 7 and day.day >= 10 or day.month == 8 and day.day <= 25) and day.weekday() in SUMMER_CLASSES:
        out.append((SUMMER_CLASSES[day.weekday()], "青少年课堂", "青少年"))
    if day.weekday() == 4 and 8 <= day.day <= 14:
        out.append((f"主题党日：{PARTY_TOPICS[day.month % len(PARTY_TOPICS)]}", "主题党日", "全体"))
    if day.weekday() == 0 and day.day <= 7:
        out.append(("三会一课：党小组会", "三会一课", "中青年"))
    if day.month % 3 == 0 and day.weekday() == 2 and 8 <= day.day <= 14:
        out += [("三会一课：支部党员大会", "三会一课", "中青年"), ("三会一课：党课", "三会一课", "中青年")]
    if day.day == 5:
        out.append((LEIFENG[day.month % len(LEIFENG)], "学雷锋", "全体"))
    if day.weekday() == 5 and 15 <= day.day <= 21:
        out.append((KIDS_SERVICE[day.month % len(KIDS_SERVICE)], "志愿服务", "青少年"))
    return out


def activity_rows(
    rng: random.Random, scale: Scale, folk: Folk, crew: Crew, span: Span, festivals: list[tuple[str, dt.date]]
) -> tuple[list[Rec], list[Rec]]:
    """Activities from span.start to a week after today, and sign-ins for those already held."""
    f = scale.factor
    spring = {d + dt.timedelta(days=k) for name, d in festivals if name == "春节" for k in range(-3, 8)}
    fit = [r for r in folk.rows if r["状态"] == "在家" and r["关爱等级"] != "高"]
    pools = {name: some(rng, fit, at_least(45 * f, 8)) for name in ELDER_CLASSES.values()}
    kids = [(kid_name(rng), mobile(rng)) for _ in range(at_least(60 * f, 10))]
    serving = [r for r in crew.rows if r["状态"] == "在岗"]
    party = [r for r in serving if r["党员"] == "是"]
    teachers = {
        name: rng.choice(serving)["编号"] for name in list(ELDER_CLASSES.values()) + list(SUMMER_CLASSES.values())
    }
    activities: list[Rec] = []
    signins: list[Rec] = []
    day = span.start
    while day <= span.today + dt.timedelta(days=7):
        progress = (day - span.start).days / span.days  # participation rises over the year
        joined = [r for r in serving if crew.joined[r["编号"]] <= day]
        members = [r for r in party if crew.joined[r["编号"]] <= day]
        for name, category, audience in _calendar(day, spring):
            aid = f"A{len(activities) + 1:04d}"
            organiser = (
                teachers.get(name) or rng.choice(members if category in ("主题党日", "三会一课") else joined)["编号"]
            )
            rows: list[Rec] = []
            if day <= span.today:
                if category == "老年课堂":
                    rows = [
                        _person(r["姓名"], r["联系电话"], "居民")
                        for r in pools[name]
                        if rng.random() < 0.45 + 0.3 * progress
                    ]
                elif category == "青少年课堂" or category == "志愿服务":
                    share = 0.7 if category == "青少年课堂" else 0.3
                    rows = [_person(n, p, "青少年") for n, p in kids if rng.random() < share]
                elif category in ("主题党日", "三会一课"):
                    rows = [_person(r["姓名"], r["联系电话"], "党员") for r in members if rng.random() < 0.85]
                if category in ("学雷锋", "志愿服务", "老年课堂"):
                    helpers = some(rng, joined, at_least(12 * f, 2) if category != "老年课堂" else 1)
                    rows += [
                        _person(r["姓名"], r["联系电话"], "志愿者", r["编号"], rng.choice((1.5, 2, 2.5, 3)))
                        for r in helpers
                    ]
                for row in rows:
                    row["活动编号"] = aid
                signins += rows
            activities.append(
                {
                    "编号": aid,
                    "日期": day,
                    "名称": name,
                    "类别": category,
                    "对象": audience,
                    "组织者": organiser,
                    "参与人数": len(rows) or None,
                }
            )
        for name, festival in festivals:
            if name == "重阳" and festival == day:
                activities.append(
                    {
                        "编号": f"A{len(activities) + 1:04d}",
                        "日期": day,
                        "名称": "重阳节敬老宴",
                        "类别": "其他",
                        "对象": "老年",
                        "组织者": rng.choice(party)["编号"],
                        "参与人数": at_least(180 * f * (0.8 + rng.random() * 0.4), 20),
                    }
                )
        day += dt.timedelta(days=1)
    return activities, signins


def _person(name: str, phone: str | None, role: str, vid: str | None = None, hours: float | None = None) -> Rec:
    return {"姓名": name, "联系电话": phone, "身份": role, "志愿者编号": vid, "服务时长(小时)": hours}
