"""Benchmark the xlsx backend on a full-size workbook, beside openpyxl load+save of the same file.

    .venv/bin/python bench/bench_xlsx.py [--path /tmp/sanyou-full.xlsx] [--rebuild]

Each measurement runs in a fresh subprocess, so peak memory (ru_maxrss) is that step's own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 29)


def _synthesise(path: str) -> None:
    """~4,000 elders, 300 volunteers, 150,000 contacts, written with create_workbook."""
    from functions.adapters.xlsx.layout import create_workbook

    rnd = random.Random(7)
    volunteers = [
        [
            f"V{i:03d}",
            f"志愿者{i}",
            f"139{i:08d}",
            f"v{i}@example.cn",
            rnd.choice("是否"),
            "金芙蓉志愿队",
            "在岗",
            dt.date(2020, 1, 1) + dt.timedelta(days=i),
        ]
        for i in range(1, 301)
    ]
    elders = [
        [
            f"E{i:04d}",
            f"老人{i}",
            rnd.choice("男女"),
            dt.date(1930 + i % 30, 1 + i % 12, 1 + i % 28),
            f"{1 + i % 40}栋",
            f"{1 + i % 6}-{101 + i % 30}",
            f"138{i:08d}",
            "子女",
            f"137{i:08d}",
            rnd.choice(["独居", "孤寡", "失独", "空巢", "高龄"]),
            rnd.choice("高中低"),
            None,
            f"V{1 + i % 300:03d}",
            "已发放",
            "在家",
            None,
            "高血压",
            None,
        ]
        for i in range(1, 4101)
    ]
    ways = ["上门走访", "电话问候", "节日慰问", "困难帮扶", "送餐", "陪同就医"]
    scale = ["几乎没有", "有时", "经常"]
    contacts = [
        [
            TODAY - dt.timedelta(days=rnd.randrange(400)),
            f"E{rnd.randrange(1, 4101):04d}",
            f"V{rnd.randrange(1, 301):03d}",
            rnd.choice(ways),
            rnd.randrange(5, 90),
            rnd.choice(scale),
            rnd.choice(scale),
            rnd.choice(scale),
            "精神不错",
            rnd.choice("是否"),
        ]
        for _ in range(150_000)
    ]
    create_workbook(path, {"志愿者": volunteers, "老人档案": elders, "走访记录": contacts})


def build(path: str) -> float:
    """Write the full-size workbook; seconds taken."""
    start = time.perf_counter()
    try:
        from functions.demo.make import make_demo
    except ImportError:
        _synthesise(path)
    else:
        make_demo(path, seed=7, scale="full", today=TODAY, force=True, progress=None)
    return time.perf_counter() - start


def _system_rows() -> dict[str, list[list]]:
    problems = [
        ["警告", "走访记录", 100 + i, "日期", "2025-13-01", "日期不对", "改成正确的日期", TODAY] for i in range(600)
    ]
    alerts = [
        [
            "橙",
            "走访逾期",
            f"E{i:04d}",
            f"老人{i}",
            "12栋",
            f"志愿者(V{i % 300:03d})",
            "已经 20 天没有上门走访",
            6,
            TODAY,
            "",
            f"走访逾期|E{i:04d}|",
        ]
        for i in range(1500)
    ]
    metrics = [
        [
            f"2026-{m:02d}",
            12.5,
            "↑ 好",
            3,
            "↓ 好",
            90.0,
            88.0,
            "",
            12,
            "",
            150,
            "",
            300.0,
            5.2,
            "",
            10.0,
            80.0,
            95.0,
            2.5,
            4.0,
            "2026-11-29 02:00",
        ]
        for m in range(11, 0, -1)
    ]
    runlog = [
        [
            "2026-11-29 02:00",
            "nightly",
            "成功",
            "检查完成",
            f"2026-11-29|volunteer|v{i}@example.cn",
            f"v{i}@example.cn",
            "已发送",
        ]
        for i in range(300)
    ]
    return {"问题清单": problems, "提醒": alerts, "月度指标": metrics, "运行记录": runlog}


def step(name: str, path: str) -> dict:
    """Run one measured step in this (fresh) process; seconds and peak memory (ru_maxrss)."""
    from functions.adapters.xlsx.backend import XlsxWorkbook

    seconds = 0.0
    if name == "build":
        seconds = build(path)
    elif name == "read":
        start = time.perf_counter()
        snap = XlsxWorkbook(path).read()
        seconds = time.perf_counter() - start
        assert len(snap.tables["走访记录"]) > 100_000
    elif name == "write":
        book = XlsxWorkbook(path)
        book.read()
        rows = _system_rows()
        start = time.perf_counter()
        book.write(rows)
        seconds = time.perf_counter() - start
    elif name == "write-alone":
        rows = _system_rows()
        start = time.perf_counter()
        XlsxWorkbook(path).write(rows)
        seconds = time.perf_counter() - start
    elif name == "openpyxl-load":
        import openpyxl

        start = time.perf_counter()
        wb = openpyxl.load_workbook(path)
        seconds = time.perf_counter() - start
        wb.close()
    elif name == "openpyxl-load+save":
        import openpyxl

        start = time.perf_counter()
        wb = openpyxl.load_workbook(path)
        wb.save(path + ".openpyxl.xlsx")
        seconds = time.perf_counter() - start
        os.unlink(path + ".openpyxl.xlsx")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"step": name, "seconds": round(seconds, 2), "peak_mib": round(peak)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", default="/tmp/sanyou-bench-full.xlsx")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.path)))
        return
    steps = ["read", "write", "write-alone", "openpyxl-load", "openpyxl-load+save"]
    if args.rebuild or not os.path.exists(args.path):
        steps.insert(0, "build")
    targets = {
        "build": "≤ 30 s",
        "read": "≤ 2 s, ≤ 256 MiB",
        "write": "≤ 1 s, ≤ 256 MiB",
        "write-alone": "≤ 1 s, ≤ 256 MiB",
    }
    print(f"{'step':<22}{'seconds':>9}{'peak MiB':>10}  target")
    for name in steps:
        out = subprocess.run(
            [sys.executable, __file__, "--path", args.path, "--step", name], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{name:<22}{r['seconds']:>9.2f}{r['peak_mib']:>10}  {targets.get(name, '(comparison)')}", flush=True)
    print(
        f"file: {args.path} ({os.path.getsize(args.path) / 2**20:.1f} MiB); write = system tabs after a read "
        "(problems 600, alerts 1,500, metrics 11, run log 300 rows); write-alone = write() without read()"
    )


if __name__ == "__main__":
    main()
