"""Shared lookups for the care rules: elders, volunteers, contacts by elder, who is responsible."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import islice
from operator import attrgetter, itemgetter, le
from typing import TypeVar

from functions.domain.model import Alert, Parsed, Record
from functions.domain.routing import Route, Routing, build_routing, is_available, volunteers_by_id
from functions.domain.settings import Settings
from functions.domain.tabs import CONTACTS, ELDERS, VOLUNTEERS
from functions.domain.vocabulary import CARE_LEVELS, GONE, PAUSABLE, STRICTEST_LEVEL


@dataclass
class CareContext:
    """Everything the rules look up, built once from the parsed tables."""

    today: dt.date
    settings: Settings
    parsed: Parsed
    elders: dict[str, Record] = field(default_factory=dict)  # by 编号, first row wins
    duplicates: list[Record] = field(default_factory=list)  # later rows repeating an elder's 编号
    volunteers: dict[str, Record] = field(default_factory=dict)
    contacts: dict[str, list[Record]] = field(default_factory=dict)  # counted contacts by elder, oldest first
    routing: Routing = field(default_factory=lambda: build_routing({}))

    def rows(self, title: str) -> list[Record]:
        """A tab's records, empty when missing."""
        return self.parsed.get(title) or []


def first_by_id(records: list[Record], key: str = "编号") -> dict[str, Record]:
    """Records by their 编号, blank ones left out; with a repeated 编号 the first row wins (the others are 编号重复)."""
    found: dict[str, Record] = {}
    for record in records:
        if record[key]:
            found.setdefault(record[key], record)
    return found


def counts_as_contact(record: Record, today: dt.date) -> bool:
    """A contact counts only with a parsed 日期 (not in the future) and 老人编号."""
    day = record["日期"]
    return isinstance(day, dt.date) and record["老人编号"] is not None and day <= today


_SHARED: ContextVar[dict[tuple, tuple] | None] = ContextVar("shared_care_contexts", default=None)
_DAY, _ROW = itemgetter("日期"), attrgetter("number")
T = TypeVar("T")


@contextmanager
def shared_contexts() -> Iterator[None]:
    """Within the block, build_context of the same tables, settings and day is built once and shared (a night's
    alerts, digests and group message each ask for it: five builds of 170,000 contacts became one)."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def shared_value(kind: str, parsed: Parsed, build: Callable[[], T]) -> T:
    """build() once per kind and tables within a shared_contexts block (else every time): the night's
    digests and group message each ask for the same index of the tables."""
    shared = _SHARED.get()
    key = (kind, id(parsed))
    if shared is not None and key in shared:
        return shared[key][1]  # the tables are pinned in the entry: an id cannot be reused meanwhile
    value = build()
    if shared is not None:
        shared[key] = (parsed, value)
    return value


def build_context(parsed: Parsed, settings: Settings, today: dt.date) -> CareContext:
    """Index elders, volunteers and counted contacts in one pass each (once per shared_contexts block)."""
    shared = _SHARED.get()
    key = (id(parsed), id(settings), today)
    if shared is not None and key in shared:
        return shared[key][2]  # the tables are pinned in the entry: an id cannot be reused meanwhile
    ctx = _build_context(parsed, settings, today)
    if shared is not None:
        shared[key] = (parsed, settings, ctx)
    return ctx


def _build_context(parsed: Parsed, settings: Settings, today: dt.date) -> CareContext:
    ctx = CareContext(today=today, settings=settings, parsed=parsed)
    for record in ctx.rows(ELDERS):
        if ctx.elders.setdefault(elder_id(record), record) is not record:
            ctx.duplicates.append(record)
    ctx.volunteers = volunteers_by_id(ctx.rows(VOLUNTEERS))
    ctx.routing = build_routing(ctx.volunteers)
    grouped: dict[str, list[Record]] = defaultdict(list)
    get, date = dict.get, dt.date  # counts_as_contact inlined, C-level lookups: 170,000 contacts a night
    contacts = ctx.rows(CONTACTS)
    for record in contacts:
        day, elder = get(record, "日期"), get(record, "老人编号")
        if elder is not None and isinstance(day, date) and day <= today:
            grouped[elder].append(record)
    in_row_order = _in_row_order(contacts)  # as read from the sheet: each elder's list already is
    for records in grouped.values():  # by day, then row: two stable sorts on C-level keys (no call per row)
        if not in_row_order:
            records.sort(key=_ROW)
        records.sort(key=_DAY)
    ctx.contacts = dict(grouped)
    return ctx


def _in_row_order(records: list[Record]) -> bool:
    """True when the records' row numbers never go down (a sheet's rows as read; not with 归档摘要's kept
    contacts in front), checked at C speed: sorting 170,000 contacts by row again cost more."""
    numbers = list(map(_ROW, records))
    return all(map(le, numbers, islice(numbers, 1, None)))


def elder_id(record: Record) -> str:
    """The elder's 编号, or a row label when it is missing or bad (so the elder still gets alerts)."""
    return record["编号"] or f"老人档案第{record.number}行"


