"""Benchmark: every month of a full-size community through the monthly metrics, rows and chart (≤ 3 s CPU)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SOURCE, TODAY, demo_validation  # noqa: E402

from functions.metrics.chart import render_chart  # noqa: E402
from functions.metrics.compute import metrics_for_months, months_with_data  # noqa: E402
from functions.metrics.rows import metrics_rows  # noqa: E402
from functions.sheets_out.visit_ledger import ledger_rows  # noqa: E402

BUDGET_S = 3.0


def main() -> None:
    """Time metrics for every month with data, the 月度指标 rows and the chart; print the figures."""
    validation, source = demo_validation(), SOURCE
    parsed, settings = validation.parsed, validation.settings
    start = time.process_time()
    months = months_with_data(parsed)
    computed = metrics_for_months(parsed, settings, months, today=TODAY)
    figures_s = time.process_time() - start
    rows = metrics_rows(None, computed, dt.datetime(2026, 11, 29, 6, 0))
    rows_s = time.process_time() - start - figures_s
    render_chart(rows)
    chart_s = time.process_time() - start - figures_s - rows_s
    ledger_start = time.process_time()
    ledger = ledger_rows(parsed, settings, "2026-10", TODAY)  # the last finished month's 探访台账
    ledger_s = time.process_time() - ledger_start
    total = figures_s + rows_s + ledger_s
    print(f"bench_metrics [{source}]: {len(months)} months, {len(parsed.get('走访记录', []))} contacts")
    print(
        f"  figures {figures_s:.3f} s CPU, rows {rows_s:.3f} s, 探访台账 {ledger_s:.3f} s, chart {chart_s:.3f} s; "
        f"all months {total:.3f} s CPU (budget {BUDGET_S} s)"
    )
    rates = ", ".join(
        f"{m} {c.monthly_visit_rate:.1f}% ({c.visit_reached}/{c.visit_scope})"
        for m, c in computed.items()
        if c.monthly_visit_rate is not None
    )
    print(f"  月探访率: {rates}")
    print(f"  探访台账 2026-10: {len(ledger)} rows ({len(ledger) - 1} elders + 合计) × {len(ledger[0])} columns")
    if total > BUDGET_S:
        raise SystemExit(f"over budget: {total:.3f} s > {BUDGET_S} s")


if __name__ == "__main__":
    main()
