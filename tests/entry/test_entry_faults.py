"""Hostile requests to the cloud entry points get a 4xx or an acknowledgement, never a 500 retried forever."""

from __future__ import annotations

import base64
import json

import pytest
import requests

from tests.support.ff_process import pubsub_cloudevent, running

TOPIC = "projects/sanyou-test/topics/sanyou-jobs"
DEEP = '{"a":' * 50_000 + "1" + "}" * 50_000


@pytest.fixture(scope="module")
def nightly_http(tmp_path_factory):
    with running("nightly", {"MAIL_OUTBOX": str(tmp_path_factory.mktemp("outbox"))}) as fn:
        yield fn


@pytest.fixture(scope="module")
def nightly_event(tmp_path_factory):
    with running("nightly_event", {"MAIL_OUTBOX": str(tmp_path_factory.mktemp("outbox-event"))}) as fn:
        yield fn


def test_deeply_nested_json_to_http_is_a_bad_request(nightly_http):
    answer = requests.post(
        nightly_http.url, data=DEEP.encode(), headers={"Content-Type": "application/json"}, timeout=60
    )
    assert answer.status_code == 400 and "JSON" in answer.json()["error"]


@pytest.mark.parametrize("today", ["2100-12-31", "0001-01-01"])
def test_a_today_out_of_range_over_http_is_a_bad_request_naming_the_range(nightly_http, tmp_path, today):
    answer = requests.post(nightly_http.url, json={"workbook": str(tmp_path / "x.xlsx"), "today": today}, timeout=60)
    assert answer.status_code == 400 and "2098-12-31" in answer.json()["error"]


def test_a_deeply_nested_pubsub_message_is_acknowledged(nightly_event):
    message = {"data": base64.b64encode(DEEP.encode()).decode(), "attributes": {"job": "nightly"}}
    headers, body = pubsub_cloudevent(message, TOPIC, "deep-1")
    answer = requests.post(nightly_event.url, headers=headers, data=body, timeout=60)
    assert answer.status_code == 200  # acknowledged: never redelivered
    logs = [json.loads(line) for line in nightly_event.output().splitlines() if line.startswith("{")]
    assert any(e.get("event_id") == "deep-1" and e["severity"] == "WARNING" for e in logs)
