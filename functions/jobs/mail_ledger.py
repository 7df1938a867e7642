"""Exactly-once mail through 运行记录: plan, record as 待发送, send, record the outcome.

The jobs wire it like this (functions/jobs/runner.py):

    snapshot = workbook.read()                                     # 1. one batch read
    ... validate, alerts ...
    mails = compose_digests(alerts, problem_rows, parsed, settings, today,
                            workbook.link, workbook.link(None), due_soon)
    previous = snapshot.tables.get(RUNLOG_TAB)                    # 运行记录 as read (or None)
    plan = plan_mail(mails, previous)                             # 2. skip what is already 已发送
    now = community_now(settings["时区"])
    entry = RunEntry("nightly", "成功", "检查 … 个问题，… 条提醒，… 封邮件")
    pending = runlog_rows(previous, now, [entry], pending_states(plan))
    workbook.write({..., RUNLOG_TAB: pending})                    # 3. system tabs + 待发送, one write
    outcomes = delivery.send(plan)                                 # 4. one SMTP connection
    final = runlog_rows(previous, now, [entry], outcome_states(plan, outcomes))
    workbook.write({RUNLOG_TAB: final})                           # 5. receipts, one more write

Passing the same `previous` and `entry` to both runlog_rows calls makes step 5 the step-3 rows with each
mail's 发送状态 updated in place. A crash after step 3 leaves the mails 待发送: the next run (scheduler
retry, Pub/Sub redelivery, a person re-running it) composes the same identities and sends them then;
a mail already 已发送 is never sent again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from functions.domain.delivery import Outcome
from functions.domain.table import Table
from functions.sheets_out.runlog import MailState, mail_status

PENDING, SENT, FAILED = "待发送", "已发送", "发送失败"
IN_OUTBOX = "已写入发件箱"  # no SMTP server: the mail is an .eml file, done as far as this run goes
DONE = frozenset({SENT, IN_OUTBOX})
KIND_LABELS = {
    "secretary": "书记每日摘要",
    "volunteer": "志愿者个人待办",
    "monthly": "月度报告",
    "group": "群消息",
    "group-monthly": "群消息月报",
}


class Outgoing(Protocol):
    """Anything the ledger tracks: a mail, a group post (identity = date + kind + recipient/channel)."""

    @property
    def identity(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def to(self) -> str: ...


Item = TypeVar("Item", bound=Outgoing)


def plan_mail(mails: Sequence[Item], previous: Table | None) -> list[Item]:
    """The mails still to send: not already 已发送 in 运行记录 (待发送/发送失败 ones go again), no duplicates."""
    status = mail_status(previous)
    plan, seen = [], set()
    for mail in mails:
        if status.get(mail.identity) in DONE or mail.identity in seen:
            continue
        seen.add(mail.identity)
        plan.append(mail)
    return plan


def label(mail: Outgoing) -> str:
    """What the mail is, for 摘要 (no personal data)."""
    return KIND_LABELS.get(mail.kind, mail.kind)


def pending_states(plan: Sequence[Outgoing]) -> dict[str, MailState]:
    """Every planned mail as 待发送, for the write before sending."""
    return {m.identity: (m.to, PENDING, f"{label(m)}，等待发送") for m in plan}


def outcome_states(plan: Sequence[Outgoing], outcomes: dict[str, Outcome]) -> dict[str, MailState]:
    """Every planned mail as 已发送 or 发送失败 with the reason; one without an outcome stays 待发送."""
    states: dict[str, MailState] = {}
    for m in plan:
        outcome = outcomes.get(m.identity)
        if outcome is None:
            states[m.identity] = (m.to, PENDING, f"{label(m)}，等待发送")
        elif outcome.sent:
            states[m.identity] = (m.to, IN_OUTBOX if outcome.outbox else SENT, label(m))
        else:
            states[m.identity] = (m.to, FAILED, f"{label(m)}：{outcome.note}，下次运行会再发")
    return states
