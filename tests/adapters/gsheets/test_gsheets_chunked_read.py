"""Reads of a big spreadsheet in row chunks, so no values.batchGet answers with more than the cap."""

from __future__ import annotations

import math

import pytest

from functions.adapters.gsheets.backend import GoogleSheetsWorkbook
from functions.adapters.gsheets.read_plan import join_pieces, plan_reads
from functions.domain.workbook import WorkbookError
from tests.support.backends import FAST_RETRIES, make_gsheets
from tests.support.job_community import community


def test_requests_are_filled_to_the_cap_and_keep_the_tab_order():
    plan = plan_reads([("a", 10, 3), ("b", 100, 10), ("c", 2, 5)], cap=200)
    widths = {"a": 3, "b": 10, "c": 5}
    cells = [sum((last - first + 1) * widths[t] for t, first, last in request) for request in plan]
    assert all(190 < c <= 200 for c in cells[:-1]) and 0 < cells[-1] <= 200
    rows = {t: [] for t in "abc"}
    for request in plan:
        for title, first, last in request:
            rows[title].extend(range(first, last + 1))
    assert rows == {"a": list(range(1, 11)), "b": list(range(1, 101)), "c": [1, 2]}
    assert len(plan) == math.ceil((30 + 1000 + 10) / 200)


def test_a_row_wider_than_the_cap_still_goes_alone():
    assert plan_reads([("wide", 3, 50)], cap=20) == [[("wide", 1, 1)], [("wide", 2, 2)], [("wide", 3, 3)]]


def test_pieces_join_into_the_grid_the_api_would_send_whole():
    pieces = [(("t", 4, 6), [["d"], [], ["f"]]), (("t", 1, 3), [["a"], ["b"]]), (("t", 7, 9), [])]
    assert join_pieces(pieces) == [["a"], ["b"], [], ["d"], [], ["f"]]


@pytest.fixture
def big_sheet(sheets_fake, _gsheets_template):
    """The job community with 1,500 more contacts (走访记录 about 15,000 cells)."""
    rows = community()
    extra = rows["走访记录"][1]
    rows["走访记录"] += [list(extra) for _ in range(1500)]
    workbook = make_gsheets(sheets_fake, _gsheets_template, rows)
    return sheets_fake, workbook.spreadsheet_id


def test_a_capped_server_is_read_in_chunks_with_the_same_result(big_sheet):
    fake, sid = big_sheet
    whole = GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, emulator_host=fake.host).read()
    fake.configure(max_response_cells=5000)
    fake.reset()
    chunked = GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, emulator_host=fake.host)
    chunked.read_cells = 5000
    snapshot = chunked.read()
    grid_cells = sum(layout.rows * layout.cols for title, layout in chunked.layouts.items() if title in whole.tables)
    assert fake.counts()["values.batchGet"] == math.ceil(grid_cells / 5000)
    assert fake.counts()["spreadsheets.get"] == 1
    assert {t: [r.values for r in table.rows] for t, table in snapshot.tables.items()} == {
        t: [r.values for r in table.rows] for t, table in whole.tables.items()
    }
    assert len(snapshot.tables["走访记录"].rows) == 1506


def test_without_chunks_the_capped_server_refuses_the_read(big_sheet):
    fake, sid = big_sheet
    fake.configure(max_response_cells=5000)
    reader = GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, emulator_host=fake.host)
    reader.read_cells = 10**9
    with pytest.raises(WorkbookError):
        reader.read()


def test_a_whole_night_on_a_capped_server_reads_in_chunks_and_still_writes_once(big_sheet, tmp_path):
    from functions.jobs.run import run_nightly
    from tests.support import TODAY
    from tests.support.mail import outbox_delivery

    fake, sid = big_sheet
    fake.configure(max_response_cells=5000)
    probe = GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, emulator_host=fake.host)
    probe.read_cells = 5000
    probe.read()
    cells = sum(layout.rows * layout.cols for title, layout in probe.layouts.items() if title in probe.schema.tabs)
    fake.reset()
    workbook = GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, emulator_host=fake.host)
    workbook.read_cells = 5000
    result = run_nightly(workbook, TODAY, delivery=outbox_delivery(tmp_path / "outbox"))
    assert result.counts["行数"]["走访记录"] == 1506 and result.mailed
    counts = fake.counts()
    assert counts["spreadsheets.get"] == 1
    assert counts["values.batchGet"] == math.ceil(cells / 5000) >= 4  # chunked: each answer under the cap
    assert counts["values.batchUpdate"] == 2  # the night's one write, then the mail receipts
    assert fake.total <= math.ceil(cells / 5000) + 3 + 1  # ⌈cells ÷ cap⌉ + 3, plus the receipts
