"""The demo community's planted messy cells: each mistake is found where it was planted, each mere style parses."""

from __future__ import annotations

import pytest

from functions.demo.make import as_lists, demo_records
from functions.domain.schema import default_schema
from functions.domain.table import build_table
from functions.domain.workbook import Snapshot
from functions.validation.validate import validate
from tests.support import TODAY

SCHEMA = default_schema()
FOUND = {  # planted kind -> (level, phrase of the problem)
    "无年份日期": ("警告", "没有写年份"),
    "不存在的日期": ("错误", "日期不存在"),
    "悬空编号": ("错误", "没有编号"),
    "近似选项": ("错误", "不是“方式”的选项"),
    "广告": ("警告", "赌博或广告"),
    "公式": ("警告", "广告"),  # an advert written as a formula: both are said
    "重复编号": ("错误", "重复"),
    "超出范围": ("错误", "超出范围"),
    "邮箱格式": ("错误", "邮箱地址格式不对"),
    "电话位数": ("错误", "位数不对"),
    "缺少日期": ("错误", "没有填解决日期"),
    "日期颠倒": ("错误", "比登记日期还早"),
}
STYLE_ONLY = {"日期格式", "电话格式", "全角电话", "多余空格"}


@pytest.fixture(scope="module")
def demo():
    tabs, planted, _ = demo_records(7, "small", TODAY)
    originals = {(p.tab, p.sheet_row, p.column): p.original for p in planted}
    grids = as_lists(tabs)
    tables = {t: build_table(t, [SCHEMA[t].headers] + rows, SCHEMA[t]) for t, rows in grids.items()}
    return validate(Snapshot(tables=tables), TODAY), planted, originals


def test_every_planted_mistake_is_found_at_its_cell(demo):
    result, planted, _ = demo
    by_cell = {(p.tab, p.row, p.column): p for p in result.problems}
    assert {p.kind for p in planted} >= set(FOUND) | STYLE_ONLY
    for p in planted:
        if p.kind in FOUND:
            level, phrase = FOUND[p.kind]
            problem = by_cell[(p.tab, p.sheet_row, p.column)]
            assert problem.level == level and phrase in problem.message, (p, problem)


def test_styles_of_writing_are_not_problems_and_parse_to_the_clean_value(demo):
    result, planted, originals = demo
    cells = {(p.tab, p.row, p.column) for p in result.problems}
    for p in planted:
        if p.kind not in STYLE_ONLY:
            continue
        assert (p.tab, p.sheet_row, p.column) not in cells, p
        record = next(r for r in result.parsed[p.tab] if r.number == p.sheet_row)
        assert record[p.column] == originals[(p.tab, p.sheet_row, p.column)], p


def test_the_planted_formula_advert_is_called_both(demo):
    result, planted, _ = demo
    formula = next(p for p in planted if p.kind == "公式")
    problem = next(
        x for x in result.problems if (x.tab, x.row, x.column) == (formula.tab, formula.sheet_row, formula.column)
    )
    assert "广告" in problem.message and "看起来像公式" in problem.message


def test_dangling_short_id_suggests_the_padded_one(demo):
    result, planted, _ = demo
    dangling = next(p for p in planted if p.kind == "悬空编号")
    problem = next(
        x for x in result.problems if (x.tab, x.row, x.column) == (dangling.tab, dangling.sheet_row, dangling.column)
    )
    assert problem.suggestion == f"您是不是要填 {dangling.original}？"
