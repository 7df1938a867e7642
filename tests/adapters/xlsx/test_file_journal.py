"""The delivery journal: a lease a live run holds, one a dead run left, receipts that survive compaction."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from functions.adapters.journal import file_journal
from functions.adapters.journal.file_journal import FileJournal
from functions.domain.ledger import FAILED, PENDING, SENT, LeaseHeld


def test_a_live_lease_keeps_a_second_run_out_until_released(tmp_path):
    journal = FileJournal(tmp_path / "j")
    lease = journal.acquire("nightly|2026-11-29", "run-a", 60)
    with pytest.raises(LeaseHeld):
        journal.acquire("nightly|2026-11-29", "run-b", 60)
    journal.acquire("monthly|2026-11-29", "run-b", 60)  # another job's sending is not blocked
    journal.release(lease)
    journal.acquire("nightly|2026-11-29", "run-b", 60)


def test_a_lease_expires_and_a_killed_holder_on_this_machine_frees_it_at_once(tmp_path):
    journal = FileJournal(tmp_path / "j")
    journal.acquire("nightly|2026-11-29", "run-a", -1)  # already expired
    journal.acquire("nightly|2026-11-29", "run-b", 600)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lines = (tmp_path / "j").read_text().splitlines()
    record = json.loads(lines[-1])
    record["pid"] = int(dead.stdout)  # run-b's process has exited (killed)
    (tmp_path / "j").write_text("\n".join(lines[:-1] + [json.dumps(record)]) + "\n")
    journal.acquire("nightly|2026-11-29", "run-c", 600)


def test_receipts_keep_the_latest_state_and_a_torn_line_is_ignored(tmp_path):
    journal = FileJournal(tmp_path / "j")
    journal.record("2026-11-29|secretary|a@example.cn", PENDING, "a@example.cn")
    journal.record("2026-11-29|secretary|a@example.cn", SENT, "a@example.cn", "已发出")
    journal.record("2026-11-29|volunteer|b@example.cn", FAILED, "b@example.cn", "550")
    with open(tmp_path / "j", "a") as f:
        f.write('{"item": "2026-11-29|volunteer|c@ex')  # a kill in the middle of a line
    receipts = journal.receipts()
    assert receipts["2026-11-29|secretary|a@example.cn"].state == SENT
    assert receipts["2026-11-29|volunteer|b@example.cn"].state == FAILED and len(receipts) == 2


def test_compaction_keeps_recent_receipts_and_the_live_lease(tmp_path, monkeypatch):
    monkeypatch.setattr(file_journal, "COMPACT_BYTES", 2000)
    journal = FileJournal(tmp_path / "j")
    for n in range(40):
        journal.record(f"2026-11-29|volunteer|v{n}@example.cn", PENDING, f"v{n}@example.cn")
        journal.record(f"2026-11-29|volunteer|v{n}@example.cn", SENT, f"v{n}@example.cn")
    before = (tmp_path / "j").stat().st_size
    journal.acquire("nightly|2026-11-29", "run-a", 600)  # compacts: the pending lines go
    assert (tmp_path / "j").stat().st_size < before * 0.6
    assert len(journal.receipts()) == 40
    with pytest.raises(LeaseHeld):
        journal.acquire("nightly|2026-11-29", "run-b", 600)
