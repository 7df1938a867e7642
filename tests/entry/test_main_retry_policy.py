"""Which Pub/Sub deliveries are retried: passing trouble yes, permanent trouble and stale messages no."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from cloudevents.http import CloudEvent

import main
from functions.domain.workbook import WorkbookChanged, WorkbookError, WorkbookUnavailable
from functions.entry.config import load_config


def _event(hours_old: float = 0.1) -> CloudEvent:
    sent = dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours_old)
    data = {
        "message": {
            "data": base64.b64encode(json.dumps({"workbook": "gsheets:" + "A" * 30}).encode()).decode(),
            "attributes": {"job": "nightly"},
            "messageId": "m-1",
        }
    }
    return CloudEvent(
        {
            "id": "m-1",
            "source": "//pubsub",
            "type": "google.cloud.pubsub.topic.v1.messagePublished",
            "time": sent.isoformat(),
        },
        data,
    )


@pytest.fixture
def runs(monkeypatch):
    calls = []
    monkeypatch.setattr(main, "_config", lambda target: load_config({}))
    return calls


@pytest.mark.parametrize(
    "error",
    [WorkbookUnavailable("Google 表格暂时无法访问"), WorkbookChanged("刚被保存"), RuntimeError("2 mail(s) not sent")],
)
def test_passing_trouble_raises_so_pubsub_redelivers(monkeypatch, runs, error):
    monkeypatch.setattr(main, "run_job", lambda *a: (_ for _ in ()).throw(error))
    with pytest.raises(type(error)):
        main._event_job("nightly", _event())


def test_a_sheet_that_is_gone_or_unshared_is_acknowledged(monkeypatch, runs):
    monkeypatch.setattr(main, "run_job", lambda *a: (_ for _ in ()).throw(WorkbookError("没有权限打开这个表格")))
    main._event_job("nightly", _event())  # returns: acknowledged


def test_a_day_old_message_is_acknowledged_without_running(monkeypatch, runs):
    monkeypatch.setattr(main, "run_job", lambda *a: runs.append(a) or {"counts": {}})
    main._event_job("nightly", _event(hours_old=30))
    assert runs == []
    main._event_job("nightly", _event(hours_old=2))
    assert len(runs) == 1


def test_in_the_cloud_only_the_deployments_own_workbooks_run(monkeypatch):
    from functions.entry.events import BadJobRequest, JobRequest

    config = load_config(
        {"K_SERVICE": "sanyou-validate", "SMTP_HOST": "smtp.example.cn", "COMMUNITIES": "gsheets:" + "A" * 30}
    )
    monkeypatch.setattr(main, "open_workbook", lambda *spec: (_ for _ in ()).throw(AssertionError("opened")))
    for other in ("gsheets:" + "B" * 30, "/srv/secret.xlsx"):
        with pytest.raises(BadJobRequest, match="不在本次部署的社区名单里"):
            main.run_job(
                "validate", JobRequest(workbook=other, job="validate", today=None, month=None, all_months=False), config
            )
    assert config.allows("gsheets:" + "A" * 30) and load_config({}).allows("/tmp/any.xlsx")


def test_a_request_for_one_month_and_all_months_is_refused():
    from functions.entry.events import BadJobRequest, parse_job_params

    with pytest.raises(BadJobRequest, match="month 和 all 只能给一个"):
        parse_job_params({"workbook": "gsheets:" + "A" * 30, "month": "2026-10", "all": "true"})
