"""A long column is parsed value by value: the few bad or missing cells of 3,000 contacts each get their problem."""

from __future__ import annotations

import datetime as dt

from functions.domain.schema import default_schema
from functions.domain.table import build_table
from functions.validation.cells import parse_table
from functions.validation.suggest import IdIndex

SCHEMA = default_schema()
TODAY = dt.date(2026, 11, 29)
HEADERS = SCHEMA["走访记录"].headers


def _contacts(bad: dict[int, dict[str, object]]) -> list[list[object]]:
    rows = []
    for i in range(3000):
        cells = {"日期": dt.date(2026, 1 + i % 11, 1 + i % 28), "老人编号": f"E{1 + i % 40:04d}", "志愿者编号": "V001"}
        cells["方式"] = "上门走访" if i % 3 else "电话问候"
        cells.update(bad.get(i, {}))
        rows.append([cells.get(h) for h in HEADERS])
    return rows


def test_each_bad_or_missing_cell_of_a_long_column_is_a_problem_on_its_own_row():
    bad = {
        10: {"日期": "2026-13-45"},  # no such day
        11: {"日期": None},  # required, blank
        1500: {"日期": "2026-13-45"},  # the same wrong text again, further down
        2999: {"方式": "跳舞"},  # not an option
        700: {"老人编号": "E9999"},  # no such elder
    }
    table = build_table("走访记录", [HEADERS, *_contacts(bad)], SCHEMA["走访记录"])
    elders = IdIndex({f"E{n:04d}" for n in range(1, 41)})
    indexes = {("老人档案", "编号"): elders, ("志愿者", "编号"): IdIndex({"V001"})}
    records, problems = parse_table(SCHEMA["走访记录"], table, TODAY, indexes)
    found = sorted((p.row, p.column) for p in problems)
    assert found == [(12, "日期"), (13, "日期"), (702, "老人编号"), (1502, "日期"), (3001, "方式")]
    assert {p.row: p.message for p in problems}[13] == "“日期”必须填写，现在是空的"
    assert len(records) == 3000
    assert records[10]["日期"] is None and "日期" in records[10].bad  # a bad cell reads blank, and is marked bad
    assert records[11]["日期"] is None and not records[11].bad  # a blank one is just blank
    assert records[2999]["方式"] is None and records[2998]["方式"] == "上门走访"
    assert records[0]["日期"] == dt.date(2026, 1, 1) and records[0]["老人编号"] == "E0001"
