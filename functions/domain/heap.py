"""Give the C heap's free pages back to the system after reading a workbook (glibc keeps them otherwise)."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim
        return None


def release_free_memory() -> None:
    """malloc_trim(0): calamine's parse of each slice and the raw columns leave ~30 MB of freed heap that
    Python's own allocator (mmap arenas) never reuses; without this the night's peak carries it."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
