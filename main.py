"""Cloud Functions entry points (functions-framework): HTTP jobs, Pub/Sub jobs and the fan-out."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import flask
import functions_framework
from cloudevents.http import CloudEvent

from functions.adapters.mail.delivery import delivery_for
from functions.adapters.opener import open_workbook
from functions.domain.workbook import WorkbookError
from functions.entry import log_json as log
from functions.entry.config import DEFAULT_OUTBOX, Config, ConfigError, function_target, require_for
from functions.entry.confirm_http import confirm_service, links_for
from functions.entry.dispatch import publish_for_communities
from functions.entry.errors import failure_for, http_failure
from functions.entry.events import (
    BadJobRequest,
    JobRequest,
    MalformedEvent,
    decode_pubsub,
    optional_date,
    parse_job_params,
)
from functions.entry.group_bots import group_delivery
from functions.jobs import run as jobs


def _startup_config() -> Config | None:
    """Check the environment once when the instance starts; a broken one stops it with a clear line."""
    target = function_target()
    try:
        config = require_for(target)
        log.configure(config.log_level)
        return config
    except ConfigError as exc:
        log.log("CRITICAL", str(exc), target=target)
        if target:  # deployed or started by functions-framework: refuse to start
            raise SystemExit(f"三有：{exc}") from None
        return None  # imported by a test or a tool: report per call instead


CONFIG = _startup_config()


def _config(target: str) -> Config:
    return CONFIG if CONFIG is not None else require_for(target)


def run_job(job: str, request: JobRequest, config: Config) -> dict[str, Any]:
    """Open the workbook and run one job; JobResult.as_dict()."""
    if not config.allows(request.workbook):
        raise BadJobRequest("这个工作簿不在本次部署的社区名单里（COMMUNITIES / SANYOU_WORKBOOK），没有运行")
    delivery = delivery_for(config.mail, config.outbox_or(DEFAULT_OUTBOX))
    workbook = open_workbook(request.workbook, config.sheets_emulator_host, feishu=config.feishu)
    group = group_delivery(config.group_bots, request.workbook)  # None without GROUP_BOTS: nothing changes
    if job == "validate":
        result = jobs.run_validate(workbook, today=request.today)
    elif job == "monthly":
        result = jobs.run_monthly(
            workbook,
            today=request.today,
            month=request.month,
            all_months=request.all_months,
            delivery=delivery,
            group=group,
        )
    else:
        result = jobs.run_nightly(
            workbook, today=request.today, delivery=delivery, group=group, confirm=links_for(config)
        )
    return result.as_dict()


def _answer(status: int, body: dict[str, Any]) -> flask.Response:
    return flask.Response(
        json.dumps(body, ensure_ascii=False, default=str), status=status, content_type="application/json; charset=utf-8"
    )


def _params(request: flask.Request) -> dict[str, Any]:
    try:
        body = request.get_json(silent=True) if request.data else None
    except RecursionError:  # JSON nested thousands deep: a bad request, not a failure to retry
        body = None
    if request.data and not isinstance(body, dict):
        raise BadJobRequest('请求内容应是 JSON 对象，如 {"workbook": "gsheets:表格ID"}')
    return {**request.args.to_dict(), **(body or {})}


def _failure(job: str, exc: Exception) -> tuple[int, str]:
    """HTTP status and a person's message: 4xx when retrying cannot help, 5xx so Scheduler retries."""
    return http_failure(job, exc)


def _http_job(job: str, request: flask.Request) -> flask.Response:
    started = time.monotonic()
    try:
        config = _config(job)
        job_request = parse_job_params(_params(request), config.workbook)
        result = run_job(job, job_request, config)
    except Exception as exc:  # every failure becomes a JSON answer with the right status
        status, message = _failure(job, exc)
        log.log(
            "WARNING" if status < 500 else "ERROR", f"{job} failed", job=job, status=status, **log.error_fields(exc)
        )
        return _answer(status, {"ok": False, "job": job, "error": message})
    log.info(
        f"{job} done",
        job=job,
        workbook=log.workbook_label(job_request.workbook),
        seconds=round(time.monotonic() - started, 3),
        counts=result.get("counts"),
        written=result.get("written"),
        mailed=len(result.get("mailed", [])),
    )
    failed = failed_mail(result)
    if failed:  # 5xx so Scheduler retries: exactly-once mail means only the failed ones go again
        return _answer(
            502, {"ok": False, **result, "error": f"结果已写入，但有 {failed} 封邮件或群消息没有发出，重试时只补发这些"}
        )
    return _answer(200, {"ok": True, **result})


def failed_mail(result: dict) -> int:
    """How many of the run's mails (and group-bot posts) could not be sent."""
    counts = result.get("counts") or {}
    return int(counts.get("邮件", {}).get("发送失败", 0)) + int(counts.get("群消息", {}).get("发送失败", 0))


