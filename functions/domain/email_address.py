"""E-mail addresses checked the way mail servers will: email-validator (syntax only, no DNS), reasons in Chinese."""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email

MAX_SECRETARY_ADDRESSES = 20  # 书记邮箱 is for the branch's secretaries, not a mailing list


def check_address(text: str) -> tuple[str | None, str]:
    """(the address as to send it, '') or (None, the problem and its fix in Chinese)."""
    raw = unicodedata.normalize("NFKC", text).strip()
    if raw.endswith(("。", ".", "．")):
        return None, f"邮箱地址末尾多了一个句号；请删掉它，写成 {raw.rstrip('。.．')}"
    if "@" not in raw:
        return None, "邮箱地址里没有 @；请写成 name@example.com 这样"
    try:
        result = validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        return None, "邮箱地址格式不对；请写成 name@example.com 这样"
    return result.normalized, ""
