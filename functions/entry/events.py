"""What a job should run on: from HTTP parameters or a Pub/Sub CloudEvent ("MessagePublishedData")."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from functions.domain.date_range import UnsupportedDate, check_today
from functions.domain.errors import SanyouError
from functions.entry.config import normalise_workbook_spec

JOBS = ("nightly", "monthly", "validate")
_TRUE = {"1", "true", "yes", "on", "是"}


class BadJobRequest(SanyouError, ValueError):
    """The request cannot be run as it is; retrying will not help. The message is for a person."""


class MalformedEvent(BadJobRequest):
    """A Pub/Sub message that names no usable workbook: log it and acknowledge it."""


@dataclass(frozen=True)
class JobRequest:
    """One job run: which workbook and, optionally, which day / month."""

    workbook: str
    job: str | None = None
    today: dt.date | None = None
    month: str | None = None
    all_months: bool = False


def _date(text: Any) -> dt.date:
    try:
        day = dt.date.fromisoformat(str(text).strip())
    except ValueError as exc:
        raise BadJobRequest(f"today 要写成 YYYY-MM-DD，如 2026-11-29（收到 “{str(text)[:40]}”）") from exc
    try:
        return check_today(day)
    except UnsupportedDate as exc:
        raise BadJobRequest(str(exc)) from exc


def _month(text: Any) -> str:
    value = str(text).strip()
    try:
        check_today(dt.date.fromisoformat(value + "-01"))
    except UnsupportedDate as exc:
        raise BadJobRequest(str(exc).replace("日期", "月份", 1)) from exc
    except ValueError as exc:
        raise BadJobRequest(f"month 要写成 YYYY-MM，如 2026-10（收到 “{value[:40]}”）") from exc
    return value


def optional_date(value: Any) -> dt.date | None:
    """A today parameter: YYYY-MM-DD, or None when absent."""
    return _date(value) if value not in (None, "") else None


def parse_job_params(params: Mapping[str, Any], default_workbook: str | None = None) -> JobRequest:
    """workbook / job / today / month / all from a JSON body, query string or message attributes."""
    raw = params.get("workbook") or default_workbook
    if not raw or not str(raw).strip():
        raise BadJobRequest("没有指定工作簿：请在请求里给出 workbook，或设置环境变量 SANYOU_WORKBOOK")
    try:
        workbook = normalise_workbook_spec(str(raw))
    except ValueError as exc:
        raise BadJobRequest(f"workbook 有误：{exc}") from exc
    job = params.get("job")
    if job is not None and str(job) not in JOBS:
        raise BadJobRequest(f"job 应为 {' / '.join(JOBS)} 之一（收到 “{str(job)[:20]}”）")
    all_months = str(params.get("all", "")).strip().lower() in _TRUE or params.get("all") is True
    if all_months and params.get("month"):
        raise BadJobRequest("month 和 all 只能给一个：要么统计某一个月，要么重新计算每一个月")
    return JobRequest(
        workbook=workbook,
        job=None if job is None else str(job),
        today=optional_date(params.get("today")),
        month=_month(params["month"]) if params.get("month") else None,
        all_months=all_months,
    )


def _message_data(message: Mapping[str, Any]) -> dict[str, Any]:
    encoded = message.get("data")
    if not encoded:
        return {}
    try:
        text = base64.b64decode(encoded, validate=True).decode("utf-8").strip()
    except (binascii.Error, ValueError, TypeError) as exc:
        raise MalformedEvent("消息内容不是有效的 base64 UTF-8 文本") from exc
    if text.startswith("{"):
        try:
            body = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:  # RecursionError: JSON nested thousands deep
            raise MalformedEvent("消息内容不是有效的 JSON") from exc
        if not isinstance(body, dict):
            raise MalformedEvent("消息内容应是 JSON 对象")
        return body
    return {"workbook": text} if text else {}


def decode_pubsub(data: Any) -> JobRequest:
    """The job request carried by a Pub/Sub CloudEvent's data; attributes win over the JSON data."""
    if isinstance(data, (bytes, str)):
        try:
            data = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            raise MalformedEvent("事件内容不是 JSON") from exc
    message = data.get("message") if isinstance(data, Mapping) else None
    if not isinstance(message, Mapping):
        raise MalformedEvent("事件里没有 Pub/Sub 消息（message）")
    attributes = message.get("attributes") or {}
    if not isinstance(attributes, Mapping):
        raise MalformedEvent("消息属性（attributes）格式不对")
    params = {**_message_data(message), **attributes}
    try:
        return parse_job_params(params)
    except BadJobRequest as exc:
        raise MalformedEvent(str(exc)) from exc
