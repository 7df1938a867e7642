"""设置: typed values with the schema's defaults where a row is missing or bad."""

import pytest

from functions.domain.settings import parse_settings
from functions.domain.table import Row


def test_defaults_when_the_tab_is_empty():
    s = parse_settings([])
    assert s.interval("高", "问候") == 2 and s.interval("低", "走访") == 30
    assert s["升级倍数"] == 2 and s["节日慰问对象"] == ["独居", "孤寡", "失独"]
    assert s["时区"] == "Asia/Shanghai" and s.secretary_emails == [] and s.problems == []


def test_given_values_parse_and_bad_ones_fall_back_with_a_problem():
    rows = [
        Row(2, {"项目": "高等级问候间隔(天)", "值": "３"}),
        Row(3, {"项目": "书记邮箱", "值": "shuji@a.cn，fu@b.cn"}),
        Row(4, {"项目": "孤独感阈值", "值": "很高"}),
        Row(5, {"项目": " 节日慰问对象 ", "值": "独居、高龄"}),
    ]
    s = parse_settings(rows)
    assert s.interval("高", "问候") == 3
    assert s.secretary_emails == ["shuji@a.cn", "fu@b.cn"]
    assert s["孤独感阈值"] == 6
    assert s["节日慰问对象"] == ["独居", "高龄"]
    assert s.problems == [("孤独感阈值", "很高", "“很高”不是有效的孤独感阈值（应在 3 到 9 之间），已按默认值 6 处理")]
    assert s.rows["孤独感阈值"] == 4


@pytest.mark.parametrize("garbage", ["nan", "inf", "-inf", "1e400", "99999999999", "0", "-3", "很多"])
def test_garbage_numbers_fall_back_to_the_default_and_are_reported(garbage):
    keys = ["升级倍数", "高等级问候间隔(天)", "节日提前天数", "常住人口", "孤独感阈值"]
    rows = [Row(i + 2, {"项目": key, "值": garbage}) for i, key in enumerate(keys)]
    s = parse_settings(rows)
    defaults = parse_settings([])
    reported = {key for key, _, _ in s.problems}
    for key in keys:
        if key == "节日提前天数" and garbage == "0":
            assert s[key] == 0 and key not in reported  # no lead time is a real choice
            continue
        assert s[key] == defaults[key] and key in reported, key


def test_a_bounded_setting_says_its_range():
    s = parse_settings([Row(2, {"项目": "孤独感阈值", "值": "12"})])
    assert s.problems[0][2] == "“12”不是有效的孤独感阈值（应在 3 到 9 之间），已按默认值 6 处理"
