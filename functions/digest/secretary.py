"""The secretary's morning digest as a template context: pure, from tables and a date."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from functions.care.festivals import next_festival
from functions.digest.visit_progress import visit_progress
from functions.domain.model import LEVEL_ORDER, SEVERITY_ORDER, Alert, Parsed, Record
from functions.domain.privacy import mask_phone, sensitive_fields
from functions.domain.settings import Settings

Link = Callable[[str, int | None], str | None]
WEEKDAYS = "一二三四五六日"
FESTIVAL_VISITS = {"节日慰问"}  # as functions.care.festivals counts a festival visit
GONE = {"已故", "迁出"}
TOP_PROBLEMS = 10
TOP_RED = 30  # a phone screen's worth; the rest are in the 提醒 tab
MEAL_DAYS = 4  # today and the next three days, like the meal-rota rule
# Red alerts whose urgency is not in days late (a case open now, a gap today, a worry raised): never
# pushed below the cut by a long list of late greetings.
RED_FIRST = ("家庭暴力", "送餐缺人", "需跟进", "从未联系", "编号重复", "节日慰问")
PROBLEM_COLUMNS = ("级别", "工作表", "行号", "列", "当前值", "问题", "建议", "首次发现")


def day_label(day: dt.date) -> str:
    """'11月29日 周日'."""
    return f"{day.month}月{day.day}日 周{WEEKDAYS[day.weekday()]}"


def subject_line(community: str, today: dt.date, counts: dict[str, int]) -> str:
    """'【三有】芙蓉里小区 11月29日：红 3 · 橙 12 · 黄 40'."""
    return (
        f"【三有】{community} {today.month}月{today.day}日：红 {counts['红']} · 橙 {counts['橙']} · 黄 {counts['黄']}"
    )


def by_id(records: list[Record], key: str = "编号") -> dict[str, Record]:
    """Records keyed by their 编号."""
    return {r[key]: r for r in records if r[key]}


def person(volunteers: dict[str, Record], vid: str | None) -> str:
    """'张三(V001)', the bare id when unknown, '（无人）' when blank."""
    if not vid:
        return "（无人）"
    record = volunteers.get(vid)
    return f"{record['姓名']}({vid})" if record and record["姓名"] else vid


def festival_progress(parsed: Parsed, settings: Settings, today: dt.date) -> dict[str, Any]:
    """The next festival, its elders (by 节日慰问对象) and how many have had a visit in its window."""
    name, _, when, opens = next_festival(today, int(settings["节日提前天数"]))
    kinds = set(settings["节日慰问对象"])
    targets = {
        r["编号"] for r in parsed.get("老人档案", []) if r["类别"] in kinds and r["状态"] not in GONE and r["编号"]
    }
    visited = {
        c["老人编号"]
        for c in parsed.get("走访记录", [])
        if c["老人编号"] in targets and c["方式"] in FESTIVAL_VISITS and c["日期"] and opens <= c["日期"] <= today
    }
    return {
        "name": name,
        "date": day_label(when),
        "days_to": (when - today).days,
        "opens": day_label(opens),
        "open": today >= opens,
        "total": len(targets),
        "visited": len(visited),
    }


def alert_item(alert: Alert, elders: dict[str, Record], link: Link) -> dict[str, Any]:
    """One alert as the digest shows it; an elder's phone appears masked."""
    elder = elders.get(alert.object_id)
    return {
        "level": alert.level,
        "kind": alert.kind,
        "object_id": alert.object_id,
        "object": alert.object_name,
        "building": alert.building,
        "owner": alert.owner,
        "reason": alert.reason,
        "days_late": alert.days_late,
        "phone": mask_phone(elder["联系电话"]) if elder else "",
        "link": link(alert.source_tab, alert.source_row) if alert.source_tab else None,
    }


