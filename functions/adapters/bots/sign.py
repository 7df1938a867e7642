"""The platforms' signatures: HMAC-SHA256 over timestamp and secret, base64, as each documents."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote_plus


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉 加签: HMAC-SHA256 keyed by the secret over 'timestamp\\nsecret', base64, URL-encoded (query string)."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


def dingtalk_url(url: str, secret: str, timestamp_ms: int) -> str:
    """The webhook address with &timestamp=…&sign=… appended."""
    return f"{url}&timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """飞书 签名校验: HMAC-SHA256 keyed by 'timestamp\\nsecret' over an empty message, base64 (in the body)."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()
