"""Cell parsers by schema type: raw cell value in, (typed value, issue or None) out. Pure, no I/O.

Dates and months live in parse_dates, the shared types in parse_common; both are re-exported here.
"""

from __future__ import annotations

import math
import re
from typing import Any

import phonenumbers

from functions.domain.email_address import check_address
from functions.domain.parse_common import BLANK, ERROR, WARNING, Issue, Outcome, normalize_text
from functions.domain.parse_dates import parse_date, parse_month

__all__ = [
    "BLANK",
    "ERROR",
    "WARNING",
    "Issue",
    "Outcome",
    "normalize_text",
    "parse_date",
    "parse_email",
    "parse_int",
    "parse_month",
    "parse_number",
    "parse_phone",
]

_PHONE_NOISE = re.compile(r"[\s\-()（）.·]")
_MOBILE = re.compile(r"(?:\+?86)?(1\d{10})")
_SEVERAL_PHONES = re.compile(r"\d{7,}\D+\d{7,}")
_EMAIL = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}")
_NUMBER_UNIT = re.compile(r"([-+]?\d+(?:\.\d+)?)\s*(?:分钟|小时|个?人|户|天|次|位|名|分|h|min)")


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
        return Issue(
            ERROR, f"数字超出范围（应为 {where}）", f"请填 {where} 之间的数字" if low and high else f"请填{where}的数字"
        )
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


_CN = phonenumbers.PhoneMetadata.metadata_for_region("CN")
_CN_NUMBER = re.compile(_CN.general_desc.national_number_pattern)
_CN_MOBILE = re.compile(_CN.mobile.national_number_pattern)
_CN_FIXED = re.compile(_CN.fixed_line.national_number_pattern)
_area_lengths: dict[tuple[str, int], int] = {}  # (first 4 digits, length) -> the area code's length


def _mobile_ok(digits: str) -> bool:
    """An 11-digit number phonenumbers' own CN metadata calls a mobile, matched with its patterns directly.

    is_valid_number walks every number type in Python (~60 µs); a number these two patterns accept is one
    it calls a valid mobile (tests/domain/test_parse_cells.py checks this against the library), and
    every other number still goes through phonenumbers.parse in parse_phone.
    """
    return _CN_NUMBER.fullmatch(digits) is not None and _CN_MOBILE.fullmatch(digits) is not None


def _landline(national: str) -> str | None:
    """'0731-85236857' for a number phonenumbers' CN fixed-line patterns accept; None for any other.

    Same reason as _mobile_ok: the area code's length is asked of phonenumbers once per first four
    digits and length (it is fixed by them), and the tests check the answers against the library.
    """
    if _CN_NUMBER.fullmatch(national) is None or _CN_FIXED.fullmatch(national) is None:
        return None
    key = (national[:4], len(national))
    area = _area_lengths.get(key)
    if area is None:
        area = _area_lengths[key] = phonenumbers.length_of_geographical_area_code(
            phonenumbers.parse("0" + national, "CN")
        )
    return f"0{national[:area]}-{national[area:]}" if area else national


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
    if compact[:1] == "0" and compact[1:2] != "0" and compact.isdigit() and (line := _landline(compact[1:])):
        return line, None
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
    address, why = check_address(text)
    if address is None:
        problem, _, fix = why.partition("；")
        return None, Issue(ERROR, problem, fix or "请写成 name@example.com 这样，或者空着")
    return address, None
