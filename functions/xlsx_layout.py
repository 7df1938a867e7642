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
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

from .schema import Schema, TabSchema, default_schema
from .xlsx_package import Package
from .xlsx_sheetxml import DateCells, date_styles, splice_sheet_data

SYSTEM_TAB_COLOR = "FF9E9E9E"
VALIDATION_LAST_ROW = 20000
LEVEL_FILLS = {"红": "F4A6A6", "橙": "F8CBAD", "黄": "FFF2A8"}
DATE_FORMAT = "yyyy-mm-dd"


def guide_rows(schema: Schema | None = None) -> list[list[str]]:
    """The 说明 tab: one row per tab (工作表 · 谁来填 · 怎么用)."""
    schema = schema or default_schema()
    rows = []
    for tab in schema:
        how = tab.description
        if not tab.system_owned:
            how += "\n列：" + "、".join(tab.headers)
        rows.append([tab.title, "系统自动" if tab.system_owned else "志愿者", how])
    return rows


def settings_rows(schema: Schema | None = None) -> list[list[Any]]:
    """The 设置 tab's default rows (项目 · 值 · 说明) from the schema."""
    schema = schema or default_schema()
    return [[s["key"], s["default"], s["help"]] for s in schema["设置"].settings]


def _header_cells(ws: Any, tab: TabSchema) -> list[WriteOnlyCell]:
    cells = []
    for f in tab.fields:
        cell = WriteOnlyCell(ws, value=f.name)
        cell.font = Font(bold=True)
        cell.comment = Comment(f.help, "三有")
        if tab.system_owned and not f.editable:
            cell.protection = Protection(locked=True)
        cells.append(cell)
    return cells


def _decorate(ws: Any, tab: TabSchema, last_row: int) -> None:
    ws.freeze_panes = "A2"
    for i, f in enumerate(tab.fields, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = f.width
        if f.type == "date":
            ws.column_dimensions[letter].number_format = DATE_FORMAT
        if f.editable:
            ws.column_dimensions[letter].protection = Protection(locked=False)
        if f.enum:
            dv = DataValidation(type="list", formula1='"' + ",".join(f.enum) + '"', allow_blank=True,
                                showInputMessage=True, showErrorMessage=True,
                                promptTitle=f.name[:32], prompt=f.help[:255],
                                errorTitle="请从下拉框选择", error=f"“{f.name}”只能填：{'、'.join(f.enum)}"[:255])
            dv.add(f"{letter}2:{letter}{max(last_row, VALIDATION_LAST_ROW)}")
            ws.data_validations.append(dv)
    if tab.system_owned:
        ws.sheet_properties.tabColor = SYSTEM_TAB_COLOR
        ws.protection = SheetProtection(sheet=True, formatColumns=False, autoFilter=False, sort=False)
    if tab.title == "提醒":
        col = get_column_letter(tab.headers.index("级别") + 1)
        for level, color in LEVEL_FILLS.items():
            ws.conditional_formatting.add(f"{col}2:{col}{VALIDATION_LAST_ROW}", CellIsRule(
                operator="equal", formula=[f'"{level}"'], fill=PatternFill("solid", start_color=color, end_color=color)))
    if tab.title == "月度指标":
        _add_chart(ws, tab)


def _add_chart(ws: Any, tab: TabSchema) -> None:
    chart = LineChart()
    chart.title = "三升三降（最近12个月）"
    chart.height, chart.width = 9, 20
    for i, f in enumerate(tab.fields, start=1):
        if f.chart:
            chart.add_data(Reference(ws, min_col=i, min_row=1, max_row=13), titles_from_data=True)
    month = get_column_letter(tab.headers.index("月份") + 1)
    for series in chart.series:  # months are text (2026-10): string categories, not numbers
        series.cat = AxDataSource(strRef=StrRef(f=f"'{tab.title}'!${month}$2:${month}$13"))
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    ws.add_chart(chart, get_column_letter(len(tab.fields) + 2) + "2")


def create_workbook(path: str | os.PathLike[str], rows: dict[str, list[list[Any]]] | None = None,
                    schema: Schema | None = None) -> None:
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
            pkg.replace(part, splice_sheet_data(pkg.text(part), tab.headers, data, dates).encode("utf-8"))
    pkg.save(path)
