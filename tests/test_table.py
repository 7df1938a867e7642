"""Tables are found by header text, never by position."""

import datetime as dt

from functions.domain.schema import load_schema
from functions.domain.table import build_table

VOLUNTEERS = load_schema()["志愿者"]


def test_reordered_extra_and_missing_columns_and_blank_rows():
    grid = [
        ["我的备注", "姓名", "编号", "状态", "邮箱", "联系电话", "服务队"],
        ["老队员", "王芳", "V001", "在岗", "wf@example.cn", "13812345678", "金芙蓉"],
        [None, None, None, None, None, None, None],
        ["", "李强", "V002", "暂停", None, "010-62345678", "网格微家"],
        [None, None, None],
        ["只写了备注", None, None, None, None, None, None],
    ]
    table = build_table("志愿者", grid, VOLUNTEERS)
    assert table.header_row == 1
    assert [r.number for r in table.rows] == [2, 4]
    assert table.rows[1].get("姓名") == "李强" and table.rows[1].get("编号") == "V002"
    assert table.extra_headers == ["我的备注"]
    assert table.missing_headers == ["党员", "加入日期", "负责楼栋"]
    assert table.rows[0].get("党员") is None


def test_title_lines_above_the_header_keep_real_row_numbers():
    grid = [["芙蓉里小区志愿者名单"], [], ["编号", "姓名", "状态"], ["V001", "王芳", "在岗"]]
    table = build_table("志愿者", grid, VOLUNTEERS)
    assert table.header_row == 3
    assert table.rows[0].number == 4


def test_full_width_and_spaced_headers_match_duplicates_are_reported():
    elders = load_schema()["老人档案"]
    grid = [["编号", " 走访间隔（天）", "姓名", "姓名"], ["E0001", 10, "张桂兰", "重复"]]
    table = build_table("老人档案", grid, elders)
    assert table.rows[0].get("走访间隔(天)") == 10
    assert table.duplicate_headers == ["姓名"]
    assert table.rows[0].get("姓名") == "张桂兰"


def test_values_stay_raw_and_empty_tab_reads_as_empty():
    grid = [["编号", "加入日期"], ["V001", dt.date(2024, 3, 5)]]
    assert build_table("志愿者", grid, VOLUNTEERS).rows[0].get("加入日期") == dt.date(2024, 3, 5)
    empty = build_table("志愿者", [], VOLUNTEERS)
    assert empty.rows == [] and empty.header_row == 0 and "编号" in empty.missing_headers
