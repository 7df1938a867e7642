"""What every cell parser shares: the issue type, the outcome shape and text normalisation."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from typing import Any, NamedTuple

ERROR, WARNING = "错误", "警告"
MIN_DATE, MAX_DATE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


class Issue(NamedTuple):
    """What is wrong with a cell; bad=True means the value could not be used (None in parsed)."""

    level: str
    message: str
    suggestion: str
    bad: bool = True


Outcome = tuple[Any, Issue | None]
BLANK: Outcome = (None, None)


def normalize_text(raw: Any) -> str:
    """A cell as text: NFKC (full-width → half-width), trimmed; numbers and dates written plainly."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and math.isfinite(raw) and raw == int(raw):
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return unicodedata.normalize("NFKC", str(raw)).strip()
