"""An offline fake of the Feishu (Lark) open API endpoints Sanyou uses, as a real HTTP server.

Built from the platform's public API reference: tenant_access_token/internal, sheets v3 query, and the v2
values_batch_get / values_batch_update / values_append / sheets_batch_update / dimension_range /
dataValidation / protected_dimension / styles_batch_update / condition_formats, with the platform's error bodies
({"code": …, "msg": …}: 99991400 rate limit with x-ogw-ratelimit-* headers, 99991663 bad token,
91403 / 1310213 not a collaborator, 90202 WrongRange, 90221 TooLargeResponse, 90227 TooLargeRequest …)
and documented limits (a read returns at most 10 MB; a write, dropdown or style range at most 5,000 rows
and 100 columns; 500 dropdown values; 50,000 characters a cell; 5,000,000 cells a sheet; 300 sheets).

Use from tests:
    fake = FakeFeishu().start(); app = fake.app          # FeishuApp(APP_ID, APP_SECRET, fake.base_url)
    token = fake.create_spreadsheet(); fake.inject(429, 503); fake.counts(); fake.stop()
By hand: python -m devtools.feishu_fake --port 8932 --spreadsheet TOKEN
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from functions.adapters.feishu.app import FeishuApp
from functions.domain.serial_dates import date_to_serial

from .server import APP_ID, APP_SECRET, FakeState, make_server
from .store import Book

__all__ = ["APP_ID", "APP_SECRET", "FakeFeishu"]


def to_cell(value: Any) -> Any:
    """A Python value as a typed cell: a date becomes its serial number (a date-formatted number)."""
    if isinstance(value, dt.date):
        return float(date_to_serial(value))
    return None if value == "" else value


class FakeFeishu:
    """The fake server with a Python API for tests and benchmarks."""

    def __init__(self) -> None:
        self.state = FakeState()
        self._server = None

    def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeFeishu:
        """Serve from a background thread; port 0 picks a free port."""
        self._server = make_server(self.state, host, port)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def base_url(self) -> str:
        """http://host:port, the value for FEISHU_BASE_URL."""
        host, port = self._server.server_address[:2]  # type: ignore[union-attr]
        return f"http://{host}:{port}"

    @property
    def app(self) -> FeishuApp:
        """Credentials the fake accepts, pointed at it."""
        return FeishuApp(APP_ID, APP_SECRET, self.base_url)

    def create_spreadsheet(self, tabs: dict[str, list[list[Any]]] | None = None, title: str = "三有工作簿") -> str:
        """A new spreadsheet (one blank Sheet1, like Feishu's) plus a sheet per {title: rows}; its token."""
        with self.state.lock:
            book = self.state.new_book(title)
            for name, rows in (tabs or {}).items():
                book.add_sheet(name)
                self._load(book, name, rows, 0)
            return book.token

    def book(self, token: str) -> Book:
        """The stored spreadsheet (for assertions on dropdowns, protection, frozen rows …)."""
        return self.state.books[token]

    def copy_spreadsheet(self, token: str) -> str:
        """A copy under a new token (cheap set-up for many tests)."""
        with self.state.lock:
            fresh = self.state.new_book("copy")
            twin = self.book(token).clone(fresh.token)
            self.state.books[fresh.token] = twin
            return twin.token

    @staticmethod
    def _load(book: Book, title: str, rows: list[list[Any]], start_row: int, replace: bool = False) -> None:
        sheet = book.by_title(title)
        if replace:
            for key in [k for k in sheet.cells if k[0] >= start_row]:
                del sheet.cells[key]
        sheet.rows = max(sheet.rows, start_row + len(rows) + 1)
        sheet.cols = max(sheet.cols, max((len(r) for r in rows), default=0))
        for i, line in enumerate(rows):
            for j, value in enumerate(line):
                sheet.put(start_row + i, j, to_cell(value))
        book.revision += 1

    def load_rows(
        self, token: str, title: str, rows: list[list[Any]], start_row: int = 1, replace: bool = False
    ) -> None:
        """Type rows straight into a tab (as volunteers do), from 0-based start_row (1 = under the headers)."""
        with self.state.lock:
            self._load(self.book(token), title, rows, start_row, replace)

    def values(self, token: str, title: str) -> list[list[Any]]:
        """A tab's used cells (ragged rows, None for empty cells)."""
        with self.state.lock:
            return self.book(token).by_title(title).grid()

    def counts(self) -> dict[str, int]:
        """API requests since the last reset, by endpoint (token fetches as 'tenant_access_token')."""
        with self.state.lock:
            return dict(self.state.counts)

    @property
    def total(self) -> int:
        """API requests since the last reset."""
        with self.state.lock:
            return sum(self.state.counts.values())

    @property
    def largest_reply(self) -> int:
        """Bytes of the biggest values_batch_get reply since the last reset (the platform allows 10 MB)."""
        return self.state.largest_reply

    @property
    def clock(self) -> float:
        """Simulated seconds (virtual mode): latency plus rate-limit waits."""
        return self.state.clock

    def inject(self, *codes: int) -> None:
        """Answer the next requests with these HTTP statuses (429 carries code 99991400)."""
        with self.state.lock:
            self.state.faults.extend(codes)

    def forbid(self, token: str) -> None:
        """The app is no longer a collaborator of this spreadsheet."""
        self.state.forbidden.add(token)

    def expire_tokens(self) -> None:
        """Every tenant token issued so far stops working (as after its two hours)."""
        with self.state.lock:
            self.state.tokens.clear()

    def configure(self, **options: Any) -> None:
        """latency=s, virtual=bool, quota_per_second=n|None, max_response_bytes=n, token_ttl=s."""
        with self.state.lock:
            for key, value in options.items():
                if not hasattr(self.state, key):
                    raise TypeError(key)
                setattr(self.state, key, value)

    def reset(self, books: bool = False) -> None:
        """Zero counters, faults, clock and quota window (and drop spreadsheets when books)."""
        with self.state.lock:
            self.state.counts.clear()
            self.state.faults.clear()
            self.state.window.clear()
            self.state.forbidden.clear()
            self.state.clock = 0.0
            self.state.largest_reply = 0
            if books:
                self.state.books.clear()
