"""Cell parsers on their own: edge dates, serials, the mobile-prefix cache against phonenumbers itself."""

from __future__ import annotations

import datetime as dt
import random

import phonenumbers
import pytest

from functions.domain.parse_cells import normalize_text, parse_date, parse_month, parse_phone
from tests.support import TODAY


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (2, dt.date(1900, 1, 1)),  # day 0 is 1899-12-30; earlier years are refused
        (45872, dt.date(2025, 8, 3)),
        (45872.999, dt.date(2025, 8, 3)),  # a time of day never moves the date
        (dt.datetime(2025, 8, 3, 23, 59), dt.date(2025, 8, 3)),
        ("2025-08-03 00:00:00", dt.date(2025, 8, 3)),  # a date cell exported as text
    ],
)
def test_serials_and_date_cells(raw, expected):
    assert parse_date(raw, TODAY) == (expected, None)


@pytest.mark.parametrize("raw", [0, -5, 3_000_000, float("inf"), float("nan"), "1e400", "2025-08", "", "   "])
def test_not_dates_are_never_guessed(raw):
    value, issue = parse_date(raw, TODAY)
    assert value is None and (issue is None) == (str(raw).strip() == "")


def test_no_year_leap_day_goes_back_to_the_last_leap_year():
    value, issue = parse_date("2月29日", TODAY)
    assert value == dt.date(2024, 2, 29) and issue.level == "警告" and "2024-02-29" in issue.suggestion


def test_no_year_today_is_this_year_and_tomorrow_is_last_year():
    assert parse_date("11月29日", TODAY)[0] == TODAY
    assert parse_date("11月30日", TODAY)[0] == dt.date(2025, 11, 30)


def test_past_field_accepts_today_and_refuses_tomorrow():
    assert parse_date(TODAY, TODAY, past=True) == (TODAY, None)
    value, issue = parse_date(TODAY + dt.timedelta(days=1), TODAY, past=True)
    assert value is None and issue.level == "错误" and issue.bad


def test_month_from_a_date_cell_and_a_serial():
    assert parse_month(dt.date(2026, 10, 1)) == ("2026-10", None)
    assert parse_month(46296) == ("2026-10", None)
    assert parse_month(2026.11) == ("2026-11", None)


def test_mobile_prefix_cache_agrees_with_phonenumbers():
    rng = random.Random(4)
    numbers = [f"1{rng.randrange(10**10):010d}" for _ in range(3000)]
    numbers += [f"1{p}{rng.randrange(10**6):06d}" for p in ("7400", "7406", "6100", "6109", "4500", "9400")]
    for number in numbers:
        expected = phonenumbers.is_valid_number(phonenumbers.parse(number, "CN"))
        value, issue = parse_phone(number)
        assert (value == number) == expected, number
        assert (issue is None) == expected, number


def test_foreign_number_kept_in_international_form():
    assert parse_phone("+852 6123 4567") == ("+85261234567", None)


def test_toll_free_number_kept_as_digits():
    assert parse_phone("400-812-3123") == ("4008123123", None)


def test_normalize_text_writes_numbers_and_dates_plainly():
    assert normalize_text(302.0) == "302"
    assert normalize_text(dt.datetime(2026, 3, 2)) == "2026-03-02"
    assert normalize_text("　Ｅ００１２　") == "E0012"
    assert normalize_text(float("nan")) == "nan"


def test_the_fast_mobile_check_agrees_with_phonenumbers_on_random_numbers():
    import random

    import phonenumbers

    from functions.domain.parse_cells import _mobile_ok

    rnd = random.Random(17)
    for _ in range(20_000):
        digits = "1" + "".join(rnd.choice("0123456789") for _ in range(10))
        try:
            number = phonenumbers.parse(digits, "CN")
            mobile = phonenumbers.is_valid_number(number) and (
                phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
            )
        except phonenumbers.NumberParseException:
            mobile = False
        assert _mobile_ok(digits) == mobile, digits


def test_the_fast_landline_path_agrees_with_phonenumbers_on_random_numbers():
    import random

    import phonenumbers

    rnd = random.Random(23)
    checked = 0
    for _ in range(30_000):
        national = rnd.choice("23456789") + "".join(rnd.choice("0123456789") for _ in range(rnd.choice([8, 9, 10]) - 1))
        try:
            number = phonenumbers.parse("0" + national, "CN")
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in (
            phonenumbers.PhoneNumberType.FIXED_LINE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            continue
        area = phonenumbers.length_of_geographical_area_code(number)
        expected = f"0{national[:area]}-{national[area:]}" if area else national
        assert parse_phone("0" + national) == (expected, None), national
        checked += 1
    assert checked > 3000
