"""Alerts as a phone shows them: one entry per object (an elder's late greeting and visit together), by section."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from functions.domain.model import LEVEL_ORDER, Alert, Note

Link = Callable[[str, int | None], str | None]
LATE, SOON, WATCH = "late", "soon", "watch"
SECTION_ORDER = (LATE, SOON, WATCH)
SECTION_TITLES = {LATE: "已经逾期", SOON: "即将到期（今天和这几天）", WATCH: "需要关注"}
LATE_KINDS = {"问候逾期", "走访逾期", "从未联系", "需跟进", "求助超期", "送餐未送达", "纠纷超期", "待回访"}
LATE_KINDS |= {"巡查待通知", "巡查待整改", "投诉超期"}
SOON_KINDS = {"节日慰问", "寿辰", "送餐缺人"}
# Urgent without being "days late": a case open now, a gap today, a worry raised, a name that repeats.
URGENT_FIRST = ("家庭暴力", "送餐缺人", "需跟进", "从未联系", "编号重复", "节日慰问")
FACT_CHARS = 34
NOTE_CHARS = 30
PHONE_LIKE = re.compile(r"\d[\d\s-]{6,}\d")


def red_order(alert: Alert) -> tuple:
    """The kinds in URGENT_FIRST first (in that order), then the longest late."""
    rank = URGENT_FIRST.index(alert.kind) if alert.kind in URGENT_FIRST else len(URGENT_FIRST)
    return (rank, *alert.sort_key)


def section_of(alert: Alert) -> str:
    """late / soon / watch: the heading an alert belongs under (a birthday in 4 days is not late)."""
    if alert.kind in SOON_KINDS:
        return SOON
    if alert.kind in LATE_KINDS or alert.days_late > 0:
        return LATE
    return WATCH


def cut(text: str, limit: int) -> str:
    """The text on one short line: at most `limit` characters, '…' when cut."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fact(alert: Alert) -> str:
    """The alert's reason without the routing note, short."""
    return cut(alert.reason.split("；")[0], FACT_CHARS)


def short_note(note: Note | None, secrets: frozenset[str] | set[str], private: bool) -> str:
    """处理情况 cut to a line; phones masked; a note quoting a sensitive cell (or on a private case) not shown."""
    if note is None or not note.text.strip():
        return ""
    if private or any(s in note.text for s in secrets):
        return "已填写处理情况（内容请到表中查看）"
    return cut(PHONE_LIKE.sub("****", note.text), NOTE_CHARS)


@dataclass
class Entry:
    """One object (elder, request, case …) with all its alerts of one kind of state (handled or not)."""

    object_id: str
    name: str
    building: str
    level: str
    section: str
    handled: bool
    alerts: list[Alert] = field(default_factory=list)
    note: str = ""
    noted: dt.date | None = None

    @property
    def rank(self) -> tuple:
        """红 first; within a level the urgent kinds, then the longest late."""
        urgent = min((URGENT_FIRST.index(a.kind) for a in self.alerts if a.kind in URGENT_FIRST), default=99)
        return (LEVEL_ORDER.get(self.level, 9), urgent, -max(a.days_late for a in self.alerts), self.object_id)

    def as_item(self, link: Link, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The entry as templates show it."""
        first = self.alerts[0]
        owners = list(dict.fromkeys(a.owner for a in self.alerts))
        return {
            "level": self.level,
            "kinds": "、".join(dict.fromkeys(a.kind for a in self.alerts)),
            "object": self.name,
            "object_id": self.object_id,
            "building": self.building,
            "facts": [fact(a) for a in self.alerts],
            "owner": "、".join(owners),
            "days_late": max(a.days_late for a in self.alerts),
            "note": self.note,
            "noted": f"{self.noted.month}月{self.noted.day}日" if self.noted else "",
            "link": link(first.source_tab, first.source_row) if first.source_tab else None,
            **(extra or {}),
        }


def group_entries(
    alerts: list[Alert], notes: Mapping[str, Note], secrets: frozenset[str] | set[str] = frozenset()
) -> list[Entry]:
    """One entry per (object, handled or not), most pressing first; an entry's level is its highest."""
    entries: dict[tuple[str, bool], Entry] = {}
    for alert in sorted(alerts, key=lambda a: a.sort_key):
        note = notes.get(alert.identity)
        handled = bool(note and note.text.strip())
        key = (alert.object_id, handled)
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = Entry(
                alert.object_id, alert.object_name, alert.building, alert.level, section_of(alert), handled
            )
        entry.alerts.append(alert)
        if SECTION_ORDER.index(section_of(alert)) < SECTION_ORDER.index(entry.section):
            entry.section = section_of(alert)
        if handled and not entry.note:
            entry.note = short_note(note, secrets, alert.kind == "家庭暴力")
            entry.noted = note.since
    return sorted(entries.values(), key=lambda e: e.rank)


def level_counts(entries: list[Entry]) -> dict[str, int]:
    """Entries by level: the unique items a subject line counts."""
    counts = dict.fromkeys(LEVEL_ORDER, 0)
    for entry in entries:
        counts[entry.level] = counts.get(entry.level, 0) + 1
    return counts
