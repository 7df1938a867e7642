"""Benchmark (issue 17): the night beside the read floor and openpyxl, at full size and at Google's cell limit.

Every figure is a fresh process, measured in this one run: wall time (median of --runs) and that process's
own peak memory (ru_maxrss from wait4).
    full: a bare python-calamine read of every cell (the floor for any job that looks at every cell),
          fastexcel (when installed), openpyxl load + save, and `nightly` as the CLI runs it; the night
          alternates with the floor and, in runs of its own, with openpyxl
    huge: the bare calamine read and `nightly` on 6.5 years of contacts (about 1 million rows)
Targets: nightly ≤ 2× the floor, ≥ 15× faster than openpyxl load + save, ≤ 160 MiB (full);
≤ 60 s and ≤ 1 GiB (huge).
    .venv/bin/python bench/bench_floor.py [--runs 5] [--openpyxl-runs 3] [--skip-huge] [--skip-openpyxl]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, TODAY

FLOOR = """
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
cells = 0
for name in book.sheet_names:
    rows = book.get_sheet_by_name(name).to_python()
    cells += sum(map(len, rows))
    del rows
print(cells)
"""
FASTEXCEL = """
import sys
import fastexcel
reader = fastexcel.read_excel(sys.argv[1])
print(sum(reader.load_sheet(n, header_row=None).height for n in reader.sheet_names))
"""
OPENPYXL = """
import sys
import openpyxl
openpyxl.load_workbook(sys.argv[1]).save(sys.argv[1] + ".saved.xlsx")
"""


def demo(path: Path, scale: str) -> Path:
    """The demo workbook at this scale, made once and kept in the temp folder."""
    if not path.exists():
        args = ["-m", "functions", "demo", "--workbook", str(path), "--scale", scale, "--today", TODAY.isoformat()]
        subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True)
    return path


def child(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak MiB of one child process (its own, from wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(args)}")
    return wall, usage.ru_maxrss / 1024


def nightly(source: Path) -> tuple[float, float]:
    """One `nightly` on a fresh copy of the workbook, mail to an outbox, no journal from an earlier run."""
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book.xlsx"
        shutil.copy(source, book)
        args = ["-m", "functions", "nightly", "--workbook", str(book), "--today", TODAY.isoformat()]
        return child([sys.executable, *args, "--outbox", str(Path(folder) / "outbox")])


def script(code: str, source: Path) -> tuple[float, float]:
    """One run of a measuring script on a copy of the workbook."""
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book.xlsx"
        shutil.copy(source, book)
        return child([sys.executable, "-c", code, str(book)])


def median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """Median wall and the largest peak of several runs."""
    walls = sorted(w for w, _ in runs)
    return walls[len(walls) // 2], max(p for _, p in runs)


def measure(name: str, runs: int, once: callable) -> tuple[float, float]:  # type: ignore[valid-type]
    """Run `once` n times and print the median."""
    return report(name, [once() for _ in range(runs)])


def report(name: str, runs: list[tuple[float, float]]) -> tuple[float, float]:
    """Print and return the median wall and the largest peak of these runs."""
    wall, peak = median(runs)
    print(f"  {name:<34}{wall:>8.2f} s{peak:>9.0f} MiB   (median of {len(runs)})", flush=True)
    return wall, peak


def has(module: str) -> bool:
    """True when the module can be imported here."""
    return subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode == 0


def main() -> None:
    """Print every figure of issue 17 side by side, with the ratios and the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-huge", action="store_true")
    parser.add_argument("--skip-openpyxl", action="store_true")
    parser.add_argument("--openpyxl-runs", type=int, default=3, help="openpyxl runs (a minute each), default 3")
    args = parser.parse_args()
    tmp = Path(tempfile.gettempdir())
    full = demo(tmp / "sanyou-bench-full.xlsx", "full")
    print(f"full demo ({full.stat().st_size / 2**20:.1f} MB):")
    # floor and night alternate, so that this machine's drift in speed (up to a third between minutes)
    # weighs on both alike; the ratio is also given run by run
    pairs = [(script(FLOOR, full), nightly(full)) for _ in range(args.runs)]
    floor = report("calamine: read every cell", [f for f, _ in pairs])
    if has("fastexcel"):
        measure("fastexcel: load every sheet", args.runs, lambda: script(FASTEXCEL, full))
    night = report("nightly (CLI, mail to an outbox)", [n for _, n in pairs])
    ratios = sorted(n[0] / f[0] for f, n in pairs)
    print(
        f"  nightly ÷ calamine floor: {night[0] / floor[0]:.2f}× of the medians; run by run "
        f"{ratios[0]:.2f}–{ratios[-1]:.2f}×, median {ratios[len(ratios) // 2]:.2f}× (target ≤ 2×)"
    )
    print(f"  nightly peak memory: {night[1]:.0f} MiB (target ≤ 160 MiB)")
    if not args.skip_openpyxl:  # alternating with the night too: a minute-long run sees the most drift
        beside = [(script(OPENPYXL, full), nightly(full)) for _ in range(args.openpyxl_runs)]
        naive = report("openpyxl: load + save", [o for o, _ in beside])
        night_beside = report("nightly, run between them", [n for _, n in beside])
        ratios = sorted(o[0] / n[0] for o, n in beside)
        print(
            f"  openpyxl ÷ nightly: {naive[0] / night_beside[0]:.1f}× of the medians; run by run "
            f"{ratios[0]:.1f}–{ratios[-1]:.1f}× (target ≥ 15×)"
        )
    if args.skip_huge:
        return
    huge = demo(tmp / "sanyou-bench-huge.xlsx", "huge")
    print(f"huge demo ({huge.stat().st_size / 2**20:.1f} MB, 6.5 years of contacts):")
    huge_floor = measure("calamine: read every cell", 1, lambda: script(FLOOR, huge))
    huge_night = measure("nightly (CLI, mail to an outbox)", 1, lambda: nightly(huge))
    print(f"  nightly ÷ calamine floor: {huge_night[0] / huge_floor[0]:.2f}×")
    print(f"  nightly: {huge_night[0]:.1f} s (target ≤ 60 s), {huge_night[1]:.0f} MiB (target ≤ 1024 MiB)")


if __name__ == "__main__":
    main()
