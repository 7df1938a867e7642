"""archive --before on online sheets: Google Sheets through gspread and the fake API; Feishu refuses clearly."""

from __future__ import annotations

import datetime as dt

import pytest

from functions.demo.make import SECRETARY, as_lists, demo_records
from functions.domain.workbook import WorkbookChanged, WorkbookError
from functions.jobs.archive import run_archive
from functions.jobs.run import run_nightly
from tests.support import TODAY
from tests.support.job_community import community
from tests.support.mail import outbox_delivery

BEFORE = dt.date(2026, 10, 1)


@pytest.fixture(scope="module")
def demo_rows():
    tabs, _planted, _stories = demo_records(seed=7, scale="small", today=TODAY)
    return as_lists(tabs)


def alerts_of(workbook, tmp_path) -> list[dict]:
    run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "outbox")))
    return [dict(r) for r in workbook.read().tables["提醒"].rows]


@pytest.mark.parametrize("workbook_factory", ["gsheets"], indirect=True)
def test_google_sheets_archive_keeps_every_alert_and_moves_each_row_once(
    workbook_factory, demo_rows, tmp_path, request
):
    fake = request.getfixturevalue("sheets_fake")
    reference, workbook = workbook_factory(demo_rows), workbook_factory(demo_rows)
    contacts = len(workbook.read().tables["走访记录"].rows)
    preview = run_archive(workbook, BEFORE, TODAY)
    assert any("新建的 Google 表格" in line for line in preview.messages)
    assert len(workbook.read().tables["走访记录"].rows) == contacts  # a preview changes nothing
    fake.reset()
    result = run_archive(workbook, BEFORE, TODAY, apply=True)
    assert fake.counts().get("spreadsheets.create") == 2  # 2025 and 2026
    # one to grow 归档摘要's grid, one deleting every moved row (bottom up)
    assert fake.counts().get("spreadsheets.batchUpdate") == 2
    left = workbook.read().tables["走访记录"].rows
    assert all(r["日期"] >= BEFORE for r in left if isinstance(r["日期"], dt.date))
    archived = 0
    for sid in (v.removeprefix("gsheets:") for v in result.counts["归档文件"].values()):
        rows = fake.book(sid).by_title("走访记录").rows
        assert rows[0][:4] == ["日期", "老人编号", "志愿者编号", "方式"]
        archived += sum(1 for r in rows[1:] if any(v is not None for v in r))
    assert archived + len(left) == contacts
    for sid in (v.removeprefix("gsheets:") for v in result.counts["归档文件"].values()):
        # the service account owns what it made: the secretary is given it, or nobody could open it
        [share] = fake.shares(sid)
        assert (share["emailAddress"], share["role"], share["notified"]) == (SECRETARY, "writer", True)
    assert sum(f"已共享给 {SECRETARY}" in line for line in result.messages) == 2
    assert alerts_of(workbook, tmp_path / "a") == alerts_of(reference, tmp_path / "b")
    again = run_archive(workbook, BEFORE, TODAY, apply=True)
    assert "没有 2026-10-01 以前的走访记录或活动签到要归档" in again.messages[0]


@pytest.mark.parametrize("workbook_factory", ["gsheets"], indirect=True)
def test_a_later_archive_appends_to_the_same_years_spreadsheet(workbook_factory, demo_rows, request):
    fake = request.getfixturevalue("sheets_fake")
    workbook = workbook_factory(demo_rows)
    first = run_archive(workbook, dt.date(2026, 6, 1), TODAY, apply=True)
    assert any("已有的 2026 年归档表格" in line for line in run_archive(workbook, BEFORE, TODAY).messages)
    archive = fake.book(first.counts["归档文件"][2026].removeprefix("gsheets:"))
    archive.sheets.remove(archive.by_title("活动签到"))  # as if that year's first archive had no sign-ins
    fake.reset()
    second = run_archive(workbook, BEFORE, TODAY, apply=True)
    assert fake.counts().get("spreadsheets.create") is None
    assert second.counts["归档文件"][2026] == first.counts["归档文件"][2026]
    signins = fake.book(archive.spreadsheet_id).by_title("活动签到").rows  # the tab added again
    assert signins[0][0] == "活动编号" and len(signins) - 1 == second.counts["归档"]["活动签到"]


