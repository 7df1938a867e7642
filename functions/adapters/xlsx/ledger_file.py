"""探访台账 as a standalone, printable .xlsx for the 街道: a title row, the header row repeated on every page."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from functions.domain.schema import TabSchema

THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def print_setup(ws: Any, title_rows: str) -> None:
    """A4 landscape, every column on one page width, `title_rows` repeated at the top of each page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def write_ledger_file(path: str | os.PathLike[str], tab: TabSchema, title: str, rows: list[list[Any]]) -> None:
    """Write the ledger (data rows in the tab's header order, the last one 合计) to `path`, atomically."""
    book = Workbook()
    ws = book.active
    ws.title = tab.title
    width = len(tab.headers)
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.append(tab.headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append(row)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for line in ws.iter_rows(min_row=2, max_row=ws.max_row):
        for cell in line:
            cell.border = GRID
            if cell.row > 2:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    for i, field in enumerate(tab.fields, start=1):
        ws.column_dimensions[get_column_letter(i)].width = field.width
    ws.freeze_panes = "A3"
    print_setup(ws, "2:2")
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".ledger-", suffix=".xlsx", dir=target.parent)
    os.close(fd)
    try:
        book.save(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
