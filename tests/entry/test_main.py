"""HTTP and Pub/Sub entry points, each in a real functions-framework process, on xlsx workbooks."""

from __future__ import annotations

import base64
import json
import shutil

import pytest
import requests

from tests.support import TODAY
from tests.support.ff_process import HEALTH_NOTE, TOPIC, make_community, pubsub_cloudevent, running
from tests.support.ff_process import job_event as _event


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """One community workbook, copied fresh for each test that writes."""
    return make_community(tmp_path_factory.mktemp("book") / "芙蓉小区.xlsx", "芙蓉小区", TODAY)


@pytest.fixture()
def book(template, tmp_path):
    path = tmp_path / "芙蓉小区.xlsx"
    shutil.copy(template, path)
    return str(path)


@pytest.fixture(scope="module")
def nightly_http(template, tmp_path_factory):
    outbox = tmp_path_factory.mktemp("outbox-http")
    with running("nightly", {"SANYOU_WORKBOOK": template, "MAIL_OUTBOX": str(outbox)}) as fn:
        yield fn


@pytest.fixture(scope="module")
def nightly_event(tmp_path_factory):
    outbox = tmp_path_factory.mktemp("outbox-event")
    with running("nightly_event", {"MAIL_OUTBOX": str(outbox)}) as fn:
        fn.outbox = outbox
        yield fn


def _logs(fn) -> list[dict]:
    return [json.loads(line) for line in fn.output().splitlines() if line.startswith("{")]


# ---- HTTP -------------------------------------------------------------------------------------------


def test_nightly_http_runs_on_the_workbook_in_the_body(nightly_http, book):
    answer = requests.post(nightly_http.url, json={"workbook": book, "today": "2026-11-29"}, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("application/json")
    body = answer.json()
    assert body["ok"] is True and body["job"] == "nightly" and body["today"] == "2026-11-29"
    assert (
        body["counts"]["行数"]["老人档案"],
        body["counts"]["行数"]["志愿者"],
        body["counts"]["行数"]["走访记录"],
    ) == (3, 2, 3)


def test_nightly_http_takes_query_parameters_or_the_environment_default(nightly_http, book):
    by_query = requests.get(nightly_http.url, params={"workbook": book, "today": "2026-11-29"}, timeout=60)
    assert by_query.status_code == 200 and by_query.json()["counts"]["行数"]["老人档案"] == 3
    by_env = requests.post(nightly_http.url, json={"today": "2026-11-29"}, timeout=60)  # SANYOU_WORKBOOK
    assert by_env.status_code == 200 and by_env.json()["counts"]["行数"]["走访记录"] == 3


@pytest.mark.parametrize(
    "kwargs, says",
    [
        ({"json": {"workbook": "芙蓉小区"}}, "workbook"),
        ({"json": {"today": "2026-13-01"}}, "YYYY-MM-DD"),
        ({"data": b"[1, 2]", "headers": {"Content-Type": "application/json"}}, "JSON"),
    ],
)
def test_a_bad_request_gets_a_4xx_that_says_what_to_fix(nightly_http, kwargs, says):
    answer = requests.post(nightly_http.url, timeout=60, **kwargs)
    assert answer.status_code == 400
    assert answer.json()["ok"] is False and says in answer.json()["error"]


def test_an_unreadable_workbook_gets_a_5xx_so_scheduler_retries(nightly_http, tmp_path):
    answer = requests.post(nightly_http.url, json={"workbook": str(tmp_path / "没有这个文件.xlsx")}, timeout=60)
    assert 500 <= answer.status_code < 600
    assert answer.json()["ok"] is False and answer.json()["error"]
    assert "Traceback" not in answer.text


def test_answers_and_logs_carry_no_personal_data(nightly_http, book):
    requests.post(nightly_http.url, json={"workbook": book, "today": "2026-11-29"}, timeout=60)
    logs = _logs(nightly_http)
    assert logs and all("severity" in entry for entry in logs)
    done = [e for e in logs if e["message"] == "nightly done"]
    assert done and done[-1]["counts"]["行数"]["老人档案"] == 3 and done[-1]["workbook"] == "芙蓉小区.xlsx"
    assert HEALTH_NOTE not in nightly_http.output()
    assert "王秀英" not in nightly_http.output()


# ---- Pub/Sub CloudEvents ----------------------------------------------------------------------------


@pytest.mark.parametrize("structured", [False, True], ids=["binary", "structured"])
def test_nightly_event_runs_the_community_in_the_message(nightly_event, book, structured):
    headers, body = _event(book, message_id=f"20{int(structured)}", structured=structured)
    answer = requests.post(nightly_event.url, headers=headers, data=body, timeout=60)
    assert answer.status_code == 200, answer.text  # acknowledged
    done = [
        e for e in _logs(nightly_event) if e["message"] == "nightly done" and e["event_id"] == f"20{int(structured)}"
    ]
    assert done and done[0]["counts"]["行数"]["老人档案"] == 3


@pytest.mark.parametrize(
    "message",
    [
        {"data": base64.b64encode(b"{broken").decode()},
        {"attributes": {"job": "nightly"}},
        {"data": base64.b64encode(json.dumps({"workbook": "隔壁小区"}).encode()).decode()},
    ],
    ids=["bad-json", "no-workbook", "not-a-workbook"],
)
def test_a_malformed_message_is_logged_and_acknowledged_not_retried(nightly_event, message):
    headers, body = pubsub_cloudevent(message, TOPIC, "bad-1")
    answer = requests.post(nightly_event.url, headers=headers, data=body, timeout=60)
    assert answer.status_code == 200  # acknowledged: Pub/Sub will not redeliver it
    warned = [e for e in _logs(nightly_event) if e["severity"] == "WARNING" and e.get("event_id") == "bad-1"]
    assert warned and warned[-1]["reason"]


def test_a_message_for_the_monthly_job_is_left_to_monthly_event(nightly_event, book):
    headers, body = _event(book, job="monthly", message_id="m-1")
    assert requests.post(nightly_event.url, headers=headers, data=body, timeout=60).status_code == 200
    assert not [e for e in _logs(nightly_event) if e["message"] == "nightly done" and e.get("event_id") == "m-1"]


def test_a_job_that_can_never_succeed_is_logged_and_acknowledged(nightly_event, tmp_path):
    headers, body = _event(str(tmp_path / "gone.xlsx"), message_id="f-1")
    answer = requests.post(nightly_event.url, headers=headers, data=body, timeout=60)
    assert answer.status_code == 200  # a missing workbook stays missing: no 7 days of redelivery
    failed = [e for e in _logs(nightly_event) if e["severity"] == "ERROR" and e.get("event_id") == "f-1"]
    assert failed and failed[0]["error_type"] == "WorkbookError" and "for good" in failed[0]["message"]


def test_a_second_delivery_of_the_same_event_is_harmless(nightly_event, book):
    headers, body = _event(book, message_id="dup-1")
    first = requests.post(nightly_event.url, headers=headers, data=body, timeout=60)
    second = requests.post(nightly_event.url, headers=headers, data=body, timeout=60)
    assert (first.status_code, second.status_code) == (200, 200)
    done = [e for e in _logs(nightly_event) if e["message"] == "nightly done" and e.get("event_id") == "dup-1"]
    assert len(done) == 2 and done[0]["counts"] == done[1]["counts"]
