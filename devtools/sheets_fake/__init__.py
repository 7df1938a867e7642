"""An offline fake of the Google Sheets API v4 (the endpoints Sanyou uses), as a real HTTP server.

Use from tests:
    fake = FakeSheets().start()              # a free port on 127.0.0.1, served from a thread
    sid = fake.create_spreadsheet({"老人档案": [["编号", "姓名"], ["E0001", "王秀英"]]})
    monkeypatch.setenv("SHEETS_EMULATOR_HOST", fake.host)
    fake.counts(); fake.inject(429, 503); fake.configure(latency=0.15, quota_per_minute=60); fake.stop()
By hand: python -m devtools.sheets_fake --port 8931 --spreadsheet DEMO_ID
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from functions.domain.serial_dates import date_to_serial

from .control import configure, reset, stats
from .server import FakeState, make_server
from .store import DEFAULT_COLS, DEFAULT_ROWS, DateNum, Spreadsheet, read_values

__all__ = ["FakeSheets", "load_tabs", "to_cell"]


def to_cell(value: Any) -> Any:
    """A Python value as a sheet cell: dates become date-formatted serial numbers, like a typed date."""
    if isinstance(value, dt.date):
        return DateNum(date_to_serial(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return None if value == "" else value


def load_rows(book: Spreadsheet, title: str, rows: list[list[Any]], start_row: int = 0, replace: bool = False) -> None:
    """Put rows into a tab from a 0-based row on, growing its grid; replace empties the rows below first."""
    sheet = book.by_title(title)
    if replace:
        del sheet.rows[start_row:]
    grid = sheet.props["gridProperties"]
    grid["rowCount"] = max(grid["rowCount"], start_row + len(rows) + 1)
    grid["columnCount"] = max(grid["columnCount"], max((len(r) for r in rows), default=0))
    for i, line in enumerate(rows):
        for j, value in enumerate(line):
            sheet.put(start_row + i, j, to_cell(value))


def load_tabs(book: Spreadsheet, tabs: dict[str, list[list[Any]]]) -> None:
    """Add a tab per title holding these rows (row 1 first)."""
    for title, rows in tabs.items():
        width = max((len(r) for r in rows), default=0)
        book.add_sheet(title, rows=max(DEFAULT_ROWS, len(rows) + 1), cols=max(DEFAULT_COLS, width))
        load_rows(book, title, rows)


class FakeSheets:
    """The fake server with a Python API for tests and benchmarks."""

    def __init__(self) -> None:
        self.state = FakeState()
        self._server = None
        self._thread: threading.Thread | None = None

    def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeSheets:
        """Serve from a background thread; port 0 picks a free port."""
        self._server = make_server(self.state, host, port)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def host(self) -> str:
        """host:port, the value for SHEETS_EMULATOR_HOST."""
        host, port = self._server.server_address[:2]  # type: ignore[union-attr]
        return f"{host}:{port}"

    def create_spreadsheet(
        self,
        tabs: dict[str, list[list[Any]]] | None = None,
        title: str = "三有工作簿",
        spreadsheet_id: str | None = None,
    ) -> str:
        """A new spreadsheet holding {title: rows}; returns its id."""
        with self.state.lock:
            book = self.state.new_book(title, spreadsheet_id)
            load_tabs(book, tabs or {})
            return book.spreadsheet_id

    def shares(self, file_id: str) -> list[dict[str, Any]]:
        """The Drive permissions given on a spreadsheet (drive.permissions.create), oldest first."""
        with self.state.lock:
            return list(self.state.permissions.get(file_id, []))

    def book(self, spreadsheet_id: str) -> Spreadsheet:
        """The stored spreadsheet (for assertions on notes, validations, protection …)."""
        return self.state.books[spreadsheet_id]

    def load_rows(
        self, spreadsheet_id: str, title: str, rows: list[list[Any]], start_row: int = 1, replace: bool = False
    ) -> None:
        """Write rows straight into a tab (as volunteers typing), from 0-based start_row (1 = under headers)."""
        with self.state.lock:
            load_rows(self.book(spreadsheet_id), title, rows, start_row, replace)

    def copy_spreadsheet(self, spreadsheet_id: str) -> str:
        """A copy of a stored spreadsheet under a new id (cheap set-up for many tests)."""
        with self.state.lock:
            copy = self.book(spreadsheet_id).clone()
            fresh = self.state.new_book(copy.title)
            fresh.sheets, fresh.next_id = copy.sheets, copy.next_id
            return fresh.spreadsheet_id

    def values(
        self, spreadsheet_id: str, title: str, render: str = "UNFORMATTED_VALUE", dates: str = "SERIAL_NUMBER"
    ) -> list[list[Any]]:
        """A tab's values as the API would return them (ragged)."""
        with self.state.lock:
            sheet = self.book(spreadsheet_id).by_title(title)
            rows, cols = sheet.size
            return read_values(sheet, 0, 0, rows, cols, render, dates)

    def counts(self) -> dict[str, int]:
        """API requests received since the last reset, by method (e.g. 'values.batchGet')."""
        return dict(stats(self.state)["counts"])

    @property
    def total(self) -> int:
        """API requests received since the last reset."""
        return int(stats(self.state)["total"])

    @property
    def clock(self) -> float:
        """Simulated seconds (virtual mode): latency plus quota waits."""
        return self.state.clock

    def inject(self, *codes: int) -> None:
        """Answer the next requests with these HTTP status codes (e.g. 429, 429, 503)."""
        configure(self.state, faults=list(codes))

    def forbid(self, spreadsheet_id: str, reason: str = "") -> None:
        """Answer 403 for this spreadsheet: not shared (""), SERVICE_DISABLED or ACCESS_TOKEN_SCOPE_INSUFFICIENT."""
        self.state.forbidden[spreadsheet_id] = reason

    def configure(self, **options: Any) -> None:
        """latency=seconds, quota_per_minute=n|None, virtual=bool, faults=[codes]."""
        configure(self.state, **options)

    def reset(self, books: bool = False) -> None:
        """Zero counters, faults and clock; drop spreadsheets when books."""
        reset(self.state, books)
