"""The Feishu backend against the fake open API: requests a night, raw values, exact dates, retries, refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from functions.adapters.feishu import client as feishu_client
from functions.adapters.feishu.app import LARK_BASE, FeishuApp
from functions.adapters.feishu.backend import FeishuWorkbook
from functions.adapters.gsheets.retry import RetryPolicy
from functions.domain.schema import default_schema
from functions.domain.workbook import WorkbookError, WorkbookUnavailable
from functions.jobs.run import run_nightly
from tests.support import TODAY
from tests.support.backends import FAST_RETRIES, make_feishu
from tests.support.job_community import community
from tests.support.mail import outbox_delivery

HEADERS = default_schema()["提醒"].headers


def alert(elder: str, reason: str = "已 9 天没有问候") -> list:
    return ["红", "问候逾期", elder, "王秀英", "12栋", "张三(V001)", reason, 9, dt.date(2026, 11, 20), "", f"k{elder}"]


@pytest.fixture
def book(feishu_fake, _feishu_template):
    def make(rows=None):
        return make_feishu(feishu_fake, _feishu_template, rows)

    return make


def test_a_night_is_a_token_a_tab_list_one_read_and_two_writes(book, feishu_fake, tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    feishu_client.forget_tokens()  # a fresh process
    workbook = book(community())
    run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path)))
    assert feishu_fake.counts() == {
        "tenant_access_token": 1,
        "sheets.query": 1,
        "values_batch_get": 1,  # every tab of a small community (init's grids: 0.45 million cells) in one read
        "values_batch_update": 2,  # the night's system tabs, then the mail receipts
    }
    feishu_fake.reset()
    run_nightly(
        workbook, TODAY, delivery=outbox_delivery(str(tmp_path))
    )  # nothing new to mail: no receipts write; token cached
    assert feishu_fake.counts() == {"sheets.query": 1, "values_batch_get": 1, "values_batch_update": 1}


def test_cells_starting_with_equals_stay_text_and_dates_come_back_exact(book, feishu_fake):
    workbook = book({"走访记录": [[dt.date(2026, 2, 28), "E0001", "V001", "电话问候", 5, None, None, None, "=1+1"]]})
    workbook.write({"提醒": [alert("E0001", '=HYPERLINK("http://x.cn")')]})
    stored = feishu_fake.values(workbook.spreadsheet_id, "提醒")[1]
    assert stored[HEADERS.index("原因")] == '=HYPERLINK("http://x.cn")'  # a plain string, never a formula object
    assert stored[HEADERS.index("首次提醒")] == "2026-11-20"
    snapshot = workbook.read()
    contact = snapshot.tables["走访记录"].rows[0]
    assert contact["日期"] == dt.date(2026, 2, 28) and contact["情况记录"] == "=1+1"


def test_a_shorter_write_clears_what_the_longer_one_left(book, feishu_fake):
    workbook = book()
    workbook.write({"提醒": [alert(f"E{i:04d}") for i in range(1, 6)]})
    workbook.write({"提醒": [alert("E0009")]})
    grid = [r for r in feishu_fake.values(workbook.spreadsheet_id, "提醒") if any(v not in (None, "") for v in r)]
    assert len(grid) == 2 and grid[1][HEADERS.index("对象编号")] == "E0009"


def test_rate_limits_and_server_errors_are_retried_within_the_deadline(book, feishu_fake):
    workbook = book(community())
    feishu_fake.inject(429, 503, 429)
    snapshot = workbook.read()
    assert len(snapshot.tables["老人档案"].rows) == 4 and workbook.client.retries == 3


def test_a_service_that_keeps_failing_ends_with_one_line_and_writes_nothing(book, feishu_fake):
    workbook = book()
    workbook.read()
    before = feishu_fake.values(workbook.spreadsheet_id, "提醒")
    feishu_fake.inject(*[503] * 10)
    with pytest.raises(WorkbookUnavailable) as caught:
        workbook.write({"提醒": [alert("E0001")]})
    assert "\n" not in str(caught.value) and "飞书表格暂时无法访问" in str(caught.value)
    assert feishu_fake.values(workbook.spreadsheet_id, "提醒") == before


def test_adding_a_tab_is_not_retried_after_a_server_error(book, feishu_fake):
    workbook = FeishuWorkbook(feishu_fake.create_spreadsheet(), feishu_fake.app, policy=FAST_RETRIES)
    workbook.metadata()
    feishu_fake.inject(500)
    with pytest.raises(WorkbookUnavailable, match="可能已经生效"):
        workbook.write({"提醒": [alert("E0001")]})  # 提醒 is missing: addSheet first, and that 500 is final


def test_an_expired_tenant_token_is_fetched_again(book, feishu_fake):
    workbook = book(community())
    workbook.read()
    feishu_fake.expire_tokens()
    feishu_fake.reset()
    workbook.read()
    assert feishu_fake.counts()["tenant_access_token"] == 1


def test_an_app_that_is_not_a_collaborator_is_told_to_add_itself(book, feishu_fake):
    workbook = book()
    feishu_fake.forbid(workbook.spreadsheet_id)
    with pytest.raises(WorkbookError) as caught:
        workbook.read()
    message = str(caught.value)
    assert "\n" not in message and "协作者" in message and "添加文档应用" in message


def test_wrong_credentials_say_which_variables_to_check(feishu_fake):
    feishu_client.forget_tokens()
    app = FeishuApp(feishu_fake.app.app_id, "wrong", feishu_fake.base_url)
    with pytest.raises(WorkbookError, match="FEISHU_APP_SECRET"):
        FeishuWorkbook(feishu_fake.create_spreadsheet(), app, policy=FAST_RETRIES).read()


def test_a_reply_too_big_for_the_platform_is_asked_for_in_halves(book, feishu_fake):
    contacts = [[TODAY, "E0001", "V001", "上门走访", 30, "有时", "有时", "有时", "聊家常" * 30, "否"]] * 400
    workbook = book({"走访记录": contacts})
    feishu_fake.configure(max_response_bytes=150_000)  # documented 10 MB, shrunk so 400 rows are too many
    snapshot = workbook.read()
    assert len(snapshot.tables["走访记录"].rows) == 400
    assert feishu_fake.counts()["values_batch_get"] > 2


def test_init_is_idempotent_with_dropdowns_frozen_headers_and_protection(feishu_fake):
    token = feishu_fake.create_spreadsheet()
    workbook = FeishuWorkbook(token, feishu_fake.app, policy=FAST_RETRIES)
    lines = workbook.init()
    assert "删除了空白的默认工作表“Sheet1”" in lines
    stored = feishu_fake.book(token)
    assert [s.title for s in stored.sheets] == [t.title for t in default_schema()]
    assert all(s.frozen == 1 for s in stored.sheets)
    alerts = stored.by_title("提醒")
    protected = {
        c
        for p in stored.protections
        if p["dimension"]["sheetId"] == alerts.sheet_id
        for c in range(p["dimension"]["startIndex"], p["dimension"]["endIndex"] + 1)
    }
    assert HEADERS.index("处理情况") + 1 not in protected and HEADERS.index("级别") + 1 in protected
    elders = stored.by_title("老人档案")
    status = [v for v in stored.validations if v["sheetId"] == elders.sheet_id and "在家" in v["values"]]
    assert status and status[0]["values"] == ["在家", "住院", "外出", "已故", "迁出"]
    fills = {f["condition_format"]["attrs"][0]["text"]: f["condition_format"] for f in stored.condition_formats}
    assert set(fills) == {"红", "橙", "黄"} and fills["红"]["ranges"][0].startswith(f"{alerts.sheet_id}!A2:A")
    assert stored.by_title("提醒").rows >= 5000  # a night's write never has to grow it first
    feishu_fake.reset()
    assert FeishuWorkbook(token, feishu_fake.app, policy=FAST_RETRIES).init() == []
    assert set(feishu_fake.counts()) <= {"tenant_access_token", "sheets.query", "values_batch_get"}


def test_init_adds_a_missing_column_and_settings_rows_without_touching_data(book, feishu_fake):
    workbook = book({"志愿者": [["V001", "张三", "13700002222", "", "是", "金芙蓉", "在岗", dt.date(2024, 5, 1)]]})
    token = workbook.spreadsheet_id
    stored = feishu_fake.book(token)
    volunteers = stored.by_title("志愿者")
    headers = default_schema()["志愿者"].headers
    last = len(headers) - 1
    volunteers.cells = {k: v for k, v in volunteers.cells.items() if k[1] != last}  # the last column removed
    settings = stored.by_title("设置")
    settings.cells = {k: v for k, v in settings.cells.items() if k[0] <= 3}
    lines = FeishuWorkbook(token, feishu_fake.app, policy=FAST_RETRIES).init()
    assert f"“志愿者”补上缺少的列：{headers[last]}" in lines and any("“设置”补上" in line for line in lines)
    grid = feishu_fake.values(token, "志愿者")
    assert grid[0][last] == headers[last] and grid[1][:2] == ["V001", "张三"]


def test_links_go_to_the_tab_and_row(book, feishu_fake):
    workbook = book()
    workbook.read()
    sheet_id = feishu_fake.book(workbook.spreadsheet_id).by_title("提醒").sheet_id
    link = workbook.link("提醒", 17)
    assert link == f"{feishu_fake.base_url}/sheets/{workbook.spreadsheet_id}?sheet={sheet_id}&range=QTE3"  # "A17"
    lark = FeishuWorkbook("shtcnAbCdEfGhIjKlMnOp", FeishuApp("cli_x", "s", LARK_BASE))
    assert lark.link("提醒") == "https://larksuite.com/sheets/shtcnAbCdEfGhIjKlMnOp"


def test_missing_credentials_name_the_variables():
    from functions.adapters.opener import open_workbook

    with pytest.raises(WorkbookError, match="FEISHU_APP_ID"):
        open_workbook("feishu:shtcnAbCdEfGhIjKlMnOp", feishu=None)


def test_retry_policy_deadline_bounds_a_rate_limit_storm(book, feishu_fake):
    workbook = book()
    workbook.policy = RetryPolicy(attempts=None, base=0.01, cap=0.02, deadline=0.3, timeout=(2.0, 10.0))
    feishu_fake.inject(*[429] * 200)
    with pytest.raises(WorkbookUnavailable, match="频率限制"):
        workbook.read()


def test_a_system_tab_longer_than_one_write_range_grows_and_goes_in_one_request(book, feishu_fake):
    workbook = book()
    workbook.read()
    feishu_fake.reset()
    workbook.write({"提醒": [alert(f"E{i:05d}") for i in range(6200)]})  # over 5,000 rows, over the grid
    counts = feishu_fake.counts()
    assert counts["values_batch_update"] == 1 and counts["dimension_range"] >= 1
    grid = feishu_fake.values(workbook.spreadsheet_id, "提醒")
    assert len(grid) == 6201 and grid[6200][HEADERS.index("对象编号")] == "E06199"
    assert len(workbook.read().tables["提醒"].rows) == 6200
