"""探访关爱 through the jobs on both backends: alerts in 提醒, the digest's coverage, 月探访率, 探访台账, init."""

from __future__ import annotations

import datetime as dt
import email
import shutil
from email import policy
from pathlib import Path

import openpyxl
import pytest

from functions.adapters.gsheets.backend import GoogleSheetsWorkbook
from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.adapters.xlsx.layout import create_workbook
from functions.domain.paths import SCHEMA_DIR
from functions.domain.schema import default_schema, load_schema
from functions.entry.cli import main
from functions.jobs.run import run_monthly, run_nightly
from tests.support import TODAY
from tests.support.backends import FAST_RETRIES
from tests.support.job_community import _rows, community
from tests.support.mail import outbox_delivery

D = dt.date
NEW_COLUMNS = {
    "老人档案": ["建档日期"],
    "走访记录": ["身体状况", "居住安全", "家人照料", "需求转介"],
    "月度指标": ["月探访率"],
}
NEW_SETTINGS = ["探访对象", "电话视频算探访", "月探访提醒天数", "重大变化走访时限(天)"]


def visit_community() -> dict:
    """The job community plus a cold-wave campaign, a hazard found by phone, a new elder, one not visited."""
    rows = community()
    rows["老人档案"] += _rows(
        "老人档案",
        [
            {
                "编号": "E0005",
                "姓名": "刘淑珍",
                "楼栋": "9栋",
                "类别": "独居",
                "关爱等级": "中",
                "结对志愿者": "V001",
                "状态": "在家",
                "紧急联系人": "刘军",
                "建档日期": D(2026, 11, 28),
            },
            {
                "编号": "E0006",
                "姓名": "赵福",
                "楼栋": "2栋",
                "类别": "高龄",
                "关爱等级": "低",
                "结对志愿者": "V002",
                "状态": "在家",
            },
        ],
    )
    found = {
        "日期": D(2026, 11, 27),
        "老人编号": "E0002",
        "志愿者编号": "V002",
        "方式": "电话问候",
        "居住安全": "有隐患",
    }
    rows["走访记录"] += _rows(
        "走访记录",
        [
            found,
            {"日期": D(2026, 11, 28), "老人编号": "E0005", "志愿者编号": "V001", "方式": "电话问候"},
            {"日期": D(2026, 10, 25), "老人编号": "E0006", "志愿者编号": "V002", "方式": "上门走访"},
        ],
    )
    rows["专项走访"] = _rows(
        "专项走访",
        [
            {
                "编号": "ZX001",
                "名称": "寒潮走访",
                "开始日期": D(2026, 11, 26),
                "截止日期": D(2026, 11, 30),
                "对象类别": "独居",
            }
        ],
    )
    return rows


def tab(workbook, title):
    """A system tab as read back: list of {header: value}."""
    return [r.values for r in workbook.read().tables[title].rows]


def test_nightly_raises_every_visit_rule_and_the_digest_shows_the_campaigns_coverage(
    workbook_factory, tmp_path, monkeypatch
):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    workbook = workbook_factory(visit_community())
    run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "outbox")))
    alerts = {(a["对象编号"], a["类型"]): a for a in tab(workbook, "提醒")}
    assert alerts[("E0002", "走访发现")]["级别"] == "红"
    assert alerts[("E0002", "重大变化走访")]["级别"] == "红"  # a phone call on the 27th found it: visit by the 28th
    new_file = alerts[("E0005", "重大变化走访")]
    assert new_file["级别"] == "橙" and "最晚在11月29日" in new_file["原因"]
    assert alerts[("E0006", "月探访")]["级别"] == "黄"  # 29 November: one day left in the month
    campaign = {obj for obj, kind in alerts if kind == "专项走访"}
    assert campaign == {"E0001", "E0003"}  # 独居 not reached since the 26th (E0005 was phoned on the 28th)
    assert alerts[("E0001", "专项走访")]["级别"] == "橙"  # the day before 截止日期
    secretary = next(p for p in (tmp_path / "outbox").rglob("*.eml") if "shuji" in p.read_text(errors="ignore"))
    message = email.message_from_bytes(secretary.read_bytes(), policy=policy.default)
    text = message.get_body(("plain",)).get_content()
    assert "寒潮走访（11月30日截止）：应探访 3 位，已探访 1 位，还差 2 位" in text
    assert "本月探访对象 5 位，已探访 3 位" in text


