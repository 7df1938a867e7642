"""Vandalism and accidents in free-text cells: links, adverts, gambling words, formulas, HTML."""

from __future__ import annotations

import re

from functions.domain.parse_cells import WARNING, Issue

_LINK = re.compile(
    r"https?://|ftp://|www\.|(?<![@.A-Za-z0-9\-])[a-z0-9\-]+\.(?:com|cn|net|org|top|vip|xyz|cc|io|app|bet|info|club|site|win)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_GAMBLING = re.compile(
    r"赌场|赌博|博彩|娱乐城|百家乐|六合彩|时时彩|北京赛车|老虎机|真人视讯|下注|投注|返水|彩金|注册送|葡京|"
    r"威尼斯人|澳门.{0,8}(?:官网|开户|app|娱乐|平台)|app.{0,3}(?:官网|下载)|代开发票|无抵押贷款|网赚|刷单|"
    r"兼职日结|加v信|加vx|扫码领|点击领取",
    re.IGNORECASE,
)
_AD_PHONE = re.compile(r"(?:^|\D)(?:400|800)\d{7}(?:\D|$)|(?:微信|vx|VX|QQ|qq|热线|咨询|客服|代理)\D{0,6}\d{5,}")
_HTML = re.compile(
    r"<\s*/?\s*(?:script|iframe|a|img|div|span|style|svg|html|body|object|embed|form|input|meta|link|p|br|b|i)\b[^>]*>"
    r"|javascript:|\bon(?:error|load|click|mouseover)\s*=",
    re.IGNORECASE,
)
_FORMULA_START = ("=", "+", "-", "@")


def content_issue(text: str) -> Issue | None:
    """A warning when a free-text cell looks vandalised or like a formula (or both); None when it looks fine."""
    if not text:
        return None
    formula = text.startswith(_FORMULA_START) and bool(text.strip("-+=@ ")) and not _is_signed_number(text)
    found = _vandalism(text)
    if found is None:
        if formula:
            return Issue(
                WARNING,
                "内容以 = + - @ 开头，看起来像公式",
                "这里只当文字保存；如果不是有意的，请去掉开头的符号",
                False,
            )
        return None
    message, suggestion = found
    if formula:  # e.g. =HYPERLINK("http://…","点击领取红包"): an advert written as a formula
        message += "，而且以 = + - @ 开头，看起来像公式"
    return Issue(WARNING, message, suggestion, False)


def _vandalism(text: str) -> tuple[str, str] | None:
    """(problem, suggestion) for HTML, gambling or advert words, a link, or an advert phone."""
    if _HTML.search(text):
        return "内容里有网页代码（HTML/脚本）", "请删掉这些代码，只写普通文字"
    if _GAMBLING.search(text):
        return "内容像是赌博或广告（可能被人恶意填写）", "请核实后删掉这段广告内容"
    if _LINK.search(text):
        return "内容里有网址链接（可能是广告）", "表里不需要网址，请核实后删掉"
    if _AD_PHONE.search(text):
        return "内容像是带电话的广告", "请核实后删掉这段广告内容"
    return None


def _is_signed_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
