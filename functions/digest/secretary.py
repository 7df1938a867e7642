"""The secretary's morning digest as a template context: pure, from tables and a date."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from functions.digest.secretary_lists import secretary_lists
from functions.digest.visit_progress import visit_progress
from functions.domain.care_context import build_context, first_by_id
from functions.domain.festival_calendar import next_festival
from functions.domain.meal_gaps import meal_gaps as rule_meal_gaps
from functions.domain.model import LEVEL_ORDER, SEVERITY_ORDER, Alert, Note, Parsed, Record, records_with
from functions.domain.privacy import sensitive_fields
from functions.domain.settings import Settings
from functions.domain.tabs import ALERTS, CONTACTS, ELDERS, VOLUNTEERS
from functions.domain.vocabulary import FESTIVAL_VISIT, GONE

Link = Callable[[str, int | None], str | None]
WEEKDAYS = "一二三四五六日"
TOP_PROBLEMS = 3  # volunteers hear of their own rows; the secretary sees the worst and the counts
PROBLEM_COLUMNS = ("级别", "工作表", "行号", "列", "当前值", "问题", "建议", "首次发现")


def day_label(day: dt.date) -> str:
    """'11月29日 周日'."""
    return f"{day.month}月{day.day}日 周{WEEKDAYS[day.weekday()]}"


def subject_line(community: str, today: dt.date, counts: dict[str, int]) -> str:
    """'【三有】芙蓉里小区 11月29日：红 3 · 橙 12 · 黄 40': unique items nobody has noted as being handled."""
    return (
        f"【三有】{community} {today.month}月{today.day}日：红 {counts['红']} · 橙 {counts['橙']} · 黄 {counts['黄']}"
    )


def by_id(records: list[Record], key: str = "编号") -> dict[str, Record]:
    """Records keyed by their 编号, the first row winning (as in the alerts and the metrics)."""
    return first_by_id(records, key)


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
    targets = {r["编号"] for r in parsed.get(ELDERS, []) if r["类别"] in kinds and r["状态"] not in GONE and r["编号"]}
    visited = {
        c["老人编号"]
        for c in records_with(parsed.get(CONTACTS, []), "方式", FESTIVAL_VISIT)
        if c["老人编号"] in targets and c["日期"] and opens <= c["日期"] <= today
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
    for c in records_with(parsed.get(CONTACTS, []), "需跟进", "是"):
        if c["日期"] and since <= c["日期"] <= today:
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


def meal_gaps(parsed: Parsed, settings: Settings, today: dt.date) -> list[dict[str, Any]]:
    """The 送餐缺人 gaps, by the very rule of the 提醒 tab (domain/meal_gaps.py): today to today+3."""
    gaps = sorted(rule_meal_gaps(build_context(parsed, settings, today)), key=lambda g: (g.day, g.elder_id))
    return [
        {
            "date": day_label(g.day),
            "meal": "、".join(g.missing) or "未排班",
            "elder_id": g.elder_id,
            "elder": g.elder["姓名"] if g.elder is not None else "",
            "building": g.elder["楼栋"] if g.elder is not None else "",
        }
        for g in gaps
    ]


def yesterday_activity(parsed: Parsed, today: dt.date) -> dict[str, Any]:
    """Contacts logged for yesterday, and how many volunteers and elders they involved."""
    day = today - dt.timedelta(days=1)
    logged = records_with(parsed.get(CONTACTS, []), "日期", day)
    return {
        "date": day_label(day),
        "contacts": len(logged),
        "volunteers": len({c["志愿者编号"] for c in logged if c["志愿者编号"]}),
        "elders": len({c["老人编号"] for c in logged if c["老人编号"]}),
    }


def secretary_context(
    alerts: list[Alert],
    problem_rows: list[list],
    parsed: Parsed,
    settings: Settings,
    today: dt.date,
    link: Link,
    workbook_link: str | None,
    notes: Mapping[str, Note] | None = None,
) -> dict[str, Any]:
    """Everything the secretary's digest shows, as plain data for the templates."""
    elders = by_id(parsed.get(ELDERS, []))
    volunteers = by_id(parsed.get(VOLUNTEERS, []))
    counts, kinds = alert_counts(alerts)
    lists = secretary_lists(alerts, notes or {}, parsed, elders, link)
    community = settings.community_name
    return {
        "community": community,
        "today": day_label(today),
        "subject": subject_line(community, today, lists["open_counts"]),
        "counts": lists["open_counts"],
        "total": len(alerts),
        **lists,
        "kinds": kinds,
        "alerts_link": link(ALERTS, None),
        "concerns": new_concerns(parsed, today, elders, volunteers),
        "problems": problem_summary(problem_rows, today, link),
        "festival": festival_progress(parsed, settings, today),
        "visits": visit_progress(parsed, settings, today),
        "meal_gaps": meal_gaps(parsed, settings, today),
        "yesterday": yesterday_activity(parsed, today),
        "workbook_link": workbook_link,
    }
