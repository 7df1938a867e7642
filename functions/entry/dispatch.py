"""Fan-out: publish one Pub/Sub message per community, through the Pub/Sub REST API."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from functions.domain.errors import SanyouError

if TYPE_CHECKING:  # requests is imported when publishing: every CLI run imports this module for its error
    import requests

PUBSUB_API = "https://pubsub.googleapis.com"
PUBSUB_SCOPE = "https://www.googleapis.com/auth/pubsub"
MAX_BATCH = 1000  # Pub/Sub accepts at most 1000 messages per publish request
TIMEOUT_SECONDS = 30


class PublishError(SanyouError, RuntimeError):
    """Pub/Sub refused or could not be reached; the message says which and is safe to show."""


def build_messages(communities: list[str] | tuple[str, ...], job: str, today: dt.date | None = None) -> list[dict]:
    """One message per community: the workbook in the attributes and as JSON data."""
    messages = []
    for workbook in communities:
        body: dict[str, Any] = {"workbook": workbook, "job": job}
        if today is not None:
            body["today"] = today.isoformat()
        data = base64.b64encode(json.dumps(body, ensure_ascii=False).encode("utf-8")).decode("ascii")
        messages.append({"data": data, "attributes": {k: str(v) for k, v in body.items()}})
    return messages


def _session(emulator_host: str | None) -> tuple[requests.Session, str]:
    """An authorised session for the real API, or a plain one for the emulator (its convention: no auth)."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    if emulator_host:
        session, base = requests.Session(), f"http://{emulator_host}"
    else:
        import google.auth
        from google.auth.transport.requests import AuthorizedSession

        credentials, _ = google.auth.default(scopes=[PUBSUB_SCOPE])
        session, base = AuthorizedSession(credentials), PUBSUB_API
    retry = Retry(total=3, backoff_factor=0.5, status_forcelist=(429, 500, 502, 503, 504), allowed_methods=None)
    session.mount(base, HTTPAdapter(max_retries=retry))
    return session, base


def publish(topic: str, messages: list[dict], emulator_host: str | None = None) -> list[str]:
    """Publish the messages in as few requests as Pub/Sub allows; returns the message IDs."""
    import requests

    session, base = _session(emulator_host)
    ids: list[str] = []
    with session:
        for start in range(0, len(messages), MAX_BATCH):
            batch = messages[start : start + MAX_BATCH]
            try:
                response = session.post(f"{base}/v1/{topic}:publish", json={"messages": batch}, timeout=TIMEOUT_SECONDS)
            except requests.RequestException as exc:
                raise PublishError(f"连不上 Pub/Sub（{type(exc).__name__}）") from exc
            if response.status_code != 200:
                raise PublishError(f"Pub/Sub 拒绝了发布请求（HTTP {response.status_code}）")
            ids.extend(response.json().get("messageIds", []))
    if len(ids) != len(messages):
        raise PublishError(f"Pub/Sub 只确认了 {len(ids)} / {len(messages)} 条消息")
    return ids


def publish_for_communities(
    topic: str,
    communities: list[str] | tuple[str, ...],
    job: str,
    today: dt.date | None = None,
    emulator_host: str | None = None,
) -> dict[str, Any]:
    """Publish the job for every community; the JSON-ready summary."""
    ids = publish(topic, build_messages(communities, job, today), emulator_host)
    return {"job": job, "topic": topic, "published": len(ids), "message_ids": ids}
