"""Retries: bursts of 429 and 5xx are survived; a persistent failure is one clear error, nothing half-written."""

from __future__ import annotations

import socket
import time
from http.client import RemoteDisconnected

import pytest
import requests

from functions.adapters.gsheets.backend import GoogleSheetsWorkbook
from functions.adapters.gsheets.retry import RetryPolicy, not_sent
from functions.domain.workbook import WorkbookError, WorkbookUnavailable
from tests.support.backends import FAST_RETRIES, init_template, make_gsheets

ROW = ["红", "问候逾期", "E0001", "王秀英", "12栋", "张三(V001)", "已 9 天没有问候", 9, "2026-11-20", "", "k"]


@pytest.fixture
def workbook(sheets_fake):
    return make_gsheets(sheets_fake, init_template(sheets_fake), {"提醒": [ROW, ROW]})


def test_a_burst_of_429s_and_a_503_is_survived(workbook, sheets_fake):
    sheets_fake.inject(429, 429, 429, 503)
    snapshot = workbook.read()
    assert len(snapshot.rows("提醒")) == 2
    assert workbook.client.retries == 4
    assert sheets_fake.counts()["spreadsheets.get"] == 5  # 4 refused, then answered


def test_a_persistent_failure_is_one_clear_line_and_nothing_is_half_written(workbook, sheets_fake):
    workbook.read()
    before = sheets_fake.values(workbook.spreadsheet_id, "提醒")
    sheets_fake.inject(*[503] * 20)
    with pytest.raises(WorkbookError) as caught:
        workbook.write({"提醒": [ROW], "问题清单": []})
    message = str(caught.value)
    assert "503" in message and "没有写入" in message and "\n" not in message
    assert isinstance(caught.value, WorkbookUnavailable)  # passing trouble: Pub/Sub will deliver again
    assert sheets_fake.values(workbook.spreadsheet_id, "提醒") == before
    assert sheets_fake.counts()["values.batchUpdate"] == FAST_RETRIES.attempts


def test_the_total_deadline_bounds_the_waiting(workbook, sheets_fake):
    sheets_fake.inject(*[429] * 50)
    slow = GoogleSheetsWorkbook(
        workbook.spreadsheet_id,
        policy=RetryPolicy(attempts=50, base=0.2, cap=0.2, deadline=0.5),
        emulator_host=sheets_fake.host,
    )
    started = time.monotonic()
    with pytest.raises(WorkbookError, match="429"):
        slow.read()
    assert time.monotonic() - started < 1.5


def test_a_dead_server_is_a_connection_error_after_bounded_retries():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nothing listens there
    with pytest.raises(WorkbookError, match="connection error"):
        GoogleSheetsWorkbook("whatever-id-123", policy=FAST_RETRIES, emulator_host=f"127.0.0.1:{port}").read()


ADD_TAB = {"requests": [{"addSheet": {"properties": {"title": "临时表"}}}]}


def test_a_batch_update_is_not_repeated_after_a_5xx_but_is_after_a_429(workbook, sheets_fake):
    workbook.read()
    sheets_fake.inject(503)
    with pytest.raises(WorkbookError, match="可能已经生效") as caught:
        workbook.call("batch_update", ADD_TAB)
    assert "\n" not in str(caught.value)
    assert sheets_fake.counts()["spreadsheets.batchUpdate"] == 1
    sheets_fake.inject(429, 429)
    workbook.call("batch_update", ADD_TAB)
    assert sheets_fake.counts()["spreadsheets.batchUpdate"] == 4
    assert "临时表" in [s.title for s in sheets_fake.book(workbook.spreadsheet_id).sheets]


def test_a_batch_update_that_timed_out_is_not_sent_again(workbook, sheets_fake):
    impatient = GoogleSheetsWorkbook(
        workbook.spreadsheet_id,
        policy=RetryPolicy(base=0.01, cap=0.02, deadline=5.0, timeout=(2.0, 0.2)),
        emulator_host=sheets_fake.host,
    )
    impatient.read()
    sheets_fake.configure(latency=0.4)
    with pytest.raises(WorkbookError, match="可能已经生效"):
        impatient.call("batch_update", ADD_TAB)
    assert sheets_fake.counts()["spreadsheets.batchUpdate"] == 1
    time.sleep(0.3)  # the fake finishes applying it: a second send would have added the tab twice
    assert [s.title for s in sheets_fake.book(workbook.spreadsheet_id).sheets].count("临时表") == 1


def test_only_a_connection_never_made_counts_as_not_sent():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(requests.ConnectionError) as refused:
        requests.post(f"http://127.0.0.1:{port}/v4/spreadsheets/x:batchUpdate", timeout=2)
    assert not_sent(refused.value)
    assert not not_sent(requests.ReadTimeout("read timed out"))
    assert not not_sent(requests.ConnectionError("Connection aborted.", RemoteDisconnected("closed")))


def test_the_deadline_not_a_small_count_decides_so_a_quota_burst_is_waited_out(workbook, sheets_fake):
    sheets_fake.inject(*[429] * 15)  # many communities under one service account share its per-minute quota
    patient = GoogleSheetsWorkbook(
        workbook.spreadsheet_id, policy=RetryPolicy(base=0.005, cap=0.01, deadline=5.0), emulator_host=sheets_fake.host
    )
    assert len(patient.read().rows("提醒")) == 2
    assert patient.client.retries == 15
