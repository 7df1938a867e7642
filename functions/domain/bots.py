"""Group-bot channels and posts: a webhook address recognised by its path, and one JSON body to post."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

WECOM, DINGTALK, FEISHU, APPRISE = "wecom", "dingtalk", "feishu", "apprise"
PLATFORM_NAMES = {WECOM: "企业微信", DINGTALK: "钉钉", FEISHU: "飞书", APPRISE: "其他通知渠道"}
PREVIEW_PLATFORMS = (WECOM, DINGTALK, FEISHU)
SECRET_MARK = "#secret="
# Recognised by the path, whatever the host: the platform's own, or 127.0.0.1 in tests and the demo.
PATHS = (
    (re.compile(r"/cgi-bin/webhook/send$"), WECOM),
    (re.compile(r"/robot/send$"), DINGTALK),
    (re.compile(r"/open-apis/bot/v2/hook/[^/]+/?$"), FEISHU),
)


@dataclass(frozen=True)
class BotChannel:
    """One group bot: its platform, the address to post to, and its signing secret (never posted)."""

    platform: str
    url: str = field(repr=False)
    secret: str = field(default="", repr=False)

    @property
    def key(self) -> str:
        """A short stable name that reveals nothing of the address: 'wecom-1a2b3c4d'."""
        return f"{self.platform}-{hashlib.sha256(self.url.encode()).hexdigest()[:8]}"

    @property
    def label(self) -> str:
        """What 运行记录 shows as the recipient: '企业微信群(1a2b3c4d)'."""
        return f"{PLATFORM_NAMES[self.platform]}群({self.key.split('-')[-1]})"


@dataclass(frozen=True)
class GroupPost:
    """One HTTP post into a group (a part of the day's message); identity = date + kind + channel + part."""

    identity: str
    kind: str  # group / group-monthly
    channel: BotChannel
    body: dict[str, Any]
    text: str = ""  # the plain text of the part, for apprise and for tests

    @property
    def to(self) -> str:
        """The recipient as 运行记录 shows it."""
        return self.channel.label


def parse_bot_address(text: str) -> BotChannel:
    """A webhook address as the bot's settings page shows it, with an optional '#secret=…'; ValueError if unknown."""
    address = text.strip()
    secret = ""
    if SECRET_MARK in address:
        address, secret = address.split(SECRET_MARK, 1)
        address, secret = address.strip(), secret.strip()
    parts = urlsplit(address)
    if parts.scheme in ("http", "https") and parts.netloc:
        for pattern, platform in PATHS:
            if pattern.search(parts.path):
                if platform == WECOM and "key=" not in parts.query:
                    raise ValueError("企业微信机器人地址缺少 key=…")
                if platform == DINGTALK and "access_token=" not in parts.query:
                    raise ValueError("钉钉机器人地址缺少 access_token=…")
                return BotChannel(platform, address, secret)
        raise ValueError("不是企业微信、钉钉或飞书的群机器人地址（请从机器人设置页面整段复制）")
    if re.match(r"^[a-z][a-z0-9+.-]*://", address):
        return BotChannel(APPRISE, address, secret)  # tgram://, slack://, ntfy://, bark://, json://… via apprise
    raise ValueError("不是网址，请从机器人设置页面整段复制 webhook 地址")
