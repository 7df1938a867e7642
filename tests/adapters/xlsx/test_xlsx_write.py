"""Writing system tabs: only their sheet parts change, atomically, never over a volunteer's save."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.adapters.xlsx.layout import create_workbook
from functions.adapters.xlsx.package import Package
from functions.domain.workbook import WorkbookChanged

FIXTURES = Path(__file__).parent / "fixtures" / "xlsx"

ALERTS = [
    [
        "红",
        "走访逾期",
        "E0001",
        "张秀英",
        "12栋",
        "陈志强(V001)",
        "已经 16 天没有上门走访（规定 7 天）",
        9,
        dt.date(2026, 11, 20),
        "",
        "走访逾期|E0001|",
    ],
    [
        "黄",
        "需跟进",
        "E0002",
        "李桂兰",
        "3栋",
        "刘芳(V002)",
        '=HYPERLINK("http://x.example")',
        1,
        dt.date(2026, 11, 28),
        "周日去看过了",
        "需跟进|E0002|",
    ],
]
PROBLEMS = [
    [
        "错误",
        "老人档案",
        5,
        "出生日期",
        "2025-13-01",
        "月份不对 <13>",
        "写成 2025-12-01 & 再检查",
        dt.date(2026, 11, 29),
    ],
    ["警告", "走访记录", 88, "情况记录", "+86 澳门\x07赌场", "疑似广告", "删除这一格", dt.date(2026, 11, 29)],
]


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _system_parts(path: Path) -> set[str]:
    pkg = Package(path.read_bytes())
    return {s.part for s in pkg.sheets if s.title in ("问题清单", "提醒", "月度指标", "运行记录", "说明")}


@pytest.fixture()
def layout(tmp_path: Path) -> Path:
    path = tmp_path / "sanyou.xlsx"
    create_workbook(
        path,
        {
            "老人档案": [
                [
                    "E0001",
                    "张秀英",
                    "女",
                    dt.date(1942, 3, 5),
                    "12栋",
                    "1-302",
                    "13812345678",
                    "张伟",
                    "13988887777",
                    "独居",
                    "高",
                    None,
                    "V001",
                    "已发放",
                    "在家",
                    None,
                    "白内障术后",
                    None,
                ]
            ]
        },
    )
    return path


@pytest.mark.parametrize("fixture", ["lo_sanyou_layout.xlsx", "lo_volunteer_made.xlsx", None])
def test_write_changes_only_system_parts(tmp_path: Path, layout: Path, fixture: str | None) -> None:
    path = layout if fixture is None else Path(shutil.copy(FIXTURES / fixture, tmp_path / fixture))
    before = _members(path)
    book = XlsxWorkbook(path)
    book.read()
    book.write({"提醒": ALERTS, "问题清单": PROBLEMS})
    after = _members(path)
    system = _system_parts(path)
    bookkeeping = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    for name, data in before.items():
        if name not in system and name not in bookkeeping and not name.endswith("calcChain.xml"):
            assert after[name] == data, f"{name} changed"
    assert set(after) - set(before) <= system
    snap = XlsxWorkbook(path).read()
    alerts = snap.tables["提醒"].rows
    assert [r.values["对象编号"] for r in alerts] == ["E0001", "E0002"]
    assert alerts[1].values["原因"] == '=HYPERLINK("http://x.example")'
    assert alerts[0].values["逾期天数"] == 9
    assert alerts[1].values["处理情况"] == "周日去看过了"
    problems = snap.tables["问题清单"].rows
    assert problems[0].values["问题"] == "月份不对 <13>" and problems[0].values["建议"] == "写成 2025-12-01 & 再检查"
    assert problems[1].values["当前值"] == "+86 澳门赌场"
    assert problems[0].values["首次发现"] in (dt.date(2026, 11, 29), "2026-11-29")
    if fixture != "lo_volunteer_made.xlsx":  # the date column has a date style: a real date
        assert alerts[0].values["首次提醒"] == dt.date(2026, 11, 20)
    reopened = openpyxl.load_workbook(path)
    assert reopened["提醒"]["G3"].data_type == "s"
    assert reopened["提醒"]["A1"].value == "级别"
    for name in CalamineWorkbook.from_path(str(path)).sheet_names:
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def test_system_tab_keeps_header_style_protection_and_chart(layout: Path) -> None:
    book = XlsxWorkbook(layout)
    book.read()
    metrics = [
        [
            f"2026-{m:02d}",
            1.5 * m,
            "↑ 好",
            3,
            "↓ 好",
            90.0,
            88.5,
            "",
            12,
            "",
            150,
            "",
            300.5,
            5.2,
            "",
            10.0,
            80.0,
            95.0,
            2.5,
            4.0,
            "2026-11-29 02:00",
        ]
        for m in range(11, 0, -1)
    ]
    book.write({"提醒": ALERTS, "月度指标": metrics})
    wb = openpyxl.load_workbook(layout)
    alerts = wb["提醒"]
    assert alerts["A1"].font.bold and alerts.protection.sheet
    assert alerts.freeze_panes == "A2"
    assert alerts["J2"].protection.locked is False  # 处理情况 stays writable
    assert alerts["A2"].protection.locked is True
    assert len(wb["月度指标"]._charts) == 7  # one per 三升三降 figure and 月探访率, kept by the system write
    assert wb["月度指标"]["B2"].value == 16.5


def test_missing_system_tab_is_added(tmp_path: Path) -> None:
    path = Path(shutil.copy(FIXTURES / "lo_volunteer_made.xlsx", tmp_path / "v.xlsx"))
    XlsxWorkbook(path).write({"运行记录": [["2026-11-29 02:00", "nightly", "成功", "检查 3 张表", "", "", "已发送"]]})
    snap = XlsxWorkbook(path).read()
    assert snap.rows("运行记录")[0].values["结果"] == "成功"
    assert "运行记录" not in snap.missing_tabs
    assert openpyxl.load_workbook(path)["运行记录"]["C2"].value == "成功"


def test_volunteer_tab_is_refused(layout: Path) -> None:
    before = layout.read_bytes()
    with pytest.raises(ValueError, match="不是系统表"):
        XlsxWorkbook(layout).write({"老人档案": [["E0009"]]})
    assert layout.read_bytes() == before


def test_interrupted_write_leaves_original_intact(layout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = layout.read_bytes()
    book = XlsxWorkbook(layout)
    book.read()

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        book.write({"提醒": ALERTS})
    assert layout.read_bytes() == before
    assert not [p for p in layout.parent.iterdir() if p.name.startswith(".~sanyou-")]


def test_file_saved_by_someone_else_since_read_is_not_overwritten(layout: Path) -> None:
    book = XlsxWorkbook(layout)
    book.read()
    volunteer = openpyxl.load_workbook(layout)
    volunteer["老人档案"]["B2"] = "张秀英（已改）"
    volunteer.save(layout)
    saved = layout.read_bytes()
    with pytest.raises(WorkbookChanged, match="重新运行"):
        book.write({"提醒": ALERTS})
    assert layout.read_bytes() == saved
    book.read()
    book.write({"提醒": ALERTS})
    assert XlsxWorkbook(layout).read().rows("老人档案")[0].values["姓名"] == "张秀英（已改）"


def test_two_concurrent_writers_take_turns(layout: Path) -> None:
    errors: list[BaseException] = []
    readers = [XlsxWorkbook(layout), XlsxWorkbook(layout)]
    for r in readers:
        r.read()

    def run(book: XlsxWorkbook, rows: list) -> None:
        try:
            book.write({"提醒": rows})
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(b, [row])) for b, row in zip(readers, ALERTS, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 1 and isinstance(errors[0], WorkbookChanged)
    rows = XlsxWorkbook(layout).read().rows("提醒")
    assert len(rows) == 1
    blind = [XlsxWorkbook(layout) for _ in range(4)]
    threads = [threading.Thread(target=run, args=(b, ALERTS[: i % 2 + 1])) for i, b in enumerate(blind)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 1
    assert len(XlsxWorkbook(layout).read().rows("提醒")) in (1, 2)
    assert not list(layout.parent.glob(".~sanyou-*"))
