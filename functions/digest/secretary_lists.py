"""What the secretary's digest lists: reds and the items that reach no volunteer's mail, one entry per object."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from functions.digest.entries import SECTION_ORDER, SECTION_TITLES, Entry, Link, group_entries, level_counts
from functions.domain.model import LEVEL_ORDER, Alert, Note, Parsed, Record
from functions.domain.privacy import mask_phone, secret_texts
from functions.domain.tabs import MEDIATION, VOLUNTEERS
from functions.domain.vocabulary import ON_DUTY

LIST_LIMIT = 8  # entries listed in full: with the rest of the digest, three phone screens
HANDLED_LIMIT = 4


def reachable_volunteers(parsed: Parsed) -> set[str]:
    """编号 of 在岗 volunteers with a 邮箱: the ones whose daily list is mailed."""
    return {v["编号"] for v in parsed.get(VOLUNTEERS, []) if v["状态"] == ON_DUTY and v["邮箱"] and v["编号"]}


def for_secretary(entry: Entry, reachable: set[str]) -> bool:
    """A red entry, or one with an alert that no volunteer's mail carries."""
    return entry.level == "红" or any(a.owner_id is None or a.owner_id not in reachable for a in entry.alerts)


def by_kind(entries: list[Entry]) -> str:
    """'红 3（问候逾期 2、需跟进 1） · 橙 1（未结对 1）': what was left off, counted by level and type."""
    parts = []
    for level in LEVEL_ORDER:
        kinds = Counter(e.alerts[0].kind for e in entries if e.level == level)
        if kinds:
            listed = "、".join(f"{k} {n}" for k, n in kinds.most_common())
            parts.append(f"{level} {sum(kinds.values())}（{listed}）")
    return " · ".join(parts)


def secretary_lists(
    alerts: list[Alert],
    notes: Mapping[str, Note],
    parsed: Parsed,
    elders: dict[str, Record],
    link: Link,
) -> dict[str, Any]:
    """Sections (late / soon / watch) of the entries the secretary must see, the handled ones, and counts."""
    entries = group_entries(alerts, notes, secret_texts(parsed))
    reachable = reachable_volunteers(parsed)
    open_entries = [e for e in entries if not e.handled]
    mine = [e for e in open_entries if for_secretary(e, reachable)]
    ordered = sorted(mine, key=lambda e: e.rank)  # 红 and urgent first; shown under their headings
    listed, left = ordered[:LIST_LIMIT], ordered[LIST_LIMIT:]

    def item(entry: Entry) -> dict[str, Any]:
        elder = elders.get(entry.object_id)
        phone = mask_phone(elder["联系电话"]) if elder and entry.alerts[0].source_tab != MEDIATION else ""
        secretary_owned = any(a.owner_id is None for a in entry.alerts)
        why = entry.alerts[0].reason.split("；", 1)[1] if secretary_owned and "；" in entry.alerts[0].reason else ""
        return entry.as_item(link, {"phone": phone, "why": why})

    sections = [
        {"title": SECTION_TITLES[s], "items": [item(e) for e in listed if e.section == s]} for s in SECTION_ORDER
    ]
    handled = [e for e in entries if e.handled]
    return {
        "sections": [s for s in sections if s["items"]],
        "left_count": len(left),
        "left_by_kind": by_kind(left),
        "handled": [e.as_item(link) for e in handled[:HANDLED_LIMIT]],
        "handled_total": len(handled),
        "handled_more": max(len(handled) - HANDLED_LIMIT, 0),
        "to_volunteers": len(open_entries) - len(mine),
        "open_counts": level_counts(open_entries),
        "open_total": len(open_entries),
        "red_open": sum(1 for e in open_entries if e.level == "红"),
    }
