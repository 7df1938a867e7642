"""Excel's own conventions for values in sheet XML: date serials, which formats show dates.

Hand-written (after openpyxl's rules) because importing any part of openpyxl loads all of it: 0.3 s and
20 MB that the nightly read and write never use otherwise.
"""

from __future__ import annotations

import datetime as dt
import re

WINDOWS_EPOCH = dt.datetime(1899, 12, 30)  # serial 0 in a 1900-based workbook (Excel's 1900 leap-day bug)
MAC_EPOCH = dt.datetime(1904, 1, 1)  # serial 0 in a 1904-based workbook (old Mac Excel)
DATE_BUILTIN_IDS = frozenset({*range(14, 23), 45, 47})  # built-in number formats that show dates or times
_QUOTED_OR_BRACKET = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_ELAPSED = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?")
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")


def is_date_code(code: str) -> bool:
    """True for a number format that shows a date or time of day (not an elapsed duration like [h]:mm)."""
    first = code.split(";")[0]
    if _ELAPSED.search(first):
        return False
    return _DATE_LETTER.search(_QUOTED_OR_BRACKET.sub("", first)) is not None


def date_serial(value: dt.date, epoch: dt.datetime = WINDOWS_EPOCH) -> float:
    """The serial number Excel stores for a date or date-time."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    days = (moment - epoch).days
    if 0 < days <= 60 and epoch == WINDOWS_EPOCH:  # before 1900-03-01 Excel counts a 29 February 1900
        days -= 1
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 10**6
    return days + seconds / 86400
