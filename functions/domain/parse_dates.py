"""Date and month cells: every way volunteers type them, spreadsheet serials and real date cells."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from functions.domain.parse_common import BLANK, ERROR, MAX_DATE, MIN_DATE, WARNING, Issue, Outcome, normalize_text
from functions.domain.serial_dates import SERIAL_EPOCH

_DATE_TEXT = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DATE_NO_YEAR = re.compile(r"(\d{1,2})月(\d{1,2})[日号]?")
_DATE_SHORT_YEAR = re.compile(r"(\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_MONTH_TEXT = re.compile(r"(\d{4})[-/.年](\d{1,2})月?(?:[-/.](\d{1,2})日?|\d{1,2}日)?")


def _make_date(year: int, month: int, day: int) -> dt.date | Issue:
    if not 1 <= month <= 12:
        return Issue(ERROR, f"日期不存在：没有 {month} 月", "月份只能是 1 到 12，请核对后改成 2025-08-03 这样的日期")
    try:
        return dt.date(year, month, day)
    except ValueError:
        return Issue(ERROR, f"日期不存在：{year}年{month}月没有{day}日", "请核对日子，改成 2025-08-03 这样的日期")


def _latest_not_after(month: int, day: int, today: dt.date) -> dt.date | Issue:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return _make_date(today.year, month, day)
    for year in range(today.year, today.year - 8, -1):  # 2月29日 may need a few years back
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return _make_date(today.year, month, day)


def _date_from_serial(number: float) -> dt.date | Issue:
    if not math.isfinite(number) or not 1 <= number <= 2958465:
        return Issue(ERROR, "不是日期", "请填成 2025-08-03 这样的日期")
    return SERIAL_EPOCH + dt.timedelta(days=int(number))


def _date_from_text(text: str, today: dt.date) -> tuple[dt.date | Issue, Issue | None]:
    compact = text.replace(" ", "")
    m = _DATE_TEXT.fullmatch(compact)
    if m:
        return _make_date(int(m[1]), int(m[2]), int(m[3])), None
    m = _DATE_NO_YEAR.fullmatch(compact)
    if m:
        value = _latest_not_after(int(m[1]), int(m[2]), today)
        if isinstance(value, dt.date):
            return value, Issue(
                WARNING, "日期没有写年份", f"已按 {value.isoformat()} 处理，请写上年份：{value.isoformat()}", False
            )
        return value, None
    m = _DATE_COMPACT.fullmatch(compact)
    if m:
        value = _make_date(int(m[1]), int(m[2]), int(m[3]))
        if isinstance(value, dt.date):
            return value, Issue(
                WARNING, "日期中间没有分隔符", f"已按 {value.isoformat()} 处理，请写成 {value.isoformat()}", False
            )
        return value, None
    if _DATE_SHORT_YEAR.fullmatch(compact):
        return Issue(ERROR, "年份只写了两位", "请写四位年份，如 2025-08-03"), None
    return Issue(ERROR, "看不懂这个日期", "请填成 2025-08-03 这样的日期"), None


def parse_date(raw: Any, today: dt.date, past: bool = False) -> Outcome:
    """A date from a date cell, a serial number or text (2025-8-3, 2025/08/03, 2025.8.3, 2025年8月3日, 8月3日)."""
    warning = None
    if isinstance(raw, bool):
        value: dt.date | Issue = Issue(ERROR, "不是日期", "请填成 2025-08-03 这样的日期")
    elif isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    elif isinstance(raw, (int, float)):
        if isinstance(raw, int) and 19000101 <= raw <= 21001231:
            value, warning = _date_from_text(str(raw), today)
        else:
            value = _date_from_serial(float(raw))
    else:
        text = normalize_text(raw)
        if not text:
            return BLANK
        value, warning = _date_from_text(text, today)
    if isinstance(value, Issue):
        return None, value
    if not MIN_DATE <= value <= MAX_DATE:
        return None, Issue(ERROR, "年份不对", "请核对年份，填成 2025-08-03 这样的日期")
    if past and value > today:
        return None, Issue(ERROR, "日期还没到（在今天之后）", "这里应填已经发生的日期，请核对年份和月份")
    return value, warning


def parse_month(raw: Any) -> Outcome:
    """A month as "YYYY-MM" from a date cell, a serial number or text (2026-11, 2026/11, 2026年11月)."""
    hint = "请写成 2026-11 这样的月份"
    if isinstance(raw, bool):
        return None, Issue(ERROR, "不是月份", hint)
    if isinstance(raw, (int, float)) and not (isinstance(raw, float) and math.isfinite(raw) and raw != int(raw)):
        raw = _date_from_serial(float(raw))
        if isinstance(raw, Issue):
            return None, Issue(ERROR, "不是月份", hint)
    if isinstance(raw, dt.date):
        if not 1900 <= raw.year <= 2100:  # a date cell of year 1 would overflow the month arithmetic later
            return None, Issue(ERROR, "年份不对", hint)
        return f"{raw.year:04d}-{raw.month:02d}", None
    if isinstance(raw, float) and re.fullmatch(r"\d{4}\.\d", repr(raw)):  # 2026.1: January or October? never guess
        return None, Issue(ERROR, "月份看不清是 1 月还是 10 月", hint)
    text = normalize_text(raw).replace(" ", "")
    if not text:
        return BLANK
    m = _MONTH_TEXT.fullmatch(text)
    if not m:
        return None, Issue(ERROR, "看不懂这个月份", hint)
    year, month = int(m[1]), int(m[2])
    if not 1 <= month <= 12:
        return None, Issue(ERROR, f"月份不存在：没有 {month} 月", hint)
    if not 1900 <= year <= 2100:
        return None, Issue(ERROR, "年份不对", hint)
    return f"{year:04d}-{month:02d}", None
