"""The request count of a night on the full demo community (182,877 rows) in a Feishu sheet, through the fake."""

from __future__ import annotations

import datetime as dt

from devtools.feishu_fake import FakeFeishu
from functions.adapters.feishu import client as feishu_client
from functions.adapters.feishu.backend import FeishuWorkbook
from functions.demo.make import demo_rows
from functions.jobs.run import run_nightly
from tests.support.backends import FAST_RETRIES
from tests.support.mail import outbox_delivery

TODAY = dt.date(2026, 11, 29)


def test_a_night_on_the_full_demo_takes_twelve_requests(feishu_fake: FakeFeishu, tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    token = feishu_fake.create_spreadsheet()
    FeishuWorkbook(token, feishu_fake.app, policy=FAST_RETRIES).init()
    for title, data in demo_rows(7, "full", TODAY).items():
        feishu_fake.load_rows(token, title, data, start_row=1, replace=True)
    feishu_fake.reset()
    feishu_client.forget_tokens()  # as a fresh cron or cloud process
    result = run_nightly(
        FeishuWorkbook(token, feishu_fake.app, policy=FAST_RETRIES), TODAY, delivery=outbox_delivery(str(tmp_path))
    )
    assert sum(result.counts["行数"].values()) > 180_000 and result.counts["邮件"]["待发"] > 200
    assert feishu_fake.counts() == {
        "tenant_access_token": 1,
        "sheets.query": 1,
        "values_batch_get": 8,  # 3.9 million grid cells in requests of at most 500,000
        "values_batch_update": 2,  # the system tabs, then the mail receipts
    }
    assert feishu_fake.largest_reply < 10 * 2**20 / 2  # each read well under the platform's 10 MB
