"""'Today' is the community's date: ten past midnight in Shanghai is already the next day there."""

from __future__ import annotations

import datetime as dt

import pytest

from functions.domain import clock
from functions.domain.settings import SETTINGS_TAB
from functions.domain.table import Row, Table
from functions.domain.workbook import Snapshot
from functions.jobs.runner import resolve_today


class FrozenClock(dt.datetime):
    """datetime whose now() is a fixed instant, expressed in whatever zone is asked for."""

    instant = dt.datetime(2026, 11, 30, 16, 10, tzinfo=dt.UTC)  # 00:10 on 1 December in Shanghai

    @classmethod
    def now(cls, tz=None):  # noqa: ANN001, ANN206 (datetime's own signature)
        return cls.instant.astimezone(tz) if tz else cls.instant.replace(tzinfo=None)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(clock.dt, "datetime", FrozenClock)


def _settings(rows: list[tuple[str, str]]) -> Snapshot:
    table = Table(SETTINGS_TAB, rows=[Row(i + 2, {"项目": k, "值": v}) for i, (k, v) in enumerate(rows)])
    return Snapshot(tables={SETTINGS_TAB: table})


def test_without_today_the_jobs_use_the_community_date_not_utc(frozen):
    assert resolve_today(_settings([]), None) == dt.date(2026, 12, 1)  # UTC still says 30 November
    assert resolve_today(_settings([("时区", "Europe/London")]), None) == dt.date(2026, 11, 30)
    assert resolve_today(_settings([]), dt.date(2026, 11, 29)) == dt.date(2026, 11, 29)  # --today wins


def test_the_monthly_default_is_the_community_previous_month(frozen):
    from functions.domain.months import month_of, previous_month

    assert previous_month(month_of(resolve_today(_settings([]), None))) == "2026-11"
