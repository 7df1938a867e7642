"""Recognise a Feishu / Lark Sheets workbook argument: feishu:TOKEN or a pasted sheet URL."""

from __future__ import annotations

import re

from functions.domain.errors import SanyouError

PREFIX = "feishu:"
_HOSTS = r"(?:[A-Za-z0-9-]+\.)*(?:feishu\.cn|larksuite\.com|larkoffice\.com|feishu\.net|larksuite\.cn)"
_SHEET_URL = re.compile(rf"^https?://{_HOSTS}/sheets/([A-Za-z0-9]{{10,}})(?:[/?#].*)?$")
_WIKI_URL = re.compile(rf"^https?://{_HOSTS}/wiki/")
_TOKEN = re.compile(r"^[A-Za-z0-9]{10,}$")


class FeishuSpecError(SanyouError, ValueError):
    """A Feishu address we cannot use as it is; the message says what to paste instead."""


def parse_feishu_spec(spec: str) -> str | None:
    """The spreadsheet token named by spec, or None when spec is not a Feishu / Lark one."""
    text = spec.strip()
    if text.startswith(PREFIX):
        token = text[len(PREFIX) :].strip()
        match = _SHEET_URL.match(token)
        token = match.group(1) if match else token
        if not _TOKEN.match(token):
            raise FeishuSpecError(f"“{token[:60]}”不是飞书表格的 token（应为十几位以上的字母和数字）")
        return token
    if _WIKI_URL.match(text):
        raise FeishuSpecError(
            "这是知识库（wiki）页面的链接，不是表格本身的链接：请在表格右上角“…”→“复制链接”里取 /sheets/ 开头的地址，"
            "或把表格移出知识库后再复制链接"
        )
    match = _SHEET_URL.match(text)
    return match.group(1) if match else None
