"""How the Sheets backend reaches Google (or the emulator): credentials, session, retrying client.

SHEETS_EMULATOR_HOST=host:port (like PUBSUB_EMULATOR_HOST) sends every request over plain
http://host:port with no credentials: EmulatorSession rewrites gspread's https://sheets.googleapis.com
base URL (gspread.urls) per request, so gspread itself, unchanged, talks to the emulator.
"""
from __future__ import annotations

import os
from typing import Any

import requests

from .gsheets_retry import RetryingHTTPClient, RetryPolicy
from .workbook import WorkbookError

SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]  # open by key: no Drive scope needed
EMULATOR_ENV = "SHEETS_EMULATOR_HOST"
GOOGLE_BASE = "https://sheets.googleapis.com"


class EmulatorSession(requests.Session):
    """A plain requests.Session that sends Sheets API calls to the emulator instead of Google."""

    def __init__(self, host: str) -> None:
        super().__init__()
        self.base = "http://" + host.strip().removeprefix("http://").rstrip("/")

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        """Rewrite the Google base URL, then send as usual."""
        if isinstance(url, str) and url.startswith(GOOGLE_BASE):
            url = self.base + url[len(GOOGLE_BASE) :]
        return super().request(method, url, *args, **kwargs)


def _credentials() -> tuple[Any, str | None]:
    """ADC or GOOGLE_APPLICATION_CREDENTIALS, spreadsheets scope only; plus the service account e-mail."""
    import google.auth
    from google.auth.exceptions import DefaultCredentialsError

    try:
        credentials, _project = google.auth.default(scopes=SCOPES)
    except DefaultCredentialsError as exc:
        raise WorkbookError(
            "找不到 Google 凭据：请设置 GOOGLE_APPLICATION_CREDENTIALS 为服务账号密钥文件 / "
            "no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file"
        ) from exc
    email = getattr(credentials, "service_account_email", None)
    return credentials, (email if email and "@" in email else None)


def make_client(policy: RetryPolicy | None = None) -> tuple[RetryingHTTPClient, str | None]:
    """A gspread HTTP client with our retries, and the e-mail to share the sheet with (None if unknown)."""
    policy = policy or RetryPolicy()
    host = os.environ.get(EMULATOR_ENV, "").strip()
    if host:
        return RetryingHTTPClient(None, EmulatorSession(host), policy), None  # type: ignore[arg-type]
    from google.auth.transport.requests import AuthorizedSession

    credentials, email = _credentials()
    return RetryingHTTPClient(credentials, AuthorizedSession(credentials), policy), email
