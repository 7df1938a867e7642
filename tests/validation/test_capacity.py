"""validate warns at 70 % of the 10-million-cell limit, in 问题清单, naming the archive command."""

from __future__ import annotations

import pytest

from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.demo.make import make_demo
from functions.jobs.run import run_validate
from functions.validation import capacity
from tests.support import TODAY


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("capacity") / "芙蓉里.xlsx"
    make_demo(path, today=TODAY)
    return path


def used_cells(workbook: XlsxWorkbook) -> int:
    return sum(capacity.grid_cells(t) for t in workbook.read().tables.values())


def warnings_of(workbook: XlsxWorkbook) -> list:
    return [p for p in workbook.read().tables["问题清单"].rows if "单元格" in str(p["问题"])]


def test_a_workbook_at_70_percent_of_the_limit_gets_one_warning_naming_archive(demo_path, monkeypatch):
    workbook = XlsxWorkbook(str(demo_path))
    used = used_cells(workbook)
    assert 100_000 < used < 1_000_000  # the small demo: a tenth of the full one's 1.8 million
    monkeypatch.setattr(capacity, "CELL_LIMIT", int(used / 0.75))  # 75 % full
    result = run_validate(workbook, TODAY)
    (warning,) = warnings_of(workbook)
    assert warning["级别"] == "警告" and warning["工作表"] == "走访记录"
    assert f"约 {used:,} 个单元格" in warning["问题"] and "的 75%" in warning["问题"]
    assert "archive --before 2025-01-01" in warning["建议"] and "--yes" in warning["建议"]
    assert result.counts["问题"]["警告"] >= 1


def test_below_70_percent_there_is_no_warning(demo_path, monkeypatch):
    workbook = XlsxWorkbook(str(demo_path))
    monkeypatch.setattr(capacity, "CELL_LIMIT", int(used_cells(workbook) / 0.69))
    run_validate(workbook, TODAY)
    assert warnings_of(workbook) == []
