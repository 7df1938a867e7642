"""Jobs: read → compute → write → mail. The only place the pure core meets the backends."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .alerts import compute_alerts
from .alerts_tab import alert_rows
from .clock import community_today
from .mail_ledger import deliver, outcome_states, pending_states, plan_mail
from .mail_render import compose_digests
from .mail_transport import mail_from, transport_from_env
from .model import OutgoingMail
from .problems_tab import problem_rows, summary_lines
from .runlog import RUNLOG_TAB, RunEntry, runlog_rows
from .schema import default_schema
from .settings import SETTINGS_TAB, parse_settings
from .validate import Validation, validate
from .workbook import Snapshot, SystemRows, Workbook, WorkbookChanged

PROBLEMS_TAB, ALERTS_TAB, METRICS_TAB = "问题清单", "提醒", "月度指标"
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
        return {"job": self.job, "today": self.today.isoformat(), "counts": self.counts,
                "written": self.written, "mailed": self.mailed, "messages": self.messages}


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


def _now(validation: Validation, today: dt.date) -> dt.datetime:
    """The run's time stamp in the community's zone; pinned to --today's date when that is not today."""
    now = dt.datetime.now(validation.settings.tz).replace(tzinfo=None, microsecond=0)
    return now if now.date() == today else dt.datetime.combine(today, now.time())


def _problem_counts(validation: Validation) -> dict[str, int]:
    levels = Counter(p.level for p in validation.problems)
    return {"错误": levels.get("错误", 0), "警告": levels.get("警告", 0)}


Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    """No progress output (the default for entry points)."""


def _write_and_mail(workbook: Workbook, prepare: Callable[[Snapshot], Prepared], outbox: str | None,
                    progress: Progress) -> JobResult:
    """Read → compute → one write (mail marked 待发送) → send → one write of the receipts."""
    for attempt in range(WRITE_ATTEMPTS):
        progress("正在读取工作簿……" if attempt == 0 else "工作簿刚被别人保存过，重新读取……")
        snapshot = workbook.read()
        p = prepare(snapshot)
        progress("正在写入系统表……")
        plan = plan_mail(p.mails, p.previous_runlog)
        p.tabs[RUNLOG_TAB] = runlog_rows(p.previous_runlog, p.now, [p.entry], pending_states(plan))
        try:
            workbook.write(p.tabs)
            break
        except WorkbookChanged:
            if attempt == WRITE_ATTEMPTS - 1:
                raise
    p.result.written = list(p.tabs)
    p.result.counts["邮件"] = {"待发": len(plan), "已发过": len(p.mails) - len(plan)}
    if not plan:
        return p.result
    transport = transport_from_env(outbox)
    progress(f"正在发送 {len(plan)} 封邮件……")
    outcomes = deliver(plan, transport, mail_from())
    workbook.write({RUNLOG_TAB: runlog_rows(p.previous_runlog, p.now, [p.entry], outcome_states(plan, outcomes))})
    sent = sum(1 for o in outcomes.values() if o.sent)
    p.result.counts["邮件"].update({"已发送": sent, "发送失败": len(plan) - sent})
    p.result.mailed = [f"{m.kind}: {'已发送' if outcomes[m.identity].sent else '发送失败'}" for m in plan
                       if m.identity in outcomes]
    p.result.messages.append(transport.describe())
    if sent < len(plan):
        p.result.messages.append(f"有 {len(plan) - sent} 封邮件没有发出，已记在“运行记录”，下次运行会再发。")
    return p.result


def run_validate(workbook: Workbook, today: dt.date | None = None, progress: Progress = _quiet) -> JobResult:
    """Check every volunteer tab and rewrite 问题清单 (one read, one write)."""

    def prepare(snapshot: Snapshot) -> Prepared:
        day = resolve_today(snapshot, today)
        validation = validate(snapshot, day)
        result = JobResult("validate", day, counts={"问题": _problem_counts(validation)})
        result.messages = _summary(validation)
        rows = problem_rows(validation.problems, snapshot.tables.get(PROBLEMS_TAB), day)
        counts = result.counts["问题"]
        entry = RunEntry("检查", "成功", f"检查完成：错误 {counts['错误']} 个，警告 {counts['警告']} 个")
        return Prepared(result, {PROBLEMS_TAB: rows}, entry, [], snapshot.tables.get(RUNLOG_TAB),
                        _now(validation, day))

    return _write_and_mail(workbook, prepare, None, progress)


