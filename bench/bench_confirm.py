"""Benchmark: the one-tap page on the full demo — page size, time to first byte, a confirmation's write.

Both backends are served by the real `serve` app (werkzeug) on 127.0.0.1: the local .xlsx, and Google
Sheets through the offline fake (no simulated latency: the figure is our own work, plus the requests
counted). Usage: python bench/bench_confirm.py [--scale full|small]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from devtools.sheets_fake import FakeSheets  # noqa: E402
from functions.adapters.gsheets.backend import GoogleSheetsWorkbook  # noqa: E402
from functions.demo.make import demo_rows, make_demo  # noqa: E402
from functions.domain.clock import community_today  # noqa: E402
from functions.domain.confirm_token import Claim, community_tag, make_token  # noqa: E402
from functions.entry.serve import QuietHandler, confirm_app  # noqa: E402

KEY = b"bench-key-0123456789abcdef"


def measure(location: str, spec: str, rounds: int = 5, emulator_host: str | None = None) -> dict:
    """Serve spec, GET the page `rounds` times (first byte, size), POST one confirmation."""
    server = make_server("127.0.0.1", 0, confirm_app(spec, [KEY], emulator_host), request_handler=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/confirm"
    token = make_token(KEY, Claim(community_tag(location), "V001", "E0001", "visit", community_today()))
    firsts = []
    for _ in range(rounds):
        started = time.perf_counter()
        with requests.get(url, params={"t": token}, stream=True, timeout=60) as answer:
            next(answer.iter_content(1))
            firsts.append(time.perf_counter() - started)
    html = requests.get(url, params={"t": token}, timeout=60).text
    form_key = html.split('name="f" value="')[1].split('"')[0]
    started = time.perf_counter()
    posted = requests.post(url, data={"t": token, "f": form_key, "minutes": "30"}, timeout=120)
    post_s = time.perf_counter() - started
    server.shutdown()
    return {
        "bytes": len(html.encode()),
        "ttfb_ms": statistics.median(firsts) * 1000,
        "post_s": post_s,
        "status": posted.status_code,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="full", choices=["small", "full"])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    path = folder / "社区.xlsx"
    make_demo(path, scale=args.scale, force=True)
    xlsx = measure(str(path), str(path))
    fake = FakeSheets().start()
    os.environ["SHEETS_EMULATOR_HOST"] = fake.host
    sid = fake.create_spreadsheet({})
    GoogleSheetsWorkbook(sid, emulator_host=fake.host).init()
    for title, data in demo_rows(7, args.scale).items():
        fake.load_rows(sid, title, data, start_row=1, replace=True)
    fake.reset()
    sheets = measure(f"gsheets:{sid}", f"gsheets:{sid}", emulator_host=fake.host)
    counts = fake.counts()
    fake.stop()
    print(f"one-tap page on the {args.scale} demo (median of 5 GETs; one POST that appends a row)")
    print(f"{'backend':<16}{'page bytes':>11}{'first byte ms':>15}{'confirm s':>11}")
    for name, r in (("xlsx (serve)", xlsx), ("Google Sheets", sheets)):
        print(f"{name:<16}{r['bytes']:>11}{r['ttfb_ms']:>15.0f}{r['post_s']:>11.2f}")
    print(f"Sheets requests for 6 GETs + 1 confirmation: {sum(counts.values())} {dict(counts)}")


if __name__ == "__main__":
    main()
