"""Monthly 三升三降 figures and 月度指标 rows on a small hand-built workbook with hand-computed values."""

from __future__ import annotations

import datetime as dt

import pytest

from functions.domain.schema import default_schema
from functions.domain.table import build_table
from functions.metrics.care import longest_gap
from functions.metrics.compute import metrics_for_months, month_metrics, months_with_data
from functions.metrics.rows import metrics_rows
from tests.support.metrics_world import NOW, D, _records, settings, workbook


def test_every_figure_of_october_matches_the_hand_computed_value():
    m = month_metrics(workbook(), settings(), "2026-10")
    assert m.participants == 35  # 5 distinct signed-in people + 30 head-counted at A2
    assert m.participation_rate == pytest.approx(3.5)
    assert (m.disputes, m.disputes_on_time_rate) == (3, pytest.approx(100 / 3))
    assert m.fee_rate == pytest.approx(92.0)
    assert m.complaints == 3  # 10-01 and 10-31 count, 09-30 and 11-01 do not
    assert m.volunteers == 4  # V001 V002 V003 from contacts, V004 from a sign-in
    assert m.service_hours == pytest.approx(245 / 60 + 4.0)
    assert m.lonely_assessed == 3  # E0001 (5), E0002 (8), E0005 (6); E0003 is 空巢
    assert m.loneliness_mean == pytest.approx(19 / 3)
    assert m.lonely_share == pytest.approx(200 / 3)
    assert m.active_elders == 4  # E0004 已故 is left out
    assert m.visit_coverage == pytest.approx(75.0)  # E0003's visit on 09-30 does not count for October
    assert m.greeting_on_time == pytest.approx(50.0)  # E0002, E0003 on time; E0001, E0005 late
    assert m.request_days == pytest.approx(3.0)
    assert m.patrol_days == pytest.approx(4.0)


def test_september_counts_its_last_day_and_november_its_first():
    result = metrics_for_months(workbook(), settings(), ["2026-09", "2026-11"])
    sep, nov = result["2026-09"], result["2026-11"]
    assert sep.complaints == 1 and nov.complaints == 1
    assert sep.volunteers == 2 and nov.volunteers == 1
    assert sep.visit_coverage == pytest.approx(50.0)  # E0001 and E0003 on 09-30
    assert sep.participation_rate == pytest.approx(2.0)
    assert nov.participants == 0 and nov.participation_rate == 0.0


def test_missing_data_gives_empty_figures_never_zero_or_a_crash():
    nov = month_metrics(workbook(), settings(), "2026-11")
    assert nov.fee_rate is None  # no 物业缴费 row for November
    assert nov.disputes == 0 and nov.disputes_on_time_rate is None
    assert nov.loneliness_mean is None and nov.lonely_share is None and nov.lonely_assessed == 0
    assert nov.request_days is None and nov.patrol_days is None
    empty = month_metrics({}, settings(), "2026-10")
    assert empty.participation_rate == 0.0 and empty.visit_coverage is None and empty.active_elders == 0
    nobody = settings()
    nobody.values["常住人口"] = 0  # 设置 refuses 0 (it falls back to the default); the figure guards anyway
    assert month_metrics({}, nobody, "2026-10").participation_rate is None


def test_a_month_in_progress_measures_greeting_gaps_up_to_today():
    assert month_metrics(workbook(), settings(), "2026-11").greeting_on_time == 0.0
    # by 11-04 only E0002 (中, last call 10-28: 7 days) is within its interval; E0005 was called 11-01, but
    # its blank 关爱等级 is read as 高 (every 2 days), as in the alerts, so 3 days is late
    assert month_metrics(workbook(), settings(), "2026-11", today=D("2026-11-04")).greeting_on_time == 25.0
    # by 11-05 E0002 is at 8 days: late too
    assert month_metrics(workbook(), settings(), "2026-11", today=D("2026-11-05")).greeting_on_time == 0.0


def test_an_elder_in_hospital_through_the_month_end_is_not_counted_that_month():
    book = workbook()
    book["老人档案"][2].values.update({"状态": "住院", "暂停至": D("2026-11-10")})  # E0003 away across October's end
    october = month_metrics(book, settings(), "2026-10")
    assert october.active_elders == 3 and october.visit_coverage == 100.0  # E0001, E0002 (送餐), E0005: 3 of 3


