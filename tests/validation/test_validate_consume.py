"""Validation may take the big logs' raw cells as it parses them: the same answer, one copy in memory."""

from __future__ import annotations

import pytest

from functions.demo.make import demo_rows
from functions.domain.schema import default_schema
from functions.domain.table import CellsHandedOver, build_table
from functions.domain.workbook import Snapshot
from functions.jobs.run import LOG_TABS
from functions.validation.validate import validate
from tests.support import TODAY

SCHEMA = default_schema()


def _snapshot() -> Snapshot:
    grids = demo_rows(7, "small", TODAY)
    return Snapshot(tables={t: build_table(t, [SCHEMA[t].headers] + rows, SCHEMA[t]) for t, rows in grids.items()})


def test_taking_the_logs_cells_changes_no_record_and_no_problem():
    kept = validate(_snapshot(), TODAY)
    snapshot = _snapshot()
    taken = validate(snapshot, TODAY, consume=LOG_TABS)
    assert taken.problems == kept.problems
    assert {t: [(r.number, dict(r), r.bad) for r in rs] for t, rs in taken.parsed.items()} == {
        t: [(r.number, dict(r), r.bad) for r in rs] for t, rs in kept.parsed.items()
    }
    contacts = snapshot.tables["走访记录"]
    assert len(contacts) == len(kept.parsed["走访记录"]) > 1000  # the row count stays for the run's summary
    assert not contacts.cells  # … the raw cells are gone
    assert snapshot.tables["老人档案"].rows[0]["编号"]  # tabs not handed over are read as before


def test_reading_handed_over_cells_fails_loudly_instead_of_reading_blanks():
    snapshot = _snapshot()
    validate(snapshot, TODAY, consume=LOG_TABS)
    with pytest.raises(CellsHandedOver):
        _ = snapshot.tables["走访记录"].rows
    with pytest.raises(CellsHandedOver):
        snapshot.tables["活动签到"].column("日期")
