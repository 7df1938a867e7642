"""A new community's own figures (社区名称, 常住人口, 总户数, 书记邮箱) still empty in 设置: one 警告 each."""

from __future__ import annotations

from functions.domain.model import Problem
from functions.domain.parse_cells import WARNING
from functions.domain.settings import SETTINGS_TAB, Settings, unfilled

WHY_AND_HOW: dict[str, tuple[str, str]] = {
    "社区名称": ("还没有填写社区名称，邮件标题里没有社区名", "在这一行的“值”里填上社区（小区）名称，如 芙蓉小区"),
    "常住人口": (
        "还没有填写常住人口，党群活动参与率无法计算（显示“—”）",
        "在这一行的“值”里填上常住人口数，如 13000",
    ),
    "总户数": ("还没有填写总户数", "在这一行的“值”里填上总户数，如 4860"),
    "书记邮箱": (
        "还没有填写书记邮箱，书记的每日摘要和月报发不出去",
        "在这一行的“值”里填上书记的邮箱，多个用逗号分开",
    ),
}


def unfilled_problems(settings: Settings) -> list[Problem]:
    """One 警告 per fill-first setting that is still empty, on its own 设置 row when there is one."""
    problems = []
    for key in unfilled(settings):
        why, how = WHY_AND_HOW.get(key, (f"还没有填写{key}", f"在这一行的“值”里填上{key}"))
        row = settings.rows.get(key)
        problems.append(Problem(WARNING, SETTINGS_TAB, row, "值" if row else "项目", "", why, how))
    return problems
