"""The Google Sheets backend against the fake: request budget, round-trips, serial dates, clearing, links."""

from __future__ import annotations

import datetime as dt

import pytest

from functions.adapters.gsheets.backend import GoogleSheetsWorkbook
from functions.domain.schema import Field, Schema, TabSchema
from functions.domain.workbook import WorkbookError
from tests.support.backends import FAST_RETRIES, init_template, make_gsheets

ELDER = [
    "E0001",
    "王秀英",
    "女",
    dt.date(1942, 3, 5),
    "12栋",
    "1-302",
    "13812345678",
    "李强",
    "13900001111",
    "独居",
    "高",
    None,
    "V001",
    "已发放",
    "在家",
    None,
    "白内障术后",
    "",
]
VOLUNTEER = ["V001", "张三", "13700002222", "zhang@example.cn", "是", "金芙蓉", "在岗", dt.date(2024, 5, 1)]


def alert(i: int, reason: str = "已 9 天没有问候") -> list:
    return [
        "红",
        "问候逾期",
        f"E{i:04d}",
        "王秀英",
        "12栋",
        "张三(V001)",
        reason,
        9,
        dt.date(2026, 11, 20),
        "",
        f"k{i}",
    ]


@pytest.fixture
def gsheets(sheets_fake):
    template = init_template(sheets_fake)

    def make(rows=None):
        return make_gsheets(sheets_fake, template, rows)

    return make


def test_a_nightly_run_makes_at_most_four_requests_whatever_the_size(gsheets, sheets_fake):
    contacts = [
        [
            dt.date(2026, 11, 1) + dt.timedelta(days=i % 28),
            "E0001",
            "V001",
            "电话问候",
            10,
            "有时",
            "有时",
            "几乎没有",
            "",
            "否",
        ]
        for i in range(3000)
    ]
    wb = gsheets({"老人档案": [ELDER], "志愿者": [VOLUNTEER], "走访记录": contacts})
    snapshot = wb.read()
    wb.write(
        {
            "提醒": [alert(i) for i in range(300)],
            "问题清单": [],
            "运行记录": [["2026-11-29 02:00", "nightly", "成功", "300 条提醒", "", "", ""]],
        }
    )
    wb.write({"运行记录": [["2026-11-29 02:00", "nightly", "成功", "已发 3 封邮件", "", "", ""]]})
    assert len(snapshot.rows("走访记录")) == 3000
    assert sheets_fake.counts() == {"spreadsheets.get": 1, "values.batchGet": 1, "values.batchUpdate": 2}
    assert sheets_fake.total <= 4


def test_write_replaces_a_system_tab_whole_and_clears_a_longer_old_content(gsheets, sheets_fake):
    wb = gsheets()
    wb.read()
    wb.write({"提醒": [alert(i) for i in range(6)]})
    wb.write({"提醒": [alert(1, "今天只剩一条")]})
    values = sheets_fake.values(wb.spreadsheet_id, "提醒")
    assert len(values) == 2
    assert values[1][6] == "今天只剩一条"
    assert values[1][8] == "2026-11-20"  # a date goes out as YYYY-MM-DD text
    assert sheets_fake.counts()["values.batchUpdate"] == 2


def test_write_without_a_read_first_still_clears_leftovers(gsheets, sheets_fake):
    wb = gsheets({"提醒": [alert(i) for i in range(5)]})
    wb.write({"提醒": [alert(9)]})
    assert [r[2] for r in sheets_fake.values(wb.spreadsheet_id, "提醒")] == ["对象编号", "E0009"]


def test_volunteer_tabs_are_never_written(gsheets, sheets_fake):
    wb = gsheets({"老人档案": [ELDER]})
    with pytest.raises(ValueError, match="老人档案"):
        wb.write({"老人档案": [ELDER]})
    assert sheets_fake.total == 0


def test_a_long_write_grows_the_grid_first(gsheets, sheets_fake):
    wb = gsheets()
    wb.read()
    rows = [["2026-11-29 02:00", "nightly", "成功", f"第 {i} 次", "", "", ""] for i in range(3000)]
    wb.write({"运行记录": rows})  # beyond the 2,500 rows init gives 运行记录
    assert len(sheets_fake.values(wb.spreadsheet_id, "运行记录")) == 3001
    assert sheets_fake.counts()["spreadsheets.batchUpdate"] == 1  # appendDimension, only because it grew


