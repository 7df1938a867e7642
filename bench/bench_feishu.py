"""Benchmark: a nightly run on the full demo community in a Feishu spreadsheet, through the offline fake.

The real job, functions.jobs.run.run_nightly, on FeishuWorkbook pointed at devtools.feishu_fake, mail to a
temporary outbox (no SMTP_HOST). The fake adds a simulated 150 ms a request and the documented 100 requests a
second per app; it counts requests by endpoint. "simulated s" is that clock (network time a real night would
add); "wall s" is this machine's time for the whole run (JSON over local HTTP, validation, alerts, digests).
Run: .venv/bin/python bench/bench_feishu.py [--scale small|full]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools.feishu_fake import FakeFeishu  # noqa: E402
from functions.adapters.feishu.backend import FeishuWorkbook  # noqa: E402
from functions.demo.make import demo_rows  # noqa: E402

TODAY = __import__("datetime").date(2026, 11, 29)
BUDGET_REQUESTS = {"small": 6, "full": 12}  # a token, the tab list, the reads, two writes
REPLY_LIMIT = 10 * 2**20  # Feishu's documented maximum for a read


def build(fake: FakeFeishu, scale: str) -> str:
    """A spreadsheet brought up by init, then the demo's rows typed in under the headers."""
    token = fake.create_spreadsheet()
    FeishuWorkbook(token, fake.app).init()
    for title, data in demo_rows(7, scale, TODAY).items():
        fake.load_rows(token, title, data, start_row=1, replace=True)
    return token


def night(fake: FakeFeishu, token: str) -> dict:
    """One run_nightly in a fresh workbook object (a new process would also fetch one token)."""
    from functions.adapters.feishu import client
    from functions.adapters.mail.delivery import MailSettings, delivery_for
    from functions.jobs.run import run_nightly

    client.forget_tokens()  # as a fresh cron / cloud process: the tenant token is fetched once
    os.environ.pop("SMTP_HOST", None)
    fake.reset()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as outbox:
        delivery = delivery_for(MailSettings(), outbox)
        result = run_nightly(FeishuWorkbook(token, fake.app), TODAY, delivery=delivery)
        mails = len(os.listdir(outbox))
    return {
        "requests": fake.total,
        "by_endpoint": fake.counts(),
        "simulated_s": fake.clock,
        "wall_s": time.monotonic() - started,
        "largest_reply_mb": fake.largest_reply / 2**20,
        "rows": sum(result.counts["行数"].values()),
        "alerts": sum(result.counts["提醒"].values()),
        "mails": mails,
    }


def main() -> int:
    """Build the workbook, run one night, print the figures; 1 when over budget."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["small", "full"], default="full")
    args = parser.parse_args()
    fake = FakeFeishu().start()
    started = time.monotonic()
    token = build(fake, args.scale)
    print(f"workbook ready ({args.scale}) in {time.monotonic() - started:.1f} s real", flush=True)
    fake.configure(latency=0.15, quota_per_second=100, virtual=True)
    r = night(fake, token)
    print(f"nightly on Feishu (fake): {r['rows']} rows read, {r['alerts']} alerts, {r['mails']} mails to the outbox")
    print(f"requests {r['requests']}  simulated network {r['simulated_s']:.2f} s  wall {r['wall_s']:.1f} s")
    print(f"by endpoint: {r['by_endpoint']}; largest read reply {r['largest_reply_mb']:.1f} MB (limit 10 MB)")
    fake.stop()
    over = r["requests"] > BUDGET_REQUESTS[args.scale] or fake.largest_reply >= REPLY_LIMIT
    print(f"budget: at most {BUDGET_REQUESTS[args.scale]} requests, reads under 10 MB: {'OVER' if over else 'ok'}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
