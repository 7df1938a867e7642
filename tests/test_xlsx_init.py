"""init: a new workbook from the schema, or an existing one upgraded without touching a cell."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl

from functions.schema import default_schema
from functions.xlsx_backend import XlsxWorkbook
from functions.xlsx_package import Package

FIXTURES = Path(__file__).parent / "fixtures" / "xlsx"


def _cells(path: Path) -> dict[tuple[str, str], object]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb for row in ws.iter_rows() for c in row if c.value is not None}


def test_init_creates_every_tab_and_second_init_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    book = XlsxWorkbook(path)
    changes = book.init()
    assert len(changes) == 1 and changes[0].startswith("新建工作簿")
    snap = book.read()
    assert snap.missing_tabs == [] and snap.other_tabs == []
    assert [t.title for t in default_schema()] == openpyxl.load_workbook(path, read_only=True).sheetnames
    before = path.read_bytes()
    assert book.init() == []
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak-*"))


def test_init_upgrades_a_libreoffice_volunteer_workbook(tmp_path: Path) -> None:
    path = Path(shutil.copy(FIXTURES / "lo_volunteer_made.xlsx", tmp_path / "社区.xlsx"))
    original = path.read_bytes()
    cells_before = _cells(path)
    with zipfile.ZipFile(path) as z:
        media_before = {n: z.read(n) for n in z.namelist() if "media" in n or "chart" in n}
    changes = XlsxWorkbook(path).init()
    assert "新增工作表：提醒" in changes and "新增工作表：说明" in changes
    elders_line = next(c for c in changes if c.startswith("“老人档案”表新增列："))
    for header in ("性别", "健康备注", "备注"):
        assert header in elders_line
    assert not any(c.startswith("“志愿者”") and "编号" in c for c in changes)
    backups = list(tmp_path.glob("社区.bak-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert changes[-1] == f"原文件已备份为：{backups[0]}"
    cells_after = _cells(path)
    for key, value in cells_before.items():
        assert cells_after[key] == value, key  # no existing cell touched
    with zipfile.ZipFile(path) as z:
        assert {n: z.read(n) for n in z.namelist() if "media" in n or "chart" in n} == media_before
    snap = XlsxWorkbook(path).read()
    assert snap.missing_tabs == []
    elders = snap.tables["老人档案"]
    assert elders.missing_headers == [] and elders.header_row == 2
    assert [r.values["编号"] for r in elders.rows] == ["E0001", "E0002", "E0003"]
    assert snap.rows("设置")[0].values["项目"] == "社区名称"
    assert {r.values["工作表"] for r in snap.rows("说明")} == set(default_schema().tabs)
    assert XlsxWorkbook(path).init() == []
    assert len(list(tmp_path.glob("社区.bak-*.xlsx"))) == 1


def test_new_column_goes_right_of_every_used_cell(tmp_path: Path) -> None:
    path = tmp_path / "wide.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "物业缴费"
    ws.append(["月份", "应缴户数"])
    ws.append(["2026-10", 4860, None, "物业说下月补报"])
    wb.save(path)
    changes = XlsxWorkbook(path).init()
    assert "“物业缴费”表新增列：已缴户数" in changes
    sheet = openpyxl.load_workbook(path)["物业缴费"]
    assert [c.value for c in sheet[1]] == ["月份", "应缴户数", None, None, "已缴户数"]
    assert sheet["D2"].value == "物业说下月补报"
    pkg = Package(path.read_bytes())
    assert pkg.sheet("老人档案") is not None