def alert_counts(alerts: list[Alert]) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Counts by level, and per kind with its levels (most first)."""
    levels = Counter(a.level for a in alerts)
    totals = {lv: levels.get(lv, 0) for lv in LEVEL_ORDER}
    kinds: dict[str, Counter] = {}
    for a in alerts:
        kinds.setdefault(a.kind, Counter())[a.level] += 1
    rows = [
        {"kind": k, "红": c["红"], "橙": c["橙"], "黄": c["黄"], "total": sum(c.values())} for k, c in kinds.items()
    ]
    return totals, sorted(rows, key=lambda r: (-r["红"], -r["total"], r["kind"]))


def _first_seen(value: Any, today: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return today


def problem_summary(problem_rows: list[list], today: dt.date, link: Link) -> dict[str, Any]:
    """问题清单 in brief: count per tab and the ten most important (errors, then the longest standing)."""
    items = []
    hidden = sensitive_fields()
    for raw in problem_rows:
        row = dict(zip(PROBLEM_COLUMNS, list(raw) + [None] * len(PROBLEM_COLUMNS), strict=False))
        seen = _first_seen(row["首次发现"], today)
        tab, column = str(row["工作表"] or ""), str(row["列"] or "")
        secret = column in hidden.get(tab, [])
        number = row["行号"] if isinstance(row["行号"], int) else None
        items.append(
            {
                "level": row["级别"],
                "tab": tab,
                "row": number,
                "column": column,
                "message": "这一格的内容属于敏感信息，请直接到表中查看" if secret else str(row["问题"] or ""),
                "suggestion": "" if secret else str(row["建议"] or ""),
                "days": max((today - seen).days, 0),
                "link": link(tab, number) if tab else None,
            }
        )
    per_tab = Counter(i["tab"] for i in items)
    items.sort(key=lambda i: (SEVERITY_ORDER.get(i["level"], 9), -i["days"], i["tab"], i["row"] or 0))
    return {
        "total": len(items),
        "errors": sum(1 for i in items if i["level"] == "错误"),
        "per_tab": per_tab.most_common(),
        "top": items[:TOP_PROBLEMS],
    }


def new_concerns(parsed: Parsed, today: dt.date, elders: dict, volunteers: dict) -> list[dict[str, Any]]:
    """Contacts marked 需跟进 logged yesterday or today (never their 情况记录)."""
    since = today - dt.timedelta(days=1)
    found = []
    for c in parsed.get("走访记录", []):
        if c["需跟进"] == "是" and c["日期"] and since <= c["日期"] <= today:
            elder = elders.get(c["老人编号"])
            found.append(
                {
                    "date": day_label(c["日期"]),
                    "elder_id": c["老人编号"],
                    "elder": elder["姓名"] if elder else "",
                    "building": elder["楼栋"] if elder else "",
                    "volunteer": person(volunteers, c["志愿者编号"]),
                    "method": c["方式"] or "",
                }
            )
    return found


def meal_gaps(parsed: Parsed, today: dt.date, elders: dict) -> list[dict[str, Any]]:
    """Meal-rota slots of today and the next two days that nobody has taken."""
    last = today + dt.timedelta(days=MEAL_DAYS - 1)
    gaps = [m for m in parsed.get("送餐排班", []) if m["日期"] and today <= m["日期"] <= last and not m["志愿者编号"]]
    gaps.sort(key=lambda m: (m["日期"], m["餐次"] != "午餐", m["老人编号"] or ""))
    return [
        {
            "date": day_label(m["日期"]),
            "meal": m["餐次"],
            "elder_id": m["老人编号"],
            "elder": elders[m["老人编号"]]["姓名"] if m["老人编号"] in elders else "",
            "building": elders[m["老人编号"]]["楼栋"] if m["老人编号"] in elders else "",
        }
        for m in gaps
    ]


def yesterday_activity(parsed: Parsed, today: dt.date) -> dict[str, Any]:
    """Contacts logged for yesterday, and how many volunteers and elders they involved."""
    day = today - dt.timedelta(days=1)
    logged = [c for c in parsed.get("走访记录", []) if c["日期"] == day]
    return {
        "date": day_label(day),
        "contacts": len(logged),
        "volunteers": len({c["志愿者编号"] for c in logged if c["志愿者编号"]}),
        "elders": len({c["老人编号"] for c in logged if c["老人编号"]}),
    }


def red_order(alert: Alert) -> tuple:
    """The kinds in RED_FIRST first (in that order), then the longest late."""
    rank = RED_FIRST.index(alert.kind) if alert.kind in RED_FIRST else len(RED_FIRST)
    return (rank, *alert.sort_key)


def secretary_context(
    alerts: list[Alert],
    problem_rows: list[list],
    parsed: Parsed,
    settings: Settings,
    today: dt.date,
    link: Link,
    workbook_link: str | None,
) -> dict[str, Any]:
    """Everything the secretary's digest shows, as plain data for the templates."""
    elders = by_id(parsed.get("老人档案", []))
    volunteers = by_id(parsed.get("志愿者", []))
    counts, kinds = alert_counts(alerts)
    red = [alert_item(a, elders, link) for a in sorted((a for a in alerts if a.level == "红"), key=red_order)[:TOP_RED]]
    community = str(settings["社区名称"])
    return {
        "community": community,
        "today": day_label(today),
        "subject": subject_line(community, today, counts),
        "counts": counts,
        "total": len(alerts),
        "red": red,
        "red_more": counts["红"] - len(red),
        "kinds": kinds,
        "concerns": new_concerns(parsed, today, elders, volunteers),
        "problems": problem_summary(problem_rows, today, link),
        "festival": festival_progress(parsed, settings, today),
        "visits": visit_progress(parsed, settings, today),
        "meal_gaps": meal_gaps(parsed, today, elders),
        "yesterday": yesterday_activity(parsed, today),
        "workbook_link": workbook_link,
    }
