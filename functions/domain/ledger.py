"""The delivery ledger: who owns today's sending (a lease), and each item's latest state (pending/sent/failed).

General on purpose: an item is any message with a stable identity (a mail, a group-bot post), so every
channel delivers through the same ledger. The jobs see only this interface; adapters keep it (a journal
file beside an xlsx workbook, one in the instance for Google Sheets).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from functions.domain.errors import SanyouError

PENDING, SENT, FAILED = "pending", "sent", "failed"  # pending = handed to the channel, outcome not known yet


@dataclass(frozen=True)
class Receipt:
    """An item's latest recorded state: to whom, pending/sent/failed, a note without personal data."""

    item: str
    state: str
    to: str = ""
    note: str = ""
    at: float = 0.0  # when it was recorded (Unix time)


@dataclass(frozen=True)
class Lease:
    """A run's claim on one day's sending, valid until expires (Unix time) unless released."""

    key: str
    owner: str
    expires: float


class LeaseHeld(SanyouError):
    """Another live run owns this day's sending right now."""


class DeliveryLedger(Protocol):
    """Lease and receipts; every record is durable when the call returns."""

    def acquire(self, key: str, owner: str, seconds: float) -> Lease:
        """Claim key (e.g. the day) for owner; LeaseHeld when another unexpired lease holds it."""
        ...

    def release(self, lease: Lease) -> None:
        """Give the claim up."""
        ...

    def record(self, item: str, state: str, to: str = "", note: str = "") -> None:
        """Append an item's new state, durably (fsync) before returning."""
        ...

    def record_all(self, states: list[Receipt]) -> None:
        """Append several items' new states (their `at` is set here) in one durable write."""
        ...

    def receipts(self) -> dict[str, Receipt]:
        """Every item's latest state."""
        ...
