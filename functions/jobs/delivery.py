"""Sending under the day's lease, each outcome journalled as it happens: a re-run or a concurrent run sends
nothing already sent, and a kill leaves at most the one message in flight in doubt."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from contextlib import suppress

from functions.domain.delivery import SEND_DEADLINE_SECONDS, Delivery, Outcome
from functions.domain.ledger import FAILED, PENDING, SENT, DeliveryLedger, LeaseHeld, Receipt
from functions.domain.model import OutgoingMail
from functions.domain.table import Table
from functions.jobs.mail_ledger import FAILED as FAILED_WORD
from functions.jobs.mail_ledger import IN_OUTBOX, KIND_LABELS, Item, Outgoing, label
from functions.jobs.mail_ledger import PENDING as PENDING_WORD
from functions.jobs.mail_ledger import SENT as SENT_WORD
from functions.sheets_out.runlog import MailState, mail_status

MERGE_SECONDS = 3 * 86400  # receipts younger than this are merged into 运行记录
LEASE_SECONDS = SEND_DEADLINE_SECONDS + 120  # a run that died holding the lease stops blocking after this
WORDS = {PENDING: PENDING_WORD, SENT: SENT_WORD, FAILED: FAILED_WORD}


def journal_states(
    receipts: dict[str, Receipt], previous: Table | None, now: float | None = None
) -> dict[str, MailState]:
    """Recent receipts the journal holds but 运行记录 does not show yet (merged by the next write that succeeds).

    Only the last MERGE_SECONDS: older rows may have left 运行记录 by its size limit and must not come back.
    """
    shown = mail_status(previous)
    now = time.time() if now is None else now
    states = {}
    for item, r in receipts.items():
        word = WORDS.get(r.state, PENDING_WORD)
        if shown.get(item) != word and item.count("|") >= 2 and now - r.at < MERGE_SECONDS:
            kind = KIND_LABELS.get(item.split("|")[1], item.split("|")[1])
            note = (
                kind
                if r.state == SENT
                else f"{kind}，{'结果不明，下次运行会再发' if r.state == PENDING else '下次运行会再发'}"
            )
            states[item] = (r.to, word, note)
    return states


def unsent(plan: Iterable[Item], receipts: dict[str, Receipt]) -> list[Item]:
    """The planned mails the journal does not record as sent."""
    return [m for m in plan if receipts.get(m.identity, Receipt(m.identity, "")).state != SENT]


class Journalled:
    """The before/after records of one sending, each fsynced before the sending goes on.

    When the mail only becomes .eml files (no network), an outcome is written together with the next
    message's pending record, one fsync for both (half the fsyncs), and at the latest when the sending
    ends: nothing happens between the two, so a kill leaves no more in doubt than before. Over SMTP each
    outcome is written at once, as the transport may then wait on the server (QUIT, a new session)."""

    def __init__(self, ledger: DeliveryLedger, recipients: dict[str, str], batch: bool) -> None:
        self.ledger, self.recipients, self.batch = ledger, recipients, batch
        self.outcomes: list[Receipt] = []

    def before(self, item: str) -> None:
        """Record item as pending, with the outcomes not yet written, before it is handed over."""
        self.ledger.record_all([*self.outcomes, Receipt(item, PENDING, self.recipients[item], "")])
        self.outcomes.clear()

    def after(self, item: str, outcome: Outcome) -> None:
        """Record item's outcome (kept for the next write when batching)."""
        self.outcomes.append(Receipt(item, SENT if outcome.sent else FAILED, self.recipients[item], outcome.note))
        if not self.batch:
            self.flush()

    def flush(self) -> None:
        """Write the outcomes kept so far."""
        self.ledger.record_all(self.outcomes)
        self.outcomes.clear()


def send_under_lease(
    plan: list[OutgoingMail], delivery: Delivery, ledger: DeliveryLedger, key: str
) -> dict[str, Outcome] | None:
    """Send what the journal does not hold as sent, recording pending before and the outcome after each
    message (fsynced, see Journalled); None when another live run owns key's sending right now."""
    try:
        lease = ledger.acquire(key, uuid.uuid4().hex, LEASE_SECONDS)
    except LeaseHeld:
        return None
    try:
        todo = unsent(plan, ledger.receipts())  # re-checked under the lease: a run that just finished counts
        journal = Journalled(ledger, {m.identity: m.to for m in todo}, batch=delivery.to_outbox)
        try:
            outcomes = delivery.send(todo, before=journal.before, after=journal.after)
        except BaseException:
            with suppress(OSError):  # the sending's own error is the one to report
                journal.flush()
            raise
        journal.flush()
        return outcomes
    finally:
        ledger.release(lease)


def final_states(
    plan: Iterable[Outgoing], receipts: dict[str, Receipt], outcomes: dict[str, Outcome] | None = None
) -> dict[str, MailState]:
    """Each planned item's state as the journal has it now, for 运行记录 (已写入发件箱 for an .eml file)."""
    states: dict[str, MailState] = {}
    for m in plan:
        r = receipts.get(m.identity)
        outcome = (outcomes or {}).get(m.identity)
        if r is None or r.state == PENDING:
            states[m.identity] = (m.to, PENDING_WORD, f"{label(m)}，等待发送")
        elif r.state == SENT:
            states[m.identity] = (m.to, IN_OUTBOX if outcome is not None and outcome.outbox else SENT_WORD, label(m))
        else:
            states[m.identity] = (m.to, FAILED_WORD, f"{label(m)}：{r.note}，下次运行会再发")
    return states
