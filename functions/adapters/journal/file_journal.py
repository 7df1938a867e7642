"""A delivery ledger in one JSON-lines file: appended under flock, fsynced per record, compacted when large."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from functions.domain.ledger import Lease, LeaseHeld, Receipt

KEEP_SECONDS = 8 * 86400  # receipts older than this are dropped when the file is compacted
COMPACT_BYTES = 512 * 1024


def journal_beside(workbook_path: str) -> Path:
    """The journal of a local workbook: a hidden file in the same folder (a symbolic link: beside its target)."""
    target = Path(os.path.realpath(workbook_path))
    return target.with_name(f".{target.name}.sanyou-journal")


def journal_in_instance(name: str) -> Path:
    """A journal in this machine's (or cloud instance's) temp folder, for a workbook that is not a local file."""
    folder = Path(tempfile.gettempdir()) / "sanyou-journal"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{name}.jsonl"


def _lock_path(journal: Path) -> str:
    """The journal's lock file, in the temp folder (one fewer file beside the volunteers' workbook)."""
    folder = os.path.join(tempfile.gettempdir(), "sanyou-locks")
    os.makedirs(folder, exist_ok=True)
    key = hashlib.sha256(os.path.realpath(journal).encode("utf-8")).hexdigest()[:32]
    return os.path.join(folder, f"{key}.journal.lock")


def _alive_here(record: dict) -> bool:
    """False when the lease's run was on this machine and its process is gone (killed): no need to wait."""
    if record.get("host") != socket.gethostname():
        return True
    try:
        os.kill(int(record.get("pid", 0)), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError, OverflowError):
        return True
    return True


class FileJournal:
    """DeliveryLedger over a journal file; safe for several processes on one machine or a shared folder."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock_file = ""  # found at first use (two records per mail: no realpath and hash each time)

    @contextmanager
    def _locked(self) -> Iterator[int]:
        """The journal open for appending, under an exclusive lock on its own lock file (compaction renames)."""
        if not self._lock_file:
            self._lock_file = _lock_path(self.path)
        try:
            lock = os.open(self._lock_file, os.O_RDWR | os.O_CREAT, 0o600)
        except FileNotFoundError:  # the temp folder's lock folder was cleaned away meanwhile
            self._lock_file = _lock_path(self.path)
            lock = os.open(self._lock_file, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                yield fd
            finally:
                os.close(fd)
        finally:
            os.close(lock)  # closing releases the lock

    def _lines(self) -> list[dict]:
        """Every whole record; a line torn by a kill is skipped."""
        try:
            text = self.path.read_text("utf-8", errors="replace")
        except FileNotFoundError:
            return []
        records = []
        for line in text.splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                records.append(record)
        return records

    @staticmethod
    def _append(fd: int, *records: dict) -> None:
        data = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode("utf-8")
        os.write(fd, data)
        os.fsync(fd)

    def acquire(self, key: str, owner: str, seconds: float) -> Lease:
        """Claim key for owner unless a live, unexpired, unreleased lease of another run holds it."""
        with self._locked() as fd:
            now = time.time()
            holders: dict[str, dict] = {}
            for r in self._lines():
                if r.get("lease") == key:
                    holders[r["owner"]] = r
                elif r.get("release") == key:
                    holders.pop(r.get("owner"), None)
            for other, r in holders.items():
                if other != owner and r.get("expires", 0) > now and _alive_here(r):
                    raise LeaseHeld(key)
            lease = Lease(key, owner, now + seconds)
            ours = {"lease": key, "owner": owner, "expires": lease.expires, "host": socket.gethostname()}
            holders[owner] = {**ours, "pid": os.getpid()}
            self._append(fd, holders[owner])
            if os.fstat(fd).st_size > COMPACT_BYTES:
                self._compact(now, [r for r in holders.values() if r.get("expires", 0) > now])
            return lease

    def release(self, lease: Lease) -> None:
        """Give the claim up."""
        with self._locked() as fd:
            self._append(fd, {"release": lease.key, "owner": lease.owner})

    def record(self, item: str, state: str, to: str = "", note: str = "") -> None:
        """Append the item's new state; durable when this returns."""
        self.record_all([Receipt(item, state, to, note)])

    def record_all(self, states: list[Receipt]) -> None:
        """Append several items' new states in one write and one fsync; durable when this returns."""
        if not states:
            return
        now = time.time()
        with self._locked() as fd:
            self._append(
                fd, *({"item": r.item, "state": r.state, "to": r.to, "note": r.note, "at": now} for r in states)
            )

    def receipts(self) -> dict[str, Receipt]:
        """Every item's latest state."""
        latest: dict[str, Receipt] = {}
        for r in self._lines():
            if "item" in r:
                latest[r["item"]] = Receipt(
                    r["item"], r.get("state", ""), r.get("to", ""), r.get("note", ""), r.get("at", 0)
                )
        return latest

    def _compact(self, now: float, leases: list[dict]) -> None:
        """Rewrite the file with the recent receipts and live leases only (atomic rename; under the lock)."""
        keep = [
            {"item": r.item, "state": r.state, "to": r.to, "note": r.note, "at": r.at}
            for r in self.receipts().values()
            if now - r.at < KEEP_SECONDS
        ]
        tmp = self.path.with_name(self.path.name + ".compact")
        with open(tmp, "w", encoding="utf-8") as f:
            for record in keep + leases:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
