"""提醒 explains itself: the key column hidden, a filter on the header, the row tinted by its level,
逾期天数 empty or “还有 N 天” instead of 0; read back from the .xlsx and from the Sheets fake."""

from __future__ import annotations

import datetime as dt

import openpyxl
from openpyxl.utils import get_column_letter

from functions.adapters.gsheets.backend import GoogleSheetsWorkbook
from functions.adapters.xlsx.layout import VALIDATION_LAST_ROW
from functions.domain.model import Alert
from functions.domain.schema import default_schema
from functions.jobs.run import run_nightly
from functions.sheets_out.alerts_tab import alert_rows
from tests.support import TODAY
from tests.support.backends import FAST_RETRIES, make_xlsx
from tests.support.job_community import community
from tests.support.mail import outbox_delivery

HEADERS = default_schema()["提醒"].headers
KEY = HEADERS.index("提醒标识")
LEVEL = HEADERS.index("级别")
LAST = get_column_letter(len(HEADERS))


def test_xlsx_alerts_tab_hides_its_key_filters_its_header_and_tints_rows_after_a_nightly_run(tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    workbook = make_xlsx(tmp_path, community())
    run_nightly(
        workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "outbox"))
    )  # the write keeps the layout of the tab
    sheet = openpyxl.load_workbook(workbook.location)["提醒"]
    assert sheet.max_row > 2 and sheet.cell(2, KEY + 1).value  # the key is still written, only hidden
    assert sheet.column_dimensions[get_column_letter(KEY + 1)].hidden
    assert not any(sheet.column_dimensions[get_column_letter(i + 1)].hidden for i in range(len(HEADERS)) if i != KEY)
    assert sheet.auto_filter.ref == f"A1:{LAST}{VALIDATION_LAST_ROW}"
    rules = {(str(cf.sqref), r.formula[0]) for cf in sheet.conditional_formatting for r in cf.rules}
    level = get_column_letter(LEVEL + 1)
    for word in ("红", "橙", "黄"):
        assert (f"{level}2:{level}{VALIDATION_LAST_ROW}", f'"{word}"') in rules  # the level cell, strong
        assert (f"A2:{LAST}{VALIDATION_LAST_ROW}", f'${level}2="{word}"') in rules  # the whole row, light
    fills = {
        r.formula[0]: r.dxf.fill.fgColor.rgb[-6:] for cf in sheet.conditional_formatting for r in cf.rules if r.dxf
    }
    assert fills['"红"'] != fills[f'${level}2="红"']  # two shades: the level cell stands out from its row
    late = [sheet.cell(r, HEADERS.index("逾期天数") + 1).value for r in range(2, sheet.max_row + 1)]
    assert 0 not in late and "0" not in late


def test_sheets_alerts_tab_gets_filter_hidden_key_and_row_tints(sheets_fake):
    sid = sheets_fake.create_spreadsheet({})
    GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, emulator_host=sheets_fake.host).init()
    alerts = sheets_fake.book(sid).by_title("提醒")
    assert alerts.hidden_columns == {KEY}
    assert alerts.basic_filter == {
        "range": {"sheetId": alerts.sheet_id, "startRowIndex": 0, "startColumnIndex": 0, "endColumnIndex": len(HEADERS)}
    }
    conditions = [r["booleanRule"]["condition"] for r in alerts.conditional]
    assert [c["type"] for c in conditions] == ["TEXT_EQ"] * 3 + ["CUSTOM_FORMULA"] * 3  # level cell first: it wins
    level = get_column_letter(LEVEL + 1)
    assert [c["values"][0]["userEnteredValue"] for c in conditions[3:]] == [f'=${level}2="{w}"' for w in "红橙黄"]
    assert all(r["ranges"][0]["endColumnIndex"] == len(HEADERS) for r in alerts.conditional[3:])
    again = GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, emulator_host=sheets_fake.host).init()
    assert again == [] and len(sheets_fake.book(sid).by_title("提醒").conditional) == 6  # nothing twice


def _alert(**kw) -> Alert:
    base = dict(
        level="黄", kind="节日慰问", object_id="E0001", object_name="张桂英", building="3栋", owner="王芳(V001)"
    )
    return Alert(**(base | {"reason": "…", "days_late": 0} | kw))


def test_days_late_is_a_number_only_when_late():
    rows = alert_rows(
        [
            _alert(level="红", kind="问候逾期", days_late=9, due="a"),
            _alert(days_left=5, due="中秋2026"),
            _alert(level="红", days_left=0, due="重阳2026"),
            _alert(kind="暂停未填日期", due="住院"),
        ],
        None,
        dt.date(2026, 11, 29),
    )
    column = HEADERS.index("逾期天数")
    shown = {r[KEY].split("|")[-1]: r[column] for r in rows}
    assert shown == {"a": 9, "重阳2026": "今天", "中秋2026": "还有 5 天", "住院": None}


def test_long_reasons_break_after_punctuation_never_before_it():
    reason = "已 79 天没有问候（低等级要求每 14 天一次），已超过间隔的 2 倍，请书记关注"
    rows = alert_rows([_alert(level="红", kind="问候逾期", days_late=65, reason=reason, due="x")], None, TODAY)
    shown = rows[0][HEADERS.index("原因")]
    assert shown == "已 79 天没有问候（低等级要求每 14 天一次），\n已超过间隔的 2 倍，请书记关注"
    assert shown.replace("\n", "") == reason  # the same words, only a line break added
    for line in shown.split("\n"):
        assert line[0] not in "，。；）" and line != "）"
    short = "代办求助已登记 5 天仍未解决（超过 3 天）"
    assert alert_rows([_alert(reason=short, due="y")], None, TODAY)[0][HEADERS.index("原因")] == short