def test_monthly_writes_the_visit_rate_and_the_ledger_for_last_month(workbook_factory, tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    workbook = workbook_factory(visit_community())
    result = run_monthly(workbook, D(2026, 12, 1), delivery=outbox_delivery(str(tmp_path / "outbox")))
    november = {str(r["月份"]): r for r in tab(workbook, "月度指标")}["2026-11"]
    assert float(november["月探访率"]) == 60.0  # E0001 E0002 E0005 of E0001 E0002 E0003 E0005 E0006
    ledger = tab(workbook, "探访台账")
    assert [r["姓名"] for r in ledger] == ["张桂兰", "李建国", "王秀英", "刘淑珍", "赵福", "合计"]
    assert ledger[2]["最近探访日期"] == "未探访" and ledger[-1]["处置情况"] == "2026年11月月探访率 60.0%"
    assert "居住安全有隐患：待再上门" in ledger[1]["处置情况"]
    assert result.counts["探访台账"]["行数"] == 6
    (report,) = (tmp_path / "outbox").rglob("*.eml")
    text = email.message_from_bytes(report.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
    assert "月探访率：60%（探访对象 5 位，已探访 3 位，未探访 2 位" in text
    assert "专项走访·寒潮走访：应探访 3 位，已探访 1 位" in text  # as of its 截止日期, 30 November
    run_monthly(workbook, D(2026, 12, 2), delivery=outbox_delivery(str(tmp_path / "outbox")))
    assert len(tab(workbook, "探访台账")) == 6  # rewritten whole, never appended


def test_monthly_ledger_file_is_a_printable_standalone_workbook(tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    from tests.support.backends import make_xlsx

    workbook = make_xlsx(tmp_path, visit_community())
    out = tmp_path / "台账.xlsx"
    args = ["monthly", "--workbook", workbook.location, "--today", "2026-12-01", "--outbox", str(tmp_path / "o")]
    assert main([*args, "--ledger-file", str(out)]) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "测试小区 2026年11月 特殊困难老年人探访台账"
    assert [c.value for c in ws[2]] == default_schema()["探访台账"].headers
    assert ws.cell(ws.max_row, 2).value == "合计" and ws.max_row == 2 + 6
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize in (9, "9")
    assert ws.print_title_rows == "$2:$2" and ws.sheet_properties.pageSetUpPr.fitToPage
    inside = openpyxl.load_workbook(workbook.location)["探访台账"]  # the tab in the workbook prints the same way
    assert inside.page_setup.orientation == "landscape" and inside.print_title_rows == "$1:$1"
    assert inside.sheet_properties.pageSetUpPr.fitToPage and inside.max_row == 7


def old_schema(tmp_path: Path):
    """The schema before 探访关爱: no 专项走访/探访台账 tabs, none of the new columns or settings."""
    folder = tmp_path / "old_schema"
    shutil.copytree(SCHEMA_DIR, folder)
    (folder / "campaigns.yaml").unlink()
    (folder / "visit_ledger.yaml").unlink()
    words = [w for cols in NEW_COLUMNS.values() for w in cols] + NEW_SETTINGS
    for path in folder.glob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not any(f"name: {w}," in line or f"key: {w}," in line for w in words)]
        path.write_text("".join(kept), encoding="utf-8")
    return load_schema(folder)


def check_upgraded(snapshot):
    assert not snapshot.missing_tabs
    for title, columns in NEW_COLUMNS.items():
        assert set(columns) <= set(snapshot.tables[title].columns), title
    assert set(default_schema()["专项走访"].headers) <= set(snapshot.tables["专项走访"].columns)
    keys = {r.values.get("项目") for r in snapshot.tables["设置"].rows}
    assert set(NEW_SETTINGS) <= keys


@pytest.mark.parametrize("backend", ["xlsx", "gsheets"])
def test_init_adds_the_new_tabs_columns_and_settings_to_an_older_workbook(backend, tmp_path, request):
    old = old_schema(tmp_path)
    assert "专项走访" not in old.tabs and "建档日期" not in old["老人档案"].headers
    if backend == "xlsx":
        path = tmp_path / "旧.xlsx"
        create_workbook(path, {"老人档案": _rows("老人档案", [{"编号": "E0001", "姓名": "张桂兰"}])[:1]}, schema=old)
        workbook = XlsxWorkbook(path)
    else:
        fake = request.getfixturevalue("sheets_fake")
        sid = fake.create_spreadsheet({})
        GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, schema=old, emulator_host=fake.host).init()
        workbook = GoogleSheetsWorkbook(sid, policy=FAST_RETRIES, emulator_host=fake.host)
    lines = workbook.init()
    assert any("专项走访" in line for line in lines) and any("建档日期" in line for line in lines)
    check_upgraded(workbook.read())
    assert workbook.init() == []


def test_a_campaign_starting_today_is_yellow_for_every_target_the_first_night(workbook_factory, tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    rows = visit_community()
    rows["专项走访"] = _rows(
        "专项走访",
        [
            {
                "编号": "ZX002",
                "名称": "台风走访",
                "开始日期": TODAY,
                "截止日期": TODAY + dt.timedelta(days=3),
                "对象等级": "高",
            }
        ],
    )
    workbook = workbook_factory(rows)
    run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "outbox")))
    found = {a["对象编号"]: a["级别"] for a in tab(workbook, "提醒") if a["类型"] == "专项走访"}
    assert found == {"E0001": "黄", "E0003": "黄"}  # the 高 elders; nobody has been reached since today