def elder_state(record: Record, today: dt.date) -> str:
    """'active', 'paused' (住院/外出 through 暂停至) or 'gone' (已故/迁出)."""
    # 暂停至 is inclusive ("checks resume after it"): 暂停至 = today is still paused, = yesterday is
    # active again. A blank 暂停至 keeps the elder paused (validation and a 黄 alert ask for the date); a 暂停至
    # that failed to parse, or a bad 状态, never pauses: a bad cell must not hide an alert.
    status = record["状态"]
    if status in GONE:
        return "gone"
    if status in PAUSABLE:
        until = record["暂停至"]
        if isinstance(until, dt.date):
            return "paused" if today <= until else "active"
        return "active" if "暂停至" in record.bad else "paused"
    return "active"


def back_since(record: Record, today: dt.date) -> dt.date | None:
    """The day an elder marked 住院/外出 came back (暂停至 + 1), when that is in the past."""
    until = record["暂停至"]
    if record["状态"] in PAUSABLE and isinstance(until, dt.date) and until < today:
        return until + dt.timedelta(days=1)
    return None


def care_level(record: Record) -> str:
    """关爱等级, the strictest when missing or bad."""
    level = record["关爱等级"]
    return level if level in CARE_LEVELS else STRICTEST_LEVEL


def level_words(record: Record) -> str:
    """'高等级要求', or, when 关爱等级 is blank or bad, that it was read as the strictest level."""
    level = record["关爱等级"]
    return f"{level}等级要求" if level in CARE_LEVELS else f"关爱等级没填好，暂按{STRICTEST_LEVEL}等级要求"


def available_volunteer(ctx: CareContext, vid: str | None) -> Record | None:
    """The volunteer record when the 编号 is known and 在岗 (a blank or unreadable 状态 is not available)."""
    volunteer = ctx.volunteers.get(vid) if vid else None
    return volunteer if is_available(volunteer) else None


def route_item(ctx: CareContext, candidates: list[tuple[str, str | None]], building: object = "") -> Route:
    """The routing rule (functions.domain.routing) on this night's volunteers."""
    return ctx.routing.route(candidates, building)


def elder_route(ctx: CareContext, elder: Record, first: list[tuple[str, str | None]] | None = None) -> Route:
    """An elder's item: its own person (first), the 结对志愿者, the building's volunteer, the secretary."""
    return ctx.routing.route([*(first or []), ("结对志愿者", elder["结对志愿者"])], elder_building(elder))


def with_note(reason: str, route: Route) -> str:
    """The reason, followed by why the item fell through to someone else (when it did)."""
    return f"{reason}；{route.note}" if route.note else reason


def elder_name(record: Record | None) -> str:
    """The elder's name as shown, a neutral placeholder when blank."""
    return (record.get("姓名") if record else None) or "（未填姓名）"


def elder_building(record: Record | None) -> str:
    """The elder's 楼栋, empty when unknown."""
    return str(record.get("楼栋", "")) if record else ""


def md(day: dt.date, today: dt.date | None = None) -> str:
    """'9月25日'; '2025年9月25日' when today is given and the year differs."""
    year = f"{day.year}年" if today is not None and day.year != today.year else ""
    return f"{year}{day.month}月{day.day}日"


def elder_alert(
    ctx: CareContext,
    elder: Record,
    level: str,
    kind: str,
    reason: str,
    days_late: int,
    due: str = "",
    first: list[tuple[str, str | None]] | None = None,
    days_left: int | None = None,
) -> Alert:
    """An alert about an elder, routed by the one rule (its own person first, then buddy, building, secretary)."""
    route = elder_route(ctx, elder, first)
    return Alert(
        level=level,
        kind=kind,
        object_id=elder_id(elder),
        object_name=elder_name(elder),
        building=elder_building(elder),
        owner=route.owner,
        reason=with_note(reason, route),
        days_late=days_late,
        days_left=days_left,
        due=due,
        owner_id=route.owner_id,
        source_tab=ELDERS,
        source_row=elder.number,
    )
