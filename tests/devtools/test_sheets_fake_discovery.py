"""The fake rejects what the Sheets v4 discovery document rejects, in Google's error shape; our requests pass."""

from __future__ import annotations

import copy

import pytest
import requests

from devtools.sheets_fake.discovery import document
from devtools.sheets_fake.shapes import check
from functions.adapters.gsheets.backend import GoogleSheetsWorkbook
from functions.jobs.run import run_monthly, run_nightly
from tests.support import TODAY
from tests.support.backends import FAST_RETRIES
from tests.support.job_community import community
from tests.support.mail import outbox_delivery

TAB = {"sheetId": 7, "startRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 1}
# One valid body per request kind our backend sends, and a break of it the real API refuses.
KINDS = {
    "addSheet": (
        {
            "properties": {
                "title": "新表",
                "gridProperties": {"rowCount": 50, "frozenRowCount": 1},
                "tabColor": {"red": 0.4, "green": 0.5, "blue": 0.65},
            }
        },
        lambda b: b["properties"].update(sheetType="SPREADSHEET"),
        "SheetType",
    ),
    "updateSheetProperties": (
        {
            "properties": {"sheetId": 7, "gridProperties": {"frozenRowCount": 1}},
            "fields": "gridProperties.frozenRowCount",
        },
        lambda b: b["properties"]["gridProperties"].update(frozenRows=1),
        '"frozenRows"',
    ),
    "updateCells": (
        {
            "start": {"sheetId": 7, "rowIndex": 0, "columnIndex": 0},
            "fields": "userEnteredValue,note",
            "rows": [{"values": [{"userEnteredValue": {"stringValue": "编号"}, "note": "唯一编号"}]}],
        },
        lambda b: b["rows"][0]["values"][0].update(userEnteredValue={"textValue": "编号"}),
        '"textValue"',
    ),
    "appendDimension": (
        {"sheetId": 7, "dimension": "ROWS", "length": 10},
        lambda b: b.update(dimension="ROW"),
        "Dimension",
    ),
    "updateDimensionProperties": (
        {
            "range": {"sheetId": 7, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1},
            "properties": {"pixelSize": 120},
            "fields": "pixelSize",
        },
        lambda b: b["properties"].update(pixelSize=120.5),
        "TYPE_INT32",
    ),
    "setDataValidation": (
        {
            "range": TAB,
            "rule": {
                "strict": True,
                "showCustomUi": True,
                "condition": {
                    "type": "ONE_OF_LIST",
                    "values": [{"userEnteredValue": "男"}, {"userEnteredValue": "女"}],
                },
            },
        },
        lambda b: b["rule"]["condition"].update(type="ONE_OF_ENUM"),
        "ConditionType",
    ),
    "addProtectedRange": (
        {
            "protectedRange": {
                "range": {"sheetId": 7},
                "warningOnly": True,
                "description": "系统表",
                "unprotectedRanges": [TAB],
            }
        },
        lambda b: b["protectedRange"].update(warningOnly="yes"),
        "TYPE_BOOL",
    ),
    "addConditionalFormatRule": (
        {
            "index": 0,
            "rule": {
                "ranges": [TAB],
                "booleanRule": {
                    "condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": "红"}]},
                    "format": {"backgroundColor": {"red": 0.96, "green": 0.72, "blue": 0.72}},
                },
            },
        },
        lambda b: b["rule"].update(ranges=TAB),
        "GridRange",
    ),
    "addChart": (
        {
            "chart": {
                "spec": {
                    "title": "三升三降",
                    "basicChart": {
                        "chartType": "LINE",
                        "legendPosition": "BOTTOM_LEGEND",
                        "headerCount": 1,
                        "domains": [{"domain": {"sourceRange": {"sources": [TAB]}}, "reversed": True}],
                        "series": [{"series": {"sourceRange": {"sources": [TAB]}}, "targetAxis": "LEFT_AXIS"}],
                    },
                },
                "position": {
                    "overlayPosition": {
                        "anchorCell": {"sheetId": 7, "rowIndex": 1},
                        "widthPixels": 720,
                        "heightPixels": 360,
                    }
                },
            }
        },
        lambda b: b["chart"]["spec"]["basicChart"].update(chartType="SPARKLINE"),
        "BasicChartType",
    ),
}


