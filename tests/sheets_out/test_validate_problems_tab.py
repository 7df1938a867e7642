"""问题清单 rows: 错误 first, 首次发现 kept across runs, 当前值 safe; broken tabs never stop the others."""

from __future__ import annotations

import datetime as dt

from functions.domain.model import Problem
from functions.domain.schema import default_schema
from functions.domain.table import build_table
from functions.sheets_out.problems_tab import problem_rows, summary_lines
from functions.validation.validate import validate
from tests.support import TODAY
from tests.support.validation_corpus import BASE, TEMPLATE, base_grids, snapshot_of

SCHEMA = default_schema()
HEADERS = SCHEMA["问题清单"].headers


def messy_snapshot(extra=None, rename=None):
    """The clean workbook with a handful of volunteer mistakes."""
    rows = {
        "走访记录": [{**TEMPLATE["走访记录"], "日期": "2026-2-30"}, {**TEMPLATE["走访记录"], "方式": "电话问侯"}],
        "老人档案": [{**TEMPLATE["老人档案"], "备注": "澳门赌场官网 www.x.top"}],
        "志愿者": [{**TEMPLATE["志愿者"], "邮箱": "x@qq.con"}],
    }
    for title, more in (extra or {}).items():
        rows.setdefault(title, []).extend(more)
    return snapshot_of(base_grids(SCHEMA, rows, rename), SCHEMA)


def read_back(rows, as_google=False):
    """问题清单 as the next run reads it: through build_table; Google hands back numbers and serial dates."""
    grid = [HEADERS]
    for row in rows:
        line = list(row)
        if as_google:
            line[2] = float(line[2]) if line[2] != "" else ""
            line[7] = (line[7] - dt.date(1899, 12, 30)).days
        else:
            line[7] = line[7].isoformat()
        grid.append(line)
    return build_table("问题清单", grid, SCHEMA["问题清单"])


def test_errors_come_first_then_tab_order_then_row():
    rows = problem_rows(validate(messy_snapshot(), TODAY).problems, None, TODAY)
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), key=lambda level: level != "错误")
    errors = [(SCHEMA[r[1]].order, r[2] or 0) for r in rows if r[0] == "错误"]
    assert errors == sorted(errors)
    assert rows[0][:2] == ["错误", "志愿者"] and rows[-1][:4] == ["警告", "老人档案", len(BASE["老人档案"]) + 2, "备注"]
    assert all(len(r) == len(HEADERS) for r in rows)


def test_first_seen_is_kept_across_runs_and_new_problems_start_today():
    for as_google in (False, True):
        first = problem_rows(validate(messy_snapshot(), TODAY).problems, None, TODAY)
        assert {r[7] for r in first} == {TODAY}
        later = TODAY + dt.timedelta(days=3)
        new_row = {**TEMPLATE["投诉"], "渠道": "电话"}
        second = problem_rows(
            validate(messy_snapshot({"投诉": [new_row]}), later).problems, read_back(first, as_google), later
        )
        by_identity = {(r[1], r[2], r[3], r[5]): r[7] for r in second}
        for r in first:
            assert by_identity[(r[1], r[2], r[3], r[5])] == TODAY
        assert [r[7] for r in second if r[1] == "投诉"] == [later]


def test_a_fixed_problem_that_comes_back_starts_again():
    first = problem_rows(validate(messy_snapshot(), TODAY).problems, None, TODAY)
    clean = problem_rows(validate(snapshot_of(base_grids(SCHEMA), SCHEMA), TODAY).problems, read_back(first), TODAY)
    assert clean == []
    later = TODAY + dt.timedelta(days=5)
    again = problem_rows(validate(messy_snapshot(), later).problems, read_back(clean), later)
    assert {r[7] for r in again} == {later}


def test_current_value_is_short_and_never_sensitive():
    long_note = "威尼斯赌场" + "很长的广告" * 40
    contact = {**TEMPLATE["走访记录"], "情况记录": "<script>老人说心脏不好</script>"}
    elder = {**TEMPLATE["老人档案"], "编号": "E0051", "备注": long_note}
    rows = problem_rows(
        validate(messy_snapshot({"走访记录": [contact], "老人档案": [elder]}), TODAY).problems, None, TODAY
    )
    secret = [r for r in rows if r[3] == "情况记录"]
    assert secret and all(r[4] == "（敏感内容，不显示）" for r in secret)
    assert not any("心脏" in str(cell) for r in rows for cell in r)
    note = next(r for r in rows if r[3] == "备注" and r[4].startswith("威尼斯"))
    assert len(note[4]) <= 50 and note[4].endswith("…")


