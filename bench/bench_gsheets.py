"""Benchmark: a nightly run on a full-size workbook in the fake Sheets API, ours vs the naive gspread way.

"ours" is the real job, functions.jobs.run.run_nightly, on the workbook through the emulator host, with no
SMTP_HOST so its digests go to a temporary outbox; "naive gspread" reads every tab with get_all_records and
writes as many alert rows as ours wrote, one update each.

Both run in the same process against the same fake, with the same simulated latency per request (150 ms)
and Google's quota of 60 reads and 60 writes a minute per user. Time is simulated (the fake's virtual
clock: latency plus the wait a perfectly patient client would need when the quota is spent), so the
figures do not depend on this machine. Run: .venv/bin/python bench/bench_gsheets.py [--scale small|full]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import gspread  # noqa: E402

from devtools.sheets_fake import FakeSheets  # noqa: E402
from functions.adapters.gsheets.backend import GoogleSheetsWorkbook  # noqa: E402
from functions.adapters.gsheets.session import EmulatorSession  # noqa: E402
from functions.domain.schema import default_schema  # noqa: E402

TODAY = dt.date(2026, 11, 29)
READ_CAP = 2_000_000  # cells per values.batchGet answer: the fake refuses more, as a guard of our chunking
ALERTS = 300  # naive's alert rows when ours has not run


def alert_rows(n: int) -> list[list]:
    """n alerts as the nightly job would write them."""
    return [
        [
            "橙",
            "问候逾期",
            f"E{i:04d}",
            "王秀英",
            "12栋",
            "张三(V001)",
            f"已 {9 + i % 20} 天没有问候",
            9 + i % 20,
            TODAY,
            "",
            f"问候逾期|E{i:04d}|",
        ]
        for i in range(n)
    ]


def ours(fake: FakeSheets, sid: str) -> dict:
    """The real nightly job on GoogleSheetsWorkbook: mail to a temporary outbox (no SMTP_HOST)."""
    from functions.adapters.mail.delivery import MailSettings, delivery_for
    from functions.jobs.run import run_nightly

    fake.reset()
    with tempfile.TemporaryDirectory() as outbox:
        workbook = GoogleSheetsWorkbook(sid, emulator_host=fake.host)
        result = run_nightly(workbook, TODAY, delivery=delivery_for(MailSettings(), outbox))
        mails = len(os.listdir(outbox))
    return {
        "requests": fake.total,
        "seconds": fake.clock,
        "rows": sum(result.counts["行数"].values()),
        "by_method": fake.counts(),
        "alerts": sum(result.counts["提醒"].values()),
        "mails": mails,
    }


def naive(fake: FakeSheets, sid: str, alerts: int = ALERTS) -> dict:
    """The straightforward gspread way: get_all_records per tab, one update per alert row."""
    fake.reset()
    sh = gspread.Client(None, session=EmulatorSession(fake.host)).open_by_key(sid)
    rows = 0
    for tab in default_schema():
        rows += len(sh.worksheet(tab.title).get_all_records())
    sheet = sh.worksheet("提醒")
    for i, row in enumerate(alert_rows(alerts), start=2):
        sheet.update([[v.isoformat() if isinstance(v, dt.date) else v for v in row]], f"A{i}")
    sh.worksheet("运行记录").update([["2026-11-29 02:00", "nightly", "成功", "已发邮件"]], "A2")
    return {"requests": fake.total, "seconds": fake.clock, "rows": rows, "by_method": fake.counts()}


def main() -> None:
    """Build the workbook, run both ways, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["small", "full", "huge"], default="full")
    parser.add_argument("--skip-naive", action="store_true", help="only our nightly (the naive way is slow at huge)")
    args = parser.parse_args()
    fake = FakeSheets().start()
    started = time.monotonic()
    sid = fake.create_spreadsheet({})
    GoogleSheetsWorkbook(sid, emulator_host=fake.host).init()
    from functions.demo.make import demo_rows

    for title, data in demo_rows(7, args.scale, TODAY).items():
        fake.load_rows(sid, title, data, start_row=1, replace=True)
    print(f"workbook ready ({args.scale}) in {time.monotonic() - started:.1f} s real", flush=True)
    fake.configure(latency=0.15, quota_per_minute=60, virtual=True, max_response_cells=READ_CAP)
    mine = ours(fake, sid)
    results = {"ours": mine} if args.skip_naive else {"ours": mine, "naive gspread": naive(fake, sid, mine["alerts"])}
    cells = sum(rows * cols for rows, cols in (s.size for s in fake.book(sid).sheets))
    reads = mine["by_method"].get("values.batchGet", 0)
    writes = mine["by_method"].get("values.batchUpdate", 0)
    print(
        f"grid cells {cells:,}; values.batchGet {reads} (⌈cells ÷ 2 M⌉ = {math.ceil(cells / READ_CAP)}, "
        f"the server refuses any answer over {READ_CAP:,} cells); "
        f"values.batchUpdate {writes} (the write, then receipts); "
        f"all requests {mine['requests']} (budget ⌈cells ÷ 2 M⌉ + 3 = {math.ceil(cells / READ_CAP) + 3}, plus receipts)"
    )
    print(f"ours: run_nightly wrote {mine['alerts']} alerts and sent {mine['mails']} mails (to a temporary outbox)")
    print(f"{'way':<14}{'requests':>10}{'simulated s':>14}{'rows read':>11}  by method")
    for name, r in results.items():
        print(f"{name:<14}{r['requests']:>10}{r['seconds']:>14.1f}{r['rows']:>11}  {r['by_method']}")
    fake.stop()


if __name__ == "__main__":
    main()
