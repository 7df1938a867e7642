"""The fake Sheets API: rejects what Google rejects, renders like Google, counts, throttles; gspread talks to it."""

from __future__ import annotations

import gspread
import pytest
import requests
from gspread.exceptions import APIError

from functions.adapters.gsheets.session import EmulatorSession

URL = "https://sheets.googleapis.com/v4/spreadsheets/"


@pytest.fixture
def client(sheets_fake):
    return gspread.Client(None, session=EmulatorSession(sheets_fake.host)).http_client


def _error(call) -> dict:
    with pytest.raises(APIError) as caught:
        call()
    return caught.value.response.json()["error"]


def test_unknown_fields_and_bad_enums_are_rejected_like_google(client, sheets_fake):
    sid = sheets_fake.create_spreadsheet({"老人档案": [["编号"]]})
    err = _error(lambda: client.batch_update(sid, {"requests": [{"addSheet": {"properties": {"titel": "x"}}}]}))
    assert err["code"] == 400 and err["status"] == "INVALID_ARGUMENT"
    assert 'Unknown name "titel"' in err["message"]
    err = _error(lambda: client.values_batch_update(sid, {"valueInputOption": "RAWISH", "data": []}))
    assert "ValueInputOption" in err["message"]
    err = _error(lambda: client.values_get(sid, "'老人档案'!A1:A5000"))
    assert "exceeds grid limits" in err["message"]
    err = _error(lambda: client.values_batch_get(sid, ["'老人档案'"], params={"valueRenderOption": "PRETTY"}))
    assert err["code"] == 400
    assert sheets_fake.values(sid, "老人档案") == [["编号"]]


