"""Packages in memory (slices, a whole workbook) read by calamine from an in-memory file: the same cells, no
file left open, errors still raised."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from functions.adapters.xlsx import slice_parse, slices
from tests.support.slicing import slice_packages

FIXTURE = Path(__file__).parent / "fixtures" / "xlsx" / "lo_volunteer_made.xlsx"


def _slice_packages(monkeypatch: pytest.MonkeyPatch) -> list[io.BytesIO]:
    monkeypatch.setattr(slices, "READ_BYTES", 64)  # inflate a little at a time: several slices of a small sheet
    return slice_packages(FIXTURE, "走访记录", 300)


def _open_fds() -> int:
    return len(os.listdir(slice_parse.FD_DIR)) if os.path.isdir(slice_parse.FD_DIR) else 0


def test_a_slice_reads_the_same_from_memory_file_and_from_file_like(monkeypatch: pytest.MonkeyPatch) -> None:
    made = _slice_packages(monkeypatch)
    assert len(made) > 1
    before = _open_fds()
    for package in made:
        by_path = slice_parse.parse_package(package, slices.SLICE_TITLE).to_python()
        package.seek(0)
        assert by_path == CalamineWorkbook.from_filelike(package).get_sheet_by_name(slices.SLICE_TITLE).to_python()
    assert _open_fds() == before  # each memfd closed once parsed


def test_without_memory_files_the_file_like_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    made = _slice_packages(monkeypatch)
    expected = [slice_parse.parse_package(p, slices.SLICE_TITLE).to_python() for p in made]
    monkeypatch.delattr(os, "memfd_create")  # not Linux
    assert [slice_parse.parse_package(p, slices.SLICE_TITLE).to_python() for p in made] == expected


def test_a_broken_slice_still_raises_and_leaves_no_file_open() -> None:
    before = _open_fds()
    broken = io.BytesIO(b"PK\x03\x04 not a zip package at all")
    with pytest.raises(Exception):  # noqa: B017 - calamine raises several types; the reader wraps them
        slice_parse.parse_package(broken, slices.SLICE_TITLE)
    assert _open_fds() == before


def test_calamine_reads_the_memory_file_by_its_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # Linux (CI, Cloud Functions): no read() through Python, so no waits for the GIL while parsing
    made = _slice_packages(monkeypatch)

    def through_python(data: io.BytesIO) -> None:
        raise AssertionError("read through the file-like object")

    monkeypatch.setattr(slice_parse, "_from_filelike", through_python)
    assert all(slice_parse.parse_package(p, slices.SLICE_TITLE).to_python() for p in made)


def _every_sheet(book: CalamineWorkbook) -> dict[str, list[list]]:
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_a_whole_workbook_reads_the_same_from_memory_file_and_from_file_like() -> None:
    # a LibreOffice-saved workbook (shared strings, styles): every tab's cells, read later by name
    data = FIXTURE.read_bytes()
    before = _open_fds()
    book = slice_parse.open_package(data)
    assert _open_fds() == before + 1  # calamine's own handle on the memfd; ours is closed at once
    by_path = _every_sheet(book)
    assert "走访记录" in by_path and len(by_path["走访记录"]) > 1
    assert by_path == _every_sheet(CalamineWorkbook.from_filelike(io.BytesIO(data)))
    assert _every_sheet(slice_parse.open_package(io.BytesIO(data))) == by_path  # a BytesIO too
    del book
    assert _open_fds() == before  # the memfd is gone with the workbook


def test_a_whole_workbook_is_opened_by_path_on_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    # no copy of the whole file into calamine through Python's read() (the GIL held all along)
    def through_python(data: io.BytesIO) -> None:
        raise AssertionError("read through the file-like object")

    monkeypatch.setattr(slice_parse, "_from_filelike", through_python)
    assert "老人档案" in slice_parse.open_package(FIXTURE.read_bytes()).sheet_names


def test_without_memory_files_a_whole_workbook_is_read_from_the_file_like(monkeypatch: pytest.MonkeyPatch) -> None:
    data = FIXTURE.read_bytes()
    expected = _every_sheet(slice_parse.open_package(data))
    monkeypatch.delattr(os, "memfd_create")  # not Linux
    assert _every_sheet(slice_parse.open_package(data)) == expected


def test_a_broken_workbook_still_raises_and_leaves_no_file_open() -> None:
    before = _open_fds()
    with pytest.raises(Exception):  # noqa: B017 - calamine raises several types; the reader wraps them
        slice_parse.open_package(b"PK\x03\x04 not a zip package at all")
    assert _open_fds() == before
