"""The fake Sheets API v4 HTTP server: routing, Google-shaped errors, counters, faults, latency, quota."""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from . import views
from .batch import batch_update
from .discovery import Unimplemented, check_params
from .shapes import BadRequest
from .store import Spreadsheet

STATUS = {
    400: "INVALID_ARGUMENT",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
_ROUTES = [
    ("POST", re.compile(r"^/v4/spreadsheets$"), "spreadsheets.create"),
    ("GET", re.compile(r"^/v4/spreadsheets/([^/:]+)$"), "spreadsheets.get"),
    ("POST", re.compile(r"^/v4/spreadsheets/([^/:]+):batchUpdate$"), "spreadsheets.batchUpdate"),
    ("GET", re.compile(r"^/v4/spreadsheets/([^/:]+)/values:batchGet$"), "values.batchGet"),
    ("POST", re.compile(r"^/v4/spreadsheets/([^/:]+)/values:batchUpdate$"), "values.batchUpdate"),
    ("POST", re.compile(r"^/v4/spreadsheets/([^/:]+)/values/([^:]+):append$"), "values.append"),
    ("GET", re.compile(r"^/v4/spreadsheets/([^/:]+)/values/([^:]+)$"), "values.get"),
    ("PUT", re.compile(r"^/v4/spreadsheets/([^/:]+)/values/([^:]+)$"), "values.update"),
    ("POST", re.compile(r"^/drive/v3/files/([^/:]+)/permissions$"), "drive.permissions.create"),
]


@dataclass
class FakeState:
    """Everything the server holds: spreadsheets, counters and the faults to inject."""

    books: dict[str, Spreadsheet] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)  # every API request received, by method
    faults: deque = field(default_factory=deque)  # status codes for the next requests
    forbidden: dict[str, str] = field(default_factory=dict)  # spreadsheet id → 403 reason ("" = not shared)
    latency: float = 0.0  # seconds per request
    virtual: bool = False  # True: latency and quota waits are added to clock, never slept
    quota_per_minute: int | None = None  # reads and writes each, per minute, like Google's per-user quota
    clock: float = 0.0  # simulated seconds spent (virtual mode)
    quota_waits: int = 0  # requests that hit the quota (429 for real, a wait for virtual)
    windows: dict[str, deque] = field(default_factory=lambda: {"read": deque(), "write": deque()})
    lock: threading.RLock = field(default_factory=threading.RLock)
    journal: list[dict[str, Any]] | None = None  # a list: every API request and its status is kept there
    max_response_cells: int | None = 2_000_000  # a values.batchGet answering more is refused (None = no cap)
    permissions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # Drive: file id → shares
    drive_refusal: str | None = None  # a 403 reason every Drive share gets ("" = not allowed; None = none)

    def new_book(self, title: str, spreadsheet_id: str | None = None) -> Spreadsheet:
        book = Spreadsheet(spreadsheet_id or uuid.uuid4().hex[:20] + "fake", title)
        self.books[book.spreadsheet_id] = book
        return book


# 403 bodies as Google sends them: a google.rpc.ErrorInfo detail names the reason; "not shared" has none.
REFUSALS = {
    "": "The caller does not have permission",
    "SERVICE_DISABLED": "Google Sheets API has not been used in project 123456789 before or it is disabled. Enable it "
    "by visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?"
    "project=123456789 then retry.",
    "ACCESS_TOKEN_SCOPE_INSUFFICIENT": "Request had insufficient authentication scopes.",
}


class _Error(Exception):
    def __init__(self, code: int, message: str, details: list[dict] | None = None):
        super().__init__(message)
        self.code = code
        self.details = details


def _refused(reason: str) -> _Error:
    if not reason:
        return _Error(403, REFUSALS[""])
    info = {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": reason,
        "domain": "googleapis.com",
        "metadata": {"service": "sheets.googleapis.com", "consumer": "projects/123456789"},
    }
    return _Error(403, REFUSALS.get(reason, REFUSALS[""]), [info])


def _quota(state: FakeState, kind: str) -> None:
    if state.quota_per_minute is None:
        return
    now = state.clock if state.virtual else time.monotonic()
    window = state.windows[kind]
    while window and now - window[0] >= 60:
        window.popleft()
    if len(window) >= state.quota_per_minute:
        state.quota_waits += 1
        if not state.virtual:
            label = "Read" if kind == "read" else "Write"
            raise _Error(
                429,
                f"Quota exceeded for quota metric '{label} requests' and limit '{label} requests per "
                "minute per user' of service 'sheets.googleapis.com'.",
            )
        state.clock = window[0] + 60  # a perfectly patient client waits exactly until the window frees
        window.popleft()
        now = state.clock
    window.append(now)


