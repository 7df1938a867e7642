"""Removing rows from a worksheet's XML: later rows move up with their cells; rows addressed by cell refuse."""

from __future__ import annotations

import pytest

from functions.adapters.xlsx.remove_rows import RowsAnchored, remove_rows

HEAD = '<worksheet xmlns="x"><dimension ref="A1:B6"/><sheetData>'
ROWS = "".join(f'<row r="{n}" spans="1:2"><c r="A{n}" t="inlineStr"><is><t>{n}</t></is></c></row>' for n in range(1, 7))
SHEET = (
    HEAD
    + ROWS
    + '<row r="9" s="3"/></sheetData><dataValidations><dataValidation sqref="B2:B5000"/></dataValidations></worksheet>'
)


def test_later_rows_and_their_cells_move_up_and_the_dimension_shrinks():
    out = remove_rows(SHEET, {2, 4}, header_row=1)
    assert '<row r="2" spans="1:2"><c r="A2" t="inlineStr"><is><t>3</t></is></c></row>' in out
    assert '<row r="4" spans="1:2"><c r="A4" t="inlineStr"><is><t>6</t></is></c></row>' in out
    assert '<row r="7" s="3"/>' in out  # a styled empty row moves up too
    assert "<t>2</t>" not in out and "<t>4</t>" not in out
    assert '<dimension ref="A1:B4"/>' in out and 'sqref="B2:B5000"' in out


def test_the_header_row_is_never_removed():
    with pytest.raises(ValueError):
        remove_rows(SHEET, {1}, header_row=1)


@pytest.mark.parametrize(
    "extra, words",
    [
        ('<mergeCells count="1"><mergeCell ref="A3:B3"/></mergeCells>', "合并单元格"),
        ('<hyperlinks><hyperlink ref="A5" r:id="rId1"/></hyperlinks>', "超链接"),
        ('<tableParts count="1"><tablePart r:id="rId2"/></tableParts>', "表格"),
    ],
)
def test_cells_addressed_below_the_header_refuse(extra, words):
    with pytest.raises(RowsAnchored, match=words):
        remove_rows(SHEET.replace("</worksheet>", extra + "</worksheet>"), {2}, header_row=1)


def test_a_merged_title_above_the_headers_is_fine():
    sheet = SHEET.replace("</worksheet>", '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>')
    assert '<row r="2" spans="1:2">' in remove_rows(sheet, {2}, header_row=1)
