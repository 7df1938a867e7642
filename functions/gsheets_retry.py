"""Bounded retries for Sheets API calls: exponential backoff with full jitter, a deadline, a timeout.

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

from .workbook import WorkbookError

RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: attempts, backoff base and cap (s), total deadline (s), per-request timeout (s)."""

    attempts: int = 6
    base: float = 1.0
    cap: float = 32.0
    deadline: float = 120.0
    timeout: tuple[float, float] = (10.0, 60.0)  # connect, read


class RetryingHTTPClient(HTTPClient):
    """gspread's HTTP client with bounded retries on 429/5xx and connection errors."""

    def __init__(self, auth: Any, session: requests.Session, policy: RetryPolicy) -> None:
        super().__init__(auth, session)
        self.policy = policy
        self.timeout = policy.timeout
        self.retries = 0  # retries made so far, for tests and logs

    def _wait(self, attempt: int, started: float, last: str, response: requests.Response | None) -> None:
        delay = random.uniform(0, min(self.policy.cap, self.policy.base * 2**attempt))
        retry_after = response.headers.get("Retry-After", "") if response is not None else ""
        if retry_after.isdigit():
            delay = max(delay, float(retry_after))
        if attempt + 1 >= self.policy.attempts or time.monotonic() + delay - started > self.policy.deadline:
            raise WorkbookError(
                f"Google 表格暂时无法访问，已重试 {attempt + 1} 次仍失败（{last}），本次没有写入任何内容，请稍后再试 / "
                f"Google Sheets kept failing ({last}) after {attempt + 1} tries; nothing was written"
            )
        self.retries += 1
        time.sleep(delay)

    def request(self, method: str, endpoint: str, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        """Send; retry transient failures; raise gspread's APIError for the rest."""
        started = time.monotonic()
        attempt = 0
        while True:
            try:
                response = self.session.request(method=method, url=endpoint, timeout=self.timeout, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                self._wait(attempt, started, f"连接失败 connection error: {type(exc).__name__}", None)
                attempt += 1
                continue
            if response.ok:
                return response
            if response.status_code not in RETRY_STATUSES:
                raise APIError(response)
            self._wait(attempt, started, f"HTTP {response.status_code}", response)
            attempt += 1
