"""A refused sheet says what to do: share with the real service-account address, enable the API, or fix the scope."""

from __future__ import annotations

import pytest

from functions.domain.workbook import WorkbookError
from tests.support.backends import init_template, make_gsheets

ADDRESS = "sanyou-jobs@sanyou-prod.iam.gserviceaccount.com"


class MetadataServerCredentials:
    """Like google.auth.compute_engine.Credentials: the e-mail reads "default" until the first refresh."""

    def __init__(self, email: str = "default", fail: bool = False) -> None:
        self.service_account_email = email
        self.fail = fail
        self.refreshes = 0

    def refresh(self, request: object) -> None:
        self.refreshes += 1
        if self.fail:
            raise OSError("metadata server unreachable")
        self.service_account_email = ADDRESS


@pytest.fixture
def refused(sheets_fake):
    def make(reason: str = "", credentials: MetadataServerCredentials | None = None):
        wb = make_gsheets(sheets_fake, init_template(sheets_fake), None)
        wb.client  # noqa: B018 - make the (emulator) client, then stand in Cloud Functions' credentials
        wb.credentials = credentials or MetadataServerCredentials()
        sheets_fake.forbid(wb.spreadsheet_id, reason)
        with pytest.raises(WorkbookError) as caught:
            wb.read()
        message = str(caught.value)
        assert "\n" not in message
        return message, wb.credentials

    return make


def test_not_shared_names_the_service_account_even_before_its_first_refresh(refused):
    message, credentials = refused()
    assert f"共享给 {ADDRESS}" in message and f"share it with {ADDRESS}" in message
    assert credentials.refreshes == 1


def test_an_address_already_known_is_used_without_refreshing(refused):
    message, credentials = refused(credentials=MetadataServerCredentials(ADDRESS))
    assert ADDRESS in message and credentials.refreshes == 0


def test_a_failed_refresh_still_gives_the_one_line_message(refused):
    message, _ = refused(credentials=MetadataServerCredentials(fail=True))
    assert "共享" in message and "服务账号" in message and "default" not in message


def test_sheets_api_not_enabled_is_not_called_a_sharing_problem(refused):
    message, credentials = refused("SERVICE_DISABLED")
    assert "启用" in message and "Sheets API" in message and "共享" not in message
    assert credentials.refreshes == 0


def test_a_token_without_the_spreadsheets_scope_is_named(refused):
    message, _ = refused("ACCESS_TOKEN_SCOPE_INSUFFICIENT")
    assert "spreadsheets" in message and "scope" in message and "共享" not in message