def test_bad_json_is_a_400_in_google_error_shape(sheets_fake):
    reply = requests.post(
        f"http://{sheets_fake.host}/v4/spreadsheets/x:batchUpdate",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert reply.status_code == 400
    assert set(reply.json()["error"]) == {"code", "message", "status"}


def test_a_failed_batch_update_changes_nothing(client, sheets_fake):
    sid = sheets_fake.create_spreadsheet({"提醒": [["级别"]]})
    good = {"addSheet": {"properties": {"title": "新表"}}}
    bad = {"appendDimension": {"sheetId": 999, "dimension": "ROWS", "length": 5}}
    _error(lambda: client.batch_update(sid, {"requests": [good, bad]}))
    assert [s.title for s in sheets_fake.book(sid).sheets] == ["提醒"]


def test_raw_keeps_text_and_user_entered_parses_like_typing(client, sheets_fake):
    sid = sheets_fake.create_spreadsheet({"表 'A'": [[]]})
    rng = "'表 ''A'''!A1"
    client.values_update(sid, rng, params={"valueInputOption": "RAW"}, body={"values": [["=1+1", "2025-08-03", "7"]]})
    client.values_update(
        sid,
        "'表 ''A'''!A2",
        params={"valueInputOption": "USER_ENTERED"},
        body={"values": [["=1+1", "2025-08-03", "7"]]},
    )
    unformatted = client.values_get(sid, "'表 ''A'''", params={"valueRenderOption": "UNFORMATTED_VALUE"})["values"]
    assert unformatted[0] == ["=1+1", "2025-08-03", "7"]
    assert unformatted[1][1:] == [45872, 7]  # a typed date becomes a serial number, a typed number a number
    formatted = client.values_get(
        sid, "'表 ''A'''", params={"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "FORMATTED_STRING"}
    )
    assert formatted["values"][1][1] == "2025-08-03"
    assert client.values_get(sid, rng, params={"valueRenderOption": "FORMULA"})["values"] == [["=1+1"]]


def test_spreadsheets_get_honours_the_fields_mask_and_omits_zero_values(client, sheets_fake):
    sid = sheets_fake.create_spreadsheet({"老人档案": [["编号"]], "志愿者": [["编号"]]})
    meta = client.spreadsheets_get(sid, params={"fields": "sheets.properties(title,index),spreadsheetId"})
    assert meta == {
        "spreadsheetId": sid,
        "sheets": [{"properties": {"title": "老人档案"}}, {"properties": {"title": "志愿者", "index": 1}}],
    }


def test_quota_of_sixty_a_minute_answers_429(client, sheets_fake):
    sid = sheets_fake.create_spreadsheet({"a": [["x"]]})
    sheets_fake.configure(quota_per_minute=3)
    for _ in range(3):
        client.values_get(sid, "a")
    assert _error(lambda: client.values_get(sid, "a"))["code"] == 429
    client.values_update(sid, "a!B1", params={"valueInputOption": "RAW"}, body={"values": [["y"]]})  # writes: own quota


def test_virtual_time_adds_latency_and_quota_waits(client, sheets_fake):
    sid = sheets_fake.create_spreadsheet({"a": [["x"]]})
    sheets_fake.configure(latency=0.15, quota_per_minute=60, virtual=True)
    for _ in range(61):
        client.values_get(sid, "a")
    assert sheets_fake.clock == pytest.approx(60.15, abs=0.01)  # the 61st read waits for the window


def test_the_straightforward_gspread_way_works_against_the_fake(sheets_fake):
    sid = sheets_fake.create_spreadsheet({"老人档案": [["编号", "姓名"], ["E0001", "王秀英"]]})
    gc = gspread.Client(None, session=EmulatorSession(sheets_fake.host))
    sheet = gc.open_by_key(sid).worksheet("老人档案")
    assert sheet.get_all_records() == [{"编号": "E0001", "姓名": "王秀英"}]
    sheet.update_cell(2, 2, "王秀英（已核对）")
    assert sheets_fake.values(sid, "老人档案")[1][1] == "王秀英（已核对）"
    assert sheets_fake.counts()["values.update"] == 1


def test_control_endpoint_creates_and_counts(sheets_fake):
    base = f"http://{sheets_fake.host}/__fake__/"
    sid = requests.post(base + "spreadsheets", json={"tabs": {"a": [["x"]]}}, timeout=5).json()["spreadsheetId"]
    requests.post(base + "config", json={"faults": [503]}, timeout=5)
    assert requests.get(f"http://{sheets_fake.host}/v4/spreadsheets/{sid}", timeout=5).status_code == 503
    assert requests.get(base + "counts", timeout=5).json()["counts"] == {"spreadsheets.get": 1}


def test_limits_of_the_real_api_are_enforced_and_nothing_is_half_applied(client, sheets_fake):
    sid = sheets_fake.create_spreadsheet({"月度指标": [["月份"]], "老人档案": [["编号"]]})
    book = sheets_fake.book(sid)
    metrics, elders = book.by_title("月度指标"), book.by_title("老人档案")
    cols = metrics.size[1]
    chart = {
        "addChart": {
            "chart": {
                "spec": {"title": "t"},
                "position": {
                    "overlayPosition": {"anchorCell": {"sheetId": metrics.sheet_id, "rowIndex": 1, "columnIndex": cols}}
                },
            }
        }
    }
    err = _error(lambda: client.batch_update(sid, {"requests": [{"addSheet": {"properties": {"title": "新"}}}, chart]}))
    assert err["code"] == 400 and "outside the grid" in err["message"]
    assert [s.title for s in sheets_fake.book(sid).sheets] == ["月度指标", "老人档案"]  # all or nothing
    err = _error(
        lambda: client.values_update(
            sid, "'老人档案'!A2", params={"valueInputOption": "RAW"}, body={"values": [["长" * 50_001]]}
        )
    )
    assert err["code"] == 400 and "50000 characters" in err["message"]
    client.values_update(sid, "'老人档案'!A2", params={"valueInputOption": "RAW"}, body={"values": [["长" * 50_000]]})
    ref = {
        "setDataValidation": {
            "range": {"sheetId": elders.sheet_id, "startRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 1},
            "rule": {"condition": {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "='志愿者'!A2:A"}]}},
        }
    }
    err = _error(lambda: client.batch_update(sid, {"requests": [ref]}))
    assert err["code"] == 400 and "志愿者" in err["message"]
    add = {"addSheet": {"properties": {"title": "志愿者"}}}
    client.batch_update(sid, {"requests": [add, ref]})  # fine once the tab exists, earlier in the same batch
