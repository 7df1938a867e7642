"""The Feishu open-API transport: tenant token, JSON calls, bounded retries (no workbook knowledge here)."""

from __future__ import annotations

import random
import threading
import time
from typing import Any

import requests

from functions.adapters.feishu.app import FeishuApp
from functions.adapters.gsheets.retry import RetryPolicy, not_sent
from functions.domain.errors import SanyouError
from functions.domain.workbook import WorkbookError, WorkbookUnavailable

TOKEN_PATH = "/open-apis/auth/v3/tenant_access_token/internal"
RATE_LIMITED = {99991400, 90217}  # "request trigger frequency limit" (HTTP 429, or 400 on older APIs); TooManyRequest
TOKEN_REJECTED = {99991661, 99991663, 99991668, 99991677}  # missing / invalid / expired tenant token
REFRESH_MARGIN = 300.0  # seconds: fetch a new token this long before the old one expires


class FeishuAPIError(SanyouError):
    """The platform refused a request (not worth retrying): HTTP status, Feishu code and msg."""

    def __init__(self, status: int, code: int, msg: str) -> None:
        super().__init__(f"HTTP {status} code {code}: {msg}")
        self.status, self.code, self.msg = status, code, msg


_TOKENS: dict[tuple[str, str], tuple[str, float]] = {}  # (base, app_id) → (token, monotonic expiry)
_TOKENS_LOCK = threading.Lock()


def forget_tokens() -> None:
    """Drop every cached tenant token (as a fresh process has none)."""
    with _TOKENS_LOCK:
        _TOKENS.clear()


def _body(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


class FeishuClient:
    """JSON calls to the open API with a tenant token, retried on rate limits, 5xx and network errors."""

    def __init__(self, app: FeishuApp, policy: RetryPolicy | None = None) -> None:
        if not (app.app_id and app.app_secret):
            raise WorkbookError(
                "没有飞书应用凭据：请设置环境变量 FEISHU_APP_ID 和 FEISHU_APP_SECRET"
                "（飞书开放平台 → 应用 → 凭证与基础信息）"
            )
        self.app = app
        self.base = app.base_url.rstrip("/")
        self.policy = policy or RetryPolicy()
        self.session = requests.Session()
        self.requests = 0  # API requests sent (token fetches included), for logs and tests
        self.retries = 0

    # --- token -----------------------------------------------------------------------------------
    def token(self, renew: bool = False) -> str:
        """The cached tenant_access_token, fetched when missing, near expiry, or rejected."""
        key = (self.base, self.app.app_id)
        with _TOKENS_LOCK:
            cached = _TOKENS.get(key)
            if cached and not renew and cached[1] - REFRESH_MARGIN > time.monotonic():
                return cached[0]
        body = {"app_id": self.app.app_id, "app_secret": self.app.app_secret}
        reply = self._send("POST", TOKEN_PATH, None, body, auth=False, unsafe=False)
        token, expire = reply.get("tenant_access_token", ""), float(reply.get("expire", 7200))
        with _TOKENS_LOCK:
            _TOKENS[key] = (token, time.monotonic() + expire)
        return token

    # --- calls -----------------------------------------------------------------------------------
    def call(
        self, method: str, path: str, params: dict[str, Any] | None = None, body: Any = None, unsafe: bool = False
    ) -> dict[str, Any]:
        """One API call; its `data`. unsafe: not retried after a 5xx (it may have been applied)."""
        try:
            return self._send(method, path, params, body, auth=True, unsafe=unsafe).get("data") or {}
        except FeishuAPIError as exc:
            if exc.code not in TOKEN_REJECTED:
                raise
        self.token(renew=True)  # the token was revoked or expired early: one fresh try
        return self._send(method, path, params, body, auth=True, unsafe=unsafe).get("data") or {}

    def _send(
        self, method: str, path: str, params: dict[str, Any] | None, body: Any, auth: bool, unsafe: bool
    ) -> dict[str, Any]:
        started, attempt = time.monotonic(), 0
        while True:
            headers = {"Content-Type": "application/json; charset=utf-8"}
            if auth:
                headers["Authorization"] = f"Bearer {self.token()}"
            self.requests += 1
            try:
                response = self.session.request(
                    method, self.base + path, params=params, json=body, headers=headers, timeout=self.policy.timeout
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                last = f"连接失败 connection error: {type(exc).__name__}"
                if unsafe and not not_sent(exc):
                    raise self._maybe_applied(last) from None
                self._wait(attempt, started, last, None)
                attempt += 1
                continue
            reply = _body(response)
            code = reply.get("code", 0 if response.ok else -1)
            if response.ok and code == 0:
                return reply
            if response.status_code == 429 or code in RATE_LIMITED:
                self._wait(attempt, started, f"频率限制 rate limited (code {code})", response)
            elif response.status_code >= 500:
                if unsafe:
                    raise self._maybe_applied(f"HTTP {response.status_code}")
                self._wait(attempt, started, f"HTTP {response.status_code}", response)
            else:
                raise FeishuAPIError(response.status_code, int(code), str(reply.get("msg", "")))
            attempt += 1

    def _wait(self, attempt: int, started: float, last: str, response: requests.Response | None) -> None:
        step = min(self.policy.cap, self.policy.base * 2**attempt)
        delay = step / 2 + random.uniform(0, step / 2)
        reset = response.headers.get("x-ogw-ratelimit-reset", "") if response is not None else ""
        if reset.isdigit():  # the platform says when the window reopens
            delay = min(max(delay, float(reset)), self.policy.cap)
        out_of_tries = self.policy.attempts is not None and attempt + 1 >= self.policy.attempts
        if out_of_tries or time.monotonic() + delay - started > self.policy.deadline:
            raise WorkbookUnavailable(
                f"飞书表格暂时无法访问，已重试 {attempt + 1} 次仍失败（{last}），本次没有写入任何内容，请稍后再试 / "
                f"Feishu Sheets kept failing ({last}) after {attempt + 1} tries; nothing was written"
            )
        self.retries += 1
        time.sleep(delay)

    @staticmethod
    def _maybe_applied(last: str) -> WorkbookError:
        return WorkbookUnavailable(
            f"飞书没有确认这次修改（{last}），它可能已经生效，为免重复没有自动重试；"
            "请稍后重新运行，程序会先检查表格现状 / "
            f"Feishu did not confirm the change ({last}); it may have been applied, so it was not retried"
        )
