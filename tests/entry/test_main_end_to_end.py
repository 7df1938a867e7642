"""Entry points end to end: the tabs written and the mail sent exactly once, through real processes."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import requests

from functions.domain.schema import default_schema
from tests.support import TODAY
from tests.support.ff_process import HEALTH_NOTE, make_community, running
from tests.support.ff_process import job_event as _event
from tests.support.ff_process import sheet_rows as _sheet_rows


@pytest.fixture()
def book(tmp_path):
    return make_community(tmp_path / "芙蓉小区.xlsx", "芙蓉小区", TODAY)


def _column(title: str, header: str) -> int:
    return default_schema()[title].headers.index(header)


def test_validate_button_lists_the_bad_birth_date_in_problems_tab(book):
    with running("validate") as fn:
        answer = requests.post(fn.url, json={"workbook": book, "today": TODAY.isoformat()}, timeout=120)
    assert answer.status_code == 200, answer.text
    assert "问题清单" in answer.json()["written"]
    problems = _sheet_rows(book, "问题清单")
    tab, column, value = (_column("问题清单", h) for h in ("工作表", "列", "当前值"))
    assert any(p[tab] == "老人档案" and p[column] == "出生日期" and "2025-13-01" in str(p[value]) for p in problems)


def test_nightly_event_writes_alerts_and_mails_once_across_redelivery(book, tmp_path):
    outbox = tmp_path / "outbox"
    with running("nightly_event", {"MAIL_OUTBOX": str(outbox)}) as fn:
        headers, body = _event(book, message_id="int-1")
        assert requests.post(fn.url, headers=headers, data=body, timeout=120).status_code == 200
        alerts = _sheet_rows(book, "提醒")
        assert any(a[_column("提醒", "对象编号")] == "E0001" for a in alerts)  # 40 days without a visit
        mails = sorted(p.name for p in outbox.rglob("*.eml"))
        assert mails, "the secretary's digest should be in the outbox"
        assert all(HEALTH_NOTE not in p.read_text(errors="replace") for p in outbox.rglob("*.eml"))
        assert requests.post(fn.url, headers=headers, data=body, timeout=120).status_code == 200
        assert sorted(p.name for p in outbox.rglob("*.eml")) == mails  # exactly-once mail
        assert _sheet_rows(book, "运行记录")


def test_monthly_http_and_event_compile_the_metrics_row(book, tmp_path):
    outbox = tmp_path / "outbox"
    with running("monthly", {"MAIL_OUTBOX": str(outbox)}) as fn:
        answer = requests.post(
            fn.url, json={"workbook": book, "today": TODAY.isoformat(), "month": "2026-10"}, timeout=120
        )
    assert answer.status_code == 200, answer.text
    months = [str(r[_column("月度指标", "月份")]) for r in _sheet_rows(book, "月度指标")]
    assert "2026-10" in months
    again = shutil.copy(book, tmp_path / "again.xlsx")
    with running("monthly_event", {"MAIL_OUTBOX": str(outbox)}) as fn:
        headers, body = _event(str(again), job="monthly", message_id="int-m", month="2026-10")
        assert requests.post(fn.url, headers=headers, data=body, timeout=120).status_code == 200
    assert "2026-10" in [str(r[_column("月度指标", "月份")]) for r in _sheet_rows(str(again), "月度指标")]
    assert dt.date.fromisoformat(answer.json()["today"]) == TODAY


def test_nightly_http_answers_5xx_while_mail_fails_and_the_retry_sends_only_that(book):
    from aiosmtpd.controller import Controller

    from tests.support.smtp_server import Recorder, free_port

    port = free_port()  # nobody listens there yet: the mail server is down
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_TLS": "none"}
    with running("nightly", env) as fn:
        down = requests.post(fn.url, json={"workbook": book, "today": TODAY.isoformat()}, timeout=120)
        assert down.status_code == 502, down.text  # Cloud Scheduler retries a 5xx
        body = down.json()
        assert body["ok"] is False and "提醒" in body["written"] and body["counts"]["邮件"]["发送失败"] > 0
        recorder = Recorder()
        controller = Controller(recorder, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            retry = requests.post(fn.url, json={"workbook": book, "today": TODAY.isoformat()}, timeout=120)
            again = requests.post(fn.url, json={"workbook": book, "today": TODAY.isoformat()}, timeout=120)
        finally:
            controller.stop()
    assert retry.status_code == 200 and again.status_code == 200
    assert len(recorder.received) == body["counts"]["邮件"]["发送失败"]  # each failed mail once, nothing twice
