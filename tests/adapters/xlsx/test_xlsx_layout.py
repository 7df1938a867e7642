"""A new workbook: every tab round-trips, and the sheet explains itself (notes, dropdowns, widths, chart)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.adapters.xlsx.layout import create_workbook
from functions.domain.schema import Field, default_schema
from functions.domain.settings import parse_settings, unfilled
from functions.sheets_out.wrap import display_width

SCHEMA = default_schema()


def _value(f: Field, i: int) -> Any:
    """A realistic value for a field, varying with the row index i."""
    if f.enum:
        return f.enum[i % len(f.enum)]
    return {
        "date": dt.date(2026, 1 + i % 12, 1 + (7 * i) % 28),
        "int": 3 + 11 * i,
        "number": 12.5 + i,
        "phone": f"1380013{i:04d}",
        "email": f"v{i}@example.cn",
        "month": f"2026-{1 + i % 12:02d}",
        "ref": f"V{i + 1:03d}",
    }.get(f.type, ["张秀英", "=1+2 不是公式", "  前后空格 ", "老人说 <腿疼> & 要复查", "12栋1-302"][i % 5])


def _rows(title: str, count: int = 5) -> list[list[Any]]:
    return [[_value(f, i) for f in SCHEMA[title].fields] for i in range(count)]


def test_every_tab_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "all.xlsx"
    rows = {tab.title: _rows(tab.title) for tab in SCHEMA}
    rows["走访记录"].insert(2, [None] * len(SCHEMA["走访记录"].fields))
    create_workbook(path, rows)
    snap = XlsxWorkbook(path).read()
    for tab in SCHEMA:
        written = [r for r in rows[tab.title] if any(v is not None for v in r)]
        read = snap.tables[tab.title].rows
        assert [[r.values[h] for h in tab.headers] for r in read] == written, tab.title
        assert all(type(r.values[f.name]) is dt.date for r in read for f in tab.fields if f.type == "date")
    assert [r.number for r in snap.tables["走访记录"].rows] == [2, 3, 5, 6, 7]


def test_new_workbook_explains_itself(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    create_workbook(path)
    wb = openpyxl.load_workbook(path)
    elders = wb["老人档案"]
    assert elders.freeze_panes == "A2"
    assert elders["A1"].font.bold
    assert elders["A1"].comment.text == SCHEMA["老人档案"].field("编号").help
    assert elders.column_dimensions["B"].width == SCHEMA["老人档案"].field("姓名").width
    validations = {str(dv.sqref).split(":")[0][:-1]: dv for dv in elders.data_validations.dataValidation}
    category = validations["J"]
    assert category.formula1 == '"独居,孤寡,失独,空巢,高龄,其他"'
    assert category.prompt == SCHEMA["老人档案"].field("类别").help and "只能填" in category.error
    assert not elders.protection.sheet and elders.sheet_properties.tabColor is None
    for tab in SCHEMA.system_tabs:
        assert wb[tab.title].protection.sheet and wb[tab.title].protection.password is None
        assert wb[tab.title].sheet_properties.tabColor.rgb.endswith("9E9E9E")
    alerts = wb["提醒"]
    rules = [r for cf in alerts.conditional_formatting for r in cf.rules]
    assert sorted(r.formula[0] for r in rules if "$" not in r.formula[0]) == sorted(['"红"', '"橙"', '"黄"'])
    settings = parse_settings(XlsxWorkbook(path).read().rows("设置"))
    assert settings.problems == [] and settings.interval("高", "走访") == 7
    # a new community starts with its own figures empty, never the demo's 芙蓉小区 / 13000 / 4860
    assert settings["社区名称"] == "" and settings["常住人口"] is None and settings["总户数"] is None
    assert unfilled(settings) == ["社区名称", "常住人口", "总户数", "书记邮箱"]
    assert wb.sheetnames[0] == "说明" and wb.active.title == "说明"  # a newcomer lands on the how-to
    guide = {r[0].value: r for r in wb["说明"].iter_rows(min_row=2)}  # the tab rows follow the steps
    assert guide["老人档案"][1].value == "志愿者" and "健康备注" in guide["老人档案"][2].value
    assert guide["提醒"][1].value == "系统自动"
    rows = list(wb["说明"].iter_rows(min_row=2))
    steps = [r for r in rows if str(r[1].value).startswith("第")]
    assert len(steps) >= 7 and all("\n" not in r[2].value for r in steps)  # one short step per row
    width = SCHEMA["说明"].field("怎么用").width
    for r in rows:  # nothing clipped: each line fits the column, and the row is tall enough for its lines
        lines = r[2].value.split("\n")
        assert all(display_width(line) <= width - 2 for line in lines), r[2].value
        height = wb["说明"].row_dimensions[r[0].row].height
        assert len(lines) == 1 or (height or 0) >= 15 * len(lines), r[2].value
    linked = {r[0].hyperlink.location for r in rows if r[0].hyperlink}
    assert {"'提醒'!A1", "'问题清单'!A1"} <= linked


def test_metrics_chart_reads_the_chart_columns_newest_first(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    create_workbook(path)
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in sorted(z.namelist()) if n.startswith("xl/charts/chart")]
    charted = [f for f in SCHEMA["月度指标"].fields if f.chart]
    assert len(charts) == len(charted) == 7  # one small chart per figure and 月探访率: scales too different
    for chart in charts:
        assert chart.count("<ser>") == 1 and 'orientation val="maxMin"' in chart
        # straight lines (LibreOffice otherwise smooths them), the value axis on the left despite maxMin
        assert '<smooth val="0" />' in chart and '<crosses val="max" />' in chart
        assert chart.count("<strRef><f>'月度指标'!$A$2:$A$13</f></strRef>") == 1
    assert sorted(f.name for f in charted) == sorted(next(f.name for f in charted if f.name in c) for c in charts)
    from_zero = {next(f.name for f in charted if f.name in c) for c in charts if '<min val="0" />' in c}
    assert from_zero == {"矛盾纠纷(件)", "投诉量(件)", "参与服务的志愿者(人)"}  # the counts


@pytest.mark.parametrize("value", ["=SUM(A1:A9)", "@cmd", "+86 138"])
def test_formula_like_text_stays_text(tmp_path: Path, value: str) -> None:
    path = tmp_path / "f.xlsx"
    row = _rows("投诉", 1)[0]
    row[SCHEMA["投诉"].headers.index("摘要")] = value
    create_workbook(path, {"投诉": [row]})
    assert XlsxWorkbook(path).read().rows("投诉")[0].values["摘要"] == value
    assert openpyxl.load_workbook(path)["投诉"]["E2"].data_type == "s"


def test_long_texts_wrap_in_rows_tall_enough_and_tabs_print_on_one_page_wide(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    alert = _rows("提醒", 2)
    reason = SCHEMA["提醒"].headers.index("原因")
    alert[0][reason] = "已 43 天没有问候（中等级要求每 7 天一次），已超过间隔的 2 倍，请书记关注"
    alert[1][reason] = "求助超期"
    create_workbook(path, {"提醒": alert})
    sheet = openpyxl.load_workbook(path)["提醒"]
    letter = "ABCDEFGHIJK"[reason]
    assert sheet[f"{letter}2"].alignment.wrap_text and sheet[f"{letter}2"].alignment.vertical == "top"
    assert sheet.row_dimensions[2].height >= 30  # two lines at width 40
    assert sheet.row_dimensions[3].height is None  # a short reason keeps the default height
    assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToHeight == 0 and sheet.print_title_rows == "$1:$1"
    assert sheet["A1"].fill.fgColor.rgb.endswith("E7E6E6") and sheet["A1"].alignment.wrap_text
    guide_rows = list(openpyxl.load_workbook(path)["说明"].iter_rows(min_row=2))
    steps = " ".join(r[2].value for r in guide_rows if str(r[1].value).startswith("第"))
    for words in ("处理情况", "红色", "橙色", "黄色", "每天夜里", "下拉", "社区名称、常住人口"):
        assert words in steps, words
    guide = {r[0].value: r[2].value for r in guide_rows}
    assert "只有“处理情况”一列可以填写" in guide["提醒"] and "请不要在这里改内容" in guide["问题清单"]
