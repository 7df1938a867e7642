"""init on Google Sheets: one batchUpdate builds the whole layout; a second run changes nothing."""

from __future__ import annotations

import json

from functions.adapters.gsheets.backend import GoogleSheetsWorkbook
from functions.domain.schema import default_schema
from functions.domain.settings import setting_specs
from tests.support.backends import FAST_RETRIES


def _init(fake, tabs=None):
    sid = fake.create_spreadsheet(tabs or {})
    wb = GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, emulator_host=fake.host)
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
    assert protected["unprotectedRanges"] == [
        {"sheetId": alerts.sheet_id, "startColumnIndex": free, "endColumnIndex": free + 1}
    ]
    assert [r["booleanRule"]["condition"]["values"][0]["userEnteredValue"] for r in alerts.conditional[:3]] == [
        "红",
        "橙",
        "黄",
    ]
    assert not book.by_title("老人档案").protected
    charts = [c["spec"]["basicChart"] for c in book.by_title("月度指标").charts]
    assert len(charts) == sum(f.chart for f in default_schema()["月度指标"].fields) == 7  # one per figure and 月探访率
    assert all(
        c["chartType"] == "LINE" and c["domains"][0]["reversed"] is True and len(c["series"]) == 1 for c in charts
    )
    from_zero = {
        c["series"][0]["series"]["sourceRange"]["sources"][0]["startColumnIndex"]
        for c in charts
        if c.get("axis") == [{"position": "LEFT_AXIS", "viewWindowOptions": {"viewWindowMin": 0}}]
    }
    headers = default_schema()["月度指标"].headers
    assert {headers[i] for i in from_zero} == {"矛盾纠纷(件)", "投诉量(件)", "参与服务的志愿者(人)"}  # counts from zero


def test_settings_defaults_and_guide_rows_are_written(sheets_fake):
    wb, _ = _init(sheets_fake)
    settings = sheets_fake.values(wb.spreadsheet_id, "设置")
    assert [r[0] for r in settings[1:]] == [s["key"] for s in setting_specs()]
    guide = sheets_fake.values(wb.spreadsheet_id, "说明")
    steps = [r for r in guide[1:] if r[1].startswith("第")]
    assert [r[1] for r in steps] == [f"第 {n} 步" for n in range(1, len(steps) + 1)] and len(steps) >= 7
    assert [r[0] for r in guide[1 + len(steps) :]] == [t.title for t in default_schema() if t.title != "说明"]
    book = sheets_fake.book(wb.spreadsheet_id)
    assert book.sheets[0].title == "说明"  # the first tab a newcomer lands on
    links = book.by_title("说明").links
    ids = {s.title: s.sheet_id for s in book.sheets}
    for target in ("提醒", "问题清单"):
        row = next(i for i, r in enumerate(guide) if r[0] == target)
        assert links[(row, 0)] == f"#gid={ids[target]}"


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
    assert values[0][:6] == reordered and sorted(values[0][6:]) == sorted(["服务队", "状态", "加入日期", "负责楼栋"])
    assert any("补上缺少的列" in line for line in lines)
    settings = sheets_fake.values(wb.spreadsheet_id, "设置")
    assert settings[1] == ["社区名称", "芙蓉小区"]  # kept, not duplicated
    assert len(settings) == len(setting_specs()) + 1
    sheets_fake.reset()
    assert wb.init() == [] and sheets_fake.total == 2


def test_a_fresh_init_sizes_system_tabs_for_a_year_of_nights_and_leaves_room_for_the_chart(sheets_fake):
    wb, _ = _init(sheets_fake)
    book = sheets_fake.book(wb.spreadsheet_id)
    rows = {s.title: s.size[0] for s in book.sheets}
    assert rows["运行记录"] >= 2500 and rows["问题清单"] >= 5000 and rows["提醒"] >= 5000
    metrics = book.by_title("月度指标")
    anchor = metrics.charts[0]["position"]["overlayPosition"]["anchorCell"]
    assert anchor["columnIndex"] < metrics.size[1]  # the real API refuses an anchor outside the grid


def test_init_grows_a_run_log_made_too_small_by_an_older_version(sheets_fake):
    wb, _ = _init(sheets_fake)
    sheet = sheets_fake.book(wb.spreadsheet_id).by_title("运行记录")
    sheet.props["gridProperties"]["rowCount"] = 1000
    lines = wb.init()
    assert sheets_fake.book(wb.spreadsheet_id).by_title("运行记录").size[0] == 2500
    assert any("运行记录" in line and "2500" in line for line in lines)


def test_a_renamed_tab_is_named_not_duplicated(sheets_fake):
    volunteers = [default_schema()["志愿者"].headers, ["V001", "张三"]]
    wb, lines = _init(sheets_fake, {"志愿者名单": volunteers, "提醒（上周）": [["级别"]]})
    titles = [s.title for s in sheets_fake.book(wb.spreadsheet_id).sheets]
    assert "志愿者" not in titles and "提醒" not in titles
    assert "老人档案" in titles and "运行记录" in titles  # the rest is added as usual
    assert any("志愿者名单" in line and "改名为“志愿者”" in line for line in lines)
    assert any("提醒（上周）" in line and "改名为“提醒”" in line for line in lines)
    elders = sheets_fake.book(wb.spreadsheet_id).by_title("老人档案")
    kinds = {rule["condition"]["type"] for _box, rule in elders.validations}
    assert kinds == {"ONE_OF_LIST"}  # no dropdown pointing at a 志愿者 tab that is not there yet
    assert sheets_fake.values(wb.spreadsheet_id, "志愿者名单") == volunteers


def test_init_sends_colour_styles_not_the_deprecated_colour_fields(sheets_fake):
    sheets_fake.state.journal = []
    try:
        _init(sheets_fake)
        sent = json.dumps([e["body"] for e in sheets_fake.state.journal], ensure_ascii=False)
    finally:
        sheets_fake.state.journal = None
    assert '"tabColorStyle"' in sent and '"backgroundColorStyle"' in sent
    assert '"tabColor"' not in sent and '"backgroundColor"' not in sent


def test_a_fresh_spreadsheets_blank_default_tab_is_removed_but_one_with_content_stays(sheets_fake):
    from functions.adapters.gsheets.backend import GoogleSheetsWorkbook
    from tests.support.backends import FAST_RETRIES

    blank = sheets_fake.create_spreadsheet({"Sheet1": []})
    lines = GoogleSheetsWorkbook(blank, policy=FAST_RETRIES, emulator_host=sheets_fake.host).init()
    titles = [s.title for s in sheets_fake.book(blank).sheets]
    assert "Sheet1" not in titles and titles[0] == "说明" and "删除了空白的默认工作表“Sheet1”" in lines
    used = sheets_fake.create_spreadsheet({"工作表1": [["王大妈的电话", "13800001111"]]})
    GoogleSheetsWorkbook(used, policy=FAST_RETRIES, emulator_host=sheets_fake.host).init()
    assert "工作表1" in [s.title for s in sheets_fake.book(used).sheets]  # a volunteer's own notes are kept
