"""A local fake of the 企业微信 / 钉钉 / 飞书 group-bot webhooks (127.0.0.1): records posts, checks like the platform.

It checks what the platforms check: the signature when the bot has a secret (DingTalk in the query, Feishu in
the body, HMAC-SHA256 over timestamp and secret), WeCom's 4,096-byte markdown limit, and answers in each
platform's JSON (HTTP 200 with errcode/code ≠ 0 on failure). `script` queues answers for the next posts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PATHS = {"wecom": "/cgi-bin/webhook/send?key=test-key-1", "dingtalk": "/robot/send?access_token=test-token-2"}
PATHS["feishu"] = "/open-apis/bot/v2/hook/test-hook-3"
OK = {"wecom": {"errcode": 0, "errmsg": "ok"}, "dingtalk": {"errcode": 0, "errmsg": "ok"}}
OK["feishu"] = {"code": 0, "msg": "success", "data": {}}


@dataclass
class Post:
    """One request as received."""

    path: str
    query: dict[str, str]
    body: dict[str, Any]
    raw: bytes


@dataclass
class FakeBot:
    """One platform's webhook: what it received and what it will answer."""

    platform: str
    secret: str = ""
    posts: list[Post] = field(default_factory=list)  # accepted posts only
    attempts: int = 0
    script: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (HTTP status, JSON) for next posts
    port: int = 0

    @property
    def url(self) -> str:
        """The address as the bot's settings page would show it, on 127.0.0.1."""
        return f"http://127.0.0.1:{self.port}{PATHS[self.platform]}"

    @property
    def address(self) -> str:
        """What goes into GROUP_BOTS: the url, with '#secret=…' when the bot signs."""
        return self.url + (f"#secret={self.secret}" if self.secret else "")

    def check(self, post: Post) -> dict[str, Any]:
        """The platform's own answer to a well-formed post."""
        if self.platform == "dingtalk" and self.secret:
            stamp = post.query.get("timestamp", "")
            digest = hmac.new(self.secret.encode(), f"{stamp}\n{self.secret}".encode(), hashlib.sha256).digest()
            if post.query.get("sign") != base64.b64encode(digest).decode():
                return {"errcode": 310000, "errmsg": "sign not match"}
        if self.platform == "feishu" and self.secret:
            stamp = post.body.get("timestamp", "")
            digest = hmac.new(f"{stamp}\n{self.secret}".encode(), b"", hashlib.sha256).digest()
            if post.body.get("sign") != base64.b64encode(digest).decode():
                return {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
        if self.platform == "wecom" and post.body.get("msgtype") == "markdown":
            if len(post.body["markdown"]["content"].encode()) > 4096:
                return {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}
        return OK[self.platform]


def start_bot(platform: str, secret: str = "") -> tuple[FakeBot, ThreadingHTTPServer]:
    """A running fake bot; call server.shutdown() when done."""
    bot = FakeBot(platform, secret)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            parts = urlsplit(self.path)
            post = Post(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}, json.loads(raw), raw)
            bot.attempts += 1
            status, answer = bot.script.pop(0) if bot.script else (200, None)
            if answer is None and status == 200:
                answer = bot.check(post)
                if answer == OK[platform]:
                    bot.posts.append(post)
            data = json.dumps(answer or {}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    bot.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return bot, server
