"""Benchmark: every month of a full-size community through the monthly metrics, rows and chart (≤ 3 s CPU)."""
from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from functions.metrics import metrics_for_months, months_with_data  # noqa: E402
from functions.metrics_chart import render_chart  # noqa: E402
from functions.metrics_rows import metrics_rows  # noqa: E402
from functions.model import Parsed, Record  # noqa: E402
from functions.settings import Settings, parse_settings  # noqa: E402

TODAY = dt.date(2026, 11, 29)
BUDGET_S = 3.0


def demo_parsed() -> tuple[Parsed, Settings] | None:
    """The full demo workbook, validated, when the demo and validate modules offer it."""
    try:
        from functions.demo import demo_rows  # written by another engineer

        from functions.schema import default_schema
        from functions.table import build_table
        from functions.validate import validate
        from functions.workbook import Snapshot
    except ImportError:
        return None
    grids = demo_rows(seed=7, scale="full", today=TODAY)
    schema = default_schema()
    snapshot = Snapshot(tables={title: build_table(title, grid, schema[title]) for title, grid in grids.items()
                                if title in schema.tabs})
    result = validate(snapshot, TODAY)
    return result.parsed, result.settings


def synthetic_parsed(seed: int = 7) -> Parsed:
    """4,000 elders, 300 volunteers, 150,000 contacts and the civic tabs over 13 months."""
    rng = random.Random(seed)
    first = TODAY - dt.timedelta(days=395)
    day = lambda: first + dt.timedelta(days=rng.randrange(396))  # noqa: E731
    rec = lambda i, v: Record(i + 2, v)  # noqa: E731
    elders = [rec(i, {"编号": f"E{i:04d}", "类别": rng.choice(["独居", "孤寡", "失独", "空巢", "高龄"]),
                      "关爱等级": rng.choice("高中低"), "状态": rng.choice(["在家"] * 18 + ["已故", "住院"])})
              for i in range(4000)]
    items = ["几乎没有", "有时", "经常"]
    contacts = [rec(i, {"日期": day(), "老人编号": f"E{rng.randrange(4000):04d}", "志愿者编号": f"V{rng.randrange(300):03d}",
                        "方式": rng.choice(["电话问候", "电话问候", "上门走访", "送餐", "节日慰问"]),
                        "时长(分钟)": rng.randint(5, 90),
                        **({k: rng.choice(items) for k in ("缺少陪伴", "被冷落", "与人隔绝")} if rng.random() < 0.1 else {})})
                for i in range(150_000)]
    activities = [rec(i, {"编号": f"A{i:04d}", "日期": day(), "参与人数": rng.randint(10, 80)}) for i in range(520)]
    signins = [rec(i, {"活动编号": f"A{rng.randrange(400):04d}", "姓名": f"居民{rng.randrange(3000)}",
                       "联系电话": f"138{rng.randrange(10**8):08d}", "志愿者编号": f"V{rng.randrange(300):03d}"
                       if rng.random() < 0.2 else None, "服务时长(小时)": 2.0}) for i in range(15_000)]
    dated = lambda prefix, key, n, extra: [rec(i, {"编号": f"{prefix}{i}", key: (d := day()), **extra(d)})  # noqa: E731
                                           for i in range(n)]
    later = lambda d: min(TODAY, d + dt.timedelta(days=rng.randint(0, 40)))  # noqa: E731
    return {
        "老人档案": elders, "走访记录": contacts, "活动": activities, "活动签到": signins,
        "纠纷调解": dated("M", "登记日期", 400, lambda d: {"状态": "已化解", "化解日期": later(d)}),
        "投诉": dated("C", "日期", 1500, lambda d: {}),
        "需求登记": dated("R", "登记日期", 2500, lambda d: {"解决日期": later(d)}),
        "安全巡查": dated("P", "发现日期", 600, lambda d: {"整改日期": later(d)}),
        "物业缴费": [rec(i, {"月份": f"{2025 + (i + 10) // 12}-{(i + 10) % 12 + 1:02d}", "应缴户数": 4860,
                            "已缴户数": rng.randint(4000, 4800)}) for i in range(13)],
    }


def main() -> None:
    """Time metrics for every month with data, the 月度指标 rows and the chart; print the figures."""
    loaded = demo_parsed()
    source = "functions.demo full demo (seed 7), validated"
    if loaded is None:
        loaded, source = (synthetic_parsed(), parse_settings([])), "synthetic: 4,000 elders, 300 volunteers, 150,000 contacts"
    parsed, settings = loaded
    start = time.process_time()
    months = months_with_data(parsed)
    computed = metrics_for_months(parsed, settings, months, today=TODAY)
    figures_s = time.process_time() - start
    rows = metrics_rows(None, computed, dt.datetime(2026, 11, 29, 6, 0))
    rows_s = time.process_time() - start - figures_s
    render_chart(rows)
    chart_s = time.process_time() - start - figures_s - rows_s
    total = figures_s + rows_s
    print(f"bench_metrics [{source}]: {len(months)} months, {len(parsed.get('走访记录', []))} contacts")
    print(f"  figures {figures_s:.3f} s CPU, rows {rows_s:.3f} s, chart {chart_s:.3f} s; "
          f"all months {total:.3f} s CPU (budget {BUDGET_S} s)")
    if total > BUDGET_S:
        raise SystemExit(f"over budget: {total:.3f} s > {BUDGET_S} s")


if __name__ == "__main__":
    main()
