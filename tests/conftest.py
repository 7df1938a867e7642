"""Shared fixtures: the fake Sheets API server and a workbook factory parametrised over both backends."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from devtools.sheets_fake import FakeSheets
from functions.domain.workbook import Workbook
from tests.support.backends import BACKENDS, Rows, init_template, make_gsheets, make_xlsx
from tests.support.feishu_fixtures import _feishu_server, _feishu_template, feishu_factory, feishu_fake  # noqa: F401


@pytest.fixture(scope="session")
def _fake_server() -> Iterator[FakeSheets]:
    fake = FakeSheets().start()
    yield fake
    fake.stop()


@pytest.fixture
def sheets_fake(_fake_server: FakeSheets) -> FakeSheets:
    """The running fake Sheets API (workbooks reach it with emulator_host=sheets_fake.host), counters reset."""
    _fake_server.reset()
    _fake_server.configure(latency=0.0, quota_per_minute=None, virtual=False, max_response_cells=2_000_000)
    return _fake_server


@pytest.fixture(scope="session")
def _gsheets_template(_fake_server: FakeSheets) -> str:
    _fake_server.reset()  # faults or a quota left by an earlier test must not reach the template
    _fake_server.configure(latency=0.0, quota_per_minute=None, virtual=False)
    return init_template(_fake_server)


@pytest.fixture(params=BACKENDS)
def workbook_factory(request: pytest.FixtureRequest, tmp_path, monkeypatch) -> Callable[[Rows | None], Workbook]:
    """workbook_factory(rows) -> a fully initialised Workbook holding rows, once per backend.

    rows: {tab title: [data rows in the schema's header order]}; dates as datetime.date (they land in
    Google Sheets as serial numbers, like typed dates). Tabs not given keep init's content (设置 defaults,
    说明). "xlsx" builds a file with functions.adapters.xlsx.layout.create_workbook; "gsheets" copies a spreadsheet
    initialised by GoogleSheetsWorkbook.init() on the fake server (emulator_host=its host), counters
    reset. Use request.getfixturevalue("sheets_fake") in a test to look at the fake's counters.
    """
    return factory_for(request, request.param, tmp_path)


def factory_for(request: pytest.FixtureRequest, backend: str, tmp_path) -> Callable[[Rows | None], Workbook]:
    """The workbook factory of one backend (workbook_factory's, for modules that override its params)."""
    if backend == "xlsx":
        return lambda rows=None: make_xlsx(tmp_path, rows)
    if backend == "feishu":
        return feishu_factory(request)
    fake = request.getfixturevalue("sheets_fake")
    template = request.getfixturevalue("_gsheets_template")
    return lambda rows=None: make_gsheets(fake, template, rows)


@pytest.fixture
def smtp():
    """A local SMTP server; its recorder, with .delivery: the jobs' delivery to it."""
    from tests.support.mail import smtp_delivery
    from tests.support.smtp_server import start_server

    controller, recorder, _ = start_server()
    recorder.delivery = smtp_delivery(controller.port)
    yield recorder
    controller.stop()


@pytest.fixture(autouse=True, scope="session")
def _own_temp_folder(tmp_path_factory) -> Iterator[None]:
    """A temp folder of this test session (TMPDIR, inherited by the processes tests start), so that the
    delivery journals Google Sheets runs keep in the temp folder never carry over between sessions."""
    import os
    import tempfile

    folder = str(tmp_path_factory.mktemp("tmpdir"))
    before = os.environ.get("TMPDIR")
    os.environ["TMPDIR"], tempfile.tempdir = folder, None
    yield
    if before is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = before
    tempfile.tempdir = None