@pytest.mark.parametrize("workbook_factory", ["gsheets"], indirect=True)
def test_rows_changed_since_the_read_are_not_deleted(workbook_factory, demo_rows, request, monkeypatch):
    fake = request.getfixturevalue("sheets_fake")
    workbook = workbook_factory(demo_rows)
    contacts = len(workbook.read().tables["走访记录"].rows)
    read = type(workbook).read

    def read_then_someone_inserts_a_row(self):
        snapshot = read(self)
        fake.book(self.spreadsheet_id).by_title("走访记录").rows.insert(1, ["2026-11-28", "E0001", "V001", "电话问候"])
        return snapshot

    monkeypatch.setattr(type(workbook), "read", read_then_someone_inserts_a_row)
    with pytest.raises(WorkbookChanged, match="有人改过"):
        run_archive(workbook, BEFORE, TODAY, apply=True)
    monkeypatch.undo()
    assert len(workbook.read().tables["走访记录"].rows) == contacts + 1
    assert fake.counts().get("spreadsheets.create") is None


@pytest.mark.parametrize("workbook_factory", ["feishu"], indirect=True)
def test_feishu_is_refused_with_a_clear_message(workbook_factory):
    workbook = workbook_factory(community())
    with pytest.raises(WorkbookError, match="飞书表格暂不支持归档"):
        run_archive(workbook, dt.date(2026, 1, 1), TODAY, apply=True)
    assert len(workbook.read().tables["走访记录"].rows) == len(community()["走访记录"])


@pytest.mark.parametrize("workbook_factory", ["gsheets"], indirect=True)
@pytest.mark.parametrize("step", ["_append", "_runs"])
def test_google_sheets_stopped_half_way_keeps_the_alerts_and_a_rerun_completes(
    workbook_factory, demo_rows, tmp_path, request, monkeypatch, step
):
    from functions.adapters.gsheets import archive as sheets_archive

    fake = request.getfixturevalue("sheets_fake")
    reference, workbook = workbook_factory(demo_rows), workbook_factory(demo_rows)
    contacts = len(workbook.read().tables["走访记录"].rows)
    expected = alerts_of(reference, tmp_path / "reference")

    def stop(*args, **kwargs):
        raise KeyboardInterrupt(step)  # the process dies here: after 归档摘要, before the archive / the deletion

    monkeypatch.setattr(sheets_archive, step, stop)
    with pytest.raises(KeyboardInterrupt):
        run_archive(workbook, BEFORE, TODAY, apply=True)
    monkeypatch.undo()
    assert len(workbook.read().tables["走访记录"].rows) == contacts  # nothing deleted yet
    assert alerts_of(workbook, tmp_path / "between") == expected  # kept rows and live rows count once
    result = run_archive(workbook, BEFORE, TODAY, apply=True)
    left = len(workbook.read().tables["走访记录"].rows)
    books = [fake.book(v.removeprefix("gsheets:")) for v in result.counts["归档文件"].values()]
    archived = sum(sum(1 for r in b.by_title("走访记录").rows[1:] if any(r)) for b in books)
    assert archived + left == contacts
    assert alerts_of(workbook, tmp_path / "after") == expected


@pytest.mark.parametrize("workbook_factory", ["gsheets"], indirect=True)
@pytest.mark.parametrize("reason", ["ACCESS_TOKEN_SCOPE_INSUFFICIENT", ""])
def test_a_share_drive_refuses_still_archives_and_says_who_cannot_open_it(workbook_factory, demo_rows, request, reason):
    fake = request.getfixturevalue("sheets_fake")
    workbook = workbook_factory(demo_rows)
    contacts = len(workbook.read().tables["走访记录"].rows)
    fake.configure(drive_refusal=reason)
    try:
        result = run_archive(workbook, BEFORE, TODAY, apply=True)
    finally:
        fake.configure(drive_refusal=None)
    assert len(workbook.read().tables["走访记录"].rows) == contacts - result.counts["归档"]["走访记录"] < contacts
    refused = [line for line in result.messages if "没有共享出去" in line]
    assert len(refused) == len(result.counts["归档文件"]) == 2
    assert all("HTTP 403" in line and "只有运行本程序的服务账号能打开" in line for line in refused)
    assert not any(fake.shares(v.removeprefix("gsheets:")) for v in result.counts["归档文件"].values())


@pytest.mark.parametrize("workbook_factory", ["gsheets"], indirect=True)
def test_without_a_secretary_address_the_archive_says_it_is_not_shared(workbook_factory, demo_rows, request):
    fake = request.getfixturevalue("sheets_fake")
    rows = {title: [list(r) for r in tab] for title, tab in demo_rows.items()}
    rows["设置"] = [r for r in rows["设置"] if r[0] != "书记邮箱"]
    workbook = workbook_factory(rows)
    result = run_archive(workbook, BEFORE, TODAY, apply=True)
    assert sum("没有共享出去（“设置”里没有书记邮箱）" in line for line in result.messages) == 2
    assert not any(fake.shares(v.removeprefix("gsheets:")) for v in result.counts["归档文件"].values())
