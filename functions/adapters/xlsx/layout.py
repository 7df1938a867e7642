"""Create a brand-new workbook from the schema (openpyxl write-only mode: fast for 150,000 rows)."""

from __future__ import annotations

import io
import os
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.protection import SheetProtection

from functions.adapters.xlsx.package import Package
from functions.adapters.xlsx.sheetxml import DateCells, date_styles, splice_sheet_data
from functions.domain.schema import Schema, TabSchema, default_schema

SYSTEM_TAB_COLOR = "FF9E9E9E"
VALIDATION_LAST_ROW = 20000
LEVEL_FILLS = {"红": "F4A6A6", "橙": "F8CBAD", "黄": "FFF2A8"}
DATE_FORMAT = "yyyy-mm-dd"
DATE_WIDTH = 11  # yyyy-mm-dd needs about 11 characters in the default font
HEADER_FILLS = {"volunteers": "DDEBF7", "system": "E7E6E6"}
WRAP_WIDTH = 20  # text columns at least this wide wrap long texts (原因, 问题, 建议, 怎么用, 备注)
GUIDE_INTRO = (
    "这个工作簿是“三有”关爱工作的共用台账，大家一起填，系统每天夜里自动检查、提醒。\n"
    "1. 标签是白色的表由志愿者填写；标签是灰色的表（问题清单、提醒、月度指标、探访台账、运行记录、说明）"
    "由系统自动生成，每天夜里（月度指标和探访台账每月初）整张重写，请不要在里面改内容。\n"
    "2. 把鼠标停在表头上，能看到这一列怎么填；带下拉箭头的列，请从下拉框里选。\n"
    "3. 每天看一眼“问题清单”：按“建议”把原表改好，第二天这条问题会自动消失。\n"
    "4. “提醒”的颜色：红色＝已严重逾期，已报告书记；橙色＝请尽快处理；黄色＝请按时处理。"
    "处理以后在“处理情况”一列写上做了什么——这是系统表里唯一可以填写的一列，会一直保留。\n"
    "5. “月度指标”每月一行，最新的月份在最上面，折线图在表格右边。\n"
    "6. “设置”里的值可以改；某一项删掉或空着，就按默认值。\n"
    "7. 健康备注、纠纷当事人和情况等敏感信息只留在表里，不会出现在邮件里。"
)


def guide_how(tab: TabSchema) -> str:
    """The 怎么用 text of one tab in the 说明 tab."""
    if tab.title == "说明":
        return GUIDE_INTRO
    if not tab.system_owned:
        return f"{tab.description}\n志愿者直接在表里填写、修改。列：{'、'.join(tab.headers)}"
    keep = "（只有“处理情况”一列可以填写）" if any(f.editable for f in tab.fields) else "，请不要在这里改内容"
    when = {"月度指标": "每月初", "探访台账": "每月初", "说明": "新建工作簿时"}.get(tab.title, "每天")
    return f"{tab.description}\n系统{when}自动重写这张表{keep}。"


def guide_rows(schema: Schema | None = None) -> list[list[str]]:
    """The 说明 tab: one row per tab (工作表 · 谁来填 · 怎么用)."""
    schema = schema or default_schema()
    return [[tab.title, "系统自动" if tab.system_owned else "志愿者", guide_how(tab)] for tab in schema]


def settings_rows(schema: Schema | None = None) -> list[list[Any]]:
    """The 设置 tab's default rows (项目 · 值 · 说明) from the schema."""
    schema = schema or default_schema()
    return [[s["key"], s["default"], s["help"]] for s in schema["设置"].settings]


def _header_cells(ws: Any, tab: TabSchema) -> list[WriteOnlyCell]:
    fill = PatternFill("solid", start_color=HEADER_FILLS[tab.owner], end_color=HEADER_FILLS[tab.owner])
    cells = []
    for f in tab.fields:
        cell = WriteOnlyCell(ws, value=f.name)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(bottom=Side(style="thin", color="808080"))
        cell.comment = Comment(f.help, "三有")
        if tab.system_owned and not f.editable:
            cell.protection = Protection(locked=True)
        cells.append(cell)
    return cells


def _column_alignment(f: Any) -> Alignment:
    if f.name.endswith("变化"):
        return Alignment(horizontal="center", vertical="top")
    return Alignment(wrap_text=f.type == "text" and f.width >= WRAP_WIDTH, vertical="top")


