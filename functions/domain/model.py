"""Plain data passed between the pure core's steps: parsed records, problems, alerts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import compress, repeat
from operator import attrgetter, eq
from typing import Any

from functions.domain.errors import UnknownColumn

LEVEL_ORDER = {"红": 0, "橙": 1, "黄": 2}
SEVERITY_ORDER = {"错误": 0, "警告": 1}


@lru_cache(maxsize=64)
def known_headers(tab: str) -> frozenset[str]:
    """The headers the schema gives a tab ('' or an unknown tab: none)."""
    from functions.domain.schema import default_schema  # the schema module does not import this one

    schema = default_schema()
    return frozenset(schema[tab].headers) if tab in schema.tabs else frozenset()


NO_BAD_CELLS: frozenset[str] = frozenset()  # shared by the many clean records (an empty set costs 216 bytes)


class Record(dict):
    """A parsed row: typed values keyed by every schema header of its tab; cells that failed to parse, or
    are blank, are None (the failed ones also in bad). A header the schema does not have raises UnknownColumn.

    A dict itself (record["日期"] is a C-level lookup): the care rules and metrics read millions of cells
    a night, and a Python-level __getitem__ cost them a second; only a missing key reaches Python code.
    """

    __slots__ = ("number", "bad", "tab")

    def __init__(
        self,
        number: int,
        values: dict[str, Any] | Iterable[tuple[str, Any]],
        bad: set[str] | frozenset[str] = NO_BAD_CELLS,
        tab: str = "",
    ) -> None:
        super().__init__(values)
        self.number = number  # the sheet's own row number
        self.bad = bad
        self.tab = tab  # the tab's title, for the error naming a column it lacks

    def __missing__(self, header: str) -> None:
        if header in known_headers(self.tab):
            return None  # a known column, blank in this row (parsed records leave blanks out: memory)
        raise UnknownColumn(self.tab, header)

    def __repr__(self) -> str:
        return f"Record(number={self.number}, values={dict(self)!r}, bad={set(self.bad)!r})"

    def __reduce__(self) -> tuple:
        """Copied or pickled as a plain Record (a tab's own record class is made at run time)."""
        return Record, (self.number, dict(self), self.bad, self.tab)

    @property
    def values(self) -> Record:
        """The values by header (the record itself)."""
        return self

    def get(self, header: str, default: Any = None) -> Any:
        """The parsed value, or default when blank or bad."""
        value = dict.get(self, header)  # C-level; only a blank (absent) cell checks the header is known
        if value is None:
            if header not in known_headers(self.tab):
                raise UnknownColumn(self.tab, header)
            return default
        return value


_BAD_CELLS = attrgetter("bad")


def cells_of(records: Iterable[Record], header: str) -> Iterator[Any]:
    """Each record's value of header (None where blank), read by C-level iterators: a scan of 170,000
    contacts then costs no Python frame per row (a blank cell is absent from its record)."""
    return map(dict.get, records, repeat(header))


def with_bad_cells(records: Iterable[Record]) -> Iterator[bool]:
    """For each record, whether any of its cells failed to parse, read by C-level iterators."""
    return map(bool, map(_BAD_CELLS, records))


def records_with(records: list[Record], header: str, value: Any) -> list[Record]:
    """The records whose header equals value (not None), e.g. the few contacts marked 需跟进 or logged
    yesterday, picked at C speed."""
    return list(compress(records, map(eq, cells_of(records, header), repeat(value))))


@lru_cache(maxsize=64)
def tab_record(tab: str) -> type[Record]:
    """Record of one tab, built from (header, value) pairs by dict's own C __init__; tab is the class's.

    Validation makes one per row of every tab (170,000 contacts a night): Record's Python __init__ took a
    quarter of that. Build with tab_record(tab)(pairs), then set number and bad (see validation.cells).
    """
    return type("Record", (Record,), {"__slots__": (), "__init__": dict.__init__, "tab": tab})


# Parsed tables by tab title. Types: date -> datetime.date, int -> int, number -> float,
# phone -> normalised digits text, enum/ref/text/email/month -> stripped text, blank -> None.
Parsed = dict[str, list[Record]]


@dataclass(frozen=True)
class Problem:
    """One row of 问题清单."""

    level: str  # 错误 / 警告
    tab: str
    row: int | None  # the sheet's row number; None for a tab-level problem
    column: str
    value: str
    message: str
    suggestion: str

    @property
    def identity(self) -> tuple[str, int | None, str, str]:
        """Same problem across runs: same tab, row, column and message."""
        return (self.tab, self.row, self.column, self.message)


@dataclass(frozen=True)
class Alert:
    """One row of 提醒: something late, who should act, and why."""

    level: str  # 红 / 橙 / 黄
    kind: str  # 类型, e.g. 问候逾期, 走访逾期, 需跟进, 节日慰问
    object_id: str  # 对象编号: elder, request, case … id
    object_name: str  # 对象: the elder's name or a short label (never a dispute party)
    building: str
    owner: str  # 负责人 as shown: "张三(V001)" or "书记"
    reason: str  # 原因, plain Chinese, no sensitive text
    days_late: int
    due: str = ""  # what is due (e.g. "中秋2026", "2026-11-29午餐"): part of the identity
    owner_id: str | None = None  # the responsible volunteer's 编号, for their own digest
    source_tab: str = ""  # where the object lives, for a deep link
    source_row: int | None = None
    family: str = ""  # kinds that are stages of one thing (求助无人负责 → 求助超期) share this in the identity
    days_left: int | None = None  # for something not due yet (节日, 寿辰, 送餐): days until it is; 0 = today

    @property
    def identity(self) -> str:
        """Stable across runs: type (or family) + object + what is due."""
        return "|".join((self.family or self.kind, self.object_id, self.due))

    @property
    def sort_key(self) -> tuple:
        """红 first, then the longest late, then by object."""
        return (LEVEL_ORDER.get(self.level, 9), -self.days_late, self.kind, self.object_id, self.due)


@dataclass(frozen=True)
class Note:
    """What someone wrote in 提醒.处理情况 and the day the system first saw it."""

    text: str
    since: date | None = None


@dataclass(frozen=True)
class InlineImage:
    """An image carried inside a mail and shown inline (cid:)."""

    cid: str
    data: bytes
    subtype: str = "png"


@dataclass(frozen=True)
class Attachment:
    """A file carried by a mail (the contact cards' PDF)."""

    filename: str
    data: bytes
    maintype: str = "application"
    subtype: str = "pdf"


@dataclass(frozen=True)
class OutgoingMail:
    """One composed mail, before delivery. identity = date + kind + recipient: sent at most once."""

    identity: str  # e.g. "2026-11-29|secretary|shuji@example.cn"
    kind: str  # secretary / volunteer / monthly
    to: str
    subject: str
    text: str
    html: str
    images: tuple[InlineImage, ...] = ()
    attachments: tuple[Attachment, ...] = ()
