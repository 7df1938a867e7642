"""archive --before on an online sheet: a clear Chinese refusal, nothing read or written beyond the tab list."""

from __future__ import annotations

import datetime as dt

import pytest

from functions.domain.workbook import WorkbookError
from functions.jobs.archive import run_archive
from tests.support import TODAY
from tests.support.job_community import community


@pytest.mark.parametrize("workbook_factory", ["gsheets", "feishu"], indirect=True)
def test_online_sheets_are_refused_with_a_clear_message(workbook_factory):
    workbook = workbook_factory(community())
    with pytest.raises(WorkbookError, match="暂不支持归档") as refused:
        run_archive(workbook, dt.date(2026, 1, 1), TODAY, apply=True)
    assert "飞书表格" in str(refused.value) and "Google 表格" in str(refused.value)
    assert len(workbook.read().tables["走访记录"].rows) == len(community()["走访记录"])
