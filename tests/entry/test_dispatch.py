"""Fan-out: dispatch publishes one message per community through a real functions-framework process."""

from __future__ import annotations

import base64
import json

import pytest
import requests

from functions.entry.config import ConfigError, load_config, parse_communities, require_for
from functions.entry.events import MalformedEvent, decode_pubsub
from tests.support.ff_process import FakePubSub, running

TOPIC = "projects/sanyou-test/topics/sanyou-jobs"
IDS = ["1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_ab", "1ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210_-cd"]
URL = f"https://docs.google.com/spreadsheets/d/{IDS[1]}/edit#gid=0"


def test_communities_accept_ids_urls_and_new_lines_and_drop_repeats():
    text = f"{IDS[0]},\n gsheets:{IDS[1]}\n{URL}，{IDS[0]}\n\n"
    assert parse_communities(text) == (f"gsheets:{IDS[0]}", f"gsheets:{IDS[1]}")


@pytest.mark.parametrize(
    "env, named",
    [
        ({"SANYOU_TOPIC": "sanyou-jobs"}, "SANYOU_TOPIC"),
        ({"COMMUNITIES": "芙蓉小区"}, "COMMUNITIES"),
        ({"COMMUNITIES": f"registry:{IDS[0]}"}, "登记表"),
        ({"PUBSUB_EMULATOR_HOST": "localhost"}, "PUBSUB_EMULATOR_HOST"),
        ({"SMTP_PORT": "smtp"}, "SMTP_PORT"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ],
)
def test_bad_environment_is_refused_naming_the_variable(env, named):
    with pytest.raises(ConfigError) as info:
        load_config(env)
    assert named in str(info.value)


def test_dispatch_needs_its_topic_and_communities_but_the_jobs_do_not():
    with pytest.raises(ConfigError) as info:
        require_for("dispatch", {})
    assert "COMMUNITIES" in str(info.value) and "SANYOU_TOPIC" in str(info.value)
    assert require_for("nightly", {}).communities == ()


def _message(body: dict | None = None, attributes: dict | None = None, raw: bytes | None = None) -> dict:
    data = raw if raw is not None else json.dumps(body).encode() if body is not None else b""
    return {"message": {"data": base64.b64encode(data).decode(), "attributes": attributes or {}}}


def test_message_names_the_workbook_in_data_or_attributes():
    from_data = decode_pubsub(_message({"workbook": IDS[0], "job": "nightly", "today": "2026-11-29"}))
    assert (from_data.workbook, from_data.job, from_data.today.isoformat()) == (
        f"gsheets:{IDS[0]}",
        "nightly",
        "2026-11-29",
    )
    from_attrs = decode_pubsub(_message(attributes={"workbook": URL, "job": "monthly", "month": "2026-10"}))
    assert (from_attrs.workbook, from_attrs.month) == (f"gsheets:{IDS[1]}", "2026-10")
    plain = decode_pubsub(_message(raw=f"gsheets:{IDS[0]}".encode()))
    assert plain.workbook == f"gsheets:{IDS[0]}"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"message": "hello"},
        _message({}),
        _message(raw=b"{not json"),
        _message({"workbook": "芙蓉小区"}),
        {"message": {"data": "%%%not base64%%%"}},
        _message({"workbook": IDS[0], "today": "2026-13-01"}),
    ],
)
def test_malformed_messages_are_recognised(data):
    with pytest.raises(MalformedEvent):
        decode_pubsub(data)


def test_dispatch_publishes_one_message_per_community():
    communities = f"{IDS[0]}\n{URL}\ngsheets:{IDS[0]}"
    with (
        FakePubSub() as pubsub,
        running(
            "dispatch",
            {
                "COMMUNITIES": communities,
                "SANYOU_TOPIC": TOPIC,
                "PUBSUB_EMULATOR_HOST": pubsub.host,
            },
        ) as fn,
    ):
        answer = requests.post(fn.url, json={"job": "monthly"}, timeout=20)
        assert answer.status_code == 200, answer.text
        assert answer.json()["published"] == 2
        assert pubsub.requests == 1  # one batch publish, not one request per community
        assert [topic for topic, _ in pubsub.published] == [TOPIC, TOPIC]
        got = [decode_pubsub({"message": m}) for _, m in pubsub.published]
        assert [g.workbook for g in got] == [f"gsheets:{IDS[0]}", f"gsheets:{IDS[1]}"]
        assert {g.job for g in got} == {"monthly"}
        assert {m["attributes"]["job"] for _, m in pubsub.published} == {"monthly"}

        assert requests.post(fn.url, json={"job": "weekly"}, timeout=20).status_code == 400
        assert len(pubsub.published) == 2


def test_dispatch_answers_5xx_when_pubsub_fails_so_scheduler_retries():
    with (
        FakePubSub(fail_with=403) as pubsub,
        running(
            "dispatch",
            {
                "COMMUNITIES": IDS[0],
                "SANYOU_TOPIC": TOPIC,
                "PUBSUB_EMULATOR_HOST": pubsub.host,
            },
        ) as fn,
    ):
        answer = requests.post(fn.url, json={"job": "nightly"}, timeout=20)
    assert answer.status_code >= 500
    assert "Pub/Sub" in answer.json()["error"]


def test_dispatch_without_its_configuration_refuses_to_start_with_a_clear_message():
    with pytest.raises(RuntimeError) as info, running("dispatch", {"COMMUNITIES": IDS[0]}):
        pass
    assert "SANYOU_TOPIC" in str(info.value)
