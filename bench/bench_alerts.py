"""Benchmark: every care rule over a full-size community, plus the 提醒 rows (≤ 1 s CPU)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SOURCE, TODAY, demo_validation  # noqa: E402

from functions.care.alerts import compute_alerts  # noqa: E402
from functions.sheets_out.alerts_tab import alert_rows  # noqa: E402

BUDGET_S = 1.0


def main() -> None:
    """Time compute_alerts and alert_rows on a full-size community; print the figures."""
    validation, source = demo_validation(), SOURCE
    parsed, settings = validation.parsed, validation.settings
    start = time.process_time()
    alerts = compute_alerts(parsed, settings, TODAY)
    rules_s = time.process_time() - start
    rows = alert_rows(alerts, None, TODAY)
    rows_s = time.process_time() - start - rules_s
    levels = Counter(a.level for a in alerts)
    print(
        f"bench_alerts [{source}]: {len(parsed.get('老人档案', []))} elders, "
        f"{len(parsed.get('走访记录', []))} contacts → {len(rows)} alerts "
        f"(红 {levels['红']} · 橙 {levels['橙']} · 黄 {levels['黄']})"
    )
    print("  " + ", ".join(f"{k} {n}" for k, n in Counter(a.kind for a in alerts).most_common()))
    print(f"  all rules {rules_s:.3f} s CPU, 提醒 rows {rows_s:.3f} s CPU (budget {BUDGET_S} s for the rules)")
    if rules_s > BUDGET_S:
        raise SystemExit(f"over budget: {rules_s:.3f} s > {BUDGET_S} s")


if __name__ == "__main__":
    main()
