"""An xlsx package in memory opened by calamine by path (a memfd), so that it reads without the GIL."""

from __future__ import annotations

import io
import os
from contextlib import suppress

from python_calamine import CalamineSheet, CalamineWorkbook

FD_DIR = "/proc/self/fd"  # a memfd is opened again by its path here (Linux)


def parse_package(data: io.BytesIO, title: str) -> CalamineSheet:
    """The package's sheet `title`.

    Handed a file-like object, calamine reads it through Python: some 20 read() calls for a 2 MB slice, each
    waiting for the GIL, which the read's own thread holds while it makes records of the slice before (up to
    the 5 ms switch interval a wait). Handed a path, calamine reads the file itself without the GIL: the
    package is copied into an anonymous in-memory file (Linux's memfd: nothing on disk, gone once closed)
    and opened by its /proc path. Elsewhere, or if that fails, the file-like object as before.
    """
    with suppress(Exception):  # calamine raises several types; a broken slice raises again just below
        book = _by_path(data)
        if book is not None:
            return book.get_sheet_by_name(title)
    return _from_filelike(data).get_sheet_by_name(title)


def open_package(data: bytes | io.BytesIO) -> CalamineWorkbook:
    """The whole workbook, its sheets parsed when asked for.

    Handed a file-like object, calamine first copies all of it into a buffer of its own through Python's
    read(), with the GIL held (the full demo's 6.4 MB: 8,700 page faults in the read's main thread); opened
    by path it reads only the parts it is asked for (the big sheets are read in slices, not through this).
    """
    book = None
    with suppress(Exception):  # calamine raises several types; a broken package raises again just below
        book = _by_path(data)
    return book if book is not None else _from_filelike(data)


def _by_path(data: bytes | io.BytesIO) -> CalamineWorkbook | None:
    """The package opened by calamine from a memfd by its /proc path; None where there is no memfd."""
    fd = _memory_file(data)
    if fd is None:
        return None
    try:
        return CalamineWorkbook.from_path(f"{FD_DIR}/{fd}")
    finally:
        os.close(fd)  # calamine opened its own handle on the memfd


def _from_filelike(data: bytes | io.BytesIO) -> CalamineWorkbook:
    if isinstance(data, io.BytesIO):
        data.seek(0)
        return CalamineWorkbook.from_filelike(data)
    return CalamineWorkbook.from_filelike(io.BytesIO(data))


def _memory_file(data: bytes | io.BytesIO) -> int | None:
    """A memfd holding the package's bytes, or None where there is none (not Linux, no /proc)."""
    create = getattr(os, "memfd_create", None)
    if create is None or not os.path.isdir(FD_DIR):
        return None
    try:
        fd = create("sanyou-xlsx", os.MFD_CLOEXEC)
    except OSError:
        return None
    try:
        with data.getbuffer() if isinstance(data, io.BytesIO) else memoryview(data) as view:
            done = 0
            while done < len(view):
                done += os.write(fd, view[done:])
    except OSError:  # out of memory for the file: the file-like object needs none
        os.close(fd)
        return None
    return fd
