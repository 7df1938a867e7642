"""探访台账: the month's ledger for the 街道, one row per 探访对象, a totals row with 月探访率; nothing sensitive."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from functions.domain.model import Parsed, Record
from functions.domain.months import month_bounds, month_label
from functions.domain.schema import default_schema
from functions.domain.settings import Settings
from functions.domain.tabs import CONTACTS, ELDERS, REQUESTS, VOLUNTEERS
from functions.domain.tabs import VISIT_LEDGER as LEDGER_TAB
from functions.domain.visits import BAD, PHONE, floor_percent, in_scope, visit_ways

FINDINGS = ("身体状况", "居住安全", "家人照料")
NOT_VISITED = "未探访"


def age_on(born: Any, day: dt.date) -> int | None:
    """Whole years on `day`; None without a parsed 出生日期."""
    if not isinstance(born, dt.date):
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _by_elder(parsed: Parsed, title: str, column: str, start: dt.date, end: dt.date) -> dict[str, list[Record]]:
    """Rows of a tab by 老人编号 whose `column` date lies in [start, end], oldest first."""
    grouped: dict[str, list[Record]] = defaultdict(list)
    for row in parsed.get(title, []):
        day = row[column]
        if row["老人编号"] and isinstance(day, dt.date) and day >= start and day <= end:
            grouped[row["老人编号"]].append(row)
    for rows in grouped.values():
        rows.sort(key=lambda r: (r[column], r.number))
    return grouped


def handling(visits: list[Record], later: list[Record], requests: list[Record]) -> str:
    """处置情况: for each bad finding whether a home visit followed, for a referral whether 需求登记 has it."""
    notes: list[str] = []
    for column, bad, words in BAD:
        found = next((c for c in reversed(visits) if c[column] is not None), None)
        if found is None or found[column] != bad:
            continue
        after = next((c for c in later if c["日期"] > found["日期"] and c["方式"] not in (None, PHONE)), None)
        done = f"{after['日期'].month}月{after['日期'].day}日已再上门" if after else "待再上门"
        notes.append(f"{words[:4]}{bad}：{done}")
    for contact in visits:
        if contact["需求转介"] == "有":
            logged = any(r["登记日期"] >= contact["日期"] for r in requests)
            notes.append(
                f"需求转介（{contact['日期'].month}月{contact['日期'].day}日）：{'已登记' if logged else '未登记'}"
            )
    return "；".join(notes)


def ledger_title(settings: Settings, month: str) -> str:
    """'芙蓉小区 2026年11月 特殊困难老年人探访台账'."""
    return f"{settings['社区名称']} {month_label(month)} 特殊困难老年人探访台账"


def ledger_rows(parsed: Parsed, settings: Settings, month: str, today: dt.date) -> list[list[Any]]:
    """Every 探访对象 of the month in 老人档案 order, then 合计 with 月探访率; in the schema's column order.
    处置情况 looks at what happened up to today (a home visit after a finding, a 需求登记 row after a referral)."""
    start, end = month_bounds(month)
    ways = visit_ways(settings)
    names = {v["编号"]: v["姓名"] for v in parsed.get(VOLUNTEERS, []) if v["编号"] and v["姓名"]}
    contacts = _by_elder(parsed, CONTACTS, "日期", start, today)
    requests = _by_elder(parsed, REQUESTS, "登记日期", start, today)
    headers = default_schema()[LEDGER_TAB].headers
    rows, seen, totals = [], set(), {"本月探访次数": 0, "上门次数": 0, "电话次数": 0}
    reached = 0
    for elder in parsed.get(ELDERS, []):
        eid = elder["编号"]
        if not eid or eid in seen or not in_scope(elder, settings, start, end):
            continue
        seen.add(eid)
        later = contacts.get(eid, [])
        month_rows = [c for c in later if c["日期"] <= end]
        visits = [c for c in month_rows if c["方式"] in ways]
        values: dict[str, Any] = {h: elder[h] for h in ("姓名", "性别", "类别", "关爱等级", "楼栋")}
        values.update(
            序号=len(rows) + 1,
            年龄=age_on(elder["出生日期"], end),
            本月探访次数=len(visits),
            上门次数=sum(1 for c in month_rows if c["方式"] not in (None, PHONE)),
            电话次数=sum(1 for c in month_rows if c["方式"] == PHONE),
            最近探访日期=visits[-1]["日期"].isoformat() if visits else NOT_VISITED,
            探访人="、".join(dict.fromkeys(names.get(c["志愿者编号"], c["志愿者编号"] or "") for c in visits)),
            需求转介="有" if any(c["需求转介"] == "有" for c in month_rows) else _latest(month_rows, "需求转介"),
            处置情况=handling(month_rows, later, requests.get(eid, [])),
        )
        values.update({column: _latest(month_rows, column) for column in FINDINGS})
        reached += bool(visits)
        for key in totals:
            totals[key] += values[key]
        rows.append([values.get(h) for h in headers])
    rate = "—" if not rows else f"{floor_percent(reached, len(rows)):.1f}%"
    total = {
        "姓名": "合计",
        "类别": f"{len(rows)} 人",
        **totals,
        "最近探访日期": f"已探访 {reached} 人",
        "探访人": f"未探访 {len(rows) - reached} 人",
        "处置情况": f"{month_label(month)}月探访率 {rate}",
    }
    rows.append([total.get(h) for h in headers])
    return rows


def _latest(rows: list[Record], column: str) -> str:
    """The month's latest filled-in value of a findings column, '' when none."""
    return next((c[column] for c in reversed(rows) if c[column] is not None), "")
