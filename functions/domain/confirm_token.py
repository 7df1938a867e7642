"""One-tap confirmation links: an HMAC-SHA256 token bound to (community, volunteer, elder, kind, issue date)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass
from pathlib import PurePath

from functions.domain.errors import SanyouError

VERSION = "1"
VALID_DAYS = 3  # a link works on the day it was sent and the two days after
# kind code → (the link's label, the 方式 it records or None for a failed attempt)
KINDS: dict[str, tuple[str, str | None]] = {
    "visit": ("已上门", "上门走访"),
    "phone": ("已电话", "电话问候"),
    "missed": ("没联系上", None),
    "follow": ("需跟进", "上门走访"),
}


class TokenRefused(SanyouError, ValueError):
    """The token is malformed, altered, signed with an unknown key, or expired; never says which to the user."""


@dataclass(frozen=True)
class Claim:
    """What a valid token grants: this volunteer may record this kind of contact with this elder."""

    community: str  # community_tag(workbook location)
    volunteer: str
    elder: str
    kind: str
    issued: dt.date

    def expires(self) -> dt.date:
        """The last day the link works."""
        return self.issued + dt.timedelta(days=VALID_DAYS - 1)


def community_tag(location: str) -> str:
    """A short, stable tag for a workbook (a local file by its name, wherever it is opened from)."""
    text = location.strip()
    key = text if re.match(r"^[a-z]+:", text) and not re.match(r"^[A-Za-z]:[\\/]", text) else PurePath(text).name
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _payload(claim: Claim) -> bytes:
    fields = (VERSION, claim.community, claim.volunteer, claim.elder, claim.kind, claim.issued.strftime("%Y%m%d"))
    return "|".join(fields).encode("utf-8")


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, b"sanyou-confirm|" + payload, hashlib.sha256).digest()


def make_token(key: bytes, claim: Claim) -> str:
    """'<payload>.<mac>', URL-safe base64; the payload holds only codes (编号), never a name or phone."""
    if claim.kind not in KINDS or any("|" in v for v in (claim.community, claim.volunteer, claim.elder)):
        raise ValueError(f"cannot make a token for {claim!r}")
    payload = _payload(claim)
    return f"{_b64(payload)}.{_b64(_mac(key, payload))}"


def read_token(keys: list[bytes], token: str, today: dt.date) -> Claim:
    """The claim of a token made with any of keys (newest first) and still valid today; else TokenRefused."""
    try:
        payload_text, mac_text = token.split(".")
        payload, mac = _unb64(payload_text), _unb64(mac_text)
    except (ValueError, TypeError) as exc:
        raise TokenRefused("malformed") from exc
    if not any(hmac.compare_digest(mac, _mac(key, payload)) for key in keys):
        raise TokenRefused("bad signature")
    try:
        version, community, volunteer, elder, kind, issued = payload.decode("utf-8").split("|")
        day = dt.datetime.strptime(issued, "%Y%m%d").date()
    except ValueError as exc:
        raise TokenRefused("malformed payload") from exc
    if version != VERSION or kind not in KINDS:
        raise TokenRefused("unknown version or kind")
    claim = Claim(community, volunteer, elder, kind, day)
    if not day <= today <= claim.expires():
        raise TokenRefused("expired")
    return claim


def token_hash(token: str) -> str:
    """What logs carry instead of a token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()[:16]
