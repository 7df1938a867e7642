"""The read's set of each column's values spares validation a pass over the cells, and changes no answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from functions.adapters.xlsx import columns, slices
from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.domain.columns import CleanedValues, clean_column
from functions.domain.schema import default_schema
from functions.domain.table import table_from_columns
from functions.validation.cells import parse_table
from functions.validation.suggest import IdIndex
from functions.validation.validate import validate

SCHEMA = default_schema()
TODAY = dt.date(2026, 11, 29)
FIXTURES = Path(__file__).parents[1] / "adapters" / "xlsx" / "fixtures" / "xlsx"
CONTACT_HEADERS = SCHEMA["走访记录"].headers


def test_the_set_holds_every_cleaned_value_until_a_cell_is_cleaned_on_its_own():
    seen = CleanedValues()
    clean_column(["E0001", " ", 3.0, dt.date(2026, 11, 1)], seen)
    clean_column(["E0001", "上门走访"], seen)
    assert seen.every_value() == {None, "E0001", 3, dt.date(2026, 11, 1), "上门走访"}
    clean_column([True, 1.0], seen)  # a bool: cleaned cell by cell, the set no longer knows them all
    assert seen.every_value() is None
    unhashable = CleanedValues()
    clean_column([[1], "x"], unhashable)
    assert unhashable.every_value() is None


def _gathered(rows: list[list[object]]) -> tuple[list[list[object]], list[set | None]]:
    seen = [CleanedValues() for _ in rows[0]]
    cleaned = [clean_column(list(values), s) for values, s in zip(zip(*rows, strict=True), seen, strict=True)]
    return cleaned, [s.every_value() for s in seen]


def test_the_header_and_a_title_above_it_are_not_taken_for_values():
    rows = [["芙蓉里走访记录", None, None], CONTACT_HEADERS[:3], [dt.date(2026, 11, 2), "E0001", "V001"]]
    cleaned, every = _gathered(rows)
    table = table_from_columns("走访记录", cleaned, SCHEMA["走访记录"], every_value=every)
    assert table.header_row == 2
    assert table.every_value == {
        "日期": {None, dt.date(2026, 11, 2)},
        "老人编号": {None, "E0001"},
        "志愿者编号": {None, "V001"},
    }


def _contact_rows() -> list[list[object]]:
    rows = [["芙蓉里走访记录"], CONTACT_HEADERS]
    for i in range(60):
        cells = {"日期": dt.date(2026, 11, 1 + i % 28), "老人编号": f"E{1 + i % 7:04d}", "志愿者编号": "V001"}
        cells["方式"] = ["上门走访", "电话问候", "电话问侯", "上门"][i % 4]  # two typos: problems with suggestions
        cells["时长(分钟)"] = [30, "45", True, 1, None, "三十"][i % 6]  # TRUE next to 1: never the same value
        rows.append([cells.get(h) for h in CONTACT_HEADERS])
    rows.append(list(CONTACT_HEADERS))  # the header pasted again among the rows: a row of wrong cells
    rows.append([None] * len(CONTACT_HEADERS))  # a blank row in the middle
    rows.append([dt.date(2026, 11, 28), "老人编号", "V001", "方式"])  # header words as values
    return rows


@pytest.fixture(scope="module")
def odd_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("every") / "odd.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "老人档案"
    book["老人档案"].append(["编号", "姓名"])
    for n in range(1, 8):
        book["老人档案"].append([f"E{n:04d}", f"老人{n}"])
    sheet = book.create_sheet("走访记录")
    for row in _contact_rows():
        sheet.append(row)
    book.save(path)
    return path


def _validated(path: Path, monkeypatch: pytest.MonkeyPatch, slice_bytes: int | None, hints: bool):
    with monkeypatch.context() as m:
        m.setattr(columns, "EVERY_VALUE_ROWS", 0)  # the sets, on sheets this short too
        if slice_bytes is not None:
            m.setattr(slices, "BIG_SHEET_BYTES", 0)
            m.setattr(slices, "SLICE_BYTES", slice_bytes)
            m.setattr(slices, "SST_FACTOR", 0)
        snapshot = XlsxWorkbook(path).read()
    if not hints:
        for table in snapshot.tables.values():
            table.every_value = {}
    result = validate(snapshot, TODAY)
    parsed = {t: [(r.number, dict(r), sorted(r.bad)) for r in rows] for t, rows in result.parsed.items()}
    return parsed, result.problems, snapshot


@pytest.mark.parametrize("slice_bytes", [None, 300])
@pytest.mark.parametrize("name", ["odd", "lo_volunteer_made.xlsx", "lo_sanyou_layout.xlsx"])
def test_validation_answers_the_same_with_and_without_the_read_s_sets(odd_book, name, slice_bytes, monkeypatch):
    path = odd_book if name == "odd" else FIXTURES / name
    parsed, problems, snapshot = _validated(path, monkeypatch, slice_bytes, hints=True)
    assert any(t.every_value for t in snapshot.tables.values())  # the read gave its sets
    assert (parsed, problems) == _validated(path, monkeypatch, slice_bytes, hints=False)[:2]
    if name == "odd":
        contacts = {(p.row, p.column) for p in problems if p.tab == "走访记录"}
        assert (3 + 60, "日期") in contacts and (3 + 62, "老人编号") in contacts  # the pasted header, header words
        durations = {n: cells.get("时长(分钟)") for n, cells, _ in parsed["走访记录"]}
        assert durations[6] == 1 and type(durations[6]) is int  # a 1 below a TRUE stays the number 1
        assert durations[5] is None and (5, "时长(分钟)") in contacts  # the TRUE is no number of minutes


def test_a_set_lacking_a_cell_s_value_still_gives_the_right_answer():
    rows = [CONTACT_HEADERS[:4]] + [[dt.date(2026, 11, 1 + i), "E0001", "V001", "上门走访"] for i in range(20)]
    cleaned, every = _gathered(rows)
    every[3] = {None}  # 方式: as if the backend's set had missed 上门走访
    table = table_from_columns("走访记录", cleaned, SCHEMA["走访记录"], every_value=every)
    indexes = {("老人档案", "编号"): IdIndex({"E0001"}), ("志愿者", "编号"): IdIndex({"V001"})}
    records, problems = parse_table(SCHEMA["走访记录"], table, TODAY, indexes)
    assert problems == [] and {r["方式"] for r in records} == {"上门走访"}


def test_a_short_sheet_keeps_no_sets(odd_book):
    snapshot = XlsxWorkbook(odd_book).read()
    assert all(not t.every_value for t in snapshot.tables.values())
