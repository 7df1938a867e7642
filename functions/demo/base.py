"""Shared pieces of the demo community: its size, its calendar and small random helpers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from functions.domain.festival_calendar import festival_calendar

T = TypeVar("T")
Rec = dict[str, Any]  # one demo row keyed by schema header; turned into a list in header order at the end

# The lunar festivals the demo's volunteers visit for (not 元宵, a fortnight after 春节).
VISITED_FESTIVALS = ("春节", "端午", "中秋", "重阳")
MONTHS_COVERED = 12  # the contact log starts on the 1st of the month this many months before today's month


@dataclass(frozen=True)
class Scale:
    """How big the demo community is."""

    name: str
    elders: int
    volunteers: int
    party_members: int
    households: int
    residents: int
    months: int = MONTHS_COVERED

    @property
    def factor(self) -> float:
        """1.0 for the real size, about 0.1 for small."""
        return self.elders / 4120


SCALES = {
    "full": Scale("full", elders=4120, volunteers=300, party_members=45, households=4860, residents=13000),
    "small": Scale("small", elders=412, volunteers=30, party_members=5, households=486, residents=1300),
    # the real community after six and a half years of weekly contacts: 1,035,555 走访记录 rows,
    # 10 million filled cells (Google Sheets' limit is 10 million cells per spreadsheet)
    "huge": Scale("huge", elders=4120, volunteers=300, party_members=45, households=4860, residents=13000, months=78),
}


def get_scale(name: str) -> Scale:
    """The named scale, or a ValueError in Chinese."""
    try:
        return SCALES[name]
    except KeyError:
        raise ValueError(f"规模只能是 small、full 或 huge（收到 {name!r}）") from None


@dataclass(frozen=True)
class Span:
    """The period the demo covers: from start to today, both included."""

    start: dt.date
    today: dt.date

    @property
    def days(self) -> int:
        """Number of days covered."""
        return (self.today - self.start).days + 1


def demo_span(today: dt.date, months: int = MONTHS_COVERED) -> Span:
    """From the 1st of the month `months` months before today's month, up to today."""
    index = today.year * 12 + today.month - 1 - months
    return Span(dt.date(index // 12, index % 12 + 1, 1), today)


def festival_dates(first: dt.date, last: dt.date) -> list[tuple[str, dt.date]]:
    """Every visited festival (name, solar date) between first and last, from the alerts' lunar calendar."""
    return [
        (name, day)
        for name, _, day in festival_calendar(first.year - 1, last.year)
        if name in VISITED_FESTIVALS and first <= day <= last
    ]


def pick(rng: random.Random, weights: dict[T, float]) -> T:
    """One key, drawn with the given weights."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def shares(n: int, weights: dict[T, float], rng: random.Random) -> list[T]:
    """n values in the given proportions (rounded), shuffled: exact mixes instead of luck of the draw."""
    total = sum(weights.values())
    out: list[T] = []
    for key, weight in weights.items():
        out.extend([key] * round(n * weight / total))
    while len(out) < n:
        out.append(pick(rng, weights))
    del out[n:]
    rng.shuffle(out)
    return out


def day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A uniformly random day from first to last, both included."""
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def some(rng: random.Random, items: Sequence[T], k: int) -> list[T]:
    """Up to k distinct items, in a random order."""
    return rng.sample(list(items), min(k, len(items)))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day years later (28 Feb for 29 Feb in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def at_least(n: float, floor: int) -> int:
    """round(n), but never below floor: small demos still get every story."""
    return max(floor, round(n))
