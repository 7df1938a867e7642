"""Posting to 企业微信 / 钉钉 / 飞书 group bots: signed, retried with backoff within a deadline, errcode checked.

Why our own client and not apprise for these three: apprise (2.3) posts WeCom as plain text without
mentions, Feishu without signing, only to the platforms' fixed hosts, and none of the three checks the
`errcode` in an HTTP 200 answer, so a bad key or a failed keyword check would count as sent.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from functions.adapters.bots.sign import dingtalk_url, feishu_sign
from functions.adapters.mail.transport import Outcome
from functions.domain.bots import APPRISE, DINGTALK, FEISHU, GroupPost
from functions.domain.errors import SanyouError

LOG = logging.getLogger(__name__)
RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_WAIT = 30.0


class PlatformError(SanyouError):
    """The platform answered with an error code (HTTP 200 and errcode ≠ 0, or code ≠ 0)."""

    def __init__(self, code: object, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.code, self.message = code, message


def platform_error(answer: object) -> PlatformError | None:
    """The error in a platform's JSON answer: errcode (WeCom, DingTalk), code or StatusCode (Feishu)."""
    if not isinstance(answer, dict):
        return None
    for key, text in (("errcode", "errmsg"), ("code", "msg"), ("StatusCode", "StatusMessage")):
        if key in answer and answer[key] not in (0, "0", None):
            return PlatformError(answer[key], str(answer.get(text) or "")[:80])
    return None


@dataclass
class BotClient:
    """Sends GroupPosts; each post retried on 429/5xx/connection errors until `deadline` seconds have passed."""

    deadline: float = 30.0  # per post: three dead bots still leave the nightly function time to finish
    timeout: float = 10.0
    backoff: float = 1.0  # first wait; doubles each retry, capped at MAX_WAIT
    pace: float = 3.1  # between two posts to the same bot: at most 20 a minute
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time
    session: requests.Session = field(default_factory=requests.Session)

    def _request(self, post: GroupPost) -> requests.Response:
        channel, body, url = post.channel, dict(post.body), post.channel.url
        if channel.secret and channel.platform == DINGTALK:
            url = dingtalk_url(url, channel.secret, int(self.wall() * 1000))
        if channel.secret and channel.platform == FEISHU:
            stamp = int(self.wall())
            body = {"timestamp": str(stamp), "sign": feishu_sign(channel.secret, stamp), **body}
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        return self.session.post(url, data=data, headers=headers, timeout=self.timeout)

    def post(self, post: GroupPost) -> Outcome:
        """One post, retried within the deadline; the outcome's note carries the HTTP status or errcode."""
        start, wait, tries = self.clock(), self.backoff, 0
        while True:
            tries += 1
            try:
                response = self._request(post)
                if response.status_code not in RETRY_STATUS:
                    return self._judge(post, response)
                note = f"HTTP {response.status_code}"
                retry_after = response.headers.get("Retry-After", "")
                wait = max(wait, float(retry_after)) if retry_after.isdigit() else wait
            except (requests.ConnectionError, requests.Timeout) as exc:
                note = f"连接失败（{type(exc).__name__}）"
            if self.clock() - start + wait > self.deadline:
                return self._failed(post, f"{note}，已尝试 {tries} 次")
            self.sleep(wait)
            wait = min(wait * 2, MAX_WAIT)

    def _judge(self, post: GroupPost, response: requests.Response) -> Outcome:
        if response.status_code >= 400:
            return self._failed(post, f"HTTP {response.status_code}")
        try:
            error = platform_error(response.json())
        except ValueError:
            error = None
        if error is not None:
            return self._failed(post, f"平台返回错误码 {error.code}（{error.message}）")
        return Outcome(True)

    def _failed(self, post: GroupPost, note: str) -> Outcome:
        LOG.warning("群消息发送失败：%s %s：%s", post.channel.label, post.identity, note)  # never the address
        return Outcome(False, f"{post.channel.label}：{note}")

    def send(self, posts: list[GroupPost]) -> dict[str, Outcome]:
        """Every post in order, paced per bot; after a failure the rest of that bot's posts wait for a re-run."""
        outcomes: dict[str, Outcome] = {}
        broken: set[str] = set()
        last: dict[str, float] = {}
        for post in posts:
            key = post.channel.key
            if key in broken:
                outcomes[post.identity] = Outcome(False, f"{post.channel.label}：前一条没有发出，这条未尝试")
                continue
            if key in last:
                self.sleep(max(0.0, self.pace - (self.clock() - last[key])))
            outcome = send_apprise(post) if post.channel.platform == APPRISE else self.post(post)
            last[key] = self.clock()
            outcomes[post.identity] = outcome
            if not outcome.sent:
                broken.add(key)
        return outcomes


def send_apprise(post: GroupPost) -> Outcome:
    """A channel of apprise's catalogue (Telegram, Slack, ntfy, Bark, …): markdown title and text."""
    import apprise  # imported here: only deployments with such a channel pay for it

    notifier = apprise.Apprise()
    if not notifier.add(post.channel.url):
        return Outcome(False, f"{post.channel.label}：apprise 不认识这个地址")
    title, _, text = post.text.partition("\n")
    ok = notifier.notify(body=text or title, title=title.lstrip("# "), body_format=apprise.NotifyFormat.MARKDOWN)
    return Outcome(True) if ok else Outcome(False, f"{post.channel.label}：apprise 发送失败")
