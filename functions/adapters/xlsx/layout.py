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
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.protection import SheetProtection

from functions.adapters.xlsx.links import add_tab_links
from functions.adapters.xlsx.package import Package
from functions.adapters.xlsx.sheetxml import DateCells, date_styles, splice_sheet_data
from functions.domain.guide import settings_rows
from functions.domain.schema import Schema, TabSchema, default_schema
from functions.domain.tabs import ALERTS, GUIDE, METRICS, SETTINGS, VISIT_LEDGER
from functions.metrics.arrows import FIGURES
from functions.sheets_out.guide_tab import guide_links, guide_rows

SYSTEM_TAB_COLOR = "FF9E9E9E"
COUNT_HEADERS = frozenset(f.header for f in FIGURES if f.decimals == 0)
VALIDATION_LAST_ROW = 20000
LEVEL_FILLS = {"红": "F4A6A6", "橙": "F8CBAD", "黄": "FFF2A8"}
ROW_TINTS = {"红": "FDECEC", "橙": "FEF1E8", "黄": "FFFBE0"}  # a light tint of the level across the row
DATE_FORMAT = "yyyy-mm-dd"
DATE_WIDTH = 11  # yyyy-mm-dd needs about 11 characters in the default font
HEADER_FILLS = {"volunteers": "DDEBF7", "system": "E7E6E6"}
WRAP_WIDTH = 20  # text columns at least this wide wrap long texts (原因, 问题, 建议, 怎么用, 备注)


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
    ws.freeze_panes = "B2" if tab.title == METRICS else "A2"
    _print_setup(ws)
    for i, f in enumerate(tab.fields, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(f.width, DATE_WIDTH) if f.type == "date" else f.width
        ws.column_dimensions[letter].alignment = _column_alignment(f)
        if f.type == "date":
            ws.column_dimensions[letter].number_format = DATE_FORMAT
        if f.editable:
            ws.column_dimensions[letter].protection = Protection(locked=False)
        if f.hidden:  # the system's own key (提醒标识): kept for identity, out of people's way
            ws.column_dimensions[letter].hidden = True
        if f.enum:
            ws.data_validations.append(enum_validation(f, f"{letter}2:{letter}{max(last_row, VALIDATION_LAST_ROW)}"))
    if tab.system_owned:
        ws.sheet_properties.tabColor = SYSTEM_TAB_COLOR
        ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False, autoFilter=False, sort=False)
    if tab.title == ALERTS:
        _alert_colours_and_filter(ws, tab)
    if tab.title == METRICS:
        _add_chart(ws, tab)
    if tab.title == VISIT_LEDGER:  # printed for the 街道: a title on every page (the month is in the 合计 row)
        ws.oddHeader.center.text = "特殊困难老年人探访台账"
        ws.oddHeader.center.size = 14


def _alert_colours_and_filter(ws: Any, tab: TabSchema) -> None:
    """提醒: the level cell in its strong colour, the rest of the row lightly tinted, a filter on the header."""
    col = get_column_letter(tab.headers.index("级别") + 1)
    last = get_column_letter(len(tab.fields))
    for level, color in LEVEL_FILLS.items():
        ws.conditional_formatting.add(
            f"{col}2:{col}{VALIDATION_LAST_ROW}",
            CellIsRule(
                operator="equal",
                formula=[f'"{level}"'],
                fill=PatternFill("solid", start_color=color, end_color=color),
                stopIfTrue=True,
            ),
        )
    for level, color in ROW_TINTS.items():
        ws.conditional_formatting.add(
            f"A2:{last}{VALIDATION_LAST_ROW}",
            FormulaRule(formula=[f'${col}2="{level}"'], fill=PatternFill("solid", start_color=color, end_color=color)),
        )
    # the whole rewritable range, so the filter covers every row a nightly run may write
    ws.auto_filter.ref = f"A1:{last}{VALIDATION_LAST_ROW}"


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
            series.smooth = False  # straight lines between months: a smoothed curve invents values
        chart.x_axis.scaling.orientation = "maxMin"  # rows are newest first: time runs left to right
        chart.y_axis.crosses = "max"  # …which puts the last category on the left: the value axis goes there
        if f.name in COUNT_HEADERS:  # 27 → 29 volunteers is a small change: counts start at zero
            chart.y_axis.scaling.min = 0
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
    given = set(rows)
    rows.setdefault(SETTINGS, settings_rows(schema))
    rows.setdefault(GUIDE, guide_rows(schema))
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
            if tab.title == GUIDE and GUIDE not in given:
                xml = add_tab_links(xml, {f"A{i + 2}": title for i, title in guide_links(schema).items()})
            pkg.replace(part, xml.encode("utf-8"))
    pkg.save(path)
