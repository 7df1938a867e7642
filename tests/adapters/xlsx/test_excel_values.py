"""Our hand-written Excel conventions give openpyxl's answers: column letters, date serials, date formats."""

from __future__ import annotations

import datetime as dt
import random

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, to_excel

from functions.adapters.xlsx.excel_values import (
    DATE_BUILTIN_IDS,
    MAC_EPOCH,
    date_serial,
    is_date_code,
)
from functions.domain.cell_address import column_index, column_letter


def test_column_letters_both_ways_over_every_excel_column():
    for index in range(1, 16_385):  # XFD, Excel's last column
        assert column_letter(index - 1) == get_column_letter(index)  # ours count from 0
        assert column_index(get_column_letter(index)) == index - 1


def test_date_serials_match_openpyxl_in_both_epochs_and_around_the_1900_leap_bug():
    rnd = random.Random(5)
    days = [dt.date(1900, 2, 28), dt.date(1900, 3, 1), dt.date(1900, 1, 1), dt.date(2026, 11, 29)]
    days += [dt.date(1900, 1, 1) + dt.timedelta(days=rnd.randrange(60_000)) for _ in range(5_000)]
    for day in days:
        assert date_serial(day) == to_excel(day)
        moment = dt.datetime.combine(day, dt.time(rnd.randrange(24), rnd.randrange(60), rnd.randrange(60)))
        assert date_serial(moment) == to_excel(moment)
        if day.year >= 1904:
            assert date_serial(moment, MAC_EPOCH) == to_excel(moment, CALENDAR_MAC_1904)


def test_date_formats_are_told_from_durations_and_numbers_as_openpyxl_does():
    codes = [*BUILTIN_FORMATS.values(), 'yyyy"年"m"月"d"日"', "yyyy-mm-dd;@", "[$-F800]dddd, mmmm dd, yyyy"]
    codes += ["[h]:mm:ss", "[mm]:ss", "0.00", '"mm"0', "[Red]0", "hh:mm", "d-mmm", "General", '0"天"']
    for code in codes:
        assert is_date_code(code) == (is_date_format(code) and not is_timedelta_format(code)), code
    expected = {i for i, code in BUILTIN_FORMATS.items() if is_date_format(code) and not is_timedelta_format(code)}
    assert expected == DATE_BUILTIN_IDS