def test_longest_gap_starts_from_the_contact_before_the_month():
    dates = [D("2026-09-30"), D("2026-10-10"), D("2026-10-20")]
    assert longest_gap(dates, D("2026-10-01"), D("2026-10-31")) == 11
    assert longest_gap([], D("2026-10-01"), D("2026-10-31")) == 30


def test_months_with_data_lists_every_month_oldest_first():
    assert months_with_data(workbook()) == ["2026-09", "2026-10", "2026-11"]
    assert months_with_data({}) == []


def _by_header(row: list) -> dict:
    return dict(zip(default_schema()["月度指标"].headers, row, strict=True))


def test_rows_are_newest_first_with_good_and_bad_arrows():
    computed = metrics_for_months(workbook(), settings(), months_with_data(workbook()))
    rows = [_by_header(r) for r in metrics_rows(None, computed, NOW)]
    assert [r["月份"] for r in rows] == ["2026-11", "2026-10", "2026-09"]
    nov, oct_, sep = rows
    assert oct_["党群活动参与率(%)"] == 3.5 and oct_["参与率变化"] == "↑ 1.5 好"
    assert oct_["矛盾纠纷(件)"] == 3 and oct_["纠纷变化"] == "↑ 2 差"
    assert oct_["缴费率变化"] == "↑ 2 好" and oct_["投诉变化"] == "↑ 2 差" and oct_["志愿者变化"] == "↑ 2 好"
    assert oct_["孤独感均分"] == 6.33 and oct_["孤独感变化"] == "—"  # September had no assessment
    assert oct_["纠纷按期化解率(%)"] == 33.3 and oct_["服务时长(小时)"] == 8.1
    assert nov["纠纷变化"] == "↓ 3 好" and nov["志愿者变化"] == "↓ 3 差" and nov["投诉变化"] == "↓ 2 好"
    assert nov["物业缴费率(%)"] is None and nov["缴费率变化"] == "—"
    assert all(sep[f] == "—" for f in ("参与率变化", "纠纷变化", "投诉变化"))  # no August row
    assert oct_["更新时间"] == "2026-12-01 06:00"


def test_unchanged_figure_says_flat():
    computed = metrics_for_months(workbook(), settings(), ["2026-10", "2026-11"])
    nov = _by_header(metrics_rows(None, computed, NOW)[0])
    assert nov["参与率变化"] == "↓ 3.5 差"
    computed = metrics_for_months(workbook() | {"投诉": []}, settings(), ["2026-10", "2026-11"])
    assert _by_header(metrics_rows(None, computed, NOW)[0])["投诉变化"] == "→ 持平"


def test_rerun_replaces_the_month_keeps_the_others_and_never_duplicates():
    tab = default_schema()["月度指标"]
    first = metrics_rows(None, metrics_for_months(workbook(), settings(), ["2026-09", "2026-10", "2026-11"]), NOW)
    grid = [tab.headers] + [[("" if v is None else v) for v in r] for r in first]
    grid[3][tab.headers.index("更新时间")] = "2026-10-01 06:00"  # September as written a month ago
    previous = build_table("月度指标", grid, tab)
    data = workbook()
    data["投诉"] += _records([{"编号": "C9", "日期": D("2026-10-20")}])  # a complaint logged late
    later = dt.datetime(2026, 12, 2, 7, 30)
    rows = [_by_header(r) for r in metrics_rows(previous, metrics_for_months(data, settings(), ["2026-10"]), later)]
    assert [r["月份"] for r in rows] == ["2026-11", "2026-10", "2026-09"]
    assert rows[1]["投诉量(件)"] == 4 and rows[1]["更新时间"] == "2026-12-02 07:30"
    assert rows[0]["投诉变化"] == "↓ 3 好"  # November's arrow follows the corrected October
    assert rows[2]["更新时间"] == "2026-10-01 06:00" and rows[2]["投诉量(件)"] == 1  # kept as read back
    assert rows[0]["物业缴费率(%)"] is None  # an empty cell read back stays empty, not 0