def test_serial_dates_convert_exactly_in_date_columns_only(gsheets):
    elder = list(ELDER)
    elder[3] = 61  # 1900-03-01 as a serial number
    elder[11] = 45000  # 走访间隔(天) is a number column: stays a number
    elder[15] = 46000.75  # 暂停至 with a time of day
    wb = gsheets({"老人档案": [elder], "物业缴费": [[46296, 4860, 4100]]})
    snapshot = wb.read()
    row = snapshot.rows("老人档案")[0]
    assert row.get("出生日期") == dt.date(1900, 3, 1)
    assert row.get("走访间隔(天)") == 45000
    assert row.get("暂停至") == dt.datetime(2025, 12, 9, 18, 0)
    assert snapshot.rows("物业缴费")[0].get("月份") == "2026-10"
    assert snapshot.rows("物业缴费")[0].get("应缴户数") == 4860


def test_typed_dates_come_back_as_dates(gsheets):
    snapshot = gsheets({"老人档案": [ELDER]}).read()
    assert snapshot.rows("老人档案")[0].get("出生日期") == dt.date(1942, 3, 5)
    assert snapshot.tables["老人档案"].sheet_id is not None


def test_chinese_apostrophes_formulas_and_long_text_round_trip(sheets_fake):
    title = "王大妈's 提醒"
    tab = TabSchema(
        name="odd",
        title=title,
        owner="system",
        order=1,
        description="测试",
        fields=(Field("内容", "text", "内容"), Field("数量", "int", "数量")),
    )
    schema = Schema(tabs={title: tab})
    sid = sheets_fake.create_spreadsheet({title: [["内容", "数量"]]})
    wb = GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, schema=schema, emulator_host=sheets_fake.host)
    tricky = [
        '=IMPORTXML("http://x.example","//a")',
        "+86 138 1234 5678",
        "-5",
        "@张三",
        "'单引号'",
        "澳门赌场官网 " * 2000,
        "第一行\n第二行",
        "２０２５年８月３日",
    ]
    wb.read()
    wb.write({title: [[t, i] for i, t in enumerate(tricky)]})
    again = GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, schema=schema, emulator_host=sheets_fake.host)
    back = [r.get("内容") for r in again.read().rows(title)]
    assert back == tricky
    assert sheets_fake.values(sid, title, render="FORMULA")[1][0].startswith("=IMPORTXML")  # text, not a formula


def test_link_points_at_the_row_of_the_tab(gsheets):
    wb = gsheets({"老人档案": [ELDER]})
    wb.read()
    gid = wb.layouts["老人档案"].sheet_id
    assert (
        wb.link("老人档案", 17)
        == f"https://docs.google.com/spreadsheets/d/{wb.spreadsheet_id}/edit#gid={gid}&range=A17"
    )
    assert wb.link("老人档案") == f"https://docs.google.com/spreadsheets/d/{wb.spreadsheet_id}/edit#gid={gid}"


def test_a_sheet_not_shared_says_whom_to_share_it_with(gsheets, sheets_fake):
    wb = gsheets()
    sheets_fake.forbid(wb.spreadsheet_id)
    with pytest.raises(WorkbookError) as caught:
        wb.read()
    message = str(caught.value)
    assert "共享" in message and "share" in message and "\n" not in message
    assert wb.spreadsheet_id in message


def test_an_unknown_spreadsheet_is_a_clear_error(sheets_fake):
    with pytest.raises(WorkbookError, match="404"):
        GoogleSheetsWorkbook("no-such-sheet-id-000", policy=FAST_RETRIES, emulator_host=sheets_fake.host).read()


@pytest.mark.parametrize("logged", [998, 2000])  # just under a 1,000-row grid; runlog.MAX_ROWS
def test_a_nightly_on_a_full_run_log_stays_within_four_requests(sheets_fake, monkeypatch, tmp_path, logged):
    from functions.jobs.run import run_nightly
    from tests.support import TODAY
    from tests.support.job_community import community
    from tests.support.mail import outbox_delivery

    rows = community()
    rows["运行记录"] = [
        [
            f"2026-11-{1 + i % 28:02d} 02:{i % 60:02d}",
            "邮件",
            "成功",
            "每日摘要",
            f"m{i}",
            "wangfang@example.cn",
            "已发送",
        ]
        for i in range(logged)
    ]
    wb = make_gsheets(sheets_fake, init_template(sheets_fake), rows)
    assert sheets_fake.book(wb.spreadsheet_id).by_title("运行记录").size[0] >= 2500  # as init made it
    result = run_nightly(wb, TODAY, delivery=outbox_delivery(tmp_path / "outbox"))
    assert list((tmp_path / "outbox").iterdir())  # mail went out, so the receipts write happened too
    assert sheets_fake.counts() == {"spreadsheets.get": 1, "values.batchGet": 1, "values.batchUpdate": 2}
    assert result.counts["行数"]["老人档案"] == len(rows["老人档案"])
