"""Festival visits against published lunar dates, and 80/90/100 birthdays."""

from __future__ import annotations

import datetime as dt

import pytest

from functions.domain.festival_calendar import festival_dates
from tests.support.care_world import alerts, contact, elder, levels, settings, world

D = dt.date
PUBLISHED = {  # published public-holiday calendars
    "春节": [D(2024, 2, 10), D(2025, 1, 29), D(2026, 2, 17), D(2027, 2, 6)],
    "元宵": [D(2024, 2, 24), D(2025, 2, 12), D(2026, 3, 3), D(2027, 2, 20)],
    "端午": [D(2024, 6, 10), D(2025, 5, 31), D(2026, 6, 19), D(2027, 6, 9)],
    "中秋": [D(2024, 9, 17), D(2025, 10, 6), D(2026, 9, 25), D(2027, 9, 15)],
    "重阳": [D(2024, 10, 11), D(2025, 10, 29), D(2026, 10, 18), D(2027, 10, 8)],
}
MID_AUTUMN = D(2026, 9, 25)


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_festival_dates_match_published_calendar(year):
    computed = {short: when for short, _, when in festival_dates(year)}
    assert computed == {name: dates[year - 2024] for name, dates in PUBLISHED.items()}


def daily_visits(until: dt.date, eid: str = "E0001") -> list:
    """A visit every day up to `until`, so that no contact rule fires: only festival alerts remain."""
    return [contact(until - dt.timedelta(days=i), eid, way="上门走访") for i in range(10)]


@pytest.mark.parametrize(
    ("offset", "expected"), [(-8, []), (-7, ["黄"]), (-2, ["黄"]), (-1, ["橙"]), (0, ["红"]), (1, [])]
)
def test_mid_autumn_window_levels(offset, expected):
    today = MID_AUTUMN + dt.timedelta(days=offset)
    assert levels(world(contacts=daily_visits(today)), today=today, kind="节日慰问") == expected


@pytest.mark.parametrize("short", list(PUBLISHED))
def test_every_festival_is_red_on_its_day_in_2027(short):
    today = PUBLISHED[short][3]
    (alert,) = alerts(world(contacts=daily_visits(today)), today=today, kind="节日慰问")
    assert alert.level == "红" and alert.due == f"{short}2027" and alert.reason.startswith("今天是")


def test_festival_visit_inside_window_clears_it_and_one_before_does_not():
    today = MID_AUTUMN - dt.timedelta(days=1)
    inside = daily_visits(today) + [contact(MID_AUTUMN - dt.timedelta(days=7), way="节日慰问")]
    before = daily_visits(today) + [contact(MID_AUTUMN - dt.timedelta(days=8), way="节日慰问")]
    assert alerts(world(contacts=inside), today=today, kind="节日慰问") == []
    assert levels(world(contacts=before), today=today, kind="节日慰问") == ["橙"]


def test_only_the_configured_categories_and_active_elders():
    today = MID_AUTUMN - dt.timedelta(days=3)
    elders = [
        elder("E0001", category="独居"),
        elder("E0002", category="空巢"),
        elder("E0003", category="失独"),
        elder("E0004", category="孤寡", status="已故"),
        elder("E0005", category=None, bad=("类别",)),
    ]
    contacts = [c for eid in ("E0001", "E0002", "E0003", "E0004", "E0005") for c in daily_visits(today, eid)]
    ids = [a.object_id for a in alerts(world(elders=elders, contacts=contacts), today=today, kind="节日慰问")]
    assert sorted(ids) == ["E0001", "E0003", "E0005"]
    conf = settings(**{"节日慰问对象": "空巢、独居", "节日提前天数": 2})
    assert alerts(world(elders=elders, contacts=contacts), today=today, kind="节日慰问", conf=conf) == []
    conf = settings(**{"节日慰问对象": "空巢、独居"})
    ids = [
        a.object_id for a in alerts(world(elders=elders, contacts=contacts), today=today, kind="节日慰问", conf=conf)
    ]
    assert sorted(ids) == ["E0001", "E0002", "E0005"]


def test_spring_festival_window_crosses_the_new_year():
    today = D(2027, 1, 31)  # 春节 2027-02-06, window from 01-30
    (alert,) = alerts(world(contacts=daily_visits(today)), today=today, kind="节日慰问")
    assert alert.due == "春节2027" and "还有 6 天" in alert.reason


BORN = D(1946, 12, 3)  # turns 80 on 2026-12-03


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 11, 25), []),
        (D(2026, 11, 26), ["黄"]),
        (D(2026, 12, 3), ["黄"]),
        (D(2026, 12, 4), []),
    ],
)
def test_eightieth_birthday_within_a_week(today, expected):
    parsed = world(elders=[elder(出生日期=BORN)], contacts=daily_visits(today))
    assert levels(parsed, today=today, kind="寿辰") == expected


def test_only_round_birthdays_and_leap_day_births():
    today = D(2026, 11, 29)
    elders = [
        elder("E0001", 出生日期=D(1945, 12, 1)),
        elder("E0002", 出生日期=D(1936, 12, 1)),
        elder("E0003", 出生日期=D(1926, 12, 1)),
        elder("E0004", 出生日期=D(1936, 12, 1), status="迁出"),
    ]
    found = alerts(world(elders=elders, contacts=[]), today=today, kind="寿辰")
    assert [(a.object_id, a.due) for a in sorted(found, key=lambda a: a.object_id)] == [
        ("E0002", "90岁"),
        ("E0003", "100岁"),
    ]
    leap = world(elders=[elder(出生日期=D(1936, 2, 29))], contacts=[])
    assert "2月28日是 90 岁寿辰" in alerts(leap, today=D(2026, 2, 25), kind="寿辰")[0].reason


def test_a_window_reaching_into_the_previous_year_finds_next_years_spring_festival():
    today = D(2027, 12, 31)  # 春节 2028 is 01-26: with 30 days' lead its window opens on 2027-12-27
    conf = settings(**{"节日提前天数": 30})
    (alert,) = alerts(world(contacts=daily_visits(today)), today=today, kind="节日慰问", conf=conf)
    assert alert.due == "春节2028" and "2028年1月26日" in alert.reason
    visited = daily_visits(today) + [contact(D(2027, 12, 28), way="节日慰问")]
    assert alerts(world(contacts=visited), today=today, kind="节日慰问", conf=conf) == []


def test_one_festival_visit_does_not_count_for_the_next_festival_too():
    conf = settings(**{"节日提前天数": 20})  # 春节 2026-02-17 and 元宵 03-03 are 14 days apart
    today = D(2026, 3, 2)
    visits = daily_visits(today) + [contact(D(2026, 2, 16), way="节日慰问")]  # the 春节 visit
    (alert,) = alerts(world(contacts=sorted(visits, key=lambda c: c["日期"])), today=today, kind="节日慰问", conf=conf)
    assert alert.due == "元宵2026" and alert.level == "橙"  # the day before 元宵, still unvisited
