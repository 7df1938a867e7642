"""Each message's pending record is on disk before it goes out, with the outcome of the one before it."""

from __future__ import annotations

import os
import smtplib

import pytest

from functions.adapters.journal import file_journal
from functions.adapters.journal.file_journal import FileJournal
from functions.adapters.mail.delivery import MailDelivery
from functions.adapters.mail.transport import OutboxTransport
from functions.domain.ledger import PENDING, SENT
from functions.domain.model import OutgoingMail
from functions.jobs.delivery import send_under_lease
from tests.support.mail import smtp_delivery
from tests.support.smtp_server import start_server

KEY = "nightly|2026-11-29"


def _mails(n: int) -> list[OutgoingMail]:
    return [
        OutgoingMail(
            f"2026-11-29|volunteer|v{i}@example.cn", "volunteer", f"v{i}@example.cn", "今日提醒", "正文", "<p>正文</p>"
        )
        for i in range(n)
    ]


class WatchedOutbox(OutboxTransport):
    """An outbox that, as each message is handed over, notes what a kill at that moment would leave on disk."""

    def __init__(self, folder, journal: FileJournal, fail_after: int | None = None) -> None:
        super().__init__(folder)
        self.journal, self.fail_after, self.on_disk = journal, fail_after, []

    def send(self, messages, before=None, after=None):
        def watched(identity):
            before(identity)
            if self.fail_after is not None and len(self.on_disk) == self.fail_after:
                raise OSError("the disk went away")
            self.on_disk.append({i: r.state for i, r in FileJournal(self.journal.path).receipts().items()})

        return super().send(messages, before=watched, after=after)


def test_a_kill_while_a_message_goes_out_leaves_only_that_one_in_doubt(tmp_path, monkeypatch):
    fsyncs = []
    monkeypatch.setattr(file_journal.os, "fsync", lambda fd: fsyncs.append(fd) or os.fdatasync(fd))
    journal = FileJournal(tmp_path / "journal")
    mails = _mails(6)
    transport = WatchedOutbox(tmp_path / "outbox", journal)
    outcomes = send_under_lease(mails, MailDelivery(transport), journal, KEY)
    assert outcomes is not None and all(o.sent for o in outcomes.values())
    for k, states in enumerate(transport.on_disk):  # as message k was handed over
        assert states[mails[k].identity] == PENDING
        assert all(states[m.identity] == SENT for m in mails[:k])
        assert not any(m.identity in states for m in mails[k + 1 :])
    assert {i: r.state for i, r in journal.receipts().items()} == {m.identity: SENT for m in mails}
    assert len(fsyncs) == 2 + len(mails) + 1  # lease and release, one per message, the last outcome


def test_outcomes_known_before_a_failure_are_kept(tmp_path):
    journal = FileJournal(tmp_path / "journal")
    mails = _mails(5)
    with pytest.raises(OSError):
        send_under_lease(mails, MailDelivery(WatchedOutbox(tmp_path / "outbox", journal, fail_after=3)), journal, KEY)
    states = {i: r.state for i, r in journal.receipts().items()}
    assert states == {**{m.identity: SENT for m in mails[:3]}, mails[3].identity: PENDING}
    assert send_under_lease(mails, MailDelivery(OutboxTransport(tmp_path / "outbox")), journal, KEY) is not None
    assert {r.state for r in journal.receipts().values()} == {SENT}


def test_over_smtp_every_outcome_is_on_disk_before_the_session_ends(tmp_path, monkeypatch):
    controller, recorder, _ = start_server()
    journal = FileJournal(tmp_path / "journal")
    mails = _mails(4)
    at_quit = []
    quit_session = smtplib.SMTP.quit

    def quit_after_looking(conn):  # a kill while QUIT waits on the server must not leave a sent mail pending
        at_quit.append({i: r.state for i, r in FileJournal(journal.path).receipts().items()})
        return quit_session(conn)

    monkeypatch.setattr(smtplib.SMTP, "quit", quit_after_looking)
    try:
        outcomes = send_under_lease(mails, smtp_delivery(controller.port), journal, KEY)
    finally:
        controller.stop()
    assert outcomes is not None and all(o.sent for o in outcomes.values())
    assert len(recorder.received) == 4
    assert at_quit == [{m.identity: SENT for m in mails}]
