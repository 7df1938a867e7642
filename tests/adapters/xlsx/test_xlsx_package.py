"""Package-level details: Excel-style prefixed XML, absolute relationship targets, members copied raw."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.adapters.xlsx.layout import create_workbook
from functions.adapters.xlsx.package import Package
from functions.domain.workbook import WorkbookError
from tests.support.xlsx_rewrite import excel_prefixed, rewrite_members

ALERT = [
    "橙",
    "求助超期",
    "R0007",
    "代办医保",
    "5栋",
    "刘芳(V002)",
    "求助已等待 5 天",
    2,
    dt.date(2026, 11, 24),
    "",
    "求助超期|R0007|",
]


@pytest.fixture()
def book_path(tmp_path: Path) -> Path:
    path = tmp_path / "b.xlsx"
    create_workbook(
        path, {"志愿者": [["V002", "刘芳", "13900002222", None, "否", "网格微家", "在岗", dt.date(2023, 3, 5)]]}
    )
    return path


def test_excel_styleexcel_prefixed_sheet_and_absolute_targets(book_path: Path) -> None:
    part = Package(book_path.read_bytes()).sheet("提醒").part
    rels = "xl/_rels/workbook.xml.rels"
    absolute = {rels: lambda x: x.replace('Target="worksheets/', 'Target="/xl/worksheets/')}
    rewrite_members(book_path, {part: excel_prefixed, **absolute})
    book = XlsxWorkbook(book_path)
    book.read()
    book.write({"提醒": [ALERT], "运行记录": [["2026-11-29 02:00", "nightly", "成功", "", "", "", "已发送"]]})
    with zipfile.ZipFile(book_path) as z:
        xml = z.read(part).decode()
    assert "<x:sheetData><x:row" in xml and "<x:is><x:t>求助超期</x:t></x:is>" in xml
    assert openpyxl.load_workbook(book_path)["提醒"]["C2"].value == "R0007"
    assert CalamineWorkbook.from_path(str(book_path)).get_sheet_by_name("运行记录").to_python()[1][2] == "成功"


def test_unchanged_members_are_copied_compressed_as_they_were(book_path: Path) -> None:
    with zipfile.ZipFile(book_path) as z:
        before = {i.filename: (i.CRC, i.compress_size, i.compress_type) for i in z.infolist()}
    XlsxWorkbook(book_path).write({"提醒": [ALERT]})
    alerts = Package(book_path.read_bytes()).sheet("提醒").part
    with zipfile.ZipFile(book_path) as z:
        assert z.testzip() is None
        after = {i.filename: (i.CRC, i.compress_size, i.compress_type) for i in z.infolist()}
    changed = {n for n in before if before[n] != after[n]}
    assert changed == {alerts}


def test_sheet_without_sheet_data_is_refused_clearly(book_path: Path) -> None:
    part = Package(book_path.read_bytes()).sheet("提醒").part
    rewrite_members(book_path, {part: lambda x: re.sub(r"<sheetData>.*</sheetData>", "", x, flags=re.S)})
    before = book_path.read_bytes()
    with pytest.raises(WorkbookError, match="内部结构无法识别"):
        XlsxWorkbook(book_path).write({"提醒": [ALERT]})
    assert book_path.read_bytes() == before
