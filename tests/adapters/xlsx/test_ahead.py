"""The read's worker threads: results in order, parses side by side, errors where they belong, no thread left."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from functions.adapters.xlsx import slices
from functions.adapters.xlsx.ahead import ahead, worker_count
from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.demo.make import make_demo
from functions.domain.workbook import WorkbookError


def test_results_come_in_the_jobs_order_even_when_later_jobs_finish_first() -> None:
    jobs = [lambda i=i: (time.sleep(0.02 * (4 - i)), i)[1] for i in range(5)]
    assert list(ahead(jobs, workers=2)) == [0, 1, 2, 3, 4]


def test_two_jobs_run_at_the_same_time() -> None:
    both = threading.Barrier(2, timeout=5)  # broken (an error) unless two jobs wait on it together
    assert sorted(ahead([both.wait, both.wait], workers=2)) == [0, 1]  # each waiter gets its arrival index
    assert not both.broken


def test_a_failing_job_raises_at_its_own_place_after_the_results_before_it() -> None:
    def boom() -> int:
        raise ValueError("slice 3 is broken")

    got: list[int] = []
    with pytest.raises(ValueError, match="slice 3"):
        for value in ahead([lambda: 1, lambda: 2, boom, lambda: 4], workers=2):
            got.append(value)
    assert got == [1, 2]


def test_leaving_early_starts_no_more_jobs_and_leaves_no_thread() -> None:
    started: list[int] = []
    jobs = (lambda i=i: started.append(i) or i for i in range(100))
    before = threading.active_count()
    for value in ahead(jobs, workers=2):
        if value == 3:
            break
    assert len(started) <= 3 + 1 + 2  # what was used, and at most the workers' share ahead of it
    assert threading.active_count() == before


def test_worker_count_is_at_least_one_and_at_most_the_limit() -> None:
    assert 1 <= worker_count() <= 2
    assert worker_count(limit=1) == 1


def test_a_corrupt_slice_stops_the_read_with_the_plain_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "社区.xlsx"
    make_demo(path, scale="small")
    monkeypatch.setattr(slices, "BIG_SHEET_BYTES", 0)
    monkeypatch.setattr(slices, "SLICE_BYTES", 20_000)
    monkeypatch.setattr(slices, "SST_FACTOR", 0)
    real = slices._parse_slice
    calls = []

    def third_is_broken(data):  # noqa: ANN001, ANN202
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("XmlError: unexpected end of file")
        return real(data)

    monkeypatch.setattr(slices, "_parse_slice", third_is_broken)
    before = threading.active_count()
    with pytest.raises(WorkbookError, match="另存为") as caught:
        XlsxWorkbook(path).read()
    assert len(calls) >= 3
    assert caught.value.__traceback__ is not None  # the read's frames are still referenced, its workers are not
    assert threading.active_count() == before
