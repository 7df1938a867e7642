"""The 运行记录 rows: one line per job run and one per mail, newest first, recent history only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from functions.domain.schema import default_schema
from functions.domain.serial_dates import serial_to_date
from functions.domain.table import Table, is_blank
from functions.domain.tabs import RUNLOG

HEADERS = tuple(default_schema()[RUNLOG].headers)  # 时间 任务 结果 摘要 邮件标识 收件人 发送状态
TIME, TASK, RESULT, SUMMARY, IDENTITY, RECIPIENT, STATUS = HEADERS  # sheets_schema/runlog.yaml names them
KEEP_DAYS = 90  # a season of history: enough to see when mail stopped, small enough to read at a glance
MAX_ROWS = 2000  # init sizes the Google tab for this (adapters/gsheets/init.py): one write never grows it
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


def previous_rows(previous: Table | None) -> list[dict[str, Any]]:
    """The 运行记录 rows as read, by header."""
    return [] if previous is None else [dict(row) for row in previous.rows]


def _text(value: Any) -> str:
    return "" if is_blank(value) else str(value).strip()


def mail_row(stamp: str, identity: str, state: MailState) -> dict[str, Any]:
    """One mail's row, by header."""
    recipient, status, note = state
    result = RESULT_BY_STATE.get(status, status)
    return {
        TIME: stamp,
        TASK: MAIL_TASK,
        RESULT: result,
        SUMMARY: note,
        IDENTITY: identity,
        RECIPIENT: recipient,
        STATUS: status,
    }


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
        identity = _text(row.get(IDENTITY))
        if identity in mail_states:
            if identity in listed:
                continue  # an older duplicate of the same mail: keep one row only
            row = mail_row(stamp, identity, mail_states[identity])
            listed.add(identity)
        else:
            when = _when(row.get(TIME))
            if when is not None and when < cutoff:
                continue
            if isinstance(row.get(TIME), dt.datetime):
                row[TIME] = row[TIME].strftime(TIME_FORMAT)
        kept.append(row)
    blank_mail = {IDENTITY: "", RECIPIENT: "", STATUS: ""}
    fresh = [{TIME: stamp, TASK: e.task, RESULT: e.result, SUMMARY: e.summary, **blank_mail} for e in entries]
    fresh += [mail_row(stamp, i, s) for i, s in mail_states.items() if i not in listed]
    return [[row.get(h) for h in HEADERS] for row in (fresh + kept)[:max_rows]]


def mail_status(previous: Table | None) -> dict[str, str]:
    """邮件标识 → its latest 发送状态 as recorded (rows are newest first)."""
    status: dict[str, str] = {}
    for row in previous_rows(previous):
        if not is_blank(row.get(IDENTITY)):
            status.setdefault(_text(row.get(IDENTITY)), _text(row.get(STATUS)))
    return status
