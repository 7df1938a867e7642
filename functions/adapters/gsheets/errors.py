"""One-line Chinese + English messages for Sheets API refusals, told apart by Google's error details."""

from __future__ import annotations

from typing import Any

from functions.domain.workbook import WorkbookError

ANY_ACCOUNT_ZH, ANY_ACCOUNT_EN = "运行本程序的服务账号", "the service account this program uses"


def error_reasons(error: Any) -> set[str]:
    """The google.rpc.ErrorInfo reasons of an API error body (e.g. SERVICE_DISABLED)."""
    details = error.get("details", []) if isinstance(error, dict) else []
    return {d.get("reason", "") for d in details if isinstance(d, dict) and d.get("reason")}


def refusal(spreadsheet_id: str, code: int, error: Any, address: Any) -> WorkbookError:
    """The error for a refused request; address() gives the service-account e-mail (looked up only for 403/404)."""
    reasons = error_reasons(error)
    if code == 403 and "SERVICE_DISABLED" in reasons:
        return WorkbookError(
            "这个 Google Cloud 项目还没有启用 Google Sheets API：请在 Cloud 控制台“API 和服务”里启用它，几分钟后再试 / "
            "the Google Sheets API is not enabled in this Cloud project: enable sheets.googleapis.com and retry"
        )
    if code == 403 and "ACCESS_TOKEN_SCOPE_INSUFFICIENT" in reasons:
        return WorkbookError(
            "服务账号的凭据没有 Google 表格的权限范围（spreadsheets）：请检查部署时的凭据设置 / "
            "the credentials lack the spreadsheets scope: check how the function's credentials are set up"
        )
    if code in (403, 404):
        who = address()
        return WorkbookError(
            f"无法打开 Google 表格 {spreadsheet_id}（HTTP {code}）：请确认表格 ID 正确，并把表格以“编辑者”"
            f"身份共享给 {who or ANY_ACCOUNT_ZH} / cannot open spreadsheet {spreadsheet_id} (HTTP {code}): check "
            f"the ID and share it with {who or ANY_ACCOUNT_EN} as an editor"
        )
    status = error.get("status", "") if isinstance(error, dict) else ""
    return WorkbookError(f"Google 表格拒绝了请求 / Sheets API refused the request: HTTP {code} {status}")
