"""A big sheet read slice by slice gives exactly the tables a whole-sheet read gives."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from functions.adapters.xlsx import slices
from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.adapters.xlsx.package import Package
from functions.demo.make import make_demo
from functions.domain.workbook import Snapshot
from tests.support.slicing import slice_packages
from tests.support.xlsx_rewrite import excel_prefixed, rewrite_members

FIXTURES = Path(__file__).parent / "fixtures" / "xlsx"
TODAY = dt.date(2026, 11, 29)


def _tables(snapshot: Snapshot) -> dict[str, tuple]:
    return {
        title: (t.header_row, t.headers, t.columns, t.missing_headers, t.row_numbers(), t.cells)
        for title, t in snapshot.tables.items()
    }


def _read(path: Path, monkeypatch: pytest.MonkeyPatch, slice_bytes: int | None) -> Snapshot:
    with monkeypatch.context() as m:
        if slice_bytes is not None:
            m.setattr(slices, "BIG_SHEET_BYTES", 0)
            m.setattr(slices, "SLICE_BYTES", slice_bytes)
            m.setattr(slices, "SST_FACTOR", 0)
            calls = []
            real = slices.sheet_slices
            m.setattr(slices, "sheet_slices", lambda *a: (calls.append(1), (yield from real(*a)))[1])
        snapshot = XlsxWorkbook(path).read()
        if slice_bytes is not None:
            assert calls, "the sheets were not read in slices"
    return snapshot


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    make_demo(str(path), seed=3, scale="small", today=TODAY, force=True, progress=None)
    return path


@pytest.mark.parametrize("slice_bytes", [200, 5_000, 100_000])
def test_demo_workbook_reads_the_same_in_slices(demo_book: Path, monkeypatch, slice_bytes: int) -> None:
    whole = _read(demo_book, monkeypatch, None)
    sliced = _read(demo_book, monkeypatch, slice_bytes)
    assert len(whole.tables["走访记录"]) > 10_000
    assert _tables(sliced) == _tables(whole)
    assert sliced.other_tabs == whole.other_tabs and sliced.missing_tabs == whole.missing_tabs
    assert sliced.fetching_formulas == whole.fetching_formulas


@pytest.mark.parametrize("name", ["lo_volunteer_made.xlsx", "lo_sanyou_layout.xlsx"])
def test_libreoffice_saved_workbook_reads_the_same_in_slices(name: str, monkeypatch) -> None:
    # LibreOffice writes shared strings, blank rows and styled empty rows: each slice must see them all
    whole = _read(FIXTURES / name, monkeypatch, None)
    sliced = _read(FIXTURES / name, monkeypatch, 300)
    assert _tables(sliced) == _tables(whole)
    assert sum(len(t) for t in whole.tables.values()) > 0


def test_an_excel_style_sheet_with_merged_cells_reads_the_same_in_slices(demo_book: Path, tmp_path, monkeypatch):
    # Excel's x: prefix, and merged cells after the rows (a volunteer merged two notes): each slice still
    # tells calamine first that it has no merged cells, in the sheet's own prefix
    path = tmp_path / "excel.xlsx"
    shutil.copy(demo_book, path)
    part = Package(path.read_bytes()).sheet("走访记录").part
    merged = '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="H3:I3"/></x:mergeCells>'
    rewrite_members(path, {part: lambda xml: excel_prefixed(xml).replace("</x:sheetData>", merged, 1)})
    whole = _read(path, monkeypatch, None)
    sliced = _read(path, monkeypatch, 100_000)
    assert _tables(sliced) == _tables(whole) and len(whole.tables["走访记录"]) > 10_000


def test_each_slice_says_first_that_it_has_no_merged_cells(demo_book: Path) -> None:
    # calamine scans a sheet's XML again from the top for its merged cells: an empty list before the rows
    # ends that scan at once (a quarter of the parse), and the slice's cells are read as before
    made = slice_packages(demo_book, "走访记录", 100_000)
    assert len(made) > 5
    for slice_package in made:
        with zipfile.ZipFile(slice_package) as z:
            xml = z.read("xl/worksheets/sheet1.xml")
        assert xml.count(b"<mergeCells></mergeCells>") == 1 and xml.index(b"<mergeCells>") < xml.index(b"<sheetData")
        slice_package.seek(0)
        sheet = CalamineWorkbook.from_filelike(slice_package).get_sheet_by_name(slices.SLICE_TITLE)
        assert sheet.merged_cell_ranges == [] and len(sheet.to_python()) > 100


def _strip_row_numbers(source: Path, target: Path, cells_too: bool = True) -> None:
    """The same workbook with every sheet's rows (and cells) written without r="…" (as some generators do)."""
    numbered = rb'(<(?:row|c)\b[^>]*?) r="[A-Z]*\d+"' if cells_too else rb'(<row\b[^>]*?) r="\d+"'
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(numbered, rb"\1", data)
            zout.writestr(item, data)


