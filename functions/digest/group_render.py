"""A GroupDigest as each platform's JSON bodies, split to fit its limits (never dropping a red). Pure.

- 企业微信: `markdown` parts (content ≤ 4,096 bytes), then one `text` message whose
  `mentioned_mobile_list` rings each volunteer with work (and the secretary when there are reds): WeCom's
  markdown cannot @-mention by mobile, its text message can.
- 钉钉: `markdown` parts with `at.atMobiles`; the text carries `@mobile` where the mention shows.
- 飞书: `interactive` cards with one `markdown` element; a custom bot cannot @ by mobile, so names only.
"""

from __future__ import annotations

from typing import Any

from functions.digest.group import GroupDigest
from functions.domain.bots import DINGTALK, FEISHU, WECOM

WECOM_MARKDOWN_BYTES = 4096
WECOM_TEXT_BYTES = 2048
DINGTALK_TEXT_BYTES = 12000  # the whole request, with at.atMobiles (~15 bytes a mention), stays under 20 KB
FEISHU_TEXT_BYTES = 18000  # the request body must stay under 20 KB
WECOM_MENTION = "请以下各位查看今天的待办，详情见各自的邮件或表格。"


def size(text: str) -> int:
    """UTF-8 bytes, as the platforms count."""
    return len(text.encode("utf-8"))


def pack(title: str, lines: list[str], limit: int) -> list[str]:
    """Lines into as few messages as fit `limit` bytes, each under the title; a later part says （续 n）."""
    parts: list[list[str]] = [[]]
    room = limit - size(title) - 16  # room for '（续 99）' and new lines
    used = 0
    for line in lines:
        line = line if size(line) < room else line.encode("utf-8")[: room - 4].decode("utf-8", "ignore") + "…"
        if parts[-1] and used + size(line) + 1 > room:
            parts.append([])
            used = 0
        parts[-1].append(line)
        used += size(line) + 1
    return [
        "\n".join([title if n == 0 else f"{title}（续 {n + 1}）", *chunk]) for n, chunk in enumerate(parts) if chunk
    ]


def _count_line(digest: GroupDigest, red: str) -> str:
    c = digest.counts
    return f"今日提醒：{red} · 橙 {c['橙']} · 黄 {c['黄']}"


def _where(digest: GroupDigest) -> list[str]:
    if digest.link:
        return [f"[打开表格]({digest.link})"]
    return [f"表格文件：{digest.file_name}"] if digest.file_name else []


def markdown_lines(digest: GroupDigest, platform: str) -> list[str]:
    """The message body lines in the platform's markdown; DingTalk lines carry '@mobile' for its mentions."""
    reds = digest.counts["红"]
    red = f'<font color="warning">红 {reds}</font>' if platform == WECOM else f"**红 {reds}**"
    lines = [_count_line(digest, red)]
    if digest.reds:
        at = "".join(f" @{m}" for m in digest.secretary_mobiles) if platform == DINGTALK else ""
        lines += ["", f"**红色提醒**（请书记跟进{at}）"] + [f"- {r}" for r in digest.reds]
    if digest.people:
        lines += ["", "**今日待办**"]
        for p in digest.people:
            at = f" @{p.mobile}" if platform == DINGTALK and p.mobile else ""
            lines.append(f"- {p.name}：{p.count} 项{at}")
    else:
        lines += ["", "今天没有志愿者待办。"]
    return lines + [""] + _where(digest)


def mentions(digest: GroupDigest) -> list[str]:
    """Every mobile the message rings: the volunteers with work, then the secretary when there are reds."""
    seen: dict[str, None] = {}
    for m in [p.mobile for p in digest.people if p.mobile] + digest.secretary_mobiles:
        seen.setdefault(m, None)
    return list(seen)


def wecom_bodies(digest: GroupDigest) -> list[dict[str, Any]]:
    """Markdown parts, then the text message that @-mentions by mobile."""
    bodies: list[dict[str, Any]] = [
        {"msgtype": "markdown", "markdown": {"content": part}}
        for part in pack(f"## {digest.title}", markdown_lines(digest, WECOM), WECOM_MARKDOWN_BYTES)
    ]
    mobiles = mentions(digest)
    if mobiles:
        bodies.append({"msgtype": "text", "text": {"content": WECOM_MENTION, "mentioned_mobile_list": mobiles}})
    return bodies


def dingtalk_bodies(digest: GroupDigest) -> list[dict[str, Any]]:
    """Markdown parts, each @-mentioning the mobiles written in it."""
    wanted = mentions(digest)
    bodies = []
    for part in pack(f"### {digest.title}", markdown_lines(digest, DINGTALK), DINGTALK_TEXT_BYTES):
        at = [m for m in wanted if f"@{m}" in part]
        bodies.append(
            {
                "msgtype": "markdown",
                "markdown": {"title": digest.title, "text": part},
                "at": {"atMobiles": at, "isAtAll": False},
            }
        )
    return bodies


def feishu_card(title: str, text: str, template: str = "red") -> dict[str, Any]:
    """An interactive card: a header and one markdown element."""
    return {
        "msg_type": "interactive",
        "card": {
            "config": {"wide_screen_mode": True},
            "header": {"title": {"tag": "plain_text", "content": title}, "template": template},
            "elements": [{"tag": "markdown", "content": text}],
        },
    }


def feishu_bodies(digest: GroupDigest) -> list[dict[str, Any]]:
    """Interactive cards with a markdown element; names without mentions."""
    template = "red" if digest.counts["红"] else "blue"
    parts = pack("", markdown_lines(digest, FEISHU), FEISHU_TEXT_BYTES)
    titles = [digest.title if n == 0 else f"{digest.title}（续 {n + 1}）" for n in range(len(parts))]
    return [feishu_card(t, p.split("\n", 1)[1], template) for t, p in zip(titles, parts, strict=True)]


def plain_text(body: dict[str, Any]) -> str:
    """The readable text of a body, whatever its platform (for apprise, logs of sizes and tests)."""
    if "markdown" in body:
        return body["markdown"].get("content") or body["markdown"].get("text", "")
    if "text" in body:
        return body["text"]["content"]
    if "card" in body:
        return "\n".join(e.get("content", "") for e in body["card"]["elements"])
    return ""


BODIES = {WECOM: wecom_bodies, DINGTALK: dingtalk_bodies, FEISHU: feishu_bodies}


def platform_bodies(digest: GroupDigest, platform: str) -> list[dict[str, Any]]:
    """The bodies for a platform; apprise channels get plain markdown parts."""
    render = BODIES.get(platform)
    if render is None:  # plain markdown without WeCom's <font> or DingTalk's @mobile
        parts = pack(f"## {digest.title}", markdown_lines(digest, FEISHU), WECOM_MARKDOWN_BYTES)
        return [{"msgtype": "markdown", "markdown": {"content": part}} for part in parts]
    return render(digest)
