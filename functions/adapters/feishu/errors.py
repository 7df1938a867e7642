"""One-line Chinese + English messages for Feishu refusals, told apart by the platform's error codes."""

from __future__ import annotations

from functions.adapters.feishu.client import FeishuAPIError
from functions.domain.workbook import WorkbookError

NOT_COLLABORATOR = {91403, 90213, 1310213}  # Forbidden / PermissionFail / permission fail (v3)
NOT_FOUND = {90214, 91402, 1310214, 1310249}  # SpreadSheetNotFound / NOTEXIST / not found / deleted
NO_SCOPE = {99991672, 99991679, 99991676}  # the app lacks the API scope (权限) it needs
BAD_APP = {10003, 10014}  # invalid app_id / app_secret
TOO_LARGE = {90221, 90227}  # TooLargeResponse / TooLargeRequest


def refusal(token: str, exc: FeishuAPIError) -> WorkbookError:
    """The error for a refused request, naming what a person has to do."""
    code = exc.code
    if code in NOT_COLLABORATOR or (exc.status == 403 and code not in NO_SCOPE):
        return WorkbookError(
            f"飞书应用没有这张表格的权限（{code}）：请打开表格，点右上角“…”→“更多”→“添加文档应用”，把本程序的应用加为"
            f"协作者并给“可编辑”权限，然后再运行 / the Feishu app is not a collaborator of sheet {token}: add it "
            f"(… → More → Add document app) with edit rights"
        )
    if code in NOT_FOUND:
        return WorkbookError(
            f"找不到飞书表格 {token}（{code}）：请确认链接或 token 没有抄错、表格没有被删除 / spreadsheet not found"
        )
    if code in NO_SCOPE:
        return WorkbookError(
            f"飞书应用还没有开通表格权限（{code}）：请在开放平台 → 应用 → 权限管理里开通"
            "“查看、评论、编辑和管理电子表格”"
            f"（sheets:spreadsheet），发布新版本后再试 / the app lacks the sheets:spreadsheet scope"
        )
    if code in BAD_APP:
        return WorkbookError(
            f"飞书应用凭据不对（{code}）：请核对 FEISHU_APP_ID 和 FEISHU_APP_SECRET / invalid Feishu app credentials"
        )
    return WorkbookError(
        f"飞书表格拒绝了请求（HTTP {exc.status}，错误码 {code}）/ Feishu refused the request: {exc.msg}"
    )
