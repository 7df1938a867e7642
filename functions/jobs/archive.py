"""archive --before: move old 走访记录 and 活动签到 rows to a yearly archive workbook, keeping every rule's answer."""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter

from functions.domain.archive_summary import Archivable, ArchivePlan
from functions.domain.care_context import first_by_id
from functions.domain.errors import SanyouError
from functions.domain.months import month_bounds, month_of, previous_month
from functions.domain.tabs import ACTIVITIES, ARCHIVE_SUMMARY, CAMPAIGNS, CONTACTS, SIGNINS
from functions.domain.tabs import RUNLOG as RUNLOG_TAB
from functions.domain.visits import campaigns
from functions.domain.workbook import Workbook, WorkbookError
from functions.jobs.archive_facts import new_summary, summary_entries
from functions.jobs.runner import JobResult, Progress, quiet, resolve_today, run_stamp
from functions.jobs.system_tabs import refuse_foreign_tabs
from functions.sheets_out.runlog import RunEntry, runlog_rows
from functions.validation.validate import validate

NOT_SUPPORTED = (
    "飞书表格暂不支持归档：目前只能归档本地 .xlsx 工作簿和 Google 表格。"
    "可以先把表格下载成 .xlsx 归档，或在表格里手工把旧记录剪切到另一个表格。"
)


class ArchiveRefused(SanyouError, ValueError):
    """The archive date would change what the rules see (too recent, or inside a running 专项走访)."""


def latest_allowed(today: dt.date) -> dt.date:
    """The latest --before: the first day of last month (this month and last stay whole for the nightly
    windows, the monthly report and its 探访台账)."""
    return month_bounds(previous_month(month_of(today)))[0]


def check_before(before: dt.date, today: dt.date, validation) -> None:
    """ArchiveRefused when archiving before `before` could change an alert, a digest or the monthly report."""
    limit = latest_allowed(today)
    if before > limit:
        raise ArchiveRefused(
            f"归档日期 {before} 太近了：最晚只能写 {limit}（上个月 1 日），本月和上个月的记录要留在表里"
            "给每晚提醒和月报用"
        )
    for campaign in campaigns(validation.parsed.get(CAMPAIGNS, []), validation.settings):
        if campaign.start < before and campaign.deadline + dt.timedelta(days=7) >= today:
            raise ArchiveRefused(
                f"专项走访“{campaign.name}”（{campaign.start} 开始）还在统计中，归档日期请不要晚于 {campaign.start}"
            )


def plan_moves(validation, before: dt.date) -> dict[str, dict[int, int]]:
    """Rows dated before `before` (a 活动签到 by its 活动's 日期) with their year; undated rows stay."""
    contacts = {
        r.number: r["日期"].year
        for r in validation.parsed.get(CONTACTS, [])
        if isinstance(r["日期"], dt.date) and r["日期"] < before
    }
    activities = first_by_id(validation.parsed.get(ACTIVITIES, []))
    signins = {}
    for r in validation.parsed.get(SIGNINS, []):
        activity = activities.get(r["活动编号"]) if r["活动编号"] else None
        day = activity["日期"] if activity is not None else None
        if isinstance(day, dt.date) and day < before:
            signins[r.number] = day.year
    return {title: rows for title, rows in ((CONTACTS, contacts), (SIGNINS, signins)) if rows}


def _backup_line(backup: str, words: str) -> str:
    """'  先备份整个工作簿到：NAME.bak-….xlsx', or what an online sheet has instead of a backup file."""
    return f"  {words}：{backup}" if backup.endswith(".xlsx") else f"  备份：{backup}"