def _post(fake, sid: str, path: str, body) -> requests.Response:
    return requests.post(f"http://{fake.host}/v4/spreadsheets/{sid}{path}", json=body, timeout=5)


def _google_400(reply: requests.Response) -> str:
    assert reply.status_code == 400, reply.text
    error = reply.json()["error"]
    assert error["code"] == 400 and error["status"] == "INVALID_ARGUMENT"
    return error["message"]


@pytest.fixture
def sid(sheets_fake) -> str:
    sid = sheets_fake.create_spreadsheet({"老人档案": [["编号", "性别"], ["E0001", "女"]]})
    sheets_fake.book(sid).sheets[0].props["sheetId"] = 7
    return sid


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_request_kind_accepts_the_reference_shape_and_refuses_a_broken_one(kind, sheets_fake, sid):
    good, breaks, expected = KINDS[kind]
    assert _post(sheets_fake, sid, ":batchUpdate", {"requests": [{kind: good}]}).status_code == 200
    bad = copy.deepcopy(good)
    breaks(bad)
    before = sheets_fake.book(sid).by_id(7).size
    reply = _post(
        sheets_fake,
        sid,
        ":batchUpdate",
        {"requests": [{"appendDimension": {"sheetId": 7, "dimension": "ROWS", "length": 1}}, {kind: bad}]},
    )
    message = _google_400(reply)
    assert expected in message and "requests[1]" in message
    violation = reply.json()["error"]["details"][0]
    assert violation["@type"] == "type.googleapis.com/google.rpc.BadRequest"
    assert violation["fieldViolations"][0]["field"].startswith("requests[1]")
    assert sheets_fake.book(sid).by_id(7).size == before  # the good appendDimension before it is not applied


def test_unknown_names_are_refused_at_their_path_like_google(sheets_fake, sid):
    body = {
        "requests": [
            {"updateSheetProperties": {"properties": {"sheetId": 7, "headerValues": ["编号"]}, "fields": "title"}}
        ]
    }
    message = _google_400(_post(sheets_fake, sid, ":batchUpdate", body))
    assert message == (
        'Invalid JSON payload received. Unknown name "headerValues" at '
        "'requests[0].update_sheet_properties.properties': Cannot find field."
    )
    assert "Cannot find field" in _google_400(
        _post(sheets_fake, sid, ":batchUpdate", {"requests": [{"DeleteRange": {}}]})
    )
    assert (
        _google_400(_post(sheets_fake, sid, ":batchUpdate", {"requests": []})) == "Must specify at least one request."
    )


def test_rules_the_reference_states_beyond_shapes(sheets_fake, sid):
    def refused(request: dict) -> str:
        return _google_400(_post(sheets_fake, sid, ":batchUpdate", {"requests": [request]}))

    two_ranges = {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "=A2:A"}, {"userEnteredValue": "=B2:B"}]}
    assert "exactly one" in refused({"setDataValidation": {"range": TAB, "rule": {"condition": two_ranges}}})
    formula_list = {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "=A1"}]}
    assert "formulas" in refused({"setDataValidation": {"range": TAB, "rule": {"condition": formula_list}}})
    assert "Oneof field 'kind'" in refused({"addSheet": {}, "deleteSheet": {"sheetId": 7}})
    assert "field mask" in refused({"updateSheetProperties": {"properties": {"sheetId": 7}, "fields": "colour"}})
    big_font = {
        "condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": "红"}]},
        "format": {"textFormat": {"fontSize": 20}},
    }
    assert "Conditional formats" in refused(
        {"addConditionalFormatRule": {"rule": {"ranges": [TAB], "booleanRule": big_font}}}
    )
    merge = {"mergeCells": {"range": TAB, "mergeType": "MERGE_ALL"}}  # valid for Google, not carried out here
    assert _post(sheets_fake, sid, ":batchUpdate", {"requests": [merge]}).status_code == 501


