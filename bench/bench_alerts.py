"""Benchmark: every care rule over a full-size community, plus the 提醒 rows (≤ 1 s CPU)."""
from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from functions.alerts import compute_alerts  # noqa: E402
from functions.alerts_tab import alert_rows  # noqa: E402
from functions.model import Parsed, Record  # noqa: E402
from functions.settings import Settings, parse_settings  # noqa: E402

TODAY = dt.date(2026, 11, 29)
BUDGET_S = 1.0


def demo_parsed() -> tuple[Parsed, Settings] | None:
    """The full demo workbook (headers + rows), validated, when the demo and validate modules exist."""
    try:
        from functions.demo import demo_rows
        from functions.schema import default_schema
        from functions.table import build_table
        from functions.validate import validate
        from functions.workbook import Snapshot
    except ImportError:
        return None
    schema = default_schema()
    grids = demo_rows(seed=7, scale="full", today=TODAY)
    tables = {t: build_table(t, [schema[t].headers] + rows, schema[t]) for t, rows in grids.items() if t in schema.tabs}
    result = validate(Snapshot(tables=tables), TODAY)
    return result.parsed, result.settings


def synthetic_parsed(seed: int = 7) -> Parsed:
    """4,000 elders, 300 volunteers, 150,000 contacts over a year, and open civic cases."""
    rng = random.Random(seed)
    day = lambda back: TODAY - dt.timedelta(days=rng.randrange(back))  # noqa: E731
    rec = lambda i, v: Record(i + 2, v)  # noqa: E731
    vids = [f"V{i:03d}" for i in range(300)]
    volunteers = [rec(i, {"编号": v, "姓名": f"志愿者{i}", "状态": rng.choice(["在岗"] * 9 + ["暂停"])}) for i, v in enumerate(vids)]
    elders = [rec(i, {"编号": f"E{i:04d}", "姓名": f"老人{i}", "楼栋": f"{i % 40 + 1}栋", "出生日期": day(365 * 40) - dt.timedelta(days=365 * 60),
                      "类别": rng.choice(["独居", "孤寡", "失独", "空巢", "高龄"]), "关爱等级": rng.choice("高中低"),
                      "结对志愿者": rng.choice(vids + [None]), "状态": rng.choice(["在家"] * 18 + ["已故", "住院"]),
                      "暂停至": day(30) + dt.timedelta(days=20)}) for i in range(4000)]
    items = ["几乎没有", "有时", "经常"]
    contacts = [rec(i, {"日期": day(365), "老人编号": f"E{rng.randrange(4000):04d}", "志愿者编号": rng.choice(vids),
                        "方式": rng.choice(["电话问候", "电话问候", "上门走访", "送餐", "节日慰问"]),
                        "需跟进": "是" if rng.random() < 0.03 else "否",
                        **({k: rng.choice(items) for k in ("缺少陪伴", "被冷落", "与人隔绝")} if rng.random() < 0.1 else {})})
                for i in range(150_000)]
    status = lambda *choices: rng.choice(choices)  # noqa: E731
    return {
        "老人档案": elders, "志愿者": volunteers, "走访记录": contacts,
        "需求登记": [rec(i, {"编号": f"R{i}", "登记日期": day(60), "老人编号": f"E{rng.randrange(4000):04d}",
                             "类型": status("送餐", "就医", "维修"), "负责人": rng.choice(vids + [None]),
                             "状态": status("待处理", "处理中", "已解决", "已解决")}) for i in range(600)],
        "送餐排班": [rec(i, {"日期": day(20) + dt.timedelta(days=5), "老人编号": f"E{rng.randrange(4000):04d}",
                             "志愿者编号": rng.choice(vids + [None]), "餐次": status("午餐", "晚餐"),
                             "已送达": status("是", None)}) for i in range(2000)],
        "纠纷调解": [rec(i, {"编号": f"M{i}", "登记日期": day(120), "类型": status("噪音扰民", "家庭暴力", "装修纠纷"),
                             "状态": status("调解中", "已化解"), "化解日期": day(60)}) for i in range(400)],
        "安全巡查": [rec(i, {"编号": f"P{i}", "发现日期": day(60), "通知物业日期": day(30),
                             "状态": status("待通知", "待整改", "已整改")}) for i in range(600)],
        "投诉": [rec(i, {"编号": f"C{i}", "日期": day(90), "状态": status("处理中", "已办结")}) for i in range(1500)],
    }


def main() -> None:
    """Time compute_alerts and alert_rows on a full-size community; print the figures."""
    loaded = demo_parsed()
    source = "functions.demo full demo (seed 7), validated"
    if loaded is None:
        loaded, source = (synthetic_parsed(), parse_settings([])), "synthetic: 4,000 elders, 300 volunteers, 150,000 contacts"
    parsed, settings = loaded
    start = time.process_time()
    alerts = compute_alerts(parsed, settings, TODAY)
    rules_s = time.process_time() - start
    rows = alert_rows(alerts, None, TODAY)
    rows_s = time.process_time() - start - rules_s
    levels = Counter(a.level for a in alerts)
    print(f"bench_alerts [{source}]: {len(parsed.get('老人档案', []))} elders, "
          f"{len(parsed.get('走访记录', []))} contacts → {len(rows)} alerts "
          f"(红 {levels['红']} · 橙 {levels['橙']} · 黄 {levels['黄']})")
    print("  " + ", ".join(f"{k} {n}" for k, n in Counter(a.kind for a in alerts).most_common()))
    print(f"  all rules {rules_s:.3f} s CPU, 提醒 rows {rows_s:.3f} s CPU (budget {BUDGET_S} s for the rules)")
    if rules_s > BUDGET_S:
        raise SystemExit(f"over budget: {rules_s:.3f} s > {BUDGET_S} s")


if __name__ == "__main__":
    main()
