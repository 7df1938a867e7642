"""Run every benchmark one after another and keep their output in bench/out/ (make bench)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    "bench_floor.py",  # issue 17: the night beside the read floor and openpyxl, full and huge, side by side
    "bench_xlsx.py",
    "bench_nightly.py",
    "bench_validate.py",
    "bench_alerts.py",
    "bench_digest.py",
    "bench_metrics.py",
    "bench_gsheets.py",
    "bench_gsheets.py --scale huge --skip-naive",  # the read chunks and request budget at the cell limit
    "bench_feishu.py",
    "bench_fanout.py",
    "bench_confirm.py",
    "bench_junk.py",
]


def main() -> int:
    """Run each script, print and save its output; exit 1 if any failed or was over budget."""
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    failed = []
    for name in BENCHES:
        print(f"== {name}", flush=True)
        script, *args = name.split()
        command = [sys.executable, str(HERE / script), *args]
        done = subprocess.run(command, cwd=HERE.parent, capture_output=True, text=True)
        text = done.stdout + (done.stderr if done.returncode else "")
        print(text, flush=True)
        saved = name.replace(".py", "").replace(" --", "-").replace(" ", "-") + ".txt"
        (out / saved).write_text(text, encoding="utf-8")
        if done.returncode:
            failed.append(name)
    if failed:
        print("failed or over budget: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
