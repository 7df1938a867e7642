"""init on Google Sheets: one batchUpdate builds the whole layout; a second run changes nothing."""
from __future__ import annotations

from functions.gsheets_backend import GoogleSheetsWorkbook
from functions.schema import default_schema
from functions.settings import setting_specs
from tests.backends import FAST_RETRIES


def _init(fake, tabs=None):
    sid = fake.create_spreadsheet(tabs or {})
    wb = GoogleSheetsWorkbook(sid, policy=FAST_RETRIES)
    return wb, wb.init()


def test_init_builds_every_tab_in_one_batch_update(sheets_fake):
    wb, lines = _init(sheets_fake)
    assert sheets_fake.counts() == {"spreadsheets.get": 1, "spreadsheets.batchUpdate": 1}
    book = sheets_fake.book(wb.spreadsheet_id)
    assert [s.title for s in book.sheets] == [t.title for t in default_schema()]
    assert any("老人档案" in line for line in lines)
    elders = book.by_title("老人档案")
    assert sheets_fake.values(wb.spreadsheet_id, "老人档案")[0] == default_schema()["老人档案"].headers
    assert elders.props["gridProperties"]["frozenRowCount"] == 1
    assert elders.notes[(0, 0)] == default_schema()["老人档案"].fields[0].help  # field help as the header note
    rules = {box["startColumnIndex"]: rule for box, rule in elders.validations}
    sex = rules[2]["condition"]
    assert sex["type"] == "ONE_OF_LIST" and [v["userEnteredValue"] for v in sex["values"]] == ["男", "女"]
    assert rules[2]["strict"] is True
    buddy = rules[12]["condition"]
    assert buddy == {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "='志愿者'!A2:A"}]}


def test_system_tabs_are_protected_with_a_warning_but_alert_notes_stay_free(sheets_fake):
    wb, _ = _init(sheets_fake)
    book = sheets_fake.book(wb.spreadsheet_id)
    alerts = book.by_title("提醒")
    (protected,) = alerts.protected
    assert protected["warningOnly"] is True
    free = default_schema()["提醒"].headers.index("处理情况")
    assert protected["unprotectedRanges"] == [{"sheetId": alerts.sheet_id, "startColumnIndex": free,
                                               "endColumnIndex": free + 1}]
    assert [r["booleanRule"]["condition"]["values"][0]["userEnteredValue"] for r in alerts.conditional] == \
        ["红", "橙", "黄"]
    assert not book.by_title("老人档案").protected
    assert len(book.by_title("月度指标").charts) == 1
    chart = book.by_title("月度指标").charts[0]["spec"]["basicChart"]
    assert chart["chartType"] == "LINE" and chart["domains"][0]["reversed"] is True
    assert len(chart["series"]) == sum(f.chart for f in default_schema()["月度指标"].fields)


def test_settings_defaults_and_guide_rows_are_written(sheets_fake):
    wb, _ = _init(sheets_fake)
    settings = sheets_fake.values(wb.spreadsheet_id, "设置")
    assert [r[0] for r in settings[1:]] == [s["key"] for s in setting_specs()]
    guide = sheets_fake.values(wb.spreadsheet_id, "说明")
    assert [r[0] for r in guide[1:]] == [t.title for t in default_schema()]


def test_running_init_again_changes_nothing(sheets_fake):
    wb, _ = _init(sheets_fake)
    sheets_fake.reset()
    assert wb.init() == []
    assert "spreadsheets.batchUpdate" not in sheets_fake.counts()


def test_init_adds_missing_columns_at_the_right_and_keeps_what_volunteers_typed(sheets_fake):
    headers = default_schema()["志愿者"].headers
    reordered = [headers[1], headers[0], "我们自己的列"] + headers[2:5]  # 状态, 加入日期, 服务队 missing
    typed = [reordered, ["张三", "V001", "备用", "13700002222", "zhang@example.cn", "是"]]
    wb, lines = _init(sheets_fake, {"志愿者": typed, "设置": [["项目", "值", "说明"], ["社区名称", "芙蓉小区", ""]]})
    values = sheets_fake.values(wb.spreadsheet_id, "志愿者")
    assert values[1] == typed[1]
    assert values[0][:6] == reordered and sorted(values[0][6:]) == sorted(["服务队", "状态", "加入日期"])
    assert any("补上缺少的列" in line for line in lines)
    settings = sheets_fake.values(wb.spreadsheet_id, "设置")
    assert settings[1] == ["社区名称", "芙蓉小区"]  # kept, not duplicated
    assert len(settings) == len(setting_specs()) + 1
    sheets_fake.reset()
    assert wb.init() == [] and sheets_fake.total == 2
