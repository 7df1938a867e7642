"""Odd settings and extreme values end with a clear message, never a traceback or a refused write."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from functions.domain.cell_limits import EXCEL_CELL_CHARS, FEISHU_CELL_CHARS, GOOGLE_CELL_CHARS
from functions.domain.parse_dates import parse_month
from functions.jobs.run import run_monthly, run_nightly
from tests.support import TODAY
from tests.support.backends import make_xlsx
from tests.support.job_community import community
from tests.support.mail import outbox_delivery

LIMITS = {"xlsx": EXCEL_CELL_CHARS, "gsheets": GOOGLE_CELL_CHARS, "feishu": FEISHU_CELL_CHARS}


@pytest.mark.parametrize("zone", ["Asia", "America", "x" * 300, "../../etc/passwd"])
def test_a_time_zone_that_is_a_folder_or_nonsense_falls_back_with_a_warning(workbook_factory, tmp_path, zone):
    rows = community()
    rows["设置"] = rows["设置"] + [["时区", zone, ""]]
    workbook = workbook_factory(rows)
    result = run_nightly(
        workbook, None, delivery=outbox_delivery(str(tmp_path / "outbox"))
    )  # today from the zone: the crash
    assert result.today == dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    problems = [p for p in workbook.read().tables["问题清单"].rows if p["工作表"] == "设置"]
    assert any("时区" in str(p["问题"]) and "Asia/Shanghai" in str(p["问题"]) for p in problems)


def test_a_volunteer_name_longer_than_a_cell_is_cut_and_the_night_still_writes_and_mails(
    workbook_factory, request, tmp_path
):
    rows = community()
    rows["志愿者"][0][1] = "王芳" + "长" * 60_000  # V001, buddy of E0001 (red): 负责人 carries the name
    workbook = workbook_factory(rows)
    result = run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "outbox")))
    assert result.counts["邮件"]["已发送"] > 0
    limit = LIMITS[request.node.callspec.params["workbook_factory"]]
    alerts = workbook.read().tables["提醒"].rows
    owners = [str(a["负责人"]) for a in alerts if str(a["负责人"]).startswith("王芳")]
    assert owners and all(len(o) <= limit for o in owners) and owners[0].endswith("已截断）")


@pytest.mark.parametrize("today", ["2099-12-01", "2100-12-31", "9999-12-31", "0001-01-01"])
def test_a_today_outside_the_supported_range_is_a_usage_error_naming_the_range(tmp_path, today):
    workbook = make_xlsx(tmp_path, community())
    done = subprocess.run(
        [sys.executable, "-m", "functions", "nightly", "--workbook", workbook.location, "--today", today],
        capture_output=True,
        text=True,
        env={**os.environ, "SMTP_HOST": "", "MAIL_OUTBOX": str(tmp_path / "outbox")},
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "2000-01-01 至 2098-12-31" in done.stderr


def test_the_last_supported_day_runs(tmp_path):
    workbook = make_xlsx(tmp_path, community())
    assert run_nightly(workbook, dt.date(2098, 12, 31), delivery=outbox_delivery(str(tmp_path / "outbox"))).counts[
        "提醒"
    ]


def test_a_fee_month_cell_of_year_one_is_a_problem_not_an_overflow(workbook_factory, tmp_path):
    assert parse_month(dt.date(1, 1, 1))[0] is None
    rows = community()
    rows["物业缴费"] = [[dt.date(1, 1, 1), 4860, 4000], ["2026-10", 4860, 4100]]
    workbook = workbook_factory(rows)
    run_monthly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "outbox")))
    assert workbook.read().tables["月度指标"].rows
