"""The entry points on a Google Sheets workbook, served by the offline Sheets fake (SHEETS_EMULATOR_HOST)."""

from __future__ import annotations

import requests

from tests.support import TODAY
from tests.support.backends import make_gsheets
from tests.support.ff_process import HEALTH_NOTE, community_rows, running
from tests.support.ff_process import job_event as _event


def test_nightly_event_and_http_read_a_google_sheet(sheets_fake, _gsheets_template):
    book = make_gsheets(sheets_fake, _gsheets_template, community_rows("芙蓉小区", TODAY))
    spec = f"gsheets:{book.spreadsheet_id}"
    env = {"SHEETS_EMULATOR_HOST": sheets_fake.host}
    with running("nightly_event", env) as event_fn, running("nightly", env) as http_fn:
        headers, body = _event(spec, message_id="gs-1")
        assert requests.post(event_fn.url, headers=headers, data=body, timeout=60).status_code == 200
        assert sheets_fake.total >= 1  # the function read the spreadsheet through the Sheets API
        answer = requests.post(http_fn.url, json={"workbook": spec, "today": TODAY.isoformat()}, timeout=60)
        assert answer.status_code == 200, answer.text
        assert answer.json()["counts"]["行数"]["老人档案"] == 3
        sheets_fake.forbid(book.spreadsheet_id)  # the sheet is no longer shared with the service account
        denied = requests.post(http_fn.url, json={"workbook": spec}, timeout=60)
        assert 500 <= denied.status_code < 600 and denied.json()["ok"] is False
        # the event is acknowledged (sharing it again is a person's job, not 7 days of redelivery) and logged
        assert requests.post(event_fn.url, headers=headers, data=body, timeout=60).status_code == 200
        assert '"nightly failed for good' in event_fn.output()
        assert HEALTH_NOTE not in event_fn.output() + http_fn.output()
