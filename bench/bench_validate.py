"""Benchmark: validation of every volunteer tab of a full-size community (≤ 1.5 s CPU, time.process_time)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SOURCE, TODAY, demo_snapshot  # noqa: E402

from functions.validation.validate import validate  # noqa: E402

BUDGET_S = 1.5


def main() -> int:
    """Time validate() on the full workbook; exit 1 when over budget."""
    snap, source = demo_snapshot(), SOURCE
    cells = sum(len(t.rows) * len(t.columns) for t in snap.tables.values())
    start = time.process_time()
    result = validate(snap, TODAY)  # cold: a fresh function instance, module caches empty
    cold = time.process_time() - start
    warm = []
    for _ in range(3):
        start = time.process_time()
        result = validate(snap, TODAY)
        warm.append(time.process_time() - start)
    levels = Counter(p.level for p in result.problems)
    print(f"source: {source}; rows: {sum(len(t.rows) for t in snap.tables.values()):,}; cells: {cells:,}")
    print(f"problems: {len(result.problems)} ({dict(levels)})")
    print(f"validate CPU: cold {cold:.3f} s, warm best of 3 {min(warm):.3f} s (budget {BUDGET_S} s, judged on cold)")
    return 0 if cold <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
