"""The 提醒 tab's rows: alerts in schema order, keeping 首次提醒 and 处理情况 (with its date) from the previous run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from functions.domain.model import Alert, Note
from functions.domain.schema import default_schema
from functions.domain.serial_dates import read_back_date
from functions.domain.table import Table, is_blank
from functions.domain.tabs import ALERTS as ALERTS_TAB
from functions.sheets_out.wrap import wrap_after_punctuation

IDENTITY, FIRST_SEEN, NOTES, NOTED = "提醒标识", "首次提醒", "处理情况", "处理情况日期"
REASON_WIDTH = default_schema()[ALERTS_TAB].field("原因").width


def _previous_rows(previous: Table | None) -> dict[str, tuple[dt.date | None, Any, dt.date | None]]:
    """提醒标识 → (首次提醒, 处理情况, 处理情况日期) from the tab as last written (and edited by people)."""
    state: dict[str, tuple[dt.date | None, Any, dt.date | None]] = {}
    for row in previous.rows if previous else []:
        identity = row.get(IDENTITY)
        if is_blank(identity):
            continue
        notes = row.get(NOTES)
        state.setdefault(
            str(identity).strip(),
            (read_back_date(row.get(FIRST_SEEN)), "" if is_blank(notes) else notes, read_back_date(row.get(NOTED))),
        )
    return state


def late_text(alert: Alert) -> int | str | None:
    """逾期天数 as shown: the days when late, “还有 N 天” / “今天” for what is coming, else empty (never a 0)."""
    if alert.days_late > 0:
        return alert.days_late
    if alert.days_left is None:
        return None
    return "今天" if alert.days_left == 0 else f"还有 {alert.days_left} 天"


def alert_notes(previous: Table | None, today: dt.date) -> dict[str, Note]:
    """提醒标识 → the 处理情况 people wrote and since when (today for a note seen for the first time)."""
    return _notes(_previous_rows(previous), today)


def _notes(rows: dict[str, tuple[dt.date | None, Any, dt.date | None]], today: dt.date) -> dict[str, Note]:
    notes = {}
    for identity, (_, text, noted) in rows.items():
        if str(text).strip():
            notes[identity] = Note(str(text).strip(), min(noted, today) if noted else today)
    return notes


def alert_rows(alerts: list[Alert], previous: Table | None, today: dt.date) -> list[list]:
    """The 提醒 rows, 红 first, in the schema's column order; gone alerts drop out with their 处理情况."""
    headers = default_schema()[ALERTS_TAB].headers
    before = _previous_rows(previous)  # read once for both: 1,000 rows of the tab as people left it
    notes = _notes(before, today)
    rows: list[list] = []
    for alert in sorted(alerts, key=lambda a: a.sort_key):
        first_seen, text, _ = before.get(alert.identity, (None, "", None))
        note = notes.get(alert.identity)
        values = {
            "级别": alert.level,
            "类型": alert.kind,
            "对象编号": alert.object_id,
            "对象": alert.object_name,
            "楼栋": alert.building,
            "负责人": alert.owner,
            "原因": wrap_after_punctuation(alert.reason, REASON_WIDTH),
            "逾期天数": late_text(alert),
            FIRST_SEEN: min(first_seen, today) if first_seen else today,
            NOTES: text,
            NOTED: note.since if note else None,
            IDENTITY: alert.identity,
        }
        rows.append([values.get(h) for h in headers])
    return rows
