"""An exclusive advisory lock per workbook, so two runs on this machine never write one file at once."""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

LOCK_DIR = os.path.join(tempfile.gettempdir(), "sanyou-locks")


def lock_path(path: str | os.PathLike[str]) -> str:
    """Where the lock of this workbook lives: in the temp folder, not beside the volunteers' file."""
    key = hashlib.sha256(os.path.realpath(path).encode("utf-8")).hexdigest()[:32]
    return os.path.join(LOCK_DIR, f"{key}.lock")


@contextmanager
def exclusive_lock(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold fcntl.flock(LOCK_EX) on the workbook's lock file for the block (waits for the other run)."""
    os.makedirs(LOCK_DIR, exist_ok=True)
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
