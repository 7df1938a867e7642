"""init: a new workbook from the schema, or an existing one upgraded without touching a cell."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
from openpyxl.utils import get_column_letter

from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.adapters.xlsx.layout import ROW_TINTS, VALIDATION_LAST_ROW
from functions.adapters.xlsx.package import Package
from functions.domain.schema import default_schema

HEADERS_OF_ALERTS = default_schema()["提醒"].headers

FIXTURES = Path(__file__).parent / "fixtures" / "xlsx"


def _cells(path: Path) -> dict[tuple[str, str], object]:
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, c.coordinate): c.value for ws in wb for row in ws.iter_rows() for c in row if c.value is not None
    }


def _style_entries(xml: bytes, group: str) -> list[bytes]:
    root = ET.fromstring(xml)
    found = [el for el in root if el.tag.endswith("}" + group)]
    return [ET.tostring(child) for child in found[0]] if found else []


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
    assert {r.values["工作表"] for r in snap.rows("说明")} == set(default_schema().tabs)  # steps name 说明 too
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


def test_tabs_added_to_a_libreoffice_workbook_look_like_a_new_workbooks(tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    path = Path(shutil.copy(FIXTURES / "lo_volunteer_made.xlsx", tmp_path / "社区.xlsx"))
    with zipfile.ZipFile(path) as z:
        before = {n: z.read(n) for n in z.namelist()}
    XlsxWorkbook(path).init()
    with zipfile.ZipFile(path) as z:
        after = {n: z.read(n) for n in z.namelist()}
    widened = {Package(path.read_bytes()).sheet(t).part for t in ("老人档案", "志愿者", "走访记录")}
    must_change = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"} | widened
    assert {n for n in before if after[n] != before[n]} == must_change  # every other part byte-identical
    for group in ("fonts", "fills", "cellXfs", "dxfs"):  # styles only appended to: existing cells look the same
        old, new = (_style_entries(x["xl/styles.xml"], group) for x in (before, after))
        assert new[: len(old)] == old and len(new) > len(old), group
    wb = openpyxl.load_workbook(path)
    alerts, schema = wb["提醒"], default_schema()["提醒"]
    assert alerts.freeze_panes == "A2" and alerts["A1"].font.b
    assert alerts.protection.sheet and alerts.protection.password is None
    assert alerts.sheet_properties.tabColor.rgb.endswith("9E9E9E")
    assert alerts.column_dimensions["G"].width == schema.field("原因").width
    editable = "ABCDEFGHIJK"[schema.headers.index("处理情况")]
    assert alerts.column_dimensions[editable].protection.locked is False
    fills = sorted(r.dxf.fill.bgColor.rgb[-6:] for cf in alerts.conditional_formatting for r in cf.rules)
    assert fills == sorted(["F4A6A6", "F8CBAD", "FFF2A8", *ROW_TINTS.values()])  # level cell strong, row light
    assert (
        alerts.auto_filter.ref == f"A1:{get_column_letter(len(HEADERS_OF_ALERTS))}{VALIDATION_LAST_ROW}"
    )  # a filter on the header, like a new workbook
    filter_name = (  # LibreOffice shows the filter buttons only with this name in workbook.xml
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{wb.sheetnames.index("提醒")}" hidden="1">'
        f"'提醒'!$A$1:${get_column_letter(len(HEADERS_OF_ALERTS))}${VALIDATION_LAST_ROW}</definedName>"
    )
    assert filter_name in after["xl/workbook.xml"].decode("utf-8")
    assert alerts.column_dimensions["ABCDEFGHIJK"[schema.headers.index("提醒标识")]].hidden
    level = next(dv for dv in alerts.data_validations.dataValidation if str(dv.sqref).startswith("A2"))
    assert level.formula1 == '"红,橙,黄"' and level.prompt == schema.field("级别").help
    assert wb["设置"].freeze_panes == "A2" and not wb["设置"].protection.sheet
    elders = {str(dv.sqref): dv for dv in wb["老人档案"].data_validations.dataValidation}
    gender_col = "ABCDEFGHIJKLMNOPQRST"[[c.value for c in wb["老人档案"][2]].index("性别")]
    assert elders[f"{gender_col}3:{gender_col}20000"].formula1 == '"男,女"'  # the dropdown below the header row
    calamine = CalamineWorkbook.from_path(str(path))
    assert calamine.get_sheet_by_name("提醒").to_python()[0] == schema.headers
    stored = path.read_bytes()
    assert XlsxWorkbook(path).init() == [] and path.read_bytes() == stored