def test_a_broken_tab_does_not_stop_the_others():
    grids = base_grids(SCHEMA, {"走访记录": [{**TEMPLATE["走访记录"], "日期": "2026-13-01"}]})
    grids["老人档案"] = [["名字", "住址"], ["陈阿婆", "12栋"]]  # headers wiped out
    del grids["活动"]
    result = validate(snapshot_of(grids, SCHEMA), TODAY)
    assert any(p.tab == "老人档案" and p.level == "错误" and "表头" in p.message for p in result.problems)
    assert any(p.tab == "活动" and p.row is None and "缺少工作表" in p.message for p in result.problems)
    assert result.parsed["活动"] == []
    contact_problems = [(p.row, p.column) for p in result.problems if p.tab == "走访记录"]
    assert contact_problems == [(len(BASE["走访记录"]) + 2, "日期")]  # refs to elders are not flooded
    assert any(p.tab == "活动签到" and p.column == "活动编号" for p in result.problems) is False


def test_duplicated_header_is_an_error_and_the_leftmost_column_counts():
    grids = base_grids(SCHEMA)
    grids["志愿者"][0].append("姓名")
    for line in grids["志愿者"][1:]:
        line.append("别的名字")
    result = validate(snapshot_of(grids, SCHEMA), TODAY)
    dup = [p for p in result.problems if p.tab == "志愿者"]
    assert [(p.level, p.row, p.column) for p in dup] == [("错误", 1, "姓名")]
    assert result.parsed["志愿者"][0]["姓名"] == "张秀英"


def test_a_duplicate_id_names_both_rows():
    elder = {**TEMPLATE["老人档案"], "编号": "E0001"}
    result = validate(messy_snapshot({"老人档案": [elder]}), TODAY)
    dup = [p for p in result.problems if p.column == "编号" and "重复" in p.message]
    assert [p.row for p in dup] == [2, len(BASE["老人档案"]) + 3]
    assert all("第 2、7 行" in p.message for p in dup)


def test_a_contact_with_a_bad_date_does_not_count_but_stays_visible():
    result = validate(messy_snapshot(), TODAY)
    bad = next(r for r in result.parsed["走访记录"] if r.number == len(BASE["走访记录"]) + 2)
    assert bad["日期"] is None and "日期" in bad.bad and bad["老人编号"] == "E0001"


def test_settings_problems_are_warnings_on_the_settings_row():
    grids = base_grids(SCHEMA, {"设置": [{"项目": "高等级问候间隔(天)", "值": "两天"}]})
    result = validate(snapshot_of(grids, SCHEMA), TODAY)
    assert result.settings.interval("高", "问候") == 2
    assert [(p.level, p.tab, p.row, p.column) for p in result.problems] == [
        ("警告", "设置", len(BASE["设置"]) + 2, "值")
    ]


def test_summary_lines_count_and_list_the_top_problems():
    problems = validate(messy_snapshot(), TODAY).problems
    lines = summary_lines(problems, limit=2)
    errors = sum(p.level == "错误" for p in problems)
    assert lines[0] == f"共发现 {len(problems)} 个问题：错误 {errors} 个，警告 {len(problems) - errors} 个。"
    assert lines[1] == "各表：老人档案 警告 1 个；志愿者 错误 1 个；走访记录 错误 2 个"
    assert lines[2].startswith("【错误】志愿者 第") and "邮箱" in lines[2]
    assert lines[-1] == f"……还有 {len(problems) - 2} 个，详见“问题清单”。"
    assert summary_lines([]) == ["没有发现问题，各表都填得很好。"]


def test_tab_level_problem_rows_have_a_blank_row_number():
    p = Problem("错误", "活动", None, "", "", "缺少工作表“活动”", "请补上")
    assert problem_rows([p], None, TODAY) == [["错误", "活动", "", "", "", "缺少工作表“活动”", "请补上", TODAY]]
