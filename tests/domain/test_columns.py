"""Raw cells cleaned column by column, slice after slice, with equal values shared between slices."""

from __future__ import annotations

import datetime as dt

from functions.domain.columns import CleanedValues, clean_column


def test_cells_are_cleaned_as_every_job_expects_them():
    assert clean_column(["  ", "", "张三", 3.0, 2.5, None, dt.date(2026, 11, 29)]) == [
        None,
        None,
        "张三",
        3,
        2.5,
        None,
        dt.date(2026, 11, 29),
    ]
    assert type(clean_column([3.0])[0]) is int


def test_equal_values_of_later_slices_share_the_first_slice_s_object():
    seen = CleanedValues()
    first = clean_column(["E" + "0001", "上门"], seen)
    later = clean_column(["".join(["E", "0001"]), "上门"], seen)
    assert later == first
    assert later[0] is first[0]  # one object for the 编号 however many contacts name it


def test_a_true_never_reads_as_1_nor_a_1_as_true_across_slices():
    # True == 1 == 1.0 in a dict: shared values must not turn a TRUE cell into 1 or a 1 into True
    seen = CleanedValues()
    numbers = clean_column([1.0, 0.0, 2.0], seen)
    flags = clean_column([True, 1.0, False, 0.0], seen)
    after = clean_column([1.0, 0.0, True], seen)
    again = clean_column([1.0, 0.0], seen)
    assert [(v, type(v)) for v in numbers] == [(1, int), (0, int), (2, int)]
    assert [(v, type(v)) for v in flags] == [(True, bool), (1, int), (False, bool), (0, int)]
    assert [(v, type(v)) for v in after] == [(1, int), (0, int), (True, bool)]
    assert [(v, type(v)) for v in again] == [(1, int), (0, int)]


def test_a_slice_of_bools_first_does_not_turn_later_numbers_into_bools():
    seen = CleanedValues()
    assert [type(v) for v in clean_column([True, False], seen)] == [bool, bool]
    assert [(v, type(v)) for v in clean_column([1.0, 0.0], seen)] == [(1, int), (0, int)]


def test_unhashable_cells_are_cleaned_one_by_one():
    assert clean_column([[1], " ", 2.0]) == [[1], None, 2]


def test_a_slice_with_a_bool_and_an_unhashable_cell_leaves_no_bool_for_later_numbers():
    seen = CleanedValues()
    assert clean_column([True, [1], False], seen) == [True, [1], False]
    assert [(v, type(v)) for v in clean_column([1.0, 0.0], seen)] == [(1, int), (0, int)]
