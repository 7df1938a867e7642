"""Benchmark: whole `nightly` and `monthly --all` runs on a full-size xlsx workbook, as the CLI runs them.

Each run is a fresh `python -m functions` process (interpreter start-up included), on a fresh copy of
the workbook, mail to an outbox folder; wall time and the child's peak memory (ru_maxrss).
Targets (issue 5): nightly ≤ 5 s wall and ≤ 256 MiB.
    .venv/bin/python bench/bench_nightly.py [--path /tmp/sanyou-bench-full.xlsx] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, TODAY


def build(path: Path) -> None:
    """Make the full demo workbook once."""
    if not path.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "functions",
                "demo",
                "--workbook",
                str(path),
                "--scale",
                "full",
                "--today",
                TODAY.isoformat(),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )


def measure(command: list[str], source: Path) -> tuple[float, float]:
    """Wall seconds and peak MiB of one CLI run on a fresh copy of the workbook."""
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book.xlsx"
        shutil.copy(source, book)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SMTP_")}
        args = [
            sys.executable,
            "-m",
            "functions",
            *command,
            "--workbook",
            str(book),
            "--today",
            TODAY.isoformat(),
            "--outbox",
            str(Path(folder) / "outbox"),
        ]
        start = time.perf_counter()
        subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True)
        wall = time.perf_counter() - start
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    """Print best-of-N wall time and peak memory for nightly and monthly --all."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=os.path.join(tempfile.gettempdir(), "sanyou-bench-full.xlsx"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    source = Path(args.path)
    build(source)
    for name, command in (("nightly", ["nightly"]), ("monthly --all", ["monthly", "--all"])):
        walls = [measure(command, source)[0] for _ in range(args.runs)]
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far
        print(
            f"{name}: wall best {min(walls):.2f} s, median {sorted(walls)[len(walls) // 2]:.2f} s "
            f"(of {args.runs}); peak memory so far {peak:.0f} MiB"
        )


if __name__ == "__main__":
    main()
