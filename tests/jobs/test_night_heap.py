"""The night hides its parsed rows from the cyclic collector while it works, and hands them back after."""

from __future__ import annotations

import gc

import pytest

from functions.jobs import run
from tests.support import TODAY
from tests.support.job_community import community
from tests.support.mail import outbox_delivery


def test_rows_are_settled_during_the_rules_and_collected_again_after(workbook_factory, tmp_path, monkeypatch):
    workbook = workbook_factory(community())
    seen = {}
    real = run.compute_alerts

    def watched(parsed, *args):  # noqa: ANN001, ANN202
        seen["frozen"], seen["enabled"] = gc.get_freeze_count(), gc.isenabled()
        seen["rows_hidden"] = not any(gc.is_tracked(r) and r in gc.get_objects(0) for r in parsed["老人档案"][:1])
        return real(parsed, *args)

    monkeypatch.setattr(run, "compute_alerts", watched)
    result = run.run_nightly(workbook, TODAY, delivery=outbox_delivery(tmp_path / "outbox"))
    assert result.counts["提醒"]["红"] >= 1  # the night ran its rules
    assert seen["enabled"] and seen["frozen"] > 1000 and seen["rows_hidden"]
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_a_night_that_fails_half_way_still_hands_the_rows_back(workbook_factory, tmp_path, monkeypatch):
    workbook = workbook_factory(community())

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("template missing")

    monkeypatch.setattr(run, "compose_digests", broken)
    with pytest.raises(RuntimeError):
        run.run_nightly(workbook, TODAY, delivery=outbox_delivery(tmp_path / "outbox"))
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_the_monthly_job_settles_its_rows_too_and_hands_them_back(workbook_factory, tmp_path, monkeypatch):
    workbook = workbook_factory(community())
    seen = {}
    real = run.settled_validation

    def watched(*args):  # noqa: ANN002, ANN202
        validation = real(*args)
        seen["frozen"] = gc.get_freeze_count()
        return validation

    monkeypatch.setattr(run, "settled_validation", watched)
    run.run_monthly(workbook, TODAY, all_months=True, delivery=outbox_delivery(tmp_path / "outbox"))
    assert seen["frozen"] > 1000
    assert gc.get_freeze_count() == 0 and gc.isenabled()
