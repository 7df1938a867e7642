"""Cell parsers by schema type: raw cell value in, (typed value, issue or None) out. Pure, no I/O."""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any, NamedTuple

import phonenumbers

ERROR, WARNING = "错误", "警告"
SERIAL_EPOCH = dt.date(1899, 12, 30)  # spreadsheet day 0
MIN_DATE, MAX_DATE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


class Issue(NamedTuple):
    """What is wrong with a cell; bad=True means the value could not be used (None in parsed)."""

    level: str
    message: str
    suggestion: str
    bad: bool = True


Outcome = tuple[Any, Issue | None]
BLANK: Outcome = (None, None)

_DATE_TEXT = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DATE_NO_YEAR = re.compile(r"(\d{1,2})月(\d{1,2})[日号]?")
_DATE_SHORT_YEAR = re.compile(r"(\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_MONTH_TEXT = re.compile(r"(\d{4})[-/.年](\d{1,2})月?(?:[-/.](\d{1,2})日?|\d{1,2}日)?")
_PHONE_NOISE = re.compile(r"[\s\-()（）.·]")
_MOBILE = re.compile(r"(?:\+?86)?(1\d{10})")
_SEVERAL_PHONES = re.compile(r"\d{7,}\D+\d{7,}")
_EMAIL = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}")
_NUMBER_UNIT = re.compile(r"([-+]?\d+(?:\.\d+)?)\s*(?:分钟|小时|个?人|户|天|次|位|名|分|h|min)")


def normalize_text(raw: Any) -> str:
    """A cell as text: NFKC (full-width → half-width), trimmed; numbers and dates written plainly."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and math.isfinite(raw) and raw == int(raw):
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return unicodedata.normalize("NFKC", str(raw)).strip()


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
            return value, Issue(WARNING, "日期没有写年份", f"已按 {value.isoformat()} 处理，请写上年份：{value.isoformat()}", False)
        return value, None
    m = _DATE_COMPACT.fullmatch(compact)
    if m:
        value = _make_date(int(m[1]), int(m[2]), int(m[3]))
        if isinstance(value, dt.date):
            return value, Issue(WARNING, "日期中间没有分隔符", f"已按 {value.isoformat()} 处理，请写成 {value.isoformat()}", False)
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
    if isinstance(raw, dt.date):
        return f"{raw.year:04d}-{raw.month:02d}", None
    if isinstance(raw, (int, float)) and not (isinstance(raw, float) and math.isfinite(raw) and raw != int(raw)):
        value = _date_from_serial(float(raw))
        if isinstance(value, Issue):
            return None, Issue(ERROR, "不是月份", hint)
        return f"{value.year:04d}-{value.month:02d}", None
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


def _number_from(raw: Any) -> tuple[float | None, bool]:
    """(number, had_unit): the number in a cell, or None when it holds none."""
    if isinstance(raw, bool):
        return None, False
    if isinstance(raw, (int, float)):
        return (float(raw) if math.isfinite(raw) else None), False
    text = normalize_text(raw).replace(",", "")
    try:
        number = float(text)
        return (number if math.isfinite(number) else None), False
    except ValueError:
        m = _NUMBER_UNIT.fullmatch(text)
        return (float(m[1]), True) if m else (None, False)


def _range_issue(number: float, minimum: float | None, maximum: float | None) -> Issue | None:
    low = "" if minimum is None else f"{minimum:g}"
    high = "" if maximum is None else f"{maximum:g}"
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        where = f"{low} 到 {high}" if low and high else (f"不小于 {low}" if low else f"不大于 {high}")
        return Issue(ERROR, f"数字超出范围（应为 {where}）", f"请填 {where} 之间的数字" if low and high else f"请填{where}的数字")
    return None


def parse_int(raw: Any, minimum: float | None = None, maximum: float | None = None) -> Outcome:
    """A whole number, within the schema's range; "30分钟" is read with a warning."""
    if isinstance(raw, str) and not raw.strip():
        return BLANK
    number, had_unit = _number_from(raw)
    if number is None:
        return None, Issue(ERROR, "不是数字", "请只填阿拉伯数字，如 30")
    if number != int(number):
        return None, Issue(ERROR, "应该是整数", f"请填整数，如 {round(number)}")
    issue = _range_issue(number, minimum, maximum)
    if issue:
        return None, issue
    value = int(number)
    return value, (Issue(WARNING, "数字后面带了单位", f"请只填数字 {value}", False) if had_unit else None)