@functions_framework.http
def nightly(request: flask.Request) -> flask.Response:
    """HTTP: the nightly job (validate → alerts → write → digests)."""
    return _http_job("nightly", request)


@functions_framework.http
def monthly(request: flask.Request) -> flask.Response:
    """HTTP: the monthly metrics and report (month=YYYY-MM, all=true)."""
    return _http_job("monthly", request)


@functions_framework.http
def validate(request: flask.Request) -> flask.Response:
    """HTTP: check every tab now and rewrite 问题清单 (the 立即检查 button)."""
    return _http_job("validate", request)


STALE_EVENT_HOURS = 20  # after that, a retried nightly message would only repeat the next night's work


def _age_hours(event: CloudEvent) -> float | None:
    """How old the message is, from the CloudEvent's time attribute (None when absent or unreadable)."""
    stamp = event.get("time") if hasattr(event, "get") else None
    if not stamp:
        return None
    try:
        sent = dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return None
    if sent.tzinfo is None:
        sent = sent.replace(tzinfo=dt.UTC)
    return (dt.datetime.now(dt.UTC) - sent).total_seconds() / 3600


def _event_job(job: str, event: CloudEvent) -> None:
    """Run a job for the community in a Pub/Sub message; malformed → log and ack, failure → raise."""
    event_id = event.get("id") if hasattr(event, "get") else None
    try:
        request = decode_pubsub(event.data)
    except MalformedEvent as exc:
        log.warning("malformed Pub/Sub message acknowledged", job=job, event_id=event_id, reason=str(exc))
        return
    if (request.job or "nightly") != job:  # a message without a job attribute is a nightly one
        log.info("message for another job ignored", job=job, message_job=request.job, event_id=event_id)
        return
    age = _age_hours(event)
    if age is not None and age > STALE_EVENT_HOURS:  # a night's run still retried the next day: let it go
        log.warning("stale Pub/Sub message acknowledged", job=job, event_id=event_id, age_hours=round(age, 1))
        return
    started = time.monotonic()
    try:
        result = run_job(job, request, _config(job))
    except Exception as exc:
        if not failure_for(exc).redeliver:  # not shared, deleted, not this deployment's: 7 days of retries cannot help
            log.error(
                f"{job} failed for good; message acknowledged",
                job=job,
                event_id=event_id,
                workbook=log.workbook_label(request.workbook),
                **log.error_fields(exc),
            )
            return
        if not isinstance(exc, WorkbookError):  # a save meanwhile or Google busy is passing trouble, not news
            log.error(
                f"{job} failed; Pub/Sub will redeliver",
                job=job,
                event_id=event_id,
                workbook=log.workbook_label(request.workbook),
                **log.error_fields(exc),
            )
        raise
    log.info(
        f"{job} done",
        job=job,
        event_id=event_id,
        workbook=log.workbook_label(request.workbook),
        seconds=round(time.monotonic() - started, 3),
        counts=result.get("counts"),
        mailed=len(result.get("mailed", [])),
    )
    failed = failed_mail(result)
    if failed:  # redelivery retries only the failed mail (exactly-once); the results are already written
        log.error(f"{job}: {failed} mail(s) not sent; Pub/Sub will redeliver", job=job, event_id=event_id)
        raise RuntimeError(f"{failed} mail(s) not sent")


@functions_framework.cloud_event
def nightly_event(event: CloudEvent) -> None:
    """Pub/Sub: the nightly job for the community named in the message."""
    _event_job("nightly", event)


@functions_framework.cloud_event
def monthly_event(event: CloudEvent) -> None:
    """Pub/Sub: the monthly job for the community named in the message."""
    _event_job("monthly", event)


@functions_framework.http
def dispatch(request: flask.Request) -> flask.Response:
    """HTTP (Cloud Scheduler): publish one message per community in COMMUNITIES; body {"job": ...}."""
    try:
        config = _config("dispatch")
        params = _params(request)
        job = str(params.get("job") or "nightly")
        if job not in ("nightly", "monthly"):
            raise BadJobRequest(f"job 应为 nightly 或 monthly（收到 “{job[:20]}”）")
        today = optional_date(params.get("today"))
        summary = publish_for_communities(
            config.topic or "", config.communities, job, today, config.pubsub_emulator_host
        )
    except Exception as exc:
        status, message = _failure("dispatch", exc)
        log.log("WARNING" if status < 500 else "ERROR", "dispatch failed", status=status, **log.error_fields(exc))
        return _answer(status, {"ok": False, "job": "dispatch", "error": message})
    log.info("dispatch done", job=job, published=summary["published"])
    return _answer(200, {"ok": True, **summary})


_CONFIRM: dict[str, Any] = {}


@functions_framework.http
def confirm(request: flask.Request) -> flask.Response:
    """HTTP, public: a volunteer's one-tap confirmation (the token in the link is the only credential)."""
    if "service" not in _CONFIRM:
        _CONFIRM["service"] = confirm_service(_config("confirm"))
    return _CONFIRM["service"].handle(request)
