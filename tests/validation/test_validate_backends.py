"""Through both backends: rows written, read back, validated, problems where the volunteer put them."""

from __future__ import annotations

import datetime as dt

from functions.domain.schema import default_schema
from functions.sheets_out.problems_tab import problem_rows
from functions.validation.validate import validate
from tests.support import TODAY

SCHEMA = default_schema()


def rows_of(title, dicts):
    return [[d.get(h) for h in SCHEMA[title].headers] for d in dicts]


def test_write_read_validate(workbook_factory):
    rows = {
        "志愿者": rows_of(
            "志愿者",
            [
                {
                    "编号": "V001",
                    "姓名": "张秀英",
                    "联系电话": "１３８ １２３４ ５６７８",
                    "状态": "在岗",
                    "加入日期": dt.date(2021, 3, 5),
                    "负责楼栋": "12栋",
                },
            ],
        ),
        "老人档案": rows_of(
            "老人档案",
            [
                {
                    "编号": "E0012",
                    "姓名": "陈阿婆",
                    "楼栋": "12栋",
                    "类别": "独居",
                    "关爱等级": "中",
                    "紧急联系人": "陈小明",
                    "紧急联系电话": "13712345678",
                    "结对志愿者": "V001",
                    "状态": "在家",
                    "健康备注": "白内障术后",
                },
            ],
        ),
        "走访记录": rows_of(
            "走访记录",
            [
                {
                    "日期": dt.date(2026, 11, 27),
                    "老人编号": "E0012",
                    "志愿者编号": "V001",
                    "方式": "上门走访",
                    "时长(分钟)": 40,
                },
                {
                    "日期": "2026-13-01",
                    "老人编号": "E12",
                    "志愿者编号": "V001",
                    "方式": "电话问侯",
                    "情况记录": "=心脏不好",
                },
                {"日期": "8月3日", "老人编号": "E0012", "志愿者编号": "V001", "方式": "电话问候"},
            ],
        ),
    }
    workbook = workbook_factory(rows)
    result = validate(workbook.read(), TODAY)
    found = {(p.level, p.tab, p.row, p.column) for p in result.problems}
    assert found == {
        ("错误", "走访记录", 3, "日期"),
        ("错误", "走访记录", 3, "老人编号"),
        ("错误", "走访记录", 3, "方式"),
        ("警告", "走访记录", 3, "情况记录"),
        ("警告", "走访记录", 4, "日期"),
        # init leaves a new community's own figures empty: one 警告 each on its 设置 row
        ("警告", "设置", 2, "值"),
        ("警告", "设置", 3, "值"),
        ("警告", "设置", 4, "值"),
        ("警告", "设置", 5, "值"),
    }
    unfilled = {p.message.split("，")[0] for p in result.problems if p.tab == "设置"}
    assert unfilled == {"还没有填写社区名称", "还没有填写常住人口", "还没有填写总户数", "还没有填写书记邮箱"}
    contacts = result.parsed["走访记录"]
    assert [r["日期"] for r in contacts] == [dt.date(2026, 11, 27), None, dt.date(2026, 8, 3)]
    assert result.parsed["志愿者"][0]["联系电话"] == "13812345678"
    assert result.parsed["志愿者"][0]["加入日期"] == dt.date(2021, 3, 5)
    shown = problem_rows(result.problems, None, TODAY)
    assert not any("心脏" in str(cell) for row in shown for cell in row)
