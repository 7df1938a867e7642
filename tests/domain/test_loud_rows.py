"""A mistyped column name fails loudly instead of reading as a blank cell (which the rules read as "never")."""

from __future__ import annotations

import pytest

from functions.domain.errors import UnknownColumn
from functions.domain.schema import default_schema
from functions.domain.table import build_table
from functions.domain.workbook import Snapshot
from functions.validation.validate import validate
from tests.support import TODAY

CONTACTS = "走访记录"


def _table(grid):
    return build_table(CONTACTS, grid, default_schema()[CONTACTS])


def test_a_column_the_schema_lacks_raises_naming_the_tab_and_the_column():
    row = _table([["日期", "老人编号", "志愿者编号", "方式"], [TODAY, "E0001", "V001", "上门走访"]]).rows[0]
    with pytest.raises(UnknownColumn) as raised:
        row["日其"]
    assert "走访记录" in str(raised.value) and "日其" in str(raised.value)


def test_a_known_column_missing_from_the_sheet_or_blank_reads_as_blank():
    row = _table([["日期", "老人编号", "志愿者编号"], [TODAY, "E0001", "  "]]).rows[0]
    assert row["方式"] is None and row["志愿者编号"] is None


def test_parsed_records_fail_the_same_way_and_still_read_blank_cells_as_none():
    grid = [default_schema()[CONTACTS].headers, [TODAY, "E0001", "V001", "上门走访"]]
    snapshot = Snapshot(tables={CONTACTS: _table(grid)})
    record = validate(snapshot, TODAY).parsed[CONTACTS][0]
    assert record["方式"] == "上门走访" and record["情况记录"] is None and record.get("情况记录", "") == ""
    with pytest.raises(UnknownColumn, match="“走访记录”没有“时长”这一列"):
        record.get("时长")
