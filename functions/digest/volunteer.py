"""Each volunteer's own list as a template context: pure; only their own elders, phones in full."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from functions.digest.confirm_links import Taps
from functions.digest.entries import SECTION_ORDER, SECTION_TITLES, group_entries
from functions.digest.own_problems import own_problems
from functions.digest.secretary import by_id, day_label
from functions.domain.model import Alert, Note, Parsed, Record
from functions.domain.privacy import case_label, is_domestic_violence, secret_texts
from functions.domain.tabs import ELDERS, MEALS, MEDIATION, PATROLS, REQUESTS, VOLUNTEERS
from functions.domain.vocabulary import CASE_SETTLED, FINDING_FIXED, MEAL_ORDER, ON_DUTY, REQUEST_SOLVED

Link = Callable[[str, int | None], str | None]
DueSoon = list[tuple[str, str | None, str, dt.date]]  # (elder 编号, buddy 编号, 问候/走访, due date)
HORIZON = 2  # today and the next two days


def address(elder: Record) -> str:
    """'12栋 1-302'."""
    return " ".join(str(v) for v in (elder["楼栋"], elder["房号"]) if v)


def elder_card(elder: Record | None) -> dict[str, str]:
    """Name, phone (in full: only ever shown to the elder's own volunteer) and address."""
    if elder is None:
        return {"name": "", "phone": "", "address": ""}
    return {"name": elder["姓名"] or "", "phone": elder["联系电话"] or "", "address": address(elder)}


def _due_label(when: dt.date, today: dt.date) -> str:
    gap = (when - today).days
    if gap < 0:
        return f"已过期 {-gap} 天"
    return {0: "今天", 1: "明天", 2: "后天"}.get(gap, day_label(when))


@dataclass
class Items:
    """Every volunteer's items, grouped by volunteer 编号 once for the whole night."""

    elders: dict[str, Record]
    volunteers: dict[str, Record]
    paired: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    alerts: dict[str, list[Alert]] = field(default_factory=lambda: defaultdict(list))
    due: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    meals: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    requests: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    cases: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    patrols: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    problems: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    notes: Mapping[str, Note] = field(default_factory=dict)
    secrets: frozenset[str] = frozenset()


def group_items(
    parsed: Parsed,
    alerts: list[Alert],
    due_soon: DueSoon,
    today: dt.date,
    problem_rows: list[list] | None = None,
    link: Link | None = None,
    notes: Mapping[str, Note] | None = None,
) -> Items:
    """One pass over each table: what is due for whom (open items only), their notes and their rows' problems."""
    items = Items(by_id(parsed.get(ELDERS, [])), by_id(parsed.get(VOLUNTEERS, [])))
    items.problems = own_problems(problem_rows or [], parsed, link or (lambda tab, row: None))
    items.notes, items.secrets = notes or {}, secret_texts(parsed)
    horizon = today + dt.timedelta(days=HORIZON)
    for eid, e in items.elders.items():
        if e["结对志愿者"]:
            items.paired[e["结对志愿者"]].add(eid)
    for a in sorted(alerts, key=lambda a: a.sort_key):
        if a.owner_id:
            items.alerts[a.owner_id].append(a)
    for d in sorted(due_soon, key=lambda x: (x[3], x[0], x[2])):
        if d[1]:
            items.due[d[1]].append(d)
    for m in parsed.get(MEALS, []):
        if m["志愿者编号"] and m["日期"] and today <= m["日期"] <= horizon and m["已送达"] != "是":
            items.meals[m["志愿者编号"]].append(m)
    for r in parsed.get(REQUESTS, []):
        if r["负责人"] and r["状态"] != REQUEST_SOLVED:
            items.requests[r["负责人"]].append(r)
    for c in parsed.get(MEDIATION, []):
        if c["调解人"] and _case_open(c):
            items.cases[c["调解人"]].append(c)
    for p in parsed.get(PATROLS, []):
        if p["发现人"] and p["状态"] != FINDING_FIXED:
            items.patrols[p["发现人"]].append(p)
    return items


def volunteer_context(vid: str, items: Items, today: dt.date, link: Link, taps: Taps | None = None) -> dict[str, Any]:
    """One volunteer's items: their alerts, their elders due soon, meals, requests, cases, patrol findings.

    taps (when CONFIRM_BASE_URL is set) adds the one-tap links to each late or due elder of their own.
    """

    def tap_links(elder_id: str) -> list[dict[str, str]]:
        return taps(vid, elder_id) if taps and elder_id in elders else []

    elders = items.elders
    me = items.volunteers[vid]
    meals, requests = items.meals.get(vid, []), items.requests.get(vid, [])
    own_alerts = items.alerts.get(vid, [])
    mine = set(items.paired.get(vid, set()))  # elders this volunteer answers for: phone and address shown in full
    mine |= {m["老人编号"] for m in meals} | {r["老人编号"] for r in requests if r["老人编号"]}
    mine |= {d[0] for d in items.due.get(vid, [])} | {a.object_id for a in own_alerts if a.object_id in elders}
    alerted = {(a.object_id, a.kind[:2]) for a in own_alerts}
    ctx: dict[str, Any] = {"name": me["姓名"] or vid, "vid": vid, "today": day_label(today)}
    entries = group_entries(own_alerts, items.notes, items.secrets)

    def entry_item(entry: Any) -> dict[str, Any]:
        card = elder_card(elders.get(entry.object_id)) if entry.object_id in mine else None
        taps_here = tap_links(entry.object_id) if entry.object_id in mine else []
        return entry.as_item(link, {"elder": card, "reasons": [a.reason for a in entry.alerts], "taps": taps_here})

    open_entries = [e for e in entries if not e.handled]
    ctx["sections"] = [
        {"title": SECTION_TITLES[s], "items": [entry_item(e) for e in open_entries if e.section == s]}
        for s in SECTION_ORDER
        if any(e.section == s for e in open_entries)
    ]
    ctx["handled"] = [entry_item(e) for e in entries if e.handled]
    alerted_ids = {a.object_id for a in own_alerts}  # a request or case with an alert is counted once
    due: dict[str, dict[str, Any]] = {}  # one entry per elder: "今天问候（电话也可以）、明天上门走访"
    for e, _, k, d in items.due.get(vid, []):
        if e in mine and (e, k) not in alerted:
            what = _due_label(d, today) + ("上门走访" if k == "走访" else "问候（电话也可以）")
            entry = due.setdefault(e, {"elder_id": e, "kinds": [], "taps": tap_links(e), **elder_card(elders.get(e))})
            entry["kinds"].append(what)
    ctx["due"] = [{**d, "what": "、".join(d["kinds"])} for d in due.values()]
    ctx["meals"] = [
        {
            "date": day_label(m["日期"]),
            "meal": m["餐次"],
            "elder_id": m["老人编号"],
            **elder_card(elders.get(m["老人编号"])),
        }
        for m in sorted(meals, key=lambda m: (m["日期"], m["餐次"] != MEAL_ORDER[0]))
    ]
    ctx["requests"] = [
        {
            "id": r["编号"],
            "type": r["类型"],
            "status": r["状态"],
            "elder_id": r["老人编号"] or "",
            "since": day_label(r["登记日期"]) if r["登记日期"] else "",
            "days": (today - r["登记日期"]).days if r["登记日期"] else 0,
            **elder_card(elders.get(r["老人编号"])),
        }
        for r in requests
    ]
    cases = items.cases.get(vid, [])
    ctx["cases"] = [_case(m, today) for m in cases]
    ctx["patrols"] = [
        {
            "id": p["编号"],
            "type": p["类型"],
            "place": p["位置"] or "",
            "status": p["状态"],
            "days": (today - p["发现日期"]).days if p["发现日期"] else 0,
        }
        for p in items.patrols.get(vid, [])
    ]
    ctx["problems"] = items.problems.get(vid, [])
    listed = (
        [r["编号"] for r in requests] + [c["编号"] for c in cases] + [p["编号"] for p in items.patrols.get(vid, [])]
    )
    ctx["count"] = (
        len(open_entries) + len(ctx["due"]) + len(ctx["meals"]) + sum(1 for i in listed if i not in alerted_ids)
    )
    fixes = f"，{len(ctx['problems'])} 处要改" if ctx["problems"] else ""
    ctx["subject"] = f"【三有】{ctx['name']}，您{today.month}月{today.day}日的待办：{ctx['count']} 项{fixes}"
    ctx["has_anything"] = bool(ctx["count"] or ctx["problems"])
    return ctx


def _case_open(case: Record) -> bool:
    return case["状态"] == "调解中" or (case["状态"] == CASE_SETTLED and not case["回访日期"])


def _case(case: Record, today: dt.date) -> dict[str, Any]:
    """A mediation item without 当事人 or 情况; a 家庭暴力 case shows its 编号 only."""
    dv = is_domestic_violence(case["类型"])
    todo = "调解中" if case["状态"] == "调解中" else "已化解，待回访"
    return {
        "label": case_label(case["编号"], case["类型"]),
        "building": "" if dv else (case["楼栋"] or ""),
        "todo": "请到表中查看" if dv else todo,
        "days": (today - case["登记日期"]).days if case["登记日期"] and not dv else None,
    }


def recipients(parsed: Parsed) -> list[tuple[str, str]]:
    """(编号, 邮箱) of every 在岗 volunteer with an address."""
    return [
        (v["编号"], v["邮箱"]) for v in parsed.get(VOLUNTEERS, []) if v["状态"] == ON_DUTY and v["邮箱"] and v["编号"]
    ]
