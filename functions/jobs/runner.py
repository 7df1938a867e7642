"""What every job shares: today, the run's time stamp, and read → compute → write → mail, once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from functions.digest.notice import unwritten_notice, with_notice
from functions.domain.bots import GroupPost
from functions.domain.clock import community_today
from functions.domain.delivery import Delivery, Outcome
from functions.domain.ledger import FAILED, SENT
from functions.domain.model import OutgoingMail
from functions.domain.read_ahead import ParseAhead
from functions.domain.schema import default_schema
from functions.domain.settings import SETTINGS_TAB, parse_settings
from functions.domain.tabs import RUNLOG as RUNLOG_TAB
from functions.domain.workbook import Snapshot, SystemRows, Workbook, WorkbookChanged, WorkbookError, WorkbookLocked
from functions.jobs.delivery import final_states, journal_states, send_under_lease, unsent
from functions.jobs.group_delivery import GroupDelivery, group_counts, send_group
from functions.jobs.mail_ledger import pending_states, plan_mail
from functions.jobs.system_tabs import refuse_foreign_tabs
from functions.sheets_out.runlog import RunEntry, runlog_rows
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
    ledger: list[list[Any]] = field(default_factory=list)  # monthly: the 探访台账 rows written (for --ledger-file)

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
    posts: list[GroupPost] = field(default_factory=list)  # group-bot posts, through the same ledger
    previews: dict[str, Any] = field(default_factory=dict)  # file name → JSON bodies, when no channels


def resolve_today(snapshot: Snapshot, today: dt.date | None) -> dt.date:
    """--today when given, else the day the read fixed (a log parsed as it was read took it), else today in
    the community's time zone from 设置."""
    if today is not None:
        return today
    if snapshot.today is not None:
        return snapshot.today
    return community_today(parse_settings(snapshot.rows(SETTINGS_TAB))["时区"])


def tab_counts(snapshot: Snapshot) -> dict[str, int]:
    """Rows per volunteer tab, in schema order."""
    tables = snapshot.tables
    return {t.title: len(tables[t.title]) for t in default_schema().volunteer_tabs if t.title in tables}


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


