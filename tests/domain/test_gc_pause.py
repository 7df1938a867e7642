"""The settled heap: the night's rows frozen, young collections spaced out, all handed back at the end."""

from __future__ import annotations

import gc

import pytest

from functions.domain.gc_pause import SETTLED_YOUNG_LIMIT, settled_heap


@pytest.fixture(autouse=True)
def _thresholds():
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)
    gc.unfreeze()


def test_settle_freezes_the_heap_and_spaces_collections_until_the_block_ends():
    gc.set_threshold(700, 10, 10)
    rows = [{"日期": n} for n in range(1000)]
    with settled_heap() as settle:
        assert not gc.isenabled()  # the read and the parse: no collection
        settle()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(rows)
        assert gc.get_threshold() == (SETTLED_YOUNG_LIMIT, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_failing_job_gives_the_collector_back_as_it_was():
    gc.set_threshold(500, 7, 3)
    with pytest.raises(RuntimeError), settled_heap() as settle:
        settle()
        raise RuntimeError("写入失败")
    assert gc.get_threshold() == (500, 7, 3)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_collector_someone_disabled_stays_disabled():
    gc.disable()
    try:
        with settled_heap() as settle:
            settle()
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collection_switched_off_stays_off_and_a_higher_threshold_is_kept():
    for young in (0, 250_000):
        gc.set_threshold(young, 10, 10)
        with settled_heap() as settle:
            settle()
            assert gc.get_threshold()[0] == young
        assert gc.get_threshold() == (young, 10, 10)


def test_overlapping_jobs_give_the_collector_back_once_the_last_one_ends():
    gc.set_threshold(700, 10, 10)
    first, second = settled_heap(), settled_heap()
    settle_first = first.__enter__()
    settle_first()
    settle_second = second.__enter__()  # starts while the first is settled: it must not keep that state
    first.__exit__(None, None, None)
    assert gc.get_threshold()[0] == SETTLED_YOUNG_LIMIT  # the second job is still running
    settle_second()
    second.__exit__(None, None, None)
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
