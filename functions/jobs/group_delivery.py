"""Group messages through the mail ledger: one GroupPost per HTTP post, identity date + kind + channel + part.

Each post is another outgoing item of 运行记录 (待发送 before, 已发送/发送失败 after); a re-run composes
the same identities and sends only what is not 已发送. Without channels nothing is posted; with an
outbox (CLI, demo) the JSON bodies each platform would get are written there as previews instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from functions.digest.group_render import plain_text
from functions.domain.bots import PREVIEW_PLATFORMS, BotChannel, GroupPost
from functions.domain.delivery import Outcome

Bodies = Callable[[str], list[dict[str, Any]]]  # platform → the JSON bodies, in posting order
GROUP, GROUP_MONTHLY = "group", "group-monthly"


class GroupSender(Protocol):
    """Posts GroupPosts and says what became of each (never raises for a delivery failure)."""

    def send(self, posts: list[GroupPost]) -> dict[str, Outcome]:
        """identity → outcome."""
        ...


PreviewWriter = Callable[[str, dict[str, list[dict[str, Any]]]], Any]


@dataclass(frozen=True)
class GroupDelivery:
    """This workbook's group bots and how to reach them, from the entry point (config + adapters)."""

    channels: tuple[BotChannel, ...] = ()
    sender: GroupSender | None = None
    preview_writer: PreviewWriter | None = None  # set by the CLI: previews in the outbox when no channels
    preview_dir: str | None = None  # the outbox folder the previews go to


def group_posts(channels: Sequence[BotChannel], kind: str, period: str, bodies: Bodies) -> list[GroupPost]:
    """Every channel's posts: '2026-11-29|group|wecom-1a2b3c4d|1', … (a channel of no platform body gets none)."""
    posts = []
    for channel in channels:
        for n, body in enumerate(bodies(channel.platform), 1):
            identity = f"{period}|{kind}|{channel.key}|{n}"
            posts.append(GroupPost(identity, kind, channel, body, plain_text(body)))
    return posts


def previews(kind: str, period: str, bodies: Bodies) -> dict[str, list[dict[str, Any]]]:
    """File name → bodies for the three platforms: '群消息-wecom-2026-11-29.json', …"""
    prefix = "群消息月报" if kind == GROUP_MONTHLY else "群消息"
    return {f"{prefix}-{platform}-{period}.json": bodies(platform) for platform in PREVIEW_PLATFORMS}


def plan_group(
    delivery: GroupDelivery | None, kind: str, period: str, bodies: Bodies
) -> tuple[list[GroupPost], dict[str, list[dict[str, Any]]]]:
    """(posts for the configured channels, previews when there are none and an outbox to write them to)."""
    if delivery is None:
        return [], {}
    if delivery.channels:
        return group_posts(delivery.channels, kind, period, bodies), {}
    if delivery.preview_dir and delivery.preview_writer is not None:
        return [], previews(kind, period, bodies)
    return [], {}


def send_group(delivery: GroupDelivery | None, posts: list[GroupPost]) -> dict[str, Outcome]:
    """Post the planned group messages; identity → outcome."""
    if not posts or delivery is None or delivery.sender is None:
        return {}
    return delivery.sender.send(posts)


def group_counts(posts: list[GroupPost], outcomes: dict[str, Outcome]) -> dict[str, int]:
    """{'待发': n, '已发送': n, '发送失败': n} for the result's counts."""
    sent = sum(1 for p in posts if outcomes.get(p.identity, Outcome(False)).sent)
    return {"待发": len(posts), "已发送": sent, "发送失败": len(posts) - sent}
