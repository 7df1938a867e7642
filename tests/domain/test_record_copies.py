"""Parsed records, however validation built them, read, copy and pickle as a Record."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

import pytest

from functions.domain.errors import UnknownColumn
from functions.domain.model import Record, records_with, tab_record
from functions.domain.tabs import CONTACTS


def _contact() -> Record:
    record = tab_record(CONTACTS)([("日期", dt.date(2026, 11, 28)), ("老人编号", "E0001"), ("需跟进", "是")])
    record.number, record.bad = 7, frozenset({"时长(分钟)"})
    return record


def test_a_validated_record_reads_like_a_record():
    record = _contact()
    assert isinstance(record, Record) and record.tab == CONTACTS
    assert record["老人编号"] == "E0001" and record["情况记录"] is None and record.get("方式", "-") == "-"
    with pytest.raises(UnknownColumn):
        record["不存在的列"]


@pytest.mark.parametrize("clone", [copy.copy, copy.deepcopy, lambda r: pickle.loads(pickle.dumps(r))])
def test_a_validated_record_copies_and_pickles_whole(clone):
    record = _contact()
    again = clone(record)
    assert dict(again) == dict(record) and again.number == 7 and again.bad == {"时长(分钟)"}
    assert again.tab == CONTACTS and again["情况记录"] is None


def test_records_with_picks_equal_values_only():
    follow_up, plain = _contact(), tab_record(CONTACTS)([("老人编号", "E0002")])
    plain.number, plain.bad = 8, frozenset()
    assert records_with([follow_up, plain], "需跟进", "是") == [follow_up]
    assert records_with([follow_up, plain], "老人编号", None) == []
