"""Which archived contacts the care rules still read: the few per elder that 归档摘要 keeps."""

from __future__ import annotations

from collections import defaultdict

from functions.care.contacts import alert_score
from functions.domain.model import Record
from functions.domain.vocabulary import PHONE_GREETING

LONELINESS_KEPT = 3  # the rising-score check reads the last three assessments
FINDING_COLUMNS = ("身体状况", "居住安全")


def _mark(reasons: dict[int, list[str]], index: int | None, why: str) -> None:
    if index is not None and why not in reasons[index]:
        reasons[index].append(why)


def _latest(contacts: list[Record], test) -> int | None:
    return next((i for i in range(len(contacts) - 1, -1, -1) if test(contacts[i])), None)


def kept_contacts(contacts: list[Record]) -> list[tuple[Record, str]]:
    """One elder's archived contacts (oldest first) that keep every rule's answer once the rest are gone,
    each with why (in Chinese, for the 保留原因 column), oldest first.

    The rules read: whether there is any contact, the first and the latest (问候/走访逾期, 从未联系, due
    dates), the latest in-person one (走访逾期), the latest 需跟进 (an unreadable one counts), the last
    three loneliness scores (孤独感 and whether it rises), the latest 身体状况 and 居住安全 answers (走访发现)
    and every 需求转介=有 (需求转介, until a 需求登记 row follows it). Anything newer than the archive date
    stays in 走访记录, and "a contact since day X" is answered by the latest contact or visit kept here.
    """
    if not contacts:
        return []
    reasons: dict[int, list[str]] = defaultdict(list)
    _mark(reasons, 0, "最早一次联系")
    _mark(reasons, len(contacts) - 1, "最近一次联系")
    _mark(reasons, _latest(contacts, lambda c: c["方式"] is not None and c["方式"] != PHONE_GREETING), "最近一次上门")
    _mark(reasons, _latest(contacts, lambda c: c["需跟进"] == "是" or "需跟进" in c.bad), "最近一次需跟进")
    assessed = [i for i, c in enumerate(contacts) if alert_score(c) is not None]
    for i in assessed[-LONELINESS_KEPT:]:
        _mark(reasons, i, "孤独感评分")
    for column in FINDING_COLUMNS:
        _mark(reasons, _latest(contacts, lambda c, col=column: c[col] is not None), f"最近的{column}")
    for i, contact in enumerate(contacts):
        if contact["需求转介"] == "有":
            _mark(reasons, i, "需求转介")
    return [(contacts[i], "、".join(reasons[i])) for i in sorted(reasons)]
