"""The delivery interface the jobs send mail through, and what became of each mail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from functions.domain.model import OutgoingMail

SEND_DEADLINE_SECONDS = 300.0  # the run's budget for sending (a Cloud Function has 540 s in all)
Before = Callable[[str], None]  # told a message's identity just before it is handed over


@dataclass(frozen=True)
class Outcome:
    """What became of one mail; note is plain Chinese without personal data (goes to 运行记录)."""

    sent: bool
    note: str = ""
    outbox: bool = False  # written as an .eml file, not handed to a mail server


class Delivery(Protocol):
    """Sends a run's mails over one connection and says what became of each."""

    to_outbox: bool  # the mail only becomes .eml files (no SMTP server): 运行记录 says 已写入发件箱

    def send(
        self,
        mails: list[OutgoingMail],
        now: dt.datetime | None = None,
        before: Before | None = None,
        after: Callable[[str, Outcome], None] | None = None,
    ) -> dict[str, Outcome]:
        """Deliver the mails; identity → outcome; never raises for a delivery failure. before/after are told of
        each message as it is handed over and as its outcome is known (the delivery journal)."""
        ...

    def describe(self) -> str:
        """Where the mail went, in Chinese, for the CLI."""
        ...
