"""Command-line interface: python -m functions COMMAND --workbook PATH [--today YYYY-MM-DD]."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Mapping, Sequence

from functions.adapters.mail.delivery import delivery_for
from functions.adapters.opener import open_workbook
from functions.domain.date_range import UnsupportedDate, check_today
from functions.domain.delivery import Delivery
from functions.domain.errors import SanyouError
from functions.domain.schema import default_schema
from functions.domain.tabs import ALERTS, VISIT_LEDGER
from functions.entry.archive_cli import add_archive_parser, run_archive_command
from functions.entry.argparse_zh import ChineseParser
from functions.entry.config import Config, ConfigError, load_config
from functions.entry.confirm_http import links_for
from functions.entry.errors import cli_failure

DESCRIPTION = "三有 (Sanyou) 社区关爱工作簿：检查、提醒、邮件摘要和月度“三升三降”指标。"
WORKBOOK_HELP = (
    "工作簿：.xlsx 文件路径，或 gsheets:表格ID，或粘贴的 Google 表格网址，或 feishu:表格token、飞书表格网址"
    "（默认：环境变量 SANYOU_WORKBOOK）"
)


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期要写成 YYYY-MM-DD，如 2026-11-29（收到 {text!r}）") from exc
    try:
        return check_today(day)
    except UnsupportedDate as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _month(text: str) -> str:
    try:
        check_today(dt.date.fromisoformat(text + "-01"))
    except UnsupportedDate as exc:
        raise argparse.ArgumentTypeError(str(exc).replace("日期", "月份", 1)) from exc
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"月份要写成 YYYY-MM，如 2026-10（收到 {text!r}）") from exc
    return text


def _common(p: argparse.ArgumentParser, today: bool = True, workbook_help: str = WORKBOOK_HELP) -> None:
    p.add_argument("--workbook", help=workbook_help)  # default: the configuration's SANYOU_WORKBOOK
    if today:
        p.add_argument("--today", type=_date, help="把哪一天当作“今天”，YYYY-MM-DD（默认：社区时区的今天）")


def _outbox(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--outbox",
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
        "（4860 户、4000 多位老人、约 300 名志愿者、一年多的走访记录），huge 为它六年半后的样子（测大小上限用）。",
    )
    _common(p, workbook_help="要生成的 .xlsx 文件路径（示范社区只生成本地文件）")
    p.add_argument("--seed", type=int, default=7, help="随机种子，同一种子生成同样的数据（默认：7）")
    scales = "small 约 400 位老人；full 4120 位老人、一年的记录；huge 同一社区六年半的记录"
    scales += "（约 104 万条走访，到了谷歌表格 1000 万格的上限，生成约 1.5 分钟）"
    p.add_argument("--scale", choices=["small", "full", "huge"], default="small", help=f"规模：{scales}（默认：small）")
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
    p.add_argument("--ledger-file", help="另外把“探访台账”存成一个单独的 .xlsx 文件（报街道用），如 台账.xlsx")
    _outbox(p)

    add_archive_parser(sub, _common, _date)

    p = sub.add_parser(
        "cards",
        help="打印爱心联系卡：生成 PDF（A4 每页 4 张，带裁切线）",
        description="按工作簿生成爱心联系卡 PDF（每张约 90×130 毫米，A4 每页 4 张）。只读取工作簿，不改动它。",
    )
    _common(p)
    chosen = p.add_mutually_exclusive_group()
    chosen.add_argument("--elders", help="只打印这些老人，编号用逗号分开，如 E0001,E0002")
    chosen.add_argument("--not-issued", action="store_true", help="只打印“联系卡”为未发放或空着的老人")
    p.add_argument("--out", default="联系卡.pdf", help="PDF 文件保存到哪里（默认：联系卡.pdf）")

    p = sub.add_parser(
        "serve",
        help="在社区自己的网络里提供“一键确认”页面（本地 .xlsx 工作簿）",
        description="志愿者点邮件或群消息里的“已上门/已电话/没联系上/需跟进”链接，就在这里确认并记进走访记录。"
        "需要环境变量 CONFIRM_KEY（与每晚任务用的相同）；链接地址用 CONFIRM_BASE_URL 告诉每晚任务。",
    )
    _common(p, today=False)
    p.add_argument("--host", default="0.0.0.0", help="监听的地址（默认：0.0.0.0，同一网络的手机都能打开）")
    p.add_argument("--port", type=int, default=8086, help="端口（默认：8086）")
    return parser


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Run one command; 0 on success, 2 for a usage error, 1 when the workbook cannot be used."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = load_config(environ)
    except ConfigError as exc:
        code, line = cli_failure(exc)
        print(line, file=sys.stderr)
        return code
    args.workbook = args.workbook or config.workbook
    if not args.workbook:
        parser.error("请用 --workbook 指定工作簿（或设置环境变量 SANYOU_WORKBOOK）")
    try:
        default_schema()
        return _run(args, config)
    except SanyouError as exc:  # a bad workbook, schema or month: one line, the code from entry/errors.py
        code, line = cli_failure(exc)
        print(line, file=sys.stderr)
        return code
    except OSError as exc:  # a folder that does not exist, a disk that is full, no permission …
        where = f"：{exc.filename}" if exc.filename else ""
        print(f"错误：无法读写文件（{exc.strerror or type(exc).__name__}）{where}", file=sys.stderr)
        return 1


def _delivery(args: argparse.Namespace, config: Config) -> Delivery:
    """SMTP from the configuration, else .eml files in --outbox (default: MAIL_OUTBOX, else outbox/)."""
    return delivery_for(config.mail, args.outbox or config.outbox_or("outbox"))


def _run(args: argparse.Namespace, config: Config) -> int:
    from functions.jobs import run as jobs

    if args.command == "demo":
        from functions.demo.make import make_demo

        make_demo(
            args.workbook, seed=args.seed, scale=args.scale, today=args.today, force=args.force, progress=_progress
        )
        print(f"示范工作簿已生成：{args.workbook}")
        return 0
    if args.command == "serve":
        return _serve(args, config)
    workbook = open_workbook(args.workbook, config.sheets_emulator_host, feishu=config.feishu)
    if args.command == "init":
        changes = workbook.init()
        for line in changes or ["工作簿结构已是最新，没有改动。"]:
            print(line)
        from functions.entry.next_steps import next_steps

        for line in next_steps(workbook):
            print(line)
        return 0
    if args.command == "cards":
        from functions.jobs.cards_print import parse_elder_ids, print_cards

        ids = parse_elder_ids(args.elders) if args.elders else None
        printed = print_cards(workbook, args.out, args.today, ids, args.not_issued, progress=_progress)
        for line in printed.messages:
            print(line)
        return 0
    if args.command == "archive":
        return run_archive_command(args, workbook, _progress)
    if args.command == "validate":
        result = jobs.run_validate(workbook, args.today, progress=_progress)
    elif args.command == "nightly":
        result = jobs.run_nightly(
            workbook,
            args.today,
            delivery=_delivery(args, config),
            progress=_progress,
            group=_group(args.workbook, config, args.outbox),
            confirm=links_for(config),
        )
    else:
        result = jobs.run_monthly(
            workbook,
            args.today,
            month=args.month,
            all_months=args.all,
            delivery=_delivery(args, config),
            progress=_progress,
            group=_group(args.workbook, config, args.outbox),
        )
    _print_result(result)
    if getattr(args, "ledger_file", None):
        _write_ledger_file(args.ledger_file, result)
    failed = result.counts.get("邮件", {}).get("发送失败") or result.counts.get("群消息", {}).get("发送失败")
    unwritten = result.counts.get("系统表未写入")  # the workbook was open or read-only: the mail went all the same
    return 1 if failed or unwritten else 0  # cron notices


def _group(workbook: str, config: Config, outbox: str | None):
    """GROUP_BOTS for this workbook; none configured: previews of the JSON bodies in the outbox."""
    from functions.entry.group_bots import group_delivery

    return group_delivery(config.group_bots, workbook, preview_dir=outbox or config.outbox_or("outbox"))


def _serve(args: argparse.Namespace, config: Config) -> int:
    from functions.entry.serve import serve

    if not config.confirm_keys:
        print("错误：请先设置环境变量 CONFIRM_KEY（与每晚任务的相同；可用 openssl rand -hex 32 生成）", file=sys.stderr)
        return 2
    print(f"一键确认服务：http://{args.host}:{args.port}/confirm （按 Ctrl+C 停止）", file=sys.stderr)
    serve(args.workbook, list(config.confirm_keys), args.host, args.port)
    return 0


def _write_ledger_file(path: str, result) -> None:
    """monthly --ledger-file: the 探访台账 just written, also as a standalone .xlsx."""
    from functions.adapters.xlsx.ledger_file import write_ledger_file

    if not result.ledger:
        print("  报告月份没有任何记录，没有生成探访台账文件。")
        return
    write_ledger_file(path, default_schema()[VISIT_LEDGER], result.counts[VISIT_LEDGER]["标题"], result.ledger)
    print(f"  探访台账已另存为：{path}")


def _print_result(result) -> None:
    """A short Chinese summary of what a job did."""
    counts = result.counts
    print(f"{result.today.isoformat()} {result.job}：")
    if "行数" in counts:
        print("  读取：" + "，".join(f"{t} {n} 行" for t, n in counts["行数"].items()))
    if "问题" in counts:
        print(f"  问题清单：错误 {counts['问题']['错误']} 个，警告 {counts['问题']['警告']} 个")
    if ALERTS in counts:
        levels = counts[ALERTS]
        print(f"  提醒：红 {levels['红']} · 橙 {levels['橙']} · 黄 {levels['黄']}")
    if "月份" in counts:
        months = counts["月份"]
        print(f"  月度指标：{len(months)} 个月" + (f"（{months[0]} 至 {months[-1]}）" if months else ""))
    if VISIT_LEDGER in counts:
        ledger = counts[VISIT_LEDGER]
        print(f"  探访台账：{ledger['标题']}，{ledger['行数']} 行（含合计行）")
    if result.written:
        print("  已写入：" + "、".join(result.written))
    mail = counts.get("邮件")
    if mail and (mail["待发"] or mail["已发过"]):
        print(
            f"  邮件：本次要发 {mail['待发']} 封，之前已发过 {mail['已发过']} 封"
            + (f"，发出 {mail.get('已发送', 0)} 封，失败 {mail.get('发送失败', 0)} 封" if mail["待发"] else "")
        )
    group = counts.get("群消息")
    if group:
        print(f"  群消息：本次要发 {group['待发']} 条，发出 {group['已发送']} 条，失败 {group['发送失败']} 条")
    for line in result.messages:
        print("  " + line)
