"""The jobs: validate, nightly and monthly, each read → compute → one write → mail. Thin over the core."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from functions.care.alerts import compute_alerts
from functions.digest.confirm_form import missed_attempt
from functions.digest.confirm_links import ConfirmLinks
from functions.digest.group import group_digest, sheet_place
from functions.digest.group_render import platform_bodies
from functions.digest.render import compose_digests
from functions.domain.archive_summary import archive_cutoff, frozen_month
from functions.domain.care_context import shared_contexts
from functions.domain.delivery import Delivery
from functions.domain.errors import SanyouError
from functions.domain.gc_pause import collector_paused, settled_heap
from functions.domain.heap import release_free_memory
from functions.domain.tabs import ALERTS as ALERTS_TAB
from functions.domain.tabs import ARCHIVE_SUMMARY, SETTINGS
from functions.domain.tabs import METRICS as METRICS_TAB
from functions.domain.tabs import PROBLEMS as PROBLEMS_TAB
from functions.domain.tabs import RUNLOG as RUNLOG_TAB
from functions.domain.workbook import Snapshot, Workbook
from functions.jobs.archive_facts import merge_archived
from functions.jobs.group_delivery import GROUP, GROUP_MONTHLY, GroupDelivery, plan_group
from functions.jobs.parse_ahead import LOG_TABS as LOG_TABS  # where it was defined before; tests import it
from functions.jobs.parse_ahead import LogParser, consumable_logs
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
from functions.sheets_out.alerts_tab import alert_notes, alert_rows
from functions.sheets_out.problems_tab import problem_rows, summary_lines
from functions.sheets_out.runlog import RunEntry
from functions.validation.validate import Validation, validate

EMPTY_WORKBOOK = "工作簿里还没有任何记录，没有可检查的内容：请先在“志愿者”“老人档案”里填上几行，再运行一次。"


class MonthNotReady(SanyouError, ValueError):
    """monthly --month names a month that is not over yet or has no records: nothing to compile."""


__all__ = ["JobResult", "MonthNotReady", "run_monthly", "run_nightly", "run_validate"]


def settled_validation(snapshot: Snapshot, day: dt.date, settle: Callable[[], None]) -> Validation:
    """validate, with 归档摘要's kept contacts merged (the rules answer as before an archive), the raw logs'
    pages given back, and the parsed rows settled: they live to the end of the job, and no cyclic
    collection traverses them, not even once before settle()."""
    with collector_paused():
        validation = validate(snapshot, day, consume=consumable_logs(snapshot))
        merge_archived(validation, snapshot, day)
        release_free_memory()
        settle()
    return validation


def run_validate(workbook: Workbook, today: dt.date | None = None, progress: Progress = quiet) -> JobResult:
    """Check every volunteer tab and rewrite 问题清单 (one read, one write)."""

    def prepare(snapshot: Snapshot) -> Prepared:
        day = resolve_today(snapshot, today)
        validation = validate(snapshot, day, consume=consumable_logs(snapshot))
        result = JobResult("validate", day, counts={"问题": problem_counts(validation)})
        result.messages = summary_lines(validation.problems)
        if not any(n for title, n in tab_counts(snapshot).items() if title != SETTINGS):
            result.messages.insert(0, EMPTY_WORKBOOK)
        rows = problem_rows(validation.problems, snapshot.tables.get(PROBLEMS_TAB), day)
        counts = result.counts["问题"]
        entry = RunEntry("检查", "成功", f"检查完成：错误 {counts['错误']} 个，警告 {counts['警告']} 个")
        return Prepared(
            result, {PROBLEMS_TAB: rows}, entry, [], snapshot.tables.get(RUNLOG_TAB), run_stamp(validation, day)
        )

    return write_and_mail(workbook, prepare, None, progress, parse_ahead=LogParser(today))


def run_nightly(
    workbook: Workbook,
    today: dt.date | None = None,
    *,
    delivery: Delivery,
    progress: Progress = quiet,
    group: GroupDelivery | None = None,
    confirm: ConfirmLinks | None = None,
) -> JobResult:
    """The nightly job: validate → alerts → one write of the system tabs → digests and group posts, each once."""

    def prepare(snapshot: Snapshot) -> Prepared:
        with shared_contexts():  # the alerts, digests and group message share one index of the tables
            return compute(snapshot)

    def compute(snapshot: Snapshot) -> Prepared:
        day = resolve_today(snapshot, today)
        progress("正在检查各表……")
        validation = settled_validation(snapshot, day, settle)
        progress("正在计算提醒……")
        runlog = snapshot.tables.get(RUNLOG_TAB)
        attempts = tuple(a for r in (runlog.rows if runlog else []) if (a := missed_attempt(r.get("邮件标识"))))
        alerts = compute_alerts(validation.parsed, validation.settings, day, attempts)
        problems = problem_rows(validation.problems, snapshot.tables.get(PROBLEMS_TAB), day)
        levels = Counter(a.level for a in alerts)
        result = JobResult(
            "nightly",
            day,
            counts={
                "行数": tab_counts(snapshot),
                "问题": problem_counts(validation),
                ALERTS_TAB: {lvl: levels.get(lvl, 0) for lvl in ("红", "橙", "黄")},
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
            confirm=confirm,
            location=workbook.location,
            missed=sum(1 for a in attempts if a[0] == day - dt.timedelta(days=1)),
            notes=alert_notes(snapshot.tables.get(ALERTS_TAB), day),
        )
        if not validation.settings.secretary_emails:
            result.messages.append("“设置”里还没有填写书记邮箱，书记每日摘要没有发出。")
        tabs = {PROBLEMS_TAB: problems, ALERTS_TAB: alert_rows(alerts, snapshot.tables.get(ALERTS_TAB), day)}
        c = result.counts
        entry = RunEntry(
            "每晚任务",
            "成功",
            f"问题：错误 {c['问题']['错误']} 个、警告 {c['问题']['警告']} 个；"
            f"提醒：红 {levels.get('红', 0)} · 橙 {levels.get('橙', 0)} · 黄 {levels.get('黄', 0)}",
        )
        posts, previews = [], {}
        if group is not None:
            place = sheet_place(workbook.link("") or workbook.location)
            digest = group_digest(alerts, validation.parsed, validation.settings, day, *place)
            posts, previews = plan_group(group, GROUP, day.isoformat(), lambda p: platform_bodies(digest, p))
        runlog = snapshot.tables.get(RUNLOG_TAB)
        return Prepared(result, tabs, entry, mails, runlog, run_stamp(validation, day), posts, previews)

    with settled_heap() as settle:
        return write_and_mail(workbook, prepare, delivery, progress, group, LogParser(today))


def run_monthly(
    workbook: Workbook,
    today: dt.date | None = None,
    month: str | None = None,
    all_months: bool = False,
    *,
    delivery: Delivery,
    progress: Progress = quiet,
    group: GroupDelivery | None = None,
) -> JobResult:
    """Compile 月度指标 for a month (default: the previous one) or every month, and mail the report."""
    # Imported here: matplotlib costs the nightly run ~0.3 s and ~25 MiB it never uses.
    from functions.digest.group_monthly import monthly_bodies
    from functions.digest.monthly_report import compose_monthly_report, report_identity
    from functions.domain.months import month_of, previous_month
    from functions.jobs.cards_due import CARDS_TAB, due_cards
    from functions.metrics.chart import render_chart
    from functions.metrics.compute import metrics_for_months, months_with_data
    from functions.metrics.rows import metrics_rows
    from functions.metrics.stored import stored_metrics
    from functions.sheets_out.visit_ledger import LEDGER_TAB, ledger_rows, ledger_title

    def prepare(snapshot: Snapshot) -> Prepared:
        day = resolve_today(snapshot, today)
        progress("正在检查各表……")
        validation = settled_validation(snapshot, day, settle)
        progress("正在计算月度指标和图表……")
        cutoff = archive_cutoff(snapshot.tables.get(ARCHIVE_SUMMARY))
        target = month or previous_month(month_of(day))
        this_month = month_of(day)  # not finished yet: only whole months are compiled
        if month is not None and frozen_month(month, cutoff):
            raise MonthNotReady(
                f"{month} 的记录已归档（{cutoff} 以前），“月度指标”里保留归档前算好的数字，不再重新计算"
            )
        with_data = set(months_with_data(validation.parsed))
        if month is not None and (month >= this_month or month not in with_data):
            why = "还没有结束" if month >= this_month else "没有任何记录"
            raise MonthNotReady(f"{month} {why}，不能生成月度指标和月报（不写 --month 就是上个月）")
        # months whose records went to an archive keep the figures they had: never recomputed from what is left
        with_data = {m for m in with_data if not frozen_month(m, cutoff)}
        months = {m for m in with_data if m < this_month} if all_months else ({target} & with_data)
        # the month before each one is rewritten too when it has data, so that the sheet's arrows and the
        # report's compare the very same numbers (and a first month compares with nothing)
        before = previous_month(target)
        months = sorted(months | {previous_month(m) for m in months if previous_month(m) in with_data})
        computed = metrics_for_months(validation.parsed, validation.settings, sorted({*months, target}), today=day)
        now = run_stamp(validation, day)
        rows = metrics_rows(snapshot.tables.get(METRICS_TAB), {m: computed[m] for m in months}, now)
        previous = computed.get(before) if before in with_data else None
        if frozen_month(before, cutoff):  # archived: compare with the figures 月度指标 kept for it
            previous = stored_metrics(snapshot.tables.get(METRICS_TAB), before)
        chart = render_chart(rows, last_month=target) if target in with_data else b""
        identities = [report_identity(target, to) for to in validation.settings.secretary_emails]
        cards = due_cards(snapshot, validation, target, day, identities if target in with_data else [])
        mails = (
            compose_monthly_report(
                computed[target], previous, chart, validation.settings, target, day, cards.attachment, cards.count
            )
            if target in with_data
            else []
        )
        community = validation.settings["社区名称"] or "社区"
        posts, previews = (
            plan_group(
                group,
                GROUP_MONTHLY,
                target,
                lambda platform: monthly_bodies(platform, community, target, computed[target], previous, chart),
            )
            if target in with_data
            else ([], {})
        )
        result = JobResult("monthly", day, counts={"月份": months, "报告月份": target, "联系卡": cards.count})
        result.messages.extend(cards.messages(validation.settings))
        tabs = {METRICS_TAB: rows, CARDS_TAB: cards.rows}
        if target in with_data:  # 探访台账 of the report month: the last finished one unless --month says
            tabs[LEDGER_TAB] = result.ledger = ledger_rows(validation.parsed, validation.settings, target, day)
            result.counts[LEDGER_TAB] = {"标题": ledger_title(validation.settings, target), "行数": len(result.ledger)}
        if all_months:
            result.messages.append(f"本月（{this_month}）还没有结束，没有计算；下月初会自动补上。")
        if target not in with_data:
            result.messages.append(f"{target} 没有任何记录，没有生成月报。")
        entry = (
            RunEntry(
                METRICS_TAB,
                "成功",
                f"计算了 {len(months)} 个月（{months[0]} 至 {months[-1]}）的指标；月报 {target}"
                + (f"，附爱心联系卡 {cards.count} 张" if cards.count else ""),
            )
            if months
            else RunEntry(METRICS_TAB, "成功", "没有可统计的月份")
        )
        runlog = snapshot.tables.get(RUNLOG_TAB)
        return Prepared(result, tabs, entry, mails, runlog, now, posts, previews)

    with settled_heap() as settle:
        # no parse ahead: records made during the read lie among its freed cells, and the month's figures and
        # chart then took 28 MiB more at the peak (220 against 192 MiB) for a second the job does not need
        return write_and_mail(workbook, prepare, delivery, progress, group)