def _print_setup(ws: Any) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _decorate(ws: Any, tab: TabSchema, last_row: int) -> None:
    ws.freeze_panes = "B2" if tab.title == "月度指标" else "A2"
    _print_setup(ws)
    for i, f in enumerate(tab.fields, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(f.width, DATE_WIDTH) if f.type == "date" else f.width
        ws.column_dimensions[letter].alignment = _column_alignment(f)
        if f.type == "date":
            ws.column_dimensions[letter].number_format = DATE_FORMAT
        if f.editable:
            ws.column_dimensions[letter].protection = Protection(locked=False)
        if f.enum:
            ws.data_validations.append(enum_validation(f, f"{letter}2:{letter}{max(last_row, VALIDATION_LAST_ROW)}"))
    if tab.system_owned:
        ws.sheet_properties.tabColor = SYSTEM_TAB_COLOR
        ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False, autoFilter=False, sort=False)
    if tab.title == "提醒":
        col = get_column_letter(tab.headers.index("级别") + 1)
        for level, color in LEVEL_FILLS.items():
            ws.conditional_formatting.add(
                f"{col}2:{col}{VALIDATION_LAST_ROW}",
                CellIsRule(
                    operator="equal",
                    formula=[f'"{level}"'],
                    fill=PatternFill("solid", start_color=color, end_color=color),
                ),
            )
    if tab.title == "月度指标":
        _add_chart(ws, tab)
    if tab.title == "探访台账":  # printed for the 街道: a title on every page (the month is in the 合计 row)
        ws.oddHeader.center.text = "特殊困难老年人探访台账"
        ws.oddHeader.center.size = 14


def enum_validation(f: Any, sqref: str) -> DataValidation:
    """The dropdown of an enum column, with the field's help as its input message."""
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(f.enum) + '"',
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        promptTitle=f.name[:32],
        prompt=f.help[:255],
        errorTitle="请从下拉框选择",
        error=f"“{f.name}”只能填：{'、'.join(f.enum)}"[:255],
    )
    dv.add(sqref)
    return dv


def _add_chart(ws: Any, tab: TabSchema) -> None:
    """One small line chart per 三升三降 figure, 3 × 2 beside the table, like the PNG in the report mail:
    on a shared axis 物业缴费率 (~90) would flatten 纠纷 and 投诉 (0–5) into lines along the bottom."""
    month = get_column_letter(tab.headers.index("月份") + 1)
    figures = [(i, f) for i, f in enumerate(tab.fields, start=1) if f.chart]
    first = len(tab.fields) + 2
    for n, (i, f) in enumerate(figures):
        chart = LineChart()
        chart.title = f.name  # the last 12 months: rows 2–13
        chart.height, chart.width = 7, 11
        chart.legend = None
        chart.add_data(Reference(ws, min_col=i, min_row=1, max_row=13), titles_from_data=True)
        for series in chart.series:  # months are text (2026-10): string categories, not numbers
            series.cat = AxDataSource(strRef=StrRef(f=f"'{tab.title}'!${month}$2:${month}$13"))
        chart.x_axis.scaling.orientation = "maxMin"  # rows are newest first: time runs left to right
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        ws.add_chart(chart, f"{get_column_letter(first + 7 * (n % 3))}{2 + 15 * (n // 3)}")


def create_workbook(
    path: str | os.PathLike[str], rows: dict[str, list[list[Any]]] | None = None, schema: Schema | None = None
) -> None:
    """Write a new workbook with every schema tab, in schema order, filled from rows (title -> data rows).

    openpyxl lays out the tabs (notes, dropdowns, widths, protection, chart) with their header rows only;
    the data rows are then spliced in as sheet XML, about five times faster than openpyxl's cell objects.
    """
    schema = schema or default_schema()
    rows = dict(rows or {})
    rows.setdefault("设置", settings_rows(schema))
    rows.setdefault("说明", guide_rows(schema))
    book = Workbook(write_only=True)
    for tab in schema:
        ws = book.create_sheet(tab.title)
        _decorate(ws, tab, len(rows.get(tab.title, [])) + 1)
        ws.append(_header_cells(ws, tab))
    layout = io.BytesIO()
    book.save(layout)
    pkg = Package(layout.getvalue())
    dates = DateCells(date_styles(pkg.styles_xml()))
    for tab in schema:
        data = rows.get(tab.title)
        if data:
            part = pkg.sheet(tab.title).part
            xml = splice_sheet_data(pkg.text(part), tab.headers, data, dates, empty_cells=tab.system_owned)
            pkg.replace(part, xml.encode("utf-8"))
    pkg.save(path)