def parse_number(raw: Any, minimum: float | None = None, maximum: float | None = None) -> Outcome:
    """A number (float), within the schema's range."""
    if isinstance(raw, str) and not raw.strip():
        return BLANK
    number, had_unit = _number_from(raw)
    if number is None:
        return None, Issue(ERROR, "不是数字", "请只填数字，如 1.5")
    issue = _range_issue(number, minimum, maximum)
    if issue:
        return None, issue
    return number, (Issue(WARNING, "数字后面带了单位", f"请只填数字 {number:g}", False) if had_unit else None)


_mobile_prefix_valid: dict[str, bool] = {}


def _mobile_ok(digits: str) -> bool:
    # phonenumbers decides an 11-digit CN mobile by its first 5 digits (its metadata pattern, e.g.
    # 1740[0-5]); caching the library's answer per 5-digit prefix saves ~35 µs per distinct number.
    # tests/test_parse_cells.py checks the cache against phonenumbers itself.
    prefix = digits[:5]
    ok = _mobile_prefix_valid.get(prefix)
    if ok is None:
        ok = _mobile_prefix_valid[prefix] = phonenumbers.is_valid_number(phonenumbers.parse(digits, "CN"))
    return ok


def parse_phone(raw: Any) -> Outcome:
    """Mobile → "13812345678"; landline → "010-12345678"; other valid numbers → national digits or +E.164."""
    if isinstance(raw, bool):
        return None, Issue(ERROR, "不是电话号码", "手机号填 11 位数字，座机填区号加号码，如 010-12345678")
    text = normalize_text(raw)
    if not text:
        return BLANK
    if _SEVERAL_PHONES.search(text):
        return None, Issue(ERROR, "一个格子里填了不止一个电话", "这里只填一个号码，其他号码请写在备注里")
    compact = _PHONE_NOISE.sub("", text)
    m = _MOBILE.fullmatch(compact)
    if m and _mobile_ok(m[1]):
        return m[1], None
    try:
        number = phonenumbers.parse(compact, "CN")
    except phonenumbers.NumberParseException:
        return None, Issue(ERROR, "不是电话号码", "手机号填 11 位数字，座机填区号加号码，如 010-12345678")
    if not phonenumbers.is_valid_number(number):
        digits = str(number.national_number)
        if len(digits) in (7, 8) and not compact.startswith("0"):
            return None, Issue(ERROR, "座机号码缺少区号", "请在号码前加上区号，如 010-12345678")
        if digits.startswith("1") and len(digits) != 11:
            return None, Issue(ERROR, f"手机号码位数不对（现在是 {len(digits)} 位）", "手机号是 11 位数字，请核对")
        return None, Issue(ERROR, "电话号码不存在（号段或位数不对）", "请核对号码；座机请写成 010-12345678 这样")
    if number.country_code != 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None
    national = str(number.national_number)
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
        return national, None
    area = phonenumbers.length_of_geographical_area_code(number)
    if area:
        return f"0{national[:area]}-{national[area:]}", None
    return national, None


def parse_email(raw: Any) -> Outcome:
    """An e-mail address, lowercased."""
    text = normalize_text(raw).lower().replace(" ", "")
    if not text:
        return BLANK
    if text.endswith((".con", ".cmo", ".cm")) and _EMAIL.fullmatch(text.rsplit(".", 1)[0] + ".com"):
        fixed = text.rsplit(".", 1)[0] + ".com"
        return None, Issue(ERROR, "邮箱地址的结尾写错了", f"您是不是要填 {fixed}？")
    if not _EMAIL.fullmatch(text):
        return None, Issue(ERROR, "邮箱地址格式不对", "请写成 name@example.com 这样，或者空着")
    return text, None
