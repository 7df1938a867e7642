"""The /__fake__/ control endpoint: create spreadsheets, read counters, inject faults, reset."""

from __future__ import annotations

from typing import Any

from .server import FakeState
from .shapes import BadRequest


def configure(
    state: FakeState,
    latency: float | None = None,
    quota_per_minute: int | None | str = "keep",
    virtual: bool | None = None,
    faults: list[int] | None = None,
    max_response_cells: int | None | str = "keep",
    drive_refusal: str | None | bool = False,
) -> None:
    """Set latency (s), the per-minute quota (None = off), virtual time, status codes to inject next, the
    most cells one values.batchGet may answer with (None = no cap), and the 403 reason every Drive share
    gets ("" = not allowed, "ACCESS_TOKEN_SCOPE_INSUFFICIENT" …; None = shares work again)."""
    with state.lock:
        if latency is not None:
            state.latency = float(latency)
        if quota_per_minute != "keep":
            state.quota_per_minute = quota_per_minute  # type: ignore[assignment]
        if virtual is not None:
            state.virtual = bool(virtual)
        if faults is not None:
            state.faults.extend(int(code) for code in faults)
        if max_response_cells != "keep":
            state.max_response_cells = max_response_cells  # type: ignore[assignment]
        if drive_refusal is not False:
            state.drive_refusal = drive_refusal  # type: ignore[assignment]


def reset(state: FakeState, books: bool = False) -> None:
    """Zero counters, faults, clock and quota windows (and drop spreadsheets when books)."""
    with state.lock:
        state.counts.clear()
        state.faults.clear()
        state.clock = 0.0
        state.quota_waits = 0
        for window in state.windows.values():
            window.clear()
        if books:
            state.books.clear()


def stats(state: FakeState) -> dict[str, Any]:
    """Counters as JSON."""
    with state.lock:
        return {
            "counts": dict(state.counts),
            "total": sum(state.counts.values()),
            "clock": state.clock,
            "quota_waits": state.quota_waits,
        }


def control(state: FakeState, verb: str, path: str, params: dict[str, list[str]], body: Any) -> Any:
    """Route a control call: GET counts, POST reset / config / spreadsheets."""
    action = path[len("/__fake__/") :].strip("/")
    if action == "counts" and verb == "GET":
        return stats(state)
    if action == "reset" and verb == "POST":
        reset(state, bool(body.get("books", False)))
        return stats(state)
    if action == "config" and verb == "POST":
        configure(
            state, body.get("latency"), body.get("quota_per_minute", "keep"), body.get("virtual"), body.get("faults")
        )
        return stats(state)
    if action == "spreadsheets" and verb == "POST":
        from . import load_tabs

        with state.lock:
            book = state.new_book(body.get("title", "三有"), body.get("spreadsheetId"))
            load_tabs(book, body.get("tabs", {}))
        return {"spreadsheetId": book.spreadsheet_id}
    raise BadRequest(f"Unknown control call: {verb} {path}")