def run_archive(
    workbook: Workbook,
    before: dt.date,
    today: dt.date | None = None,
    *,
    apply: bool = False,
    progress: Progress = quiet,
) -> JobResult:
    """Preview (apply=False) or carry out the archive; the result's messages say what moves where."""
    archiver: Archivable | None = workbook if hasattr(workbook, "archive") else None  # type: ignore[assignment]
    if archiver is None:
        raise WorkbookError(NOT_SUPPORTED)
    progress("正在读取工作簿……")
    snapshot = workbook.read()
    day = resolve_today(snapshot, today)
    progress("正在检查各表……")
    validation = validate(snapshot, day)
    check_before(before, day, validation)
    moves = plan_moves(validation, before)
    result = JobResult("archive", day, counts={"归档": {t: len(rows) for t, rows in moves.items()}})
    if not moves:
        result.messages.append(f"没有 {before} 以前的走访记录或活动签到要归档（可能已经归档过），什么也没有改动。")
        return result
    years = sorted({y for rows in moves.values() for y in rows.values()})
    files = {year: archiver.archive_location(year) for year in years}
    by_year = {t: Counter(rows.values()) for t, rows in moves.items()}
    lines = [
        "注意：归档会从工作簿里删除志愿者填写的行（移到归档工作簿），这是系统唯一会删除志愿者记录的命令。",
        f"要移走 {before} 以前的记录：" + "；".join(f"{t} {sum(c.values()):,} 行" for t, c in by_year.items()),
    ]
    for year in years:
        parts = "、".join(f"{t} {c[year]:,} 行" for t, c in by_year.items() if c[year])
        lines.append(f"  {year} 年的 {parts} → {files[year]}")
    lines.append(_backup_line(archiver.backup_location(), "先备份整个工作簿到"))
    lines.append("每位老人最近一次联系、最近一次上门和最近三次孤独感评分等留在“归档摘要”表里，提醒照常计算。")
    if not apply:
        result.messages = lines + ["这只是预览，什么也没有改动；确认无误后加上 --yes 再运行一次。"]
        return result
    plan, kept = _plan(snapshot, validation, before, day, moves, [files[y] for y in years])
    del snapshot, validation  # the whole workbook as read is not needed while the files are written
    gc.collect()
    progress("正在备份并写入归档工作簿……")
    outcome = archiver.archive(plan)
    result.written = list(plan.system_tabs)
    result.counts["归档文件"] = outcome.files
    done = [lines[0], _backup_line(outcome.backup, "已备份到").strip()]
    for year, path in sorted(outcome.files.items()):
        done.append(f"{year} 年的记录已放进：{path}")
        if year in outcome.shared:
            done.append(f"  已共享给 {'、'.join(outcome.shared[year])}（可编辑；Google 会发邮件告诉他们链接）")
        if year in outcome.not_shared:
            done.append(
                f"  这份归档表格没有共享出去（{outcome.not_shared[year]}）：现在只有运行本程序的服务账号能打开它；"
                "请在“设置”里填好书记邮箱，下次归档时会共享给书记"
            )
    for title, rows in moves.items():
        count = len(rows)
        again = outcome.already.get(title, 0)
        extra = f"（其中 {again:,} 行上次中断时已放进归档，这次没有重复放）" if again else ""
        done.append(f"{title}：移走 {count:,} 行{extra}")
    done.append(f"“归档摘要”留下了 {kept:,} 行旧记录给提醒用（每位老人几行）。")
    result.messages = done
    return result


def _plan(snapshot, validation, before: dt.date, day: dt.date, moves, places: list[str]) -> tuple[ArchivePlan, int]:
    """The plan: rows to move, the new 归档摘要 (and how many contacts it keeps) and 运行记录's line."""
    names = "、".join(p.rsplit("/", 1)[-1] for p in places)
    counted = "、".join(f"{t} {len(r):,} 行" for t, r in moves.items())
    note = f"{day} 归档：{before} 以前的 {counted} 移到 {names}"
    leaving = moves.get(CONTACTS, {})
    raw_rows = {r.number: r for r in snapshot.rows(CONTACTS) if r.number in leaving}
    moved = [(rec, raw_rows[rec.number]) for rec in validation.parsed[CONTACTS] if rec.number in leaving]
    summary = new_summary(summary_entries(snapshot, day), moved, before, note, day)
    runlog = runlog_rows(
        snapshot.tables.get(RUNLOG_TAB), run_stamp(validation, day), [RunEntry("归档", "成功", note)], {}
    )
    tabs = {ARCHIVE_SUMMARY: summary, RUNLOG_TAB: runlog}
    refuse_foreign_tabs(snapshot, tabs)
    expected = {t: {r.number: r for r in snapshot.rows(t) if r.number in rows} for t, rows in moves.items()}
    shares = tuple(validation.settings.secretary_emails)
    return ArchivePlan(before, moves, tabs, expected, shares), sum(1 for r in summary if r[3] is not None)
