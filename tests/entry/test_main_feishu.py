"""The entry points on a Feishu workbook, served by real functions-framework processes and the Feishu fake."""

from __future__ import annotations

import requests

from devtools.feishu_fake import APP_ID, APP_SECRET
from tests.entry.test_main import TODAY, _event
from tests.support.backends import make_feishu
from tests.support.ff_process import HEALTH_NOTE, community_rows, running


def test_nightly_event_and_http_read_a_feishu_sheet(feishu_fake, _feishu_template):
    book = make_feishu(feishu_fake, _feishu_template, community_rows("芙蓉小区", TODAY))
    spec = f"https://sanyou.feishu.cn/sheets/{book.spreadsheet_id}"
    env = {"FEISHU_APP_ID": APP_ID, "FEISHU_APP_SECRET": APP_SECRET, "FEISHU_BASE_URL": feishu_fake.base_url}
    with running("nightly_event", env) as event_fn, running("nightly", env) as http_fn:
        headers, body = _event(spec, message_id="fs-1")
        assert requests.post(event_fn.url, headers=headers, data=body, timeout=60).status_code == 200
        assert feishu_fake.counts().get("values_batch_update", 0) >= 1  # the function wrote the night's tabs
        answer = requests.post(http_fn.url, json={"workbook": spec, "today": TODAY.isoformat()}, timeout=60)
        assert answer.status_code == 200, answer.text
        assert answer.json()["counts"]["行数"]["老人档案"] == 3
        feishu_fake.forbid(book.spreadsheet_id)  # someone removed the app from the sheet
        denied = requests.post(http_fn.url, json={"workbook": spec}, timeout=60)
        assert 500 <= denied.status_code < 600 and denied.json()["ok"] is False
        assert "添加文档应用" in denied.json()["error"]
        assert HEALTH_NOTE not in event_fn.output() + http_fn.output()
