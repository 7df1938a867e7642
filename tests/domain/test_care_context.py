"""The rules' index of contacts: each elder's counted contacts oldest first, same-day contacts in sheet row order."""

from __future__ import annotations

import datetime as dt

from functions.domain.care_context import build_context
from functions.domain.settings import parse_settings
from functions.domain.tabs import CONTACTS, ELDERS
from tests.support.records import record

TODAY = dt.date(2026, 11, 29)


def _contact(number: int, day: dt.date | None, elder: str | None = "E0001") -> object:
    return record(CONTACTS, {"日期": day, "老人编号": elder, "志愿者编号": "V001", "方式": "电话问候"}, number)


def _rows(contacts: list) -> list[int]:
    parsed = {ELDERS: [record(ELDERS, {"编号": "E0001", "姓名": "王秀英"})], CONTACTS: contacts}
    return [c.number for c in build_context(parsed, parse_settings([]), TODAY).contacts["E0001"]]


def test_contacts_as_read_are_ordered_by_day_then_row():
    nov, oct_ = dt.date(2026, 11, 20), dt.date(2026, 10, 3)
    contacts = [_contact(2, nov), _contact(3, oct_), _contact(4, nov), _contact(5, None), _contact(6, oct_)]
    contacts += [_contact(7, dt.date(2026, 12, 1)), _contact(8, nov, elder=None), _contact(9, nov, elder="E0002")]
    assert _rows(contacts) == [3, 6, 2, 4]  # no date, a future date or no elder: not counted


def test_contacts_out_of_row_order_are_put_back_in_row_order_within_a_day():
    # 归档摘要's kept contacts come first, with their own row numbers: the same day sorts by row again
    day = dt.date(2026, 11, 20)
    contacts = [_contact(40, day), _contact(12, day), _contact(30, dt.date(2026, 9, 1)), _contact(7, day)]
    assert _rows(contacts) == [30, 7, 12, 40]
