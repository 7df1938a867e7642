"""One-tap confirmations on both backends: the row lands in 走访记录 once and the reminder goes away."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from functions.adapters.gsheets.confirm import GoogleSheetsConfirmTarget
from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.adapters.xlsx.confirm import XlsxConfirmTarget, queue_path
from functions.domain.confirm_token import Claim, community_tag
from functions.domain.schema import default_schema
from functions.jobs.confirm import record_confirmation
from functions.jobs.run import run_nightly
from tests.conftest import factory_for
from tests.support import TODAY
from tests.support.job_community import community
from tests.support.mail import outbox_delivery


@pytest.fixture(params=["xlsx", "gsheets"])
def workbook_factory(request, tmp_path):
    """One-tap confirmations append to .xlsx files and Google Sheets (a Feishu sheet is not supported yet)."""
    return factory_for(request, request.param, tmp_path)


NOW = dt.datetime(2026, 11, 29, 9, 30)
FIXTURES = Path(__file__).resolve().parents[1] / "adapters" / "xlsx" / "fixtures" / "xlsx"


def target_of(workbook):
    """The ContactAppender of a workbook made by workbook_factory."""
    if isinstance(workbook, XlsxWorkbook):
        return XlsxConfirmTarget(workbook.location)
    return GoogleSheetsConfirmTarget(workbook)


def claim(workbook, kind: str = "visit", elder: str = "E0001", volunteer: str = "V001") -> Claim:
    return Claim(community_tag(workbook.location), volunteer, elder, kind, TODAY)


def as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def e0001_alerts(workbook) -> list[dict]:
    return [r.values for r in workbook.read().tables["提醒"].rows if r["对象编号"] == "E0001"]


def test_a_confirmed_visit_lands_in_the_contact_log_and_the_reminder_is_gone_next_night(workbook_factory, tmp_path):
    workbook = workbook_factory(community())
    run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "out1")))
    assert {a["类型"] for a in e0001_alerts(workbook)} >= {"问候逾期"}
    form = {"date": TODAY.isoformat(), "minutes": "35", "缺少陪伴": "有时", "被冷落": "经常"}
    outcome = record_confirmation(target_of(workbook), claim(workbook), form, TODAY, NOW)
    assert (outcome.status, outcome.elder_name, outcome.mode) == ("written", "张桂兰", "上门走访")
    snapshot = workbook.read()
    row = snapshot.tables["走访记录"].rows[-1]
    assert as_date(row["日期"]) == TODAY  # on Sheets RAW text 'YYYY-MM-DD', read as a date by every check
    headers = [h for h in default_schema()["走访记录"].headers if h != "日期"]
    assert {h: row[h] for h in headers} == {
        "老人编号": "E0001",
        "志愿者编号": "V001",
        "方式": "上门走访",
        "时长(分钟)": 35,
        "缺少陪伴": "有时",
        "被冷落": "经常",
        "与人隔绝": None,
        "情况记录": None,
        "需跟进": "否",
        "身体状况": None,
        "居住安全": None,
        "家人照料": None,
        "需求转介": None,
    }
    audit = snapshot.tables["运行记录"].rows[0]
    assert (audit["任务"], audit["结果"]) == ("一键确认", "已记录")
    assert "V001" in audit["摘要"] and "E0001" in audit["摘要"] and "张桂兰" not in audit["摘要"]
    run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "out2")))
    assert not [a for a in e0001_alerts(workbook) if a["类型"] in ("问候逾期", "走访逾期")]


def test_a_double_tap_records_once(workbook_factory):
    workbook = workbook_factory(community())
    target = target_of(workbook)
    rows_before = len(workbook.read().tables["走访记录"].rows)
    first = record_confirmation(target, claim(workbook, "phone"), {"date": TODAY.isoformat()}, TODAY, NOW)
    second = record_confirmation(target, claim(workbook, "phone"), {"date": TODAY.isoformat()}, TODAY, NOW)
    assert (first.status, second.status) == ("written", "already")
    snapshot = workbook.read()
    assert len(snapshot.tables["走访记录"].rows) == rows_before + 1
    assert snapshot.tables["走访记录"].rows[-1]["方式"] == "电话问候"
    assert sum(1 for r in snapshot.tables["运行记录"].rows if r["任务"] == "一键确认") == 1


def test_not_reached_records_no_contact_only_the_attempt(workbook_factory):
    workbook = workbook_factory(community())
    rows_before = len(workbook.read().tables["走访记录"].rows)
    outcome = record_confirmation(target_of(workbook), claim(workbook, "missed"), {}, TODAY, NOW)
    assert (outcome.status, outcome.mode) == ("written", None)
    snapshot = workbook.read()
    assert len(snapshot.tables["走访记录"].rows) == rows_before
    assert snapshot.tables["运行记录"].rows[0]["结果"] == "未联系上"


def test_a_follow_up_records_the_chosen_way_and_marks_it(workbook_factory):
    workbook = workbook_factory(community())
    form = {"date": (TODAY - dt.timedelta(days=1)).isoformat(), "mode": "电话问候"}
    record_confirmation(target_of(workbook), claim(workbook, "follow", "E0002", "V002"), form, TODAY, NOW)
    last = workbook.read().tables["走访记录"].rows[-1]
    assert (as_date(last["日期"]), last["方式"], last["需跟进"], last["老人编号"]) == (
        TODAY - dt.timedelta(days=1),
        "电话问候",
        "是",
        "E0002",
    )


def test_a_workbook_open_in_a_spreadsheet_program_queues_the_row_and_the_next_write_applies_it(tmp_path):
    path = tmp_path / "社区.xlsx"
    shutil.copy(FIXTURES / "lo_sanyou_layout.xlsx", path)
    before = path.read_bytes()
    owner = tmp_path / f".~lock.{path.name}#"
    owner.write_text("someone,on the office PC")
    target = XlsxConfirmTarget(str(path))
    c = Claim(community_tag(str(path)), "V001", "E0001", "phone", TODAY)
    assert record_confirmation(target, c, {}, TODAY, NOW).status == "queued"
    assert path.read_bytes() == before and queue_path(str(path)).exists()
    assert record_confirmation(target, c, {}, TODAY, NOW).status == "already"  # a second tap while queued
    owner.unlink()
    assert target.flush() == 1
    assert not queue_path(str(path)).exists()
    contacts = XlsxWorkbook(str(path)).read().tables["走访记录"].rows
    assert [(r["老人编号"], r["方式"]) for r in contacts][-1] == ("E0001", "电话问候")


def test_a_volunteer_made_workbook_gets_the_row_under_its_own_column_order(tmp_path):
    """LibreOffice-saved, title line, reordered columns, its own extra columns: cells land by header."""
    path = tmp_path / "手工.xlsx"
    shutil.copy(FIXTURES / "lo_volunteer_made.xlsx", path)
    snapshot = XlsxWorkbook(str(path)).read()
    if "运行记录" not in snapshot.tables:
        XlsxWorkbook(str(path)).init()
    before = XlsxWorkbook(str(path)).read().tables["走访记录"]
    target = XlsxConfirmTarget(str(path))
    elder = before.rows[0]["老人编号"]
    volunteer = before.rows[0]["志愿者编号"]
    c = Claim(community_tag(str(path)), volunteer, elder, "visit", TODAY)
    assert record_confirmation(target, c, {"minutes": "20"}, TODAY, NOW).status == "written"
    after = XlsxWorkbook(str(path)).read().tables["走访记录"]
    assert len(after.rows) == len(before.rows) + 1
    new = after.rows[-1]
    assert (new["日期"], new["老人编号"], new["志愿者编号"], new["方式"], new["时长(分钟)"]) == (
        TODAY,
        elder,
        volunteer,
        "上门走访",
        20,
    )
    assert [r.values for r in after.rows[:-1]] == [r.values for r in before.rows]


def test_not_reached_brings_a_retry_reminder_the_next_day_and_the_secretary_counts_it(workbook_factory, tmp_path):
    workbook = workbook_factory(community())
    record_confirmation(target_of(workbook), claim(workbook, "missed", "E0002", "V002"), {}, TODAY, NOW)
    tomorrow = TODAY + dt.timedelta(days=1)
    result = run_nightly(workbook, tomorrow, delivery=outbox_delivery(str(tmp_path / "out")))
    retry = [r for r in workbook.read().tables["提醒"].rows if r["类型"] == "未联系上"]
    assert [(r["对象编号"], r["级别"], r["负责人"]) for r in retry] == [("E0002", "黄", "李强(V002)")]
    assert "11月29日" in retry[0]["原因"]
    secretary = next(Path(tmp_path / "out").glob("*secretary*.eml")).read_bytes().decode("utf-8", "replace")
    assert result.counts["提醒"]["黄"] >= 1 and "没联系上" in _decoded_text(secretary)


def test_a_contact_after_the_failed_attempt_cancels_the_retry(workbook_factory, tmp_path):
    workbook = workbook_factory(community())
    target = target_of(workbook)
    record_confirmation(target, claim(workbook, "missed", "E0002", "V002"), {}, TODAY, NOW)
    record_confirmation(target, claim(workbook, "phone", "E0002", "V002"), {}, TODAY, NOW)
    run_nightly(workbook, TODAY + dt.timedelta(days=1), delivery=outbox_delivery(str(tmp_path / "out")))
    assert not [r for r in workbook.read().tables["提醒"].rows if r["类型"] == "未联系上"]


def _decoded_text(raw: str) -> str:
    from email import message_from_string, policy

    message = message_from_string(raw, policy=policy.default)
    return message.get_body(("plain",)).get_content()
