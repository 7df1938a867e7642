"""The 运行记录 rows: one line per job run and one per mail, newest first, recent history only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from functions.domain.serial_dates import serial_to_date
from functions.domain.table import Table, is_blank

RUNLOG_TAB = "运行记录"
HEADERS = ("时间", "任务", "结果", "摘要", "邮件标识", "收件人", "发送状态")
KEEP_DAYS = 90
MAX_ROWS = 2000
TIME_FORMAT = "%Y-%m-%d %H:%M"
MAIL_TASK = "邮件"
RESULT_BY_STATE = {"待发送": "等待", "已发送": "成功", "已写入发件箱": "成功", "发送失败": "失败"}

MailState = tuple[str, str, str]  # (收件人, 发送状态 待发送/已发送/发送失败, 摘要 without personal data)


@dataclass(frozen=True)
class RunEntry:
    """One job run: 任务 (validate/nightly/monthly), 结果 (成功/部分失败/失败) and a one-line 摘要."""

    task: str
    result: str
    summary: str


def _when(value: Any) -> dt.datetime | None:
    """A 时间 cell back from a backend: text, a datetime, or a spreadsheet serial number."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        day = serial_to_date(value)
        return day if isinstance(day, dt.datetime) else dt.datetime.combine(day, dt.time())
    try:
        return dt.datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None


def previous_rows(previous: Table | None) -> list[list[Any]]:
    """The 运行记录 rows as read, in schema column order."""
    if previous is None:
        return []
    return [[row.get(h) for h in HEADERS] for row in previous.rows]


def mail_row(stamp: str, identity: str, state: MailState) -> list[Any]:
    """One mail's row."""
    recipient, status, note = state
    return [stamp, MAIL_TASK, RESULT_BY_STATE.get(status, status), note, identity, recipient, status]


def runlog_rows(
    previous: Table | None,
    now: dt.datetime,
    entries: list[RunEntry],
    mail_states: dict[str, MailState],
    keep_days: int = KEEP_DAYS,
    max_rows: int = MAX_ROWS,
) -> list[list]:
    """The new 运行记录: this run's entries and new mails on top, a mail already listed updated in place."""
    stamp = now.strftime(TIME_FORMAT)
    cutoff = now.replace(tzinfo=None) - dt.timedelta(days=keep_days)
    kept, listed = [], set()
    for row in previous_rows(previous):
        identity = "" if is_blank(row[4]) else str(row[4]).strip()
        if identity in mail_states:
            if identity in listed:
                continue  # an older duplicate of the same mail: keep one row only
            row = mail_row(stamp, identity, mail_states[identity])
            listed.add(identity)
        else:
            when = _when(row[0])
            if when is not None and when < cutoff:
                continue
            if isinstance(row[0], dt.datetime):
                row[0] = row[0].strftime(TIME_FORMAT)
        kept.append(row)
    fresh = [[stamp, e.task, e.result, e.summary, "", "", ""] for e in entries]
    fresh += [mail_row(stamp, i, s) for i, s in mail_states.items() if i not in listed]
    return (fresh + kept)[:max_rows]


def mail_status(previous: Table | None) -> dict[str, str]:
    """邮件标识 → its latest 发送状态 as recorded (rows are newest first)."""
    status: dict[str, str] = {}
    for row in previous_rows(previous):
        if not is_blank(row[4]):
            status.setdefault(str(row[4]).strip(), "" if is_blank(row[6]) else str(row[6]).strip())
    return status
