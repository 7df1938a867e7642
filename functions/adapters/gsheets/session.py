"""How the Sheets backend reaches Google (or the emulator): credentials, session, retrying client.

An emulator host:port (SHEETS_EMULATOR_HOST in the configuration, like PUBSUB_EMULATOR_HOST) sends every
request over plain http://host:port with no credentials: EmulatorSession rewrites gspread's https://sheets.googleapis.com
base URL (gspread.urls) per request, so gspread itself, unchanged, talks to the emulator.
"""

from __future__ import annotations

from typing import Any

import requests

from functions.adapters.gsheets.retry import RetryingHTTPClient, RetryPolicy
from functions.domain.workbook import WorkbookError

# Spreadsheets are opened by key (no Drive scope for them); drive.file reaches only the files this service
# account made itself, the archive spreadsheets, so that `archive` can share them with the secretary.
SCOPES = ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive.file"]
GOOGLE_BASE = "https://sheets.googleapis.com"
DRIVE_BASE = "https://www.googleapis.com"


class EmulatorSession(requests.Session):
    """A plain requests.Session that sends Sheets API calls to the emulator instead of Google."""

    def __init__(self, host: str) -> None:
        super().__init__()
        self.base = "http://" + host.strip().removeprefix("http://").rstrip("/")

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        """Rewrite the Google base URLs (Sheets, and Drive's), then send as usual."""
        for google in (GOOGLE_BASE, DRIVE_BASE):
            if isinstance(url, str) and url.startswith(google):
                url = self.base + url[len(google) :]
        return super().request(method, url, *args, **kwargs)


def _credentials() -> Any:
    """ADC or GOOGLE_APPLICATION_CREDENTIALS, with the spreadsheets and drive.file scopes."""
    import google.auth
    from google.auth.exceptions import DefaultCredentialsError

    try:
        credentials, _project = google.auth.default(scopes=SCOPES)
    except DefaultCredentialsError as exc:
        raise WorkbookError(
            "找不到 Google 凭据：请设置 GOOGLE_APPLICATION_CREDENTIALS 为服务账号密钥文件 / "
            "no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file"
        ) from exc
    return credentials


def share_address(credentials: Any) -> str | None:
    """The service account's e-mail, looked up when needed: on Cloud Functions (metadata-server credentials)
    it reads "default" until the first token refresh, so refresh once if it still does (never raises)."""
    if credentials is None:
        return None
    email = getattr(credentials, "service_account_email", None)
    if not (email and "@" in email):
        try:
            from google.auth.transport.requests import Request

            credentials.refresh(Request())
            email = getattr(credentials, "service_account_email", None)
        except Exception:  # noqa: BLE001 - only a nicer message is at stake; the caller still reports the error
            return None
    return email if isinstance(email, str) and "@" in email else None


def make_client(policy: RetryPolicy | None = None, emulator_host: str | None = None) -> tuple[RetryingHTTPClient, Any]:
    """A gspread HTTP client with our retries, and its credentials (None under the emulator)."""
    policy = policy or RetryPolicy()
    host = (emulator_host or "").strip()
    if host:
        return RetryingHTTPClient(None, EmulatorSession(host), policy), None  # type: ignore[arg-type]
    from google.auth.transport.requests import AuthorizedSession

    credentials = _credentials()
    return RetryingHTTPClient(credentials, AuthorizedSession(credentials), policy), credentials
