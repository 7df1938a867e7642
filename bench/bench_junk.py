"""Benchmark: `nightly` on the full demo workbook with an "x" filled down 走访记录 to row 1,048,576.

One drag in a spreadsheet program; before the fix one nightly took 340 s and 17 GiB and wrote 4,194,284
rows into 问题清单. Each run is a fresh `python -m functions` process on a fresh copy; wall time and the
process's own peak memory (VmHWM). Targets (issue 12): ≤ 10 s and ≤ 256 MiB, 问题清单 within the sheet.
    .venv/bin/python bench/bench_junk.py [--path /tmp/sanyou-bench-full.xlsx] [--runs 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench_nightly import build
from common import ROOT, TODAY

from functions.adapters.xlsx.backend import XlsxWorkbook
from tests.support.junk_column import add_junk_column, run_measured

WALL_BUDGET, MEMORY_BUDGET = 10.0, 256.0


def main() -> int:
    """Print the best wall time and peak memory of nightly on the junk-column workbook; 1 when over budget."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", default=os.path.join(tempfile.gettempdir(), "sanyou-bench-full.xlsx"))
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    source = Path(args.path)
    build(source)
    with tempfile.TemporaryDirectory(prefix="sanyou-junk-") as folder:
        junk = Path(folder) / "junk.xlsx"
        shutil.copyfile(source, junk)
        cells = add_junk_column(str(junk))
        best_wall, peak = float("inf"), 0.0
        for run in range(args.runs):
            work = Path(folder) / f"run{run}.xlsx"
            shutil.copyfile(junk, work)
            command = [
                sys.executable,
                "-m",
                "functions",
                "nightly",
                "--workbook",
                str(work),
                "--today",
                TODAY.isoformat(),
            ]
            env = {**os.environ, "SMTP_HOST": "", "MAIL_OUTBOX": str(Path(folder) / "outbox")}
            code, wall, mib, stderr = run_measured(command, env, str(ROOT))
            if code != 0:
                print(stderr)
                return 1
            best_wall, peak = min(best_wall, wall), max(peak, mib)
        rows = len(XlsxWorkbook(str(work)).read().tables["问题清单"].rows)
    print(f"junk column: {cells:,} cells of 'x' in 走访记录 column A down to row 1,048,576 (full demo)")
    print(f"nightly: {best_wall:.2f} s wall (best of {args.runs}), peak {peak:.0f} MiB; 问题清单 {rows:,} rows")
    over = best_wall > WALL_BUDGET or peak > MEMORY_BUDGET
    print(f"targets ≤ {WALL_BUDGET:.0f} s, ≤ {MEMORY_BUDGET:.0f} MiB: {'OVER' if over else 'ok'}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
