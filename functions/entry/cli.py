"""Command-line interface: python -m functions COMMAND --workbook PATH [--today YYYY-MM-DD]."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence

from functions.adapters.mail.transport import MailConfigError
from functions.domain.schema import SchemaError, default_schema
from functions.domain.workbook import WorkbookError, open_workbook
from functions.entry.argparse_zh import ChineseParser
from functions.jobs.run import MonthNotReady

DESCRIPTION = "三有 (Sanyou) 社区关爱工作簿：检查、提醒、邮件摘要和月度“三升三降”指标。"
WORKBOOK_HELP = (
    "工作簿：.xlsx 文件路径，或 gsheets:表格ID，或粘贴的 Google 表格网址，或 feishu:表格token、飞书表格网址"
    "（默认：环境变量 SANYOU_WORKBOOK）"
)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期要写成 YYYY-MM-DD，如 2026-11-29（收到 {text!r}）") from exc


def _month(text: str) -> str:
    try:
        dt.date.fromisoformat(text + "-01")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"月份要写成 YYYY-MM，如 2026-10（收到 {text!r}）") from exc
    return text


def _common(p: argparse.ArgumentParser, today: bool = True, workbook_help: str = WORKBOOK_HELP) -> None:
    p.add_argument("--workbook", default=os.environ.get("SANYOU_WORKBOOK"), help=workbook_help)
    if today:
        p.add_argument("--today", type=_date, help="把哪一天当作“今天”，YYYY-MM-DD（默认：社区时区的今天）")


def _outbox(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--outbox",
        default=os.environ.get("MAIL_OUTBOX", "outbox"),
        help="没有设置 SMTP_HOST 时，邮件写成 .eml 文件放到这个文件夹（默认：环境变量 MAIL_OUTBOX，或 outbox/）",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    parser = ChineseParser(prog="python -m functions", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=ChineseParser)

    p = sub.add_parser(
        "init",
        help="新建工作簿，或给已有工作簿补上缺少的表和列（不改动已有内容）",
        description="新建工作簿（所有表、表头说明、下拉框、设置默认值、说明页）；"
        "对已有工作簿只补上缺少的表和列，不改动任何已有单元格，并先备份。",
    )
    _common(p, today=False)

    p = sub.add_parser(
        "demo",
        help="生成一个示范社区工作簿（确定性的、接近真实的数据）",
        description="生成示范社区：small 约为真实规模的十分之一，full 为真实规模"
        "（4860 户、4000 多位老人、约 300 名志愿者、一年多的走访记录）。",
    )
    _common(p, workbook_help="要生成的 .xlsx 文件路径（示范社区只生成本地文件）")
    p.add_argument("--seed", type=int, default=7, help="随机种子，同一种子生成同样的数据（默认：7）")
    p.add_argument("--scale", choices=["small", "full"], default="small", help="规模（默认：small）")
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖")

    p = sub.add_parser(
        "validate",
        help="检查各表，重写“问题清单”",
        description="按 sheets_schema/ 检查每张志愿者填写的表，把问题写进“问题清单”。",
    )
    _common(p)

    p = sub.add_parser(
        "nightly",
        help="每晚任务：检查 → 提醒 → 写入 → 发邮件",
        description="每晚任务：检查各表、计算所有逾期提醒、一次写入系统表、发送摘要邮件。",
    )
    _common(p)
    _outbox(p)

    p = sub.add_parser(
        "monthly",
        help="月度任务：计算“三升三降”指标、图表和月报邮件",
        description="计算某月（默认上个月）的“三升三降”和关爱覆盖指标，写入“月度指标”，并给书记发月报。",
    )
    _common(p)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--month", type=_month, help="统计哪个月，YYYY-MM（默认：上个月）")
    which.add_argument("--all", action="store_true", help="重新计算有数据的每一个已结束的月份")
    _outbox(p)
    return parser


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; 0 on success, 2 for a usage error, 1 when the workbook cannot be used."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.workbook:
        parser.error("请用 --workbook 指定工作簿（或设置环境变量 SANYOU_WORKBOOK）")
    try:
        default_schema()
        return _run(args)
    except SchemaError as exc:
        print(f"错误：表结构定义有误 / schema error: {exc}", file=sys.stderr)
        return 1
    except MonthNotReady as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except (WorkbookError, MailConfigError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder that does not exist, a disk that is full, no permission …
        where = f"：{exc.filename}" if exc.filename else ""
        print(f"错误：无法读写文件（{exc.strerror or type(exc).__name__}）{where}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from functions.jobs import run as jobs

    if args.command == "demo":
        from functions.demo.make import make_demo

        make_demo(
            args.workbook, seed=args.seed, scale=args.scale, today=args.today, force=args.force, progress=_progress
        )
        print(f"示范工作簿已生成：{args.workbook}")
        return 0
    from functions.entry.config import feishu_app

    workbook = open_workbook(args.workbook, feishu=feishu_app())
    if args.command == "init":
        changes = workbook.init()
        for line in changes or ["工作簿结构已是最新，没有改动。"]:
            print(line)
        return 0
    if args.command == "validate":
        result = jobs.run_validate(workbook, args.today, progress=_progress)
    elif args.command == "nightly":
        result = jobs.run_nightly(workbook, args.today, outbox=args.outbox, progress=_progress)
    else:
        result = jobs.run_monthly(
            workbook, args.today, month=args.month, all_months=args.all, outbox=args.outbox, progress=_progress
        )
    _print_result(result)
    return 1 if result.counts.get("邮件", {}).get("发送失败") else 0  # cron notices; the results are written


def _print_result(result) -> None:
    """A short Chinese summary of what a job did."""
    counts = result.counts
    print(f"{result.today.isoformat()} {result.job}：")
    if "行数" in counts:
        print("  读取：" + "，".join(f"{t} {n} 行" for t, n in counts["行数"].items()))
    if "问题" in counts:
        print(f"  问题清单：错误 {counts['问题']['错误']} 个，警告 {counts['问题']['警告']} 个")
    if "提醒" in counts:
        levels = counts["提醒"]
        print(f"  提醒：红 {levels['红']} · 橙 {levels['橙']} · 黄 {levels['黄']}")
    if "月份" in counts:
        months = counts["月份"]
        print(f"  月度指标：{len(months)} 个月" + (f"（{months[0]} 至 {months[-1]}）" if months else ""))
    if result.written:
        print("  已写入：" + "、".join(result.written))
    mail = counts.get("邮件")
    if mail and (mail["待发"] or mail["已发过"]):
        print(
            f"  邮件：本次要发 {mail['待发']} 封，之前已发过 {mail['已发过']} 封"
            + (f"，发出 {mail.get('已发送', 0)} 封，失败 {mail.get('发送失败', 0)} 封" if mail["待发"] else "")
        )
    for line in result.messages:
        print("  " + line)
