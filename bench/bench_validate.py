"""Benchmark: validation of every volunteer tab of a full-size community (≤ 1.5 s CPU, time.process_time)."""
from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from functions.schema import default_schema  # noqa: E402
from functions.table import build_table  # noqa: E402
from functions.validate import validate  # noqa: E402
from functions.workbook import Snapshot  # noqa: E402

TODAY = dt.date(2026, 11, 29)
BUDGET_S = 1.5
Rows = dict[str, list[list[Any]]]


def demo_grids() -> tuple[Rows, str] | None:
    """The full demo community's rows (schema header order), when the demo generator exists."""
    try:
        from functions.demo import demo_rows
    except ImportError:
        return None
    return demo_rows(seed=7, scale="full", today=TODAY), "demo full (seed 7)"


def synthetic_grids(seed: int = 7) -> tuple[Rows, str]:
    """4,000 elders, 300 volunteers, 150,000 contacts over a year, typed the way volunteers type."""
    rng = random.Random(seed)
    schema = default_schema()
    day = lambda back: TODAY - dt.timedelta(days=rng.randrange(back))  # noqa: E731
    vids = [f"V{i:03d}" for i in range(1, 301)]
    eids = [f"E{i:04d}" for i in range(1, 4001)]
    phone = lambda: f"13{rng.randrange(10)}{rng.randrange(10**8):08d}"  # noqa: E731
    volunteers = [{"编号": v, "姓名": f"志愿者{i}", "联系电话": phone(), "邮箱": f"v{i}@example.cn", "党员": "是",
                   "状态": "在岗", "加入日期": day(2000)} for i, v in enumerate(vids)]
    elders = [{"编号": e, "姓名": f"老人{i}", "性别": rng.choice("男女"), "出生日期": day(365 * 30) - dt.timedelta(days=365 * 60),
               "楼栋": f"{i % 40 + 1}栋", "联系电话": phone(), "紧急联系人": "家属", "紧急联系电话": phone(),
               "类别": rng.choice(["独居", "孤寡", "失独", "空巢", "高龄"]), "关爱等级": rng.choice("高中低"),
               "结对志愿者": rng.choice(vids), "状态": "在家", "健康备注": "高血压"} for i, e in enumerate(eids)]
    contacts = [{"日期": day(365), "老人编号": rng.choice(eids), "志愿者编号": rng.choice(vids),
                 "方式": rng.choice(["电话问候", "上门走访", "送餐"]), "时长(分钟)": rng.randrange(5, 90),
                 "情况记录": rng.choice(["精神不错", "腿脚不便", "想念子女"]), "需跟进": "否"} for _ in range(150_000)]
    tabs = {"志愿者": volunteers, "老人档案": elders, "走访记录": contacts}
    return {t: [[r.get(h) for h in schema[t].headers] for r in rows] for t, rows in tabs.items()}, "synthetic"


def snapshot(grids: Rows) -> Snapshot:
    """Tables exactly as a backend builds them: header row + rows through build_table."""
    schema = default_schema()
    tables = {t: build_table(t, [schema[t].headers] + rows, schema[t]) for t, rows in grids.items() if t in schema.tabs}
    return Snapshot(tables=tables)


def main() -> int:
    """Time validate() on the full workbook; exit 1 when over budget."""
    grids, source = demo_grids() or synthetic_grids()
    snap = snapshot(grids)
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
