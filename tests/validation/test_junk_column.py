"""A column of junk filled down to the sheet's last row: one line in 问题清单, bounded time and memory."""

from __future__ import annotations

import os
import sys

from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.jobs.run import run_validate
from tests.support import TODAY
from tests.support.backends import make_xlsx
from tests.support.job_community import community
from tests.support.junk_column import XLSX_LAST_ROW, add_junk_column, run_measured


def test_an_x_dragged_to_the_last_row_is_one_problem_line_within_10_s_and_256_mib(tmp_path):
    workbook = make_xlsx(tmp_path, community())
    cells = add_junk_column(workbook.location)
    assert cells > 1_000_000
    code, seconds, peak_mib, stderr = run_measured(
        [sys.executable, "-m", "functions", "nightly", "--workbook", workbook.location, "--today", "2026-11-29"],
        {**os.environ, "SMTP_HOST": "", "MAIL_OUTBOX": str(tmp_path / "outbox")},
    )
    assert code == 0, stderr
    assert seconds <= 10 and 0 < peak_mib <= 256
    problems = XlsxWorkbook(workbook.location).read().tables["问题清单"].rows
    junk = [p for p in problems if "拖动填充" in str(p["问题"])]
    assert len(junk) == 1 and f"{cells:,}" in junk[0]["问题"] and f"{XLSX_LAST_ROW}" in junk[0]["问题"]
    assert junk[0]["列"] == "日期" and len(problems) < 50
    assert len(XlsxWorkbook(workbook.location).read().tables["走访记录"].rows) == len(community()["走访记录"])


def test_many_problems_of_one_kind_in_one_column_are_summarised_after_a_bound(tmp_path):
    rows = community()
    rows["走访记录"] = rows["走访记录"] + [[f"垃圾{n}"] for n in range(500)]  # varied junk: no fill-down
    workbook = make_xlsx(tmp_path, rows)
    run_validate(workbook, TODAY)
    problems = workbook.read().tables["问题清单"].rows
    dates = [p for p in problems if p["工作表"] == "走访记录" and p["列"] == "日期"]
    assert 100 <= len(dates) <= 102
    summary = [p for p in dates if "同样的问题" in str(p["问题"])]
    assert len(summary) == 1 and "400 个单元格" in summary[0]["问题"]
