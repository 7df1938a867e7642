"""The one-tap links in a volunteer's own list: 已上门 · 已电话 · 没联系上 · 需跟进 for each due or late elder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from functions.domain.confirm_token import KINDS, Claim, community_tag, make_token

Taps = Callable[[str, str], list[dict[str, str]]]  # (volunteer 编号, elder 编号) → [{label, url}]


@dataclass(frozen=True)
class ConfirmLinks:
    """Where the confirm page is (CONFIRM_BASE_URL) and the key that signs today's links (CONFIRM_KEY)."""

    base_url: str
    key: bytes

    def for_day(self, location: str, today: dt.date) -> Taps:
        """The link maker of one workbook and one day."""
        community = community_tag(location)
        joiner = "&" if "?" in self.base_url else "?"

        def taps(volunteer: str, elder: str) -> list[dict[str, str]]:
            out = []
            for kind, (label, _mode) in KINDS.items():
                token = make_token(self.key, Claim(community, volunteer, elder, kind, today))
                out.append({"label": label, "url": f"{self.base_url}{joiner}{urlencode({'t': token})}"})
            return out

        return taps
