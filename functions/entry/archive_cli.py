"""The archive command's arguments and output (kept apart from cli.py, which holds every other command)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from functions.domain.workbook import Workbook


def add_archive_parser(sub: Any, common: Callable[[argparse.ArgumentParser], None], date: Callable) -> None:
    """`archive --before YYYY-MM-DD [--yes]`, with Chinese help like the other commands."""
    p = sub.add_parser(
        "archive",
        help="归档：把某天以前的走访记录和活动签到移到按年份的归档工作簿（会删除志愿者填写的行）",
        description="把 --before 那天以前的“走访记录”和“活动签到”（按所属活动的日期）移到工作簿旁的"
        "“工作簿名-归档-年份.xlsx”里，先备份整个工作簿。这是系统唯一会删除志愿者填写的行的命令。"
        "每位老人最近一次联系、最近一次上门、最近三次孤独感评分等留在“归档摘要”表里，提醒和指标照常计算；"
        "已归档月份的“月度指标”保留原来的数字。不加 --yes 只预览，不改动任何文件。"
        "支持本地 .xlsx 工作簿和 Google 表格（每年一个新建的归档表格，共享给“设置”里的书记邮箱），飞书表格暂不支持。",
    )
    common(p)
    p.add_argument(
        "--before",
        type=date,
        required=True,
        help="归档这一天以前（不含这一天）的记录，YYYY-MM-DD，如 2026-01-01；最晚为上个月 1 日",
    )
    p.add_argument("--yes", action="store_true", help="确认执行（不加只预览要移走多少行、放到哪里）")


def run_archive_command(args: argparse.Namespace, workbook: Workbook, progress: Callable[[str], None]) -> int:
    """Preview or archive; print what moves where (counts and file names only, never a cell)."""
    from functions.jobs.archive import run_archive

    result = run_archive(workbook, args.before, args.today, apply=args.yes, progress=progress)
    for line in result.messages:
        print(line)
    return 0
