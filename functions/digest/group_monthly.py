"""The monthly 三升三降 report for a group: a short version, with the chart where the platform takes images. Pure.

Only 企业微信 takes an image from a custom bot (msgtype image: base64 + md5, at most 2 MB); 钉钉's
markdown needs a public image URL and 飞书 an image_key uploaded by an app, so they get the figures only.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from functions.digest.group_render import feishu_card
from functions.digest.monthly_report import _figures, headline
from functions.domain.bots import DINGTALK, FEISHU, WECOM
from functions.domain.months import month_label
from functions.metrics.compute import MonthMetrics

WECOM_IMAGE_BYTES = 2 * 1024 * 1024


def monthly_lines(current: MonthMetrics, previous: MonthMetrics | None) -> list[str]:
    """The headline and one line per figure: value, change (aggregates only)."""
    lines = [headline(current, previous), ""]
    lines += [f"- {f['name']}：{f['value']}（{f['change']}）" for f in _figures(current, previous)]
    if current.visit_scope:  # the guidance's 月探访率: visited 探访对象 of all of them, goal 100 %
        rate = "—" if current.monthly_visit_rate is None else f"{current.monthly_visit_rate:.1f}%"
        lines.append(f"- 月探访率：{rate}（探访对象 {current.visit_scope} 位，已探访 {current.visit_reached} 位）")
    return lines


def monthly_title(community: str, month: str) -> str:
    """'芙蓉小区2026年11月“三升三降”月报'."""
    return f"{community}{month_label(month)}“三升三降”月报"


def wecom_image(png: bytes) -> dict[str, Any] | None:
    """The chart as a WeCom image message, None when over the 2 MB limit."""
    if len(png) > WECOM_IMAGE_BYTES:
        return None
    image = {"base64": base64.b64encode(png).decode(), "md5": hashlib.md5(png).hexdigest()}
    return {"msgtype": "image", "image": image}


def monthly_bodies(
    platform: str, community: str, month: str, current: MonthMetrics, previous: MonthMetrics | None, png: bytes
) -> list[dict[str, Any]]:
    """The platform's bodies for the monthly report (apprise channels get the WeCom markdown)."""
    title = monthly_title(community, month)
    text = "\n".join(monthly_lines(current, previous))
    if platform == DINGTALK:
        return [
            {
                "msgtype": "markdown",
                "markdown": {"title": title, "text": f"### {title}\n{text}"},
                "at": {"atMobiles": [], "isAtAll": False},
            }
        ]
    if platform == FEISHU:
        return [feishu_card(title, text, "blue")]
    bodies: list[dict[str, Any]] = [{"msgtype": "markdown", "markdown": {"content": f"## {title}\n{text}"}}]
    image = wecom_image(png) if platform == WECOM else None
    return bodies + ([image] if image else [])