def test_values_requests_follow_the_reference(sheets_fake, sid):
    def write(body: dict) -> requests.Response:
        return _post(sheets_fake, sid, "/values:batchUpdate", body)

    good = {
        "valueInputOption": "RAW",
        "data": [{"range": "'老人档案'!A3", "majorDimension": "ROWS", "values": [["E0002", "=HYPERLINK(1)"]]}],
    }
    assert write(good).status_code == 200
    assert sheets_fake.values(sid, "老人档案")[2] == ["E0002", "=HYPERLINK(1)"]
    assert _google_400(write({"data": good["data"]})) == "'valueInputOption' is required but not specified"
    flat = {"valueInputOption": "RAW", "data": [{"range": "'老人档案'!A3", "values": ["E0002"]}]}
    assert "(type.googleapis.com/google.protobuf.ListValue)" in _google_400(write(flat))
    nested = {"valueInputOption": "RAW", "data": [{"range": "'老人档案'!A3", "values": [[["E0002"]]]}]}
    assert _google_400(write(nested)).startswith("Invalid values[0][0]: list_value")
    wrong = {"valueInputOption": "RAW", "data": [{"range": "'老人档案'!A3", "majorDimension": "ROW", "values": []}]}
    assert "Dimension" in _google_400(write(wrong))
    url = f"http://{sheets_fake.host}/v4/spreadsheets/{sid}/values:batchGet"
    bad_render = requests.get(url, params={"ranges": "'老人档案'", "valueRenderOption": "RAW"}, timeout=5)
    assert "ValueRenderOption" in _google_400(bad_render)
    typo = requests.get(url, params={"ranges": "'老人档案'", "valueRenderOptions": "FORMULA"}, timeout=5)
    assert "Cannot bind query parameter" in _google_400(typo)
    bad_mask = requests.get(
        f"http://{sheets_fake.host}/v4/spreadsheets/{sid}", params={"fields": "sheets.properties.gridProps"}, timeout=5
    )
    _google_400(bad_mask)


def test_every_request_init_nightly_and_monthly_send_is_valid(sheets_fake, tmp_path):
    sheets_fake.state.journal = journal = []
    try:
        sid = sheets_fake.create_spreadsheet({})
        workbook = GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, emulator_host=sheets_fake.host)
        assert workbook.init()
        assert workbook.init() == []  # the second run finds nothing to change
        mail = outbox_delivery(tmp_path / "mail")
        for title, rows in community().items():
            sheets_fake.load_rows(sid, title, rows[1:], start_row=1, replace=True)
        run_nightly(
            GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, emulator_host=sheets_fake.host), TODAY, delivery=mail
        )
        run_monthly(
            GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, emulator_host=sheets_fake.host), TODAY, delivery=mail
        )
    finally:
        sheets_fake.state.journal = None
    methods = {entry["method"] for entry in journal}
    assert {"spreadsheets.get", "spreadsheets.batchUpdate", "values.batchGet", "values.batchUpdate"} <= methods
    assert [e for e in journal if e["status"] != 200] == []
    body_of = {
        "spreadsheets.batchUpdate": "BatchUpdateSpreadsheetRequest",
        "values.batchUpdate": "BatchUpdateValuesRequest",
    }
    for entry in journal:
        if entry["method"] in body_of:
            check(entry["body"], body_of[entry["method"]])  # raises on anything the reference refuses
    assert document()["methods"]["sheets.spreadsheets.values.batchGet"]["httpMethod"] == "GET"
