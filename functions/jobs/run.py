"""The jobs: validate, nightly and monthly, each read → compute → one write → mail. Thin over the core."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from functions.care.alerts import compute_alerts
from functions.digest.render import compose_digests
from functions.domain.workbook import Snapshot, Workbook
from functions.jobs.runner import (
    JobResult,
    Prepared,
    Progress,
    problem_counts,
    quiet,
    resolve_today,
    run_stamp,
    tab_counts,
    write_and_mail,
)
from functions.sheets_out.alerts_tab import alert_rows
from functions.sheets_out.problems_tab import problem_rows, summary_lines
from functions.sheets_out.runlog import RUNLOG_TAB, RunEntry
from functions.validation.validate import validate

PROBLEMS_TAB, ALERTS_TAB, METRICS_TAB = "问题清单", "提醒", "月度指标"


class MonthNotReady(ValueError):
    """monthly --month names a month that is not over yet or has no records: nothing to compile."""


__all__ = ["JobResult", "MonthNotReady", "run_monthly", "run_nightly", "run_validate"]


def run_validate(workbook: Workbook, today: dt.date | None = None, progress: Progress = quiet) -> JobResult:
    """Check every volunteer tab and rewrite 问题清单 (one read, one write)."""

    def prepare(snapshot: Snapshot) -> Prepared:
        day = resolve_today(snapshot, today)
        validation = validate(snapshot, day)
        result = JobResult("validate", day, counts={"问题": problem_counts(validation)})
        result.messages = summary_lines(validation.problems)
        rows = problem_rows(validation.problems, snapshot.tables.get(PROBLEMS_TAB), day)
        counts = result.counts["问题"]
        entry = RunEntry("检查", "成功", f"检查完成：错误 {counts['错误']} 个，警告 {counts['警告']} 个")
        return Prepared(
            result, {PROBLEMS_TAB: rows}, entry, [], snapshot.tables.get(RUNLOG_TAB), run_stamp(validation, day)
        )

    return write_and_mail(workbook, prepare, None, progress)


def run_nightly(
    workbook: Workbook, today: dt.date | None = None, outbox: str | None = None, progress: Progress = quiet
) -> JobResult:
    """The nightly job: validate → alerts → one write of the system tabs → digests, each sent once."""

    def prepare(snapshot: Snapshot) -> Prepared:
        day = resolve_today(snapshot, today)
        progress("正在检查各表……")
        validation = validate(snapshot, day)
        progress("正在计算提醒……")
        alerts = compute_alerts(validation.parsed, validation.settings, day)
        problems = problem_rows(validation.problems, snapshot.tables.get(PROBLEMS_TAB), day)
        levels = Counter(a.level for a in alerts)
        result = JobResult(
            "nightly",
            day,
            counts={
                "行数": tab_counts(snapshot),
                "问题": problem_counts(validation),
                "提醒": {lvl: levels.get(lvl, 0) for lvl in ("红", "橙", "黄")},
            },
        )
        mails = compose_digests(
            alerts,
            problems,
            validation.parsed,
            validation.settings,
            day,
            workbook.link,
            workbook.link("") or workbook.location,
        )
        if not validation.settings.secretary_emails:
            result.messages.append("“设置”里还没有填写书记邮箱，书记每日摘要没有发出。")
        tabs = {PROBLEMS_TAB: problems, ALERTS_TAB: alert_rows(alerts, snapshot.tables.get(ALERTS_TAB), day)}
        c = result.counts
        entry = RunEntry(
            "每晚任务",
            "成功",
            f"问题：错误 {c['问题']['错误']} 个、警告 {c['问题']['警告']} 个；"
            f"提醒：红 {levels.get('红', 0)} · 橙 {levels.get('橙', 0)} · 黄 {levels.get('黄', 0)}；"
            f"邮件 {len(mails)} 封",
        )
        return Prepared(result, tabs, entry, mails, snapshot.tables.get(RUNLOG_TAB), run_stamp(validation, day))

    return write_and_mail(workbook, prepare, outbox, progress)


def run_monthly(
    workbook: Workbook,
    today: dt.date | None = None,
    month: str | None = None,
    all_months: bool = False,
    outbox: str | None = None,
    progress: Progress = quiet,
) -> JobResult:
    """Compile 月度指标 for a month (default: the previous one) or every month, and mail the report."""
    # Imported here: matplotlib costs the nightly run ~0.3 s and ~25 MiB it never uses.
    from functions.digest.monthly_report import compose_monthly_report
    from functions.metrics.chart import render_chart
    from functions.metrics.compute import metrics_for_months, months_with_data
    from functions.metrics.periods import month_of, previous_month
    from functions.sheets_out.metrics_rows import metrics_rows
    from functions.sheets_out.visit_ledger import LEDGER_TAB, ledger_rows, ledger_title

    def prepare(snapshot: Snapshot) -> Prepared:
        day = resolve_today(snapshot, today)
        progress("正在检查各表……")
        validation = validate(snapshot, day)
        progress("正在计算月度指标和图表……")
        target = month or previous_month(month_of(day))
        this_month = month_of(day)  # not finished yet: only whole months are compiled
        with_data = set(months_with_data(validation.parsed))
        if month is not None and (month >= this_month or month not in with_data):
            why = "还没有结束" if month >= this_month else "没有任何记录"
            raise MonthNotReady(f"{month} {why}，不能生成月度指标和月报（不写 --month 就是上个月）")
        months = {m for m in with_data if m < this_month} if all_months else ({target} & with_data)
        # the month before each one is rewritten too when it has data, so that the sheet's arrows and the
        # report's compare the very same numbers (and a first month compares with nothing)
        before = previous_month(target)
        months = sorted(months | {previous_month(m) for m in months if previous_month(m) in with_data})
        computed = metrics_for_months(validation.parsed, validation.settings, sorted({*months, target}), today=day)
        now = run_stamp(validation, day)
        rows = metrics_rows(snapshot.tables.get(METRICS_TAB), {m: computed[m] for m in months}, now)
        mails = (
            compose_monthly_report(
                computed[target],
                computed.get(before) if before in with_data else None,
                render_chart(rows, last_month=target),
                validation.settings,
                target,
                day,
            )
            if target in with_data
            else []
        )
        result = JobResult("monthly", day, counts={"月份": months, "报告月份": target})
        tabs = {METRICS_TAB: rows}
        if target in with_data:  # 探访台账 of the report month: the last finished one unless --month says
            tabs[LEDGER_TAB] = result.ledger = ledger_rows(validation.parsed, validation.settings, target, day)
            result.counts["探访台账"] = {"标题": ledger_title(validation.settings, target), "行数": len(result.ledger)}
        if all_months:
            result.messages.append(f"本月（{this_month}）还没有结束，没有计算；下月初会自动补上。")
        if target not in with_data:
            result.messages.append(f"{target} 没有任何记录，没有生成月报。")
        entry = (
            RunEntry(
                "月度指标",
                "成功",
                f"计算了 {len(months)} 个月（{months[0]} 至 {months[-1]}）的指标；月报 {target}，{len(mails)} 封",
            )
            if months
            else RunEntry("月度指标", "成功", "没有可统计的月份")
        )
        return Prepared(result, tabs, entry, mails, snapshot.tables.get(RUNLOG_TAB), now)

    return write_and_mail(workbook, prepare, outbox, progress)
