"""Bounded retries for Sheets API calls: jittered backoff under a total deadline, a timeout on every request.

Hand-written because gspread 6.2.1's BackOffHTTPClient recurses without bound on a request that keeps
failing and has no total deadline; this wraps gspread's own HTTPClient.request instead.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any

import requests
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from urllib3.exceptions import NewConnectionError

from functions.domain.workbook import WorkbookError, WorkbookUnavailable

RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: the total deadline (s) governs; each wait is jittered and at most cap (s)."""

    attempts: int | None = None  # None: as many as the deadline allows (a shared per-minute quota needs ~60 s)
    base: float = 1.0
    cap: float = 20.0
    deadline: float = 120.0
    timeout: tuple[float, float] = (10.0, 60.0)  # connect, read


def not_sent(exc: requests.RequestException) -> bool:
    """True when the request certainly never reached Google (no connection was made)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    seen, cause = set(), exc.args[0] if exc.args else None
    while cause is not None and id(cause) not in seen:  # requests wraps urllib3's MaxRetryError(reason=…)
        seen.add(id(cause))
        if isinstance(cause, NewConnectionError):
            return True
        if not isinstance(cause, BaseException):
            return False
        cause = getattr(cause, "reason", None) or cause.__cause__ or cause.__context__
    return False


def is_unsafe(method: str, endpoint: str) -> bool:
    """spreadsheets.batchUpdate (addSheet …), values.append and spreadsheets.create are not idempotent;
    values.batchUpdate is."""
    if method.upper() != "POST":
        return False
    if endpoint.rstrip("/").endswith("/v4/spreadsheets"):  # a second create would make a second spreadsheet
        return True
    return endpoint.endswith(":append") or (endpoint.endswith(":batchUpdate") and "/values:" not in endpoint)


class RetryingHTTPClient(HTTPClient):
    """gspread's HTTP client with deadline-bounded retries on 429/5xx and connection errors."""

    def __init__(self, auth: Any, session: requests.Session, policy: RetryPolicy) -> None:
        super().__init__(auth, session)
        self.policy = policy
        self.timeout = policy.timeout
        self.retries = 0  # retries made so far, for tests and logs

    def _wait(self, attempt: int, started: float, last: str, response: requests.Response | None) -> None:
        step = min(self.policy.cap, self.policy.base * 2**attempt)
        delay = step / 2 + random.uniform(0, step / 2)  # "equal jitter": never hammers, never waits over cap
        retry_after = response.headers.get("Retry-After", "") if response is not None else ""
        if retry_after.isdigit():
            delay = min(max(delay, float(retry_after)), self.policy.cap)
        out_of_tries = self.policy.attempts is not None and attempt + 1 >= self.policy.attempts
        if out_of_tries or time.monotonic() + delay - started > self.policy.deadline:
            raise WorkbookUnavailable(
                f"Google 表格暂时无法访问，已重试 {attempt + 1} 次仍失败（{last}），本次没有写入任何内容，请稍后再试 / "
                f"Google Sheets kept failing ({last}) after {attempt + 1} tries; nothing was written"
            )
        self.retries += 1
        time.sleep(delay)

    def _maybe_applied(self, last: str) -> WorkbookError:
        return WorkbookUnavailable(
            f"Google 表格没有确认这次修改（{last}），它可能已经生效，为免重复没有自动重试；请稍后重新运行，"
            f"程序会先检查表格现状 / Sheets did not confirm the change ({last}); it may have been applied, so it "
            f"was not retried: run again later, it checks the sheet first"
        )

    def request(self, method: str, endpoint: str, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        """Send; retry transient failures (a non-idempotent batchUpdate only when surely not applied)."""
        started = time.monotonic()
        unsafe = is_unsafe(method, endpoint)
        attempt = 0
        while True:
            try:
                response = self.session.request(method=method, url=endpoint, timeout=self.timeout, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                last = f"连接失败 connection error: {type(exc).__name__}"
                if unsafe and not not_sent(exc):
                    raise self._maybe_applied(last) from None
                self._wait(attempt, started, last, None)
                attempt += 1
                continue
            if response.ok:
                return response
            if response.status_code not in RETRY_STATUSES:
                raise APIError(response)
            if unsafe and response.status_code != 429:  # a 5xx may come after the change was applied
                raise self._maybe_applied(f"HTTP {response.status_code}")
            self._wait(attempt, started, f"HTTP {response.status_code}", response)
            attempt += 1
