"""Shared fixtures: the fake Sheets API server and a workbook factory parametrised over both backends."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from devtools.sheets_fake import FakeSheets
from functions.domain.workbook import Workbook
from tests.backends import BACKENDS, Rows, init_template, make_gsheets, make_xlsx


@pytest.fixture(scope="session")
def _fake_server() -> Iterator[FakeSheets]:
    fake = FakeSheets().start()
    yield fake
    fake.stop()


@pytest.fixture
def sheets_fake(_fake_server: FakeSheets, monkeypatch: pytest.MonkeyPatch) -> FakeSheets:
    """The running fake Sheets API, counters and faults reset, SHEETS_EMULATOR_HOST pointing at it."""
    monkeypatch.setenv("SHEETS_EMULATOR_HOST", _fake_server.host)
    _fake_server.reset()
    _fake_server.configure(latency=0.0, quota_per_minute=None, virtual=False, max_response_cells=2_000_000)
    return _fake_server


@pytest.fixture(scope="session")
def _gsheets_template(_fake_server: FakeSheets) -> str:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SHEETS_EMULATOR_HOST", _fake_server.host)
        _fake_server.reset()  # faults or a quota left by an earlier test must not reach the template
        _fake_server.configure(latency=0.0, quota_per_minute=None, virtual=False)
        return init_template(_fake_server)


@pytest.fixture(params=BACKENDS)
def workbook_factory(request: pytest.FixtureRequest, tmp_path, monkeypatch) -> Callable[[Rows | None], Workbook]:
    """workbook_factory(rows) -> a fully initialised Workbook holding rows, once per backend.

    rows: {tab title: [data rows in the schema's header order]}; dates as datetime.date (they land in
    Google Sheets as serial numbers, like typed dates). Tabs not given keep init's content (设置 defaults,
    说明). "xlsx" builds a file with functions.adapters.xlsx.layout.create_workbook; "gsheets" copies a spreadsheet
    initialised by GoogleSheetsWorkbook.init() on the fake server (SHEETS_EMULATOR_HOST set), counters
    reset. Use request.getfixturevalue("sheets_fake") in a test to look at the fake's counters.
    """
    if request.param == "xlsx":
        return lambda rows=None: make_xlsx(tmp_path, rows)
    fake = request.getfixturevalue("sheets_fake")
    template = request.getfixturevalue("_gsheets_template")
    return lambda rows=None: make_gsheets(fake, template, rows)
