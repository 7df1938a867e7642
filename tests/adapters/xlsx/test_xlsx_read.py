"""Reading xlsx workbooks: tables found by header text, raw values kept, clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.domain.workbook import WorkbookError

FIXTURES = Path(__file__).parent / "fixtures" / "xlsx"


def _volunteer_edited(path: Path) -> None:
    """老人档案 as volunteers leave it: title line, reordered, renamed, extra and missing columns, blank rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "老人档案"
    ws.append(["12栋 关爱名册"])
    ws.append(["姓名", "编号", "楼 栋", "类别", "关爱等级", "状态", "出生日期", "楼长电话", "结对人", "走访间隔（天）"])
    ws.append(["张秀英", "E0001", "12栋", "独居", "高", "在家", dt.date(1942, 3, 5), "13800000000", "V001", 5])
    ws.append([None, None, "   ", None])
    ws.append(["李桂兰", "E0002", "3栋", "失独", "中", "住院", "1938/11/20", None, "V002", None])
    for _ in range(3):
        ws.append([])
    ws.append(["赵德明", "E0003", 3, "空巢", "低", "在家", 1950.5, None, None, 2.0])
    ws.cell(row=20, column=1, value=None)
    wb.create_sheet("我的笔记").append(["随手记", "=1+2"])
    wb.save(path)


def test_columns_found_by_header_text_with_title_line_and_blank_rows(tmp_path: Path) -> None:
    path = tmp_path / "edited.xlsx"
    _volunteer_edited(path)
    snap = XlsxWorkbook(path).read()
    table = snap.tables["老人档案"]
    assert table.header_row == 2
    assert [r.number for r in table.rows] == [3, 5, 9]
    first, second, third = table.rows
    assert first.values["编号"] == "E0001" and first.values["楼栋"] == "12栋"
    assert first.values["出生日期"] == dt.date(1942, 3, 5)
    assert first.values["走访间隔(天)"] == 5 and isinstance(first.values["走访间隔(天)"], int)
    assert second.values["出生日期"] == "1938/11/20"  # text stays text, parsing is validation's job
    assert third.values["楼栋"] == 3 and third.values["出生日期"] == 1950.5
    assert "楼长电话" in table.extra_headers and "结对人" in table.extra_headers
    assert "结对志愿者" in table.missing_headers and third.values["结对志愿者"] is None
    assert "我的笔记" in snap.other_tabs
    assert "志愿者" in snap.missing_tabs and "老人档案" not in snap.missing_tabs


def test_libreoffice_saved_volunteer_workbook_reads(tmp_path: Path) -> None:
    snap = XlsxWorkbook(FIXTURES / "lo_volunteer_made.xlsx").read()
    elders = snap.tables["老人档案"]
    assert [r.values["编号"] for r in elders.rows] == ["E0001", "E0002", "E0003"]
    assert [r.number for r in elders.rows] == [3, 5, 6]
    assert elders.rows[0].values["出生日期"] == dt.date(1942, 3, 5)
    assert elders.rows[1].values["联系电话"] == "０２８-８５５５１２３４"
    contacts = snap.tables["走访记录"]
    assert len(contacts.rows) == 10 and contacts.rows[0].values["日期"] == dt.date(2026, 11, 1)
    assert contacts.rows[0].values["时长(分钟)"] == 21
    assert snap.other_tabs == ["我的笔记"]
    assert "提醒" in snap.missing_tabs


def test_missing_file_is_a_one_line_chinese_error(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="找不到工作簿文件"):
        XlsxWorkbook(tmp_path / "nope.xlsx").read()


@pytest.mark.parametrize("content", [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, b"PK\x03\x04 broken"])
def test_old_xls_or_broken_file_is_refused_clearly(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(content)
    with pytest.raises(WorkbookError, match="这不是 xlsx 工作簿") as info:
        XlsxWorkbook(path).read()
    assert "\n" not in str(info.value)


def test_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("photo.txt", "not a workbook")
    with pytest.raises(WorkbookError, match="这不是 xlsx 工作簿"):
        XlsxWorkbook(path).read()