def test_rows_without_row_numbers_fall_back_to_one_whole_read(tmp_path: Path, monkeypatch) -> None:
    source = FIXTURES / "lo_volunteer_made.xlsx"
    plain = tmp_path / "plain.xlsx"
    _strip_row_numbers(source, plain)
    whole = _read(plain, monkeypatch, None)
    sliced = _read(plain, monkeypatch, 300)
    assert _tables(sliced) == _tables(whole)


def test_a_sheet_sliced_keeps_dates_of_a_1904_workbook(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "mac.xlsx"
    shutil.copy(FIXTURES / "lo_volunteer_made.xlsx", path)
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'date1904="false"', b'date1904="true"')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    path.write_bytes(buf.getvalue())
    whole = _read(path, monkeypatch, None)
    sliced = _read(path, monkeypatch, 300)
    assert _tables(sliced) == _tables(whole)
    assert whole.tables["走访记录"].column("日期")[0] == dt.date(2030, 11, 2)  # four years and a day later


def _contacts_with_formula(path: Path, formula: str) -> None:
    """A 走访记录 of 300 contacts with the formula in F250."""
    import openpyxl

    from functions.domain.schema import default_schema

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "走访记录"
    sheet.append(default_schema()["走访记录"].headers)
    for i in range(300):
        sheet.append([TODAY, f"E{i % 40 + 1:04d}", "V001", "电话问候", 10])
    sheet["F250"] = formula
    book.save(path)


def test_a_fetching_formula_in_a_sliced_sheet_is_found(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "formula.xlsx"
    _contacts_with_formula(path, '=HYPERLINK("http://hongbao.example.com/","点击领取红包")')
    whole = _read(path, monkeypatch, None)
    sliced = _read(path, monkeypatch, 2_000)
    assert sliced.fetching_formulas == whole.fetching_formulas
    [cell] = whole.fetching_formulas["走访记录"]
    assert (cell.row, cell.column) == (250, 5) and "HYPERLINK" in cell.formula


@pytest.mark.parametrize(
    ("xml", "has"),
    [
        (b'<c r="E2"><f>HYPERLINK("http://x")</f><v>1</v></c>', True),
        (b'<x:c r="E2"><x:f>WEBSERVICE("http://x")</x:f></x:c>', True),
        (b'<cellXfs><xf numFmtId="14"></xf></cellXfs><c r="A1"><f t="shared" si="0"/></c>', False),
        (b'<c r="A1" t="inlineStr"><is><t>if&gt; f&gt;</t></is></c>', False),
        (b"f>", False),
        (b"", False),
        (b"f", False),
        # text full of f's (past the search's budget for lone f's) before and after a formula
        (b"<t>" + b"off fifty fluffy " * 5000 + b"</t><c><f>IMAGE(A1)</f></c>", True),
        (b"<t>" + b"off fifty fluffy " * 5000 + b"f</t>", False),
    ],
)
def test_the_formula_precheck_finds_closing_formula_tags_only(xml: bytes, has: bool) -> None:
    from functions.adapters.xlsx.formulas import _closes_formula

    assert _closes_formula(xml) is has


def test_a_slice_read_in_place_sees_only_its_own_rows_formulas() -> None:
    # sheet_slices hands the rows over in place: the buffer also holds the start of the next slice's rows
    from functions.adapters.xlsx.formulas import _closes_formula, formulas_in

    own = b'<row r="7"><c r="B7"><f>IMAGE("http://a.example/x.png")</f><v>0</v></c></row>'
    plain = b'<row r="8"><c r="B8" t="s"><v>3</v></c></row>'
    after = b'<row r="9"><c r="C9"><f>WEBSERVICE("http://b.example/")</f><v>0</v></c></row>'
    buf = bytearray(own + plain + after)
    assert [(c.row, c.column) for c in formulas_in(buf, len(own) + len(plain))] == [(7, 1)]
    assert formulas_in(bytearray(plain + after), len(plain)) == []
    assert not _closes_formula(bytearray(plain + b"</f>"), len(plain) + 3)  # "</f" before the end, ">" after it
    assert [(c.row, c.column) for c in formulas_in(buf)] == [(7, 1), (9, 2)]  # no end: all of it


def test_a_fetching_formula_is_found_in_a_sheet_whose_rows_have_no_numbers(tmp_path: Path, monkeypatch) -> None:
    made, plain = tmp_path / "numbered.xlsx", tmp_path / "plain.xlsx"
    _contacts_with_formula(made, '=WEBSERVICE("http://hongbao.example.com/")')
    _strip_row_numbers(made, plain, cells_too=False)  # the cells keep theirs: the formula's cell is known
    whole = _read(plain, monkeypatch, None)
    sliced = _read(plain, monkeypatch, 2_000)
    assert _tables(sliced) == _tables(whole)
    [cell] = sliced.fetching_formulas["走访记录"]
    assert "WEBSERVICE" in cell.formula and sliced.fetching_formulas == whole.fetching_formulas
