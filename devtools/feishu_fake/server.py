"""The fake Feishu open-API HTTP server: tenant tokens, routing, the platform's error bodies, faults, counters."""

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
from urllib.parse import parse_qs, urlsplit

from . import endpoints as ep
from .store import Book, FeishuError

APP_ID, APP_SECRET = "cli_sanyoufake0001", "fake-app-secret"
TOKEN_PATH = "/open-apis/auth/v3/tenant_access_token/internal"
_V2 = r"^/open-apis/sheets/v2/spreadsheets/([^/]+)/"
ROUTES = [
    ("GET", re.compile(r"^/open-apis/sheets/v3/spreadsheets/([^/]+)/sheets/query$"), "sheets.query"),
    ("GET", re.compile(_V2 + "values_batch_get$"), "values_batch_get"),
    ("POST", re.compile(_V2 + "values_batch_update$"), "values_batch_update"),
    ("POST", re.compile(_V2 + "values_append$"), "values_append"),
    ("POST", re.compile(_V2 + "sheets_batch_update$"), "sheets_batch_update"),
    ("POST", re.compile(_V2 + "dimension_range$"), "dimension_range"),
    ("POST", re.compile(_V2 + "dataValidation$"), "dataValidation"),
    ("POST", re.compile(_V2 + "protected_dimension$"), "protected_dimension"),
    ("PUT", re.compile(_V2 + "styles_batch_update$"), "styles_batch_update"),
    ("POST", re.compile(_V2 + "condition_formats/batch_create$"), "condition_formats"),
]
HANDLERS = {
    "sheets.query": ep.sheets_query,
    "values_batch_update": ep.values_batch_update,
    "values_append": ep.values_append,
    "sheets_batch_update": ep.sheets_batch_update,
    "dimension_range": ep.dimension_range,
    "dataValidation": ep.data_validation,
    "protected_dimension": ep.protected_dimension,
    "styles_batch_update": ep.styles_batch_update,
    "condition_formats": ep.condition_formats,
}
# Bodies for injected failures, as the platform sends them.
FAULTS = {
    429: (99991400, "request trigger frequency limit"),
    500: (95201, "InternalError"),
    502: (95202, "InternalError"),
    503: (95203, "InternalError"),
    504: (95204, "InternalError"),
}


@dataclass
class FakeState:
    """Everything the server holds."""

    books: dict[str, Book] = field(default_factory=dict)
    tokens: dict[str, float] = field(default_factory=dict)  # tenant token → expiry (clock seconds)
    counts: Counter = field(default_factory=Counter)
    faults: deque = field(default_factory=deque)
    forbidden: set[str] = field(default_factory=set)  # spreadsheets the app is not a collaborator of
    latency: float = 0.0
    virtual: bool = False  # latency and rate-limit waits are added to clock, never slept
    quota_per_second: int | None = None  # per app, like the documented "100 次/秒"
    clock: float = 0.0
    window: deque = field(default_factory=deque)
    token_ttl: int = 7200
    max_response_bytes: int = 10 * 1024 * 1024  # documented: a read returns at most 10 MB
    largest_reply: int = 0  # bytes of the biggest values_batch_get reply since the last reset
    lock: threading.RLock = field(default_factory=threading.RLock)

    def new_book(self, title: str, token: str | None = None) -> Book:
        """An empty spreadsheet with one sheet, as Feishu creates it."""
        book = Book(token or "shtcn" + uuid.uuid4().hex[:22], title)
        book.add_sheet("Sheet1")
        self.books[book.token] = book
        return book

    def now(self) -> float:
        return self.clock if self.virtual else time.monotonic()


def _issue_token(state: FakeState, body: Any) -> dict[str, Any]:
    body = body or {}
    if body.get("app_id") != APP_ID:
        raise FeishuError(400, 10003, "invalid param app_id")
    if body.get("app_secret") != APP_SECRET:
        raise FeishuError(400, 10014, "app secret invalid")
    token = "t-" + uuid.uuid4().hex
    state.tokens[token] = state.now() + state.token_ttl
    return {"code": 0, "msg": "ok", "tenant_access_token": token, "expire": state.token_ttl}


def _check_token(state: FakeState, header: str) -> None:
    if not header.startswith("Bearer "):
        raise FeishuError(400, 99991661, "Missing access token for authorization.")
    expiry = state.tokens.get(header[len("Bearer ") :])
    if expiry is None or expiry <= state.now():
        raise FeishuError(
            400, 99991663, "Invalid access token for authorization. Please make a request with token attached."
        )


def _throttle(state: FakeState) -> None:
    """Latency, and the per-second quota: a wait in virtual mode, a 429 otherwise."""
    state.clock += state.latency
    if state.quota_per_second is None:
        return
    now = state.now()
    while state.window and state.window[0] <= now - 1.0:
        state.window.popleft()
    if len(state.window) >= state.quota_per_second:
        if not state.virtual:
            raise FeishuError(429, *FAULTS[429])
        state.clock = state.window[0] + 1.0
        state.window.popleft()
    state.window.append(state.now())


def handle(state: FakeState, verb: str, path: str, params: dict[str, str], body: Any, auth: str) -> tuple[int, dict]:
    """One API request → (HTTP status, JSON body)."""
    if path == TOKEN_PATH and verb == "POST":
        with state.lock:
            state.counts["tenant_access_token"] += 1
            _throttle(state)
            return 200, _issue_token(state, body)
    found = [(m, name) for verb_, pattern, name in ROUTES if verb_ == verb and (m := pattern.match(path))]
    if not found:
        raise FeishuError(404, 404, f"404 page not found: {verb} {path}")
    match, name = found[0]
    with state.lock:
        state.counts[name] += 1
        _throttle(state)
        if state.faults:
            code = state.faults.popleft()
            raise FeishuError(code, *FAULTS.get(code, (95299, "DefaultCode")))
        _check_token(state, auth)
        token = match.group(1)
        if token in state.forbidden:
            raise (
                FeishuError(403, 1310213, "permission fail")
                if name == "sheets.query"
                else FeishuError(403, 91403, "Forbidden")
            )
        book = state.books.get(token)
        if book is None:
            raise (
                FeishuError(404, 1310214, "not found")
                if name == "sheets.query"
                else FeishuError(400, 90214, "SpreadSheetNotFound")
            )
        if name == "values_batch_get":
            data = ep.values_batch_get(book, params, body, state)
        else:
            data = HANDLERS[name](book, params, body)
        return 200, {"code": 0, "msg": "success", "data": data}


class _Handler(BaseHTTPRequestHandler):
    state: FakeState

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _serve(self, verb: str) -> None:
        url = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {}
        try:
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                raise FeishuError(400, 90201, "WrongRequestJson") from None
            status, reply = handle(self.state, verb, url.path, params, body, self.headers.get("Authorization", ""))
        except FeishuError as exc:
            status, reply = exc.status, {"code": exc.code, "msg": exc.msg}
            if exc.code == 99991400:
                headers = {"x-ogw-ratelimit-limit": "100", "x-ogw-ratelimit-reset": "1"}
        data = json.dumps(reply, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._serve("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._serve("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._serve("PUT")


def make_server(state: FakeState, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A threading HTTP server bound to host:port serving state."""
    handler = type("Handler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
