"""What every job shares: today, the run's time stamp, and read → compute → write → mail, once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from functions.adapters.mail.transport import mail_from, transport_from_env
from functions.digest.notice import unwritten_notice, with_notice
from functions.domain.clock import community_today
from functions.domain.model import OutgoingMail
from functions.domain.schema import default_schema
from functions.domain.settings import SETTINGS_TAB, parse_settings
from functions.domain.workbook import Snapshot, SystemRows, Workbook, WorkbookChanged, WorkbookError, WorkbookLocked
from functions.jobs.delivery import final_states, journal_states, send_under_lease, unsent
from functions.jobs.mail_ledger import pending_states, plan_mail
from functions.jobs.system_tabs import refuse_foreign_tabs
from functions.sheets_out.runlog import RUNLOG_TAB, RunEntry, runlog_rows
from functions.validation.validate import Validation

WRITE_ATTEMPTS = 3  # a volunteer saved meanwhile: re-read, recompute and retry, never clobber


@dataclass
class JobResult:
    """What a job did, for the CLI, the HTTP answer and the run log (counts only, no personal data)."""

    job: str
    today: dt.date
    counts: dict[str, Any] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    mailed: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "job": self.job,
            "today": self.today.isoformat(),
            "counts": self.counts,
            "written": self.written,
            "mailed": self.mailed,
            "messages": self.messages,
        }


@dataclass
class Prepared:
    """One run's computed system tabs and mail, before anything is written."""

    result: JobResult
    tabs: dict[str, SystemRows]
    entry: RunEntry
    mails: list[OutgoingMail]
    previous_runlog: Any
    now: dt.datetime


def resolve_today(snapshot: Snapshot, today: dt.date | None) -> dt.date:
    """--today when given, else today in the community's time zone from 设置."""
    if today is not None:
        return today
    return community_today(parse_settings(snapshot.rows(SETTINGS_TAB))["时区"])


def tab_counts(snapshot: Snapshot) -> dict[str, int]:
    """Rows per volunteer tab, in schema order."""
    return {t.title: len(snapshot.rows(t.title)) for t in default_schema().volunteer_tabs if t.title in snapshot.tables}


def run_stamp(validation: Validation, today: dt.date) -> dt.datetime:
    """The run's time stamp in the community's zone; pinned to --today's date when that is not today."""
    now = dt.datetime.now(validation.settings.tz).replace(tzinfo=None, microsecond=0)
    return now if now.date() == today else dt.datetime.combine(today, now.time())


def problem_counts(validation: Validation) -> dict[str, int]:
    levels = Counter(p.level for p in validation.problems)
    return {"错误": levels.get("错误", 0), "警告": levels.get("警告", 0)}


Progress = Callable[[str], None]


def quiet(message: str) -> None:
    """No progress output (the default for entry points)."""


def _write_receipts(workbook: Workbook, rows: SystemRows) -> bool:
    """Write 运行记录 after sending; a volunteer's save meanwhile only needs a re-read (the tab is ours)."""
    for _ in range(WRITE_ATTEMPTS):
        try:
            workbook.write({RUNLOG_TAB: rows})
            return True
        except WorkbookChanged:
            workbook.read()  # take the new version as the base; their tabs are never written
        except WorkbookError:  # opened in a spreadsheet program just now, or made read-only: no retry helps
            return False
    return False


def write_and_mail(
    workbook: Workbook, prepare: Callable[[Snapshot], Prepared], outbox: str | None, progress: Progress
) -> JobResult:
    """Read → compute → one write (mail marked 待发送) → send under the day's lease, journalled → receipts.

    A workbook that cannot be written (open in a spreadsheet program, read-only) still gets its mail,
    each message once: the journal beside it holds the receipts until a later run can write them.
    """
    transport = transport_from_env(outbox)  # bad SMTP settings stop the run before anything is written
    ledger = workbook.ledger()
    unwritable = ""
    for attempt in range(WRITE_ATTEMPTS):
        progress("正在读取工作簿……" if attempt == 0 else "工作簿刚被别人保存过，重新读取……")
        snapshot = workbook.read()
        p = prepare(snapshot)
        refuse_foreign_tabs(snapshot, [*p.tabs, RUNLOG_TAB])
        progress("正在写入系统表……")
        receipts = ledger.receipts()
        plan = unsent(plan_mail(p.mails, p.previous_runlog), receipts)
        merged = journal_states(receipts, p.previous_runlog)
        p.tabs[RUNLOG_TAB] = runlog_rows(p.previous_runlog, p.now, [p.entry], {**merged, **pending_states(plan)})
        try:
            workbook.write(p.tabs)
            p.result.written = list(p.tabs)
            break
        except WorkbookChanged:
            if attempt == WRITE_ATTEMPTS - 1:
                raise
        except WorkbookLocked as exc:
            unwritable = exc.reason
            p.result.counts["系统表未写入"] = 1
            p.result.messages.append(f"{exc}。今天的邮件照常发出，发送回执先记在工作簿旁的发送日志里。")
            break
    p.result.counts["邮件"] = {"待发": len(plan), "已发过": len(p.mails) - len(plan)}
    if not plan:
        return p.result
    if unwritable:
        plan = [with_notice(m, unwritten_notice(unwritable)) for m in plan]
    progress(f"正在发送 {len(plan)} 封邮件……")
    outcomes = send_under_lease(plan, transport, mail_from(), ledger, f"{p.result.job}|{p.result.today.isoformat()}")
    if outcomes is None:
        p.result.counts["邮件"]["另一运行在发送"] = len(plan)
        p.result.messages.append("另一次运行正在发送今天的邮件，这次没有发信，以免重复。")
        return p.result
    receipts = ledger.receipts()
    states = {**journal_states(receipts, p.previous_runlog), **final_states(plan, receipts)}
    if unwritable or not _write_receipts(workbook, runlog_rows(p.previous_runlog, p.now, [p.entry], states)):
        p.result.counts["邮件"]["回执未写入"] = len(plan)
        p.result.messages.append(
            "发送回执已记在工作簿旁的发送日志里，下次能写入工作簿时会补进“运行记录”；今天再运行也不会重复发信。"
        )
    sent = sum(1 for o in outcomes.values() if o.sent)
    failed = sum(1 for o in outcomes.values() if not o.sent)
    p.result.counts["邮件"].update({"已发送": sent, "发送失败": failed})
    p.result.mailed = [
        f"{m.kind}: {'已发送' if outcomes[m.identity].sent else '发送失败'}" for m in plan if m.identity in outcomes
    ]
    if sent:
        p.result.messages.append(transport.describe())
    if failed:
        reasons = "；".join(sorted({o.note for o in outcomes.values() if not o.sent}))  # no addresses in notes
        p.result.messages.append(
            f"有 {failed} 封邮件没有发出（{reasons}），已记在“运行记录”；今天内再运行一次会只补发这些。"
        )
    return p.result