class Handler(BaseHTTPRequestHandler):
    """One HTTP request against the fake."""

    server_version = "SheetsFake/1.0"
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid 40 ms delayed-ACK stalls

    @property
    def state(self) -> FakeState:
        return self.server.state  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet by default
        pass

    def _note(self, method: str, params: dict[str, list[str]]) -> None:
        """Keep the request in the journal, when one is kept (its status is filled in on answering)."""
        self._entry: dict[str, Any] | None = None
        journal = self.state.journal
        if journal is not None:
            try:
                body = json.loads(self._raw) if self._raw else None
            except ValueError:
                body = self._raw.decode(errors="replace")
            self._entry = {"method": method, "params": params, "body": body, "status": None}
            with self.state.lock:
                journal.append(self._entry)

    def _send(self, code: int, payload: Any) -> None:
        entry = getattr(self, "_entry", None)
        if entry is not None:
            entry["status"] = code
            self._entry = None
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(
        self,
        code: int,
        message: str,
        violations: list[tuple[str, str]] | None = None,
        details: list[dict] | None = None,
    ) -> None:
        error: dict[str, Any] = {"code": code, "message": message, "status": STATUS.get(code, "UNKNOWN")}
        if details:
            error["details"] = details
        if violations:  # Google adds the field violations of a 400 as a google.rpc.BadRequest detail
            error["details"] = [
                {
                    "@type": "type.googleapis.com/google.rpc.BadRequest",
                    "fieldViolations": [{"field": f, "description": d} for f, d in violations],
                }
            ]
        self._send(code, {"error": error})

    def _body(self) -> Any:
        raw = self._raw
        if not raw:
            return {}
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise _Error(400, f"Invalid JSON payload received. {exc}") from exc

    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._handle("PUT")

    def _handle(self, verb: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._raw = self.rfile.read(length) if length else b""  # always drained: keep-alive stays in step
        self._entry = None
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            if url.path.startswith("/__fake__/"):
                from .control import control

                self._send(200, control(self.state, verb, url.path, params, self._body()))
                return
            for route_verb, pattern, method in _ROUTES:
                m = pattern.match(url.path)
                if m and route_verb == verb:
                    self._note(method, params)
                    self._send(200, self._api(method, m.groups(), params))
                    return
            raise _Error(404, f"Method not found: {verb} {url.path}")
        except _Error as exc:
            self._error(exc.code, str(exc), details=exc.details)
        except BadRequest as exc:
            self._error(400, str(exc), exc.violations)
        except Unimplemented as exc:
            self._error(501, str(exc))

    def _api(self, method: str, groups: tuple[str, ...], params: dict[str, list[str]]) -> Any:
        state = self.state
        with state.lock:
            state.counts[method] += 1
            if state.virtual:
                state.clock += state.latency
        if state.latency and not state.virtual:
            time.sleep(state.latency)
        body = self._body() if method.endswith(("batchUpdate", "update", "append", "create")) else {}

        with state.lock:
            if state.faults:
                code = state.faults.popleft()
                raise _Error(
                    code,
                    "The service is currently unavailable."
                    if code != 429
                    else "Quota exceeded for quota metric 'Read requests' (injected).",
                )
            _quota(state, "read" if method.endswith("get") or method.endswith("Get") else "write")
            if method == "drive.permissions.create":
                from .drive import create_permission

                return create_permission(state, groups[0], params, body)
            if method == "spreadsheets.create":
                from .create import create_spreadsheet

                return create_spreadsheet(state, params, body)
            check_params("sheets.spreadsheets." + method.removeprefix("spreadsheets."), params)
            book_id = groups[0]
            if book_id in state.forbidden:
                raise _refused(state.forbidden[book_id])
            book = state.books.get(book_id)
            if book is None:
                raise _Error(404, "Requested entity was not found.")
            if method == "spreadsheets.get":
                return views.spreadsheet_json(book, params.get("fields", [None])[-1])
            if method == "values.batchGet":
                reply = views.batch_get(book, params)
                cells = sum(len(row) for r in reply["valueRanges"] for row in r.get("values", []))
                if state.max_response_cells is not None and cells > state.max_response_cells:
                    raise _Error(
                        400,
                        f"Response too large: {cells} cells (this fake answers at most "
                        f"{state.max_response_cells} in one values.batchGet; read in row chunks)",
                    )
                return reply
            if method == "values.get":
                return views.value_range(book, unquote(groups[1]), params)
            if method == "values.update":
                return views.update_values(book, unquote(groups[1]), params, body)
            if method == "values.append":
                from .append import append_values

                return append_values(book, unquote(groups[1]), params, body)
            if method == "values.batchUpdate":
                return views.batch_update_values(book, body)
            draft, reply = batch_update(book, body)
            state.books[book_id] = draft
            return reply


def make_server(state: FakeState, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A ready (not yet serving) HTTP server on host:port (0 = a free port)."""
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    server.state = state  # type: ignore[attr-defined]
    return server