def _summary(validation: Validation) -> list[str]:
    return summary_lines(validation.problems)


def run_nightly(workbook: Workbook, today: dt.date | None = None, outbox: str | None = None,
                progress: Progress = _quiet) -> JobResult:
    """The nightly job: validate → alerts → one write of the system tabs → digests, each sent once."""

    def prepare(snapshot: Snapshot) -> Prepared:
        day = resolve_today(snapshot, today)
        progress("正在检查各表……")
        validation = validate(snapshot, day)
        progress("正在计算提醒……")
        alerts = compute_alerts(validation.parsed, validation.settings, day)
        problems = problem_rows(validation.problems, snapshot.tables.get(PROBLEMS_TAB), day)
        levels = Counter(a.level for a in alerts)
        result = JobResult("nightly", day, counts={
            "行数": tab_counts(snapshot), "问题": _problem_counts(validation),
            "提醒": {lvl: levels.get(lvl, 0) for lvl in ("红", "橙", "黄")}})
        mails = compose_digests(alerts, problems, validation.parsed, validation.settings, day, workbook.link,
                                workbook.link(""))
        if not validation.settings.secretary_emails:
            result.messages.append("“设置”里还没有填写书记邮箱，书记每日摘要没有发出。")
        tabs = {PROBLEMS_TAB: problems, ALERTS_TAB: alert_rows(alerts, snapshot.tables.get(ALERTS_TAB), day)}
        c = result.counts
        entry = RunEntry("每晚任务", "成功", f"问题：错误 {c['问题']['错误']} 个、警告 {c['问题']['警告']} 个；"
                         f"提醒：红 {levels.get('红', 0)} · 橙 {levels.get('橙', 0)} · 黄 {levels.get('黄', 0)}；"
                         f"邮件 {len(mails)} 封")
        return Prepared(result, tabs, entry, mails, snapshot.tables.get(RUNLOG_TAB), _now(validation, day))

    return _write_and_mail(workbook, prepare, outbox, progress)


def run_monthly(workbook: Workbook, today: dt.date | None = None, month: str | None = None,
                all_months: bool = False, outbox: str | None = None, progress: Progress = _quiet) -> JobResult:
    """Compile 月度指标 for a month (default: the previous one) or every month, and mail the report."""
    # Imported here: matplotlib costs the nightly run ~0.3 s and ~25 MiB it never uses.
    from .metrics import metrics_for_months, months_with_data
    from .metrics_chart import render_chart
    from .metrics_periods import month_of, previous_month
    from .metrics_report import compose_monthly_report
    from .metrics_rows import metrics_rows

    def prepare(snapshot: Snapshot) -> Prepared:
        day = resolve_today(snapshot, today)
        progress("正在检查各表……")
        validation = validate(snapshot, day)
        progress("正在计算月度指标和图表……")
        target = month or previous_month(month_of(day))
        this_month = month_of(day)  # future rota dates are data too, but no month after today is compiled
        found = {m for m in months_with_data(validation.parsed) if m <= this_month}
        months = sorted(found if all_months else {target})
        wanted = sorted(set(months) | {previous_month(m) for m in months} | {target, previous_month(target)})
        computed = metrics_for_months(validation.parsed, validation.settings, wanted, today=day)
        now = _now(validation, day)
        rows = metrics_rows(snapshot.tables.get(METRICS_TAB), {m: computed[m] for m in months}, now)
        mails = compose_monthly_report(computed[target], computed.get(previous_month(target)), render_chart(rows, last_month=target),
                                       validation.settings, target, day)
        result = JobResult("monthly", day, counts={"月份": months, "报告月份": target})
        entry = RunEntry("月度指标", "成功", f"计算了 {len(months)} 个月（{months[0]} 至 {months[-1]}）的指标；"
                         f"月报 {target}，{len(mails)} 封") if months else RunEntry("月度指标", "成功", "没有可统计的月份")
        return Prepared(result, {METRICS_TAB: rows}, entry, mails, snapshot.tables.get(RUNLOG_TAB), now)

    return _write_and_mail(workbook, prepare, outbox, progress)