def mail_summary(new: int, done_before: int, outbox: bool) -> str:
    """The run log's mail clause: what this run sends and what an earlier run of the day already did."""
    if outbox:
        return f"邮件：新写入发件箱 {new} 封（没有设置邮件服务器，未真正发出），之前已处理 {done_before} 封"
    return f"邮件：新发送 {new} 封，已发送过 {done_before} 封"


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
    workbook: Workbook,
    prepare: Callable[[Snapshot], Prepared],
    delivery: Delivery,
    progress: Progress,
    group: GroupDelivery | None = None,
    parse_ahead: ParseAhead | None = None,
) -> JobResult:
    """Read → compute → one write (mail and group posts marked 待发送) → send under the day's lease,
    journalled → receipts.

    A workbook that cannot be written (open in a spreadsheet program, read-only) still gets its mail,
    each message once: the journal beside it holds the receipts until a later run can write them.
    parse_ahead: given to a backend that offers read_ahead, which then parses big logs as it reads them.
    """
    ledger = workbook.ledger()
    unwritable = ""
    for attempt in range(WRITE_ATTEMPTS):
        progress("正在读取工作簿……" if attempt == 0 else "工作簿刚被别人保存过，重新读取……")
        reader = getattr(workbook, "read_ahead", None)  # a backend that parses big logs as it reads them
        snapshot = workbook.read() if parse_ahead is None or reader is None else reader(parse_ahead)
        p = prepare(snapshot)
        refuse_foreign_tabs(snapshot, [*p.tabs, RUNLOG_TAB])
        progress("正在写入系统表……")
        receipts = ledger.receipts()
        items = unsent(plan_mail([*p.mails, *p.posts], p.previous_runlog), receipts)
        fresh = sum(1 for m in items if isinstance(m, OutgoingMail))
        if p.mails:
            mail_line = mail_summary(fresh, len(p.mails) - fresh, delivery.to_outbox)
            p.entry = replace(p.entry, summary=f"{p.entry.summary}；{mail_line}")
        merged = journal_states(receipts, p.previous_runlog)
        p.tabs[RUNLOG_TAB] = runlog_rows(p.previous_runlog, p.now, [p.entry], {**merged, **pending_states(items)})
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
    plan = [m for m in items if isinstance(m, OutgoingMail)]
    posts = [m for m in items if isinstance(m, GroupPost)]
    p.result.counts["邮件"] = {"待发": len(plan), "已发过": len(p.mails) - len(plan)}
    if p.previews and group and group.preview_writer and group.preview_dir:
        group.preview_writer(group.preview_dir, p.previews)  # offline: what each group would get, no ledger
    if not items:
        return p.result
    if unwritable:
        plan = [with_notice(m, unwritten_notice(unwritable)) for m in plan]
    progress(f"正在发送 {len(plan)} 封邮件……" if plan else f"正在发送 {len(posts)} 条群消息……")
    outcomes = send_under_lease(plan, delivery, ledger, f"{p.result.job}|{p.result.today.isoformat()}") if plan else {}
    if outcomes is None:
        p.result.counts["邮件"]["另一运行在发送"] = len(plan)
        p.result.messages.append("另一次运行正在发送今天的邮件，这次没有发信，以免重复。")
        return p.result
    outcomes = {**outcomes, **send_group(group, posts)}  # a plain dict: the transport's tells the journal on set
    for post in posts:  # group posts go through the same journal, recorded as their outcome is known
        if post.identity in outcomes:
            outcome = outcomes[post.identity]
            ledger.record(post.identity, SENT if outcome.sent else FAILED, post.to, outcome.note)
    receipts = ledger.receipts()
    states = {**journal_states(receipts, p.previous_runlog), **final_states(items, receipts, outcomes)}
    if posts:
        p.result.counts["群消息"] = group_counts(posts, outcomes)
    if unwritable or not _write_receipts(workbook, runlog_rows(p.previous_runlog, p.now, [p.entry], states)):
        p.result.counts["邮件"]["回执未写入"] = len(items)
        p.result.messages.append(
            "发送回执已记在工作簿旁的发送日志里，下次能写入工作簿时会补进“运行记录”；今天再运行也不会重复发信。"
        )
    mail_outcomes = [outcomes[m.identity] for m in plan if m.identity in outcomes]
    sent = sum(1 for o in mail_outcomes if o.sent)
    failed = len(mail_outcomes) - sent
    if not plan:
        return _group_messages(p.result, posts, outcomes)
    p.result.counts["邮件"].update({"已发送": sent, "发送失败": failed})
    p.result.mailed = [
        f"{m.kind}: {'已发送' if outcomes[m.identity].sent else '发送失败'}" for m in plan if m.identity in outcomes
    ]
    if sent:
        p.result.messages.append(delivery.describe())
    if failed:
        reasons = "；".join(sorted({o.note for o in mail_outcomes if not o.sent}))  # no addresses in notes
        p.result.messages.append(
            f"有 {failed} 封邮件没有发出（{reasons}），已记在“运行记录”；今天内再运行一次会只补发这些。"
        )
    return _group_messages(p.result, posts, outcomes)


def _group_messages(result: JobResult, posts: list[GroupPost], outcomes: dict) -> JobResult:
    """Say how many group posts went out and why any did not (no addresses in the notes)."""
    found = [outcomes.get(p.identity, Outcome(False, "未发送")) for p in posts]
    failed = [o.note for o in found if not o.sent]
    if posts and not failed:
        result.messages.append(f"{len(posts)} 条群消息已发到群里。")
    if failed:
        reasons = "；".join(sorted(set(failed)))
        result.messages.append(
            f"有 {len(failed)} 条群消息没有发出（{reasons}），已记在“运行记录”；再运行一次会只补发这些。"
        )
    return result
