"""The community's 'today' and 'now', in its own time zone (not UTC)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Shanghai"


def community_now(tz: str = DEFAULT_TZ) -> dt.datetime:
    """The current time in the community's time zone."""
    return dt.datetime.now(ZoneInfo(tz))


def community_today(tz: str = DEFAULT_TZ) -> dt.date:
    """Today's date in the community's time zone: 23:30 in Shanghai is still that day."""
    return community_now(tz).date()
