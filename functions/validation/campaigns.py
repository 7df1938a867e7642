"""专项走访 rows: target lists made of known 类别 / 关爱等级 / 方式, and a 截止日期 not before 开始日期."""

from __future__ import annotations

import re

from functions.domain.model import Parsed, Problem
from functions.domain.parse_cells import ERROR
from functions.domain.schema import Schema
from functions.domain.tabs import CAMPAIGNS, CONTACTS, ELDERS
from functions.validation.suggest import near_enum

# (专项走访 column, the tab and column whose dropdown lists what it may name)
LISTS = (("对象类别", ELDERS, "类别"), ("对象等级", ELDERS, "关爱等级"), ("计入方式", CONTACTS, "方式"))


def split_list(value: object) -> set[str]:
    """'独居，孤寡、失独' -> {'独居', '孤寡', '失独'} (the same reading as the 专项走访 rule)."""
    return {p for p in re.split(r"[,，;；、\s]+", str(value or "")) if p}


def campaign_problems(parsed: Parsed, schema: Schema) -> list[Problem]:
    """An unknown word in a list column, or 截止日期 before 开始日期: 错误 (the campaign is not tracked)."""
    problems: list[Problem] = []
    for record in parsed.get(CAMPAIGNS, []):
        for column, tab, source in LISTS:
            options = schema[tab].field(source).enum
            for word in sorted(split_list(record[column]) - set(options)):
                near = near_enum(word, options)
                problems.append(
                    Problem(
                        ERROR,
                        CAMPAIGNS,
                        record.number,
                        column,
                        str(record[column]),
                        f"“{word}”不是{schema[tab].title}里的{source}",
                        (f"是不是“{near}”？" if near else "")
                        + f"只能填这些（多个用逗号分开，空着表示全部）：{'、'.join(options)}",
                    )
                )
        start, deadline = record["开始日期"], record["截止日期"]
        if start is not None and deadline is not None and deadline < start:
            problems.append(
                Problem(
                    ERROR,
                    CAMPAIGNS,
                    record.number,
                    "截止日期",
                    deadline.isoformat(),
                    "截止日期比开始日期还早，这次专项走访不会提醒",
                    f"请核对两个日期：截止日期应在开始日期（{start.isoformat()}）之后",
                )
            )
    return problems
