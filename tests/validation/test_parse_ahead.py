"""Big logs parsed slice by slice while the read goes on give exactly what validating the read tables gives."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from functions.adapters.xlsx import slices
from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.demo.make import make_demo
from functions.domain.columns import clean_column
from functions.domain.schema import default_schema
from functions.domain.table import CellsHandedOver, table_from_columns
from functions.domain.workbook import Snapshot
from functions.entry.cli import main
from functions.jobs.parse_ahead import LogParser
from functions.jobs.runner import resolve_today
from functions.validation.cells import TableParser, parse_table
from functions.validation.suggest import IdIndex
from functions.validation.validate import validate

SCHEMA = default_schema()
TODAY = dt.date(2026, 11, 29)
FIXTURES = Path(__file__).parents[1] / "adapters" / "xlsx" / "fixtures" / "xlsx"
CONTACTS = SCHEMA["走访记录"]


def _contact_grid(rows: int) -> list[list[object]]:
    """A title line, the headers, and contacts with the mistakes volunteers make, blank rows among them."""
    grid: list[list[object]] = [["芙蓉里走访记录"], list(CONTACTS.headers)]
    for i in range(rows):
        if i % 97 == 5:
            grid.append([None] * len(CONTACTS.headers))  # a blank row in the middle: skipped
            continue
        cells = {
            "日期": [dt.date(2026, 1 + i % 11, 1 + i % 28), "2026-13-01", "下周二", None][0 if i % 50 else i % 4],
            "老人编号": f"E{1 + i % 40:04d}" if i % 61 else "E9999",  # a 编号 not in 老人档案: a suggestion
            "志愿者编号": "V001" if i % 83 else None,  # required, left blank now and then
            "方式": ["上门走访", "电话问候", "电话问侯", "上门"][i % 4],  # two typos
            "时长(分钟)": [30, 30.0, True, 1, "半小时", 700][i % 6],  # a TRUE cell must not read as 1 minute
            "情况记录": f"第{i}次：老人说腿疼，女儿每周来一次",  # sensitive and nearly all distinct
            "需跟进": ["是", "否", None][i % 3],
        }
        grid.append([cells.get(h) for h in CONTACTS.headers])
    return grid


def _columns(grid: list[list[object]]) -> list[list[object]]:
    width = max(map(len, grid))
    return [clean_column([row[c] if c < len(row) else None for row in grid]) for c in range(width)]


INDEXES = {
    ("老人档案", "编号"): IdIndex(f"E{n:04d}" for n in range(1, 41)),
    ("志愿者", "编号"): IdIndex(["V001", "V002"]),
}


def _as_plain(records: list) -> list[tuple]:
    return [(r.number, dict(r), set(r.bad)) for r in records]


@pytest.mark.parametrize("chunk", [1, 7, 500, 5_000])
def test_rows_fed_in_chunks_parse_exactly_as_the_whole_table(chunk: int) -> None:
    columns = _columns(_contact_grid(3_000))
    table = table_from_columns("走访记录", columns, CONTACTS)
    whole_records, whole_problems = parse_table(CONTACTS, table, TODAY, INDEXES)

    parser = TableParser(CONTACTS, table, TODAY, INDEXES)
    top = table.header_row  # index of the first row below the headers
    height = len(columns[0])
    for start in range(top, height, chunk):
        picked = {name: columns[col][start : start + chunk] for name, col in table.columns.items()}
        kept = [i for i in range(len(picked["日期"])) if any(v[i] is not None for v in picked.values())]
        cells = {name: [values[i] for i in kept] for name, values in picked.items()}
        parser.feed(cells.__getitem__, [start + 1 + i for i in kept])
    records, problems = parser.finish()

    assert _as_plain(records) == _as_plain(whole_records)
    assert problems == whole_problems
    assert parser.fits(table, TODAY, INDEXES)
    assert not parser.fits(table, TODAY + dt.timedelta(days=1), INDEXES)
    durations = {r.number: r["时长(分钟)"] for r in records}
    assert durations[4] == 30 and durations[6] == 1 and durations[5] is None  # TRUE is flagged, not 1 minute
    flagged = {(p.row, p.column) for p in problems}
    assert {(5, "时长(分钟)"), (5, "方式"), (3, "老人编号")} <= flagged  # TRUE; a typo; E9999 (under 2 lines)
    assert 8 not in durations  # the blank row
    assert all(p.value != "第" and "腿疼" not in p.value for p in problems)  # sensitive notes never shown


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    make_demo(str(path), seed=5, scale="small", today=TODAY, force=True, progress=None)
    return path


def _sliced(monkeypatch: pytest.MonkeyPatch, big: int, slice_bytes: int) -> None:
    monkeypatch.setattr(slices, "BIG_SHEET_BYTES", big)
    monkeypatch.setattr(slices, "SLICE_BYTES", slice_bytes)
    monkeypatch.setattr(slices, "SST_FACTOR", 0)
    monkeypatch.setattr(slices, "READ_BYTES", 4_096)  # the XML is inflated 4 KB at a time: many slices


def _same_validation(path: Path, ahead: Snapshot, plain: Snapshot) -> None:
    consume = {"走访记录", "活动签到"}
    got, expected = validate(ahead, TODAY, consume=consume), validate(plain, TODAY, consume=consume)
    assert got.problems == expected.problems
    assert {t: _as_plain(r) for t, r in got.parsed.items()} == {t: _as_plain(r) for t, r in expected.parsed.items()}
    assert list(ahead.tables) == list(plain.tables)  # the workbook's order, whatever order the tabs were read in
    assert {t: len(x) for t, x in ahead.tables.items()} == {t: len(x) for t, x in plain.tables.items()}


@pytest.mark.parametrize("big, slice_bytes", [(100_000, 20_000), (0, 3_000)])
def test_the_read_parses_a_big_log_as_it_goes_and_lets_go_of_its_raw_cells(
    demo_book: Path, monkeypatch: pytest.MonkeyPatch, big: int, slice_bytes: int
) -> None:
    _sliced(monkeypatch, big, slice_bytes)  # (0, …): every tab sliced, 老人档案 itself among them
    feeds: list[str] = []
    real = TableParser.feed
    monkeypatch.setattr(TableParser, "feed", lambda self, *a: (feeds.append(self.title), real(self, *a))[1])
    ahead = XlsxWorkbook(demo_book).read_ahead(LogParser(TODAY))
    contacts = ahead.tables["走访记录"]
    assert isinstance(contacts.parsed_ahead, TableParser) and len(contacts) > 10_000
    assert feeds.count("走访记录") > 10  # slice by slice
    with pytest.raises(CellsHandedOver):
        contacts.column("日期")  # 170,000 raw cells never lie beside their parsed copy
    _same_validation(demo_book, ahead, XlsxWorkbook(demo_book).read())
    assert contacts.parsed_ahead is None  # taken once
    with pytest.raises(CellsHandedOver):  # a second validation of the same read: no silent empty rows
        validate(ahead, TODAY, consume={"走访记录"})


def test_rows_parsed_for_another_day_are_not_taken_and_say_so(demo_book: Path, monkeypatch) -> None:
    _sliced(monkeypatch, 100_000, 20_000)
    ahead = XlsxWorkbook(demo_book).read_ahead(LogParser(TODAY))
    with pytest.raises(CellsHandedOver):
        validate(ahead, TODAY + dt.timedelta(days=1))


def test_a_libreoffice_saved_workbook_parses_the_same_while_read(monkeypatch: pytest.MonkeyPatch) -> None:
    # shared strings, blank and styled empty rows: each slice's rows reach the parser as the table holds them
    path = FIXTURES / "lo_sanyou_layout.xlsx"
    _sliced(monkeypatch, 0, 300)
    ahead = XlsxWorkbook(path).read_ahead(LogParser(TODAY))
    assert ahead.tables["走访记录"].parsed_ahead is not None
    _same_validation(path, ahead, XlsxWorkbook(path).read())


def test_an_archived_workbook_keeps_the_contacts_raw_cells_for_the_archive_facts(demo_book: Path) -> None:
    snapshot = XlsxWorkbook(demo_book).read()
    summary = SCHEMA["归档摘要"]
    row = {"老人编号": "E0001"}
    grid = [list(summary.headers), [row.get(h) for h in summary.headers]]
    snapshot.tables["归档摘要"] = table_from_columns("归档摘要", _columns(grid), summary)
    head = snapshot.tables["走访记录"]
    parser = LogParser(TODAY).start(snapshot, head)
    assert parser is not None and not parser.takes_cells  # merge_archived compares by the raw cells
    del snapshot.tables["归档摘要"]
    assert LogParser(TODAY).start(snapshot, head) is None  # 归档摘要 not read yet (a big one): no guessing
    snapshot.missing_tabs.append("归档摘要")
    assert LogParser(TODAY).start(snapshot, head).takes_cells  # a workbook without it


def test_without_a_given_day_the_read_fixes_the_runs_day(demo_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _sliced(monkeypatch, 100_000, 20_000)
    snapshot = XlsxWorkbook(demo_book).read_ahead(LogParser(None))
    assert snapshot.today is not None
    # validation and every rule then use that day, even if midnight passes before they run
    assert resolve_today(snapshot, None) == snapshot.today
    assert resolve_today(snapshot, TODAY) == TODAY


def test_a_tab_the_job_does_not_validate_is_read_as_before(demo_book: Path) -> None:
    snapshot = XlsxWorkbook(demo_book).read()
    assert LogParser(TODAY).start(snapshot, snapshot.tables["运行记录"]) is None


def _night(path: Path) -> list[list]:
    env = {"SMTP_HOST": "", "LOG_LEVEL": "ERROR"}
    args = ["nightly", "--workbook", str(path), "--today", "2026-11-29", "--outbox", str(path.parent / "outbox")]
    assert main(args, environ=env) == 0
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("提醒").to_python()


def test_an_archived_workbook_read_in_slices_keeps_every_alert(demo_book: Path, tmp_path: Path, monkeypatch) -> None:
    # 归档摘要 has rows: 走访记录 is parsed while read but keeps its raw cells for the archived facts
    plain, archived = (Path(shutil.copy2(demo_book, tmp_path / name)) for name in ("plain.xlsx", "archived.xlsx"))
    env = {"SMTP_HOST": "", "LOG_LEVEL": "ERROR"}
    args = ["archive", "--workbook", str(archived), "--today", "2026-11-29", "--before", "2026-10-01", "--yes"]
    assert main(args, environ=env) == 0
    expected = _night(plain)
    _sliced(monkeypatch, 20_000, 5_000)
    feeds: list[str] = []
    real = TableParser.feed
    monkeypatch.setattr(TableParser, "feed", lambda self, *a: (feeds.append(self.title), real(self, *a))[1])
    assert _night(archived) == expected
    assert feeds.count("走访记录") > 1  # its slices were parsed as they were read, not the table after
