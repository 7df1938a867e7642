"""The Feishu fake keeps the platform's documented limits and error bodies, so the backend is tested against them."""

from __future__ import annotations

import pytest
import requests

from devtools.feishu_fake import APP_ID, APP_SECRET


@pytest.fixture
def api(feishu_fake):
    token = requests.post(
        f"{feishu_fake.base_url}/open-apis/auth/v3/tenant_access_token/internal",
        json={"app_id": APP_ID, "app_secret": APP_SECRET},
        timeout=10,
    ).json()["tenant_access_token"]
    sheet_token = feishu_fake.create_spreadsheet({"数据": [["编号"]]})
    base = f"{feishu_fake.base_url}/open-apis/sheets/v2/spreadsheets/{sheet_token}/"
    sheet_id = feishu_fake.book(sheet_token).by_title("数据").sheet_id

    def call(verb: str, path: str, **kwargs):
        answer = requests.request(verb, base + path, headers={"Authorization": f"Bearer {token}"}, timeout=10, **kwargs)
        return answer.status_code, answer.json(), answer.headers

    call.token = sheet_token  # type: ignore[attr-defined]
    return call, sheet_id


def test_a_write_over_5000_rows_is_refused_whole(api):
    call, sid = api
    call("POST", "dimension_range", json={"dimension": {"sheetId": sid, "majorDimension": "ROWS", "length": 5000}})
    status, body, _ = call(
        "POST", "values_batch_update", json={"valueRanges": [{"range": f"{sid}!A1:A5001", "values": [["x"]] * 5001}]}
    )
    assert (status, body["code"]) == (400, 90227)


def test_a_range_outside_the_grid_and_a_bad_dropdown_are_refused(api):
    call, sid = api
    status, body, _ = call("GET", "values_batch_get", params={"ranges": f"{sid}!A1:B999"})
    assert (status, body["code"]) == (400, 90202)
    rule = {"range": f"{sid}!A2:A100", "dataValidationType": "list", "dataValidation": {"conditionValues": ["是,否"]}}
    assert call("POST", "dataValidation", json=rule)[1]["code"] == 90204  # a value may not hold ","
    rule["dataValidation"]["conditionValues"] = [str(i) for i in range(501)]
    assert call("POST", "dataValidation", json=rule)[1]["code"] == 90226  # at most 500 values


def test_rate_limit_and_token_errors_come_with_the_platform_bodies(api, feishu_fake):
    call, sid = api
    feishu_fake.inject(429)
    status, body, headers = call("GET", "values_batch_get", params={"ranges": f"{sid}!A1:A2"})
    assert (status, body["code"], body["msg"]) == (429, 99991400, "request trigger frequency limit")
    assert headers["x-ogw-ratelimit-reset"].isdigit()
    feishu_fake.expire_tokens()
    status, body, _ = call("GET", "values_batch_get", params={"ranges": f"{sid}!A1:A2"})
    assert body["code"] == 99991663
    assert feishu_fake.counts()["values_batch_get"] == 2


def test_a_failed_batch_of_sheet_operations_changes_nothing(api, feishu_fake):
    call, sid = api
    ops = {"requests": [{"addSheet": {"properties": {"title": "新表"}}}, {"deleteSheet": {"sheetId": "nosuch"}}]}
    status, body, _ = call("POST", "sheets_batch_update", json=ops)
    assert (status, body["code"]) == (400, 90215)
    assert "新表" not in [s.title for s in feishu_fake.book(call.token).sheets]
