"""Tab-level checks: a missing tab, missing or duplicated headers, a header that looks renamed."""

from __future__ import annotations

import difflib

from functions.domain.model import Problem
from functions.domain.parse_cells import ERROR, WARNING
from functions.domain.schema import Schema, TabSchema
from functions.domain.settings import SETTINGS_TAB
from functions.domain.table import Table
from functions.domain.workbook import Snapshot
from functions.validation.suggest import near_header

INIT_HINT = "可以请管理员运行 init 自动补齐（不会改动已有内容）"


def near_tab(title: str, others: list[str]) -> str | None:
    """The tab (not in the schema) that looks like `title` renamed, e.g. 志愿者名单 for 志愿者; None if none."""
    near = difflib.get_close_matches(title, others, n=1, cutoff=0.5)
    return near[0] if near else None


def _missing_tab(tab: TabSchema, snapshot: Snapshot) -> Problem:
    near = near_tab(tab.title, snapshot.other_tabs)
    if near:
        hint = f"工作表“{near}”是不是“{tab.title}”？请把它改名为“{tab.title}”"
    else:
        hint = f"请补上这张表：{INIT_HINT}"
    level = WARNING if tab.title == SETTINGS_TAB else ERROR  # 设置 falls back to its defaults
    return Problem(level, tab.title, None, "", near or "", f"缺少工作表“{tab.title}”", hint)


def _renames(table: Table) -> dict[str, str]:
    """Missing schema header -> the extra header it was probably renamed to."""
    renamed: dict[str, str] = {}
    for found in table.extra_headers:
        wanted = near_header(found, [m for m in table.missing_headers if m not in renamed])
        if wanted:
            renamed[wanted] = found
    return renamed


def _header_problems(tab: TabSchema, table: Table) -> list[Problem]:
    problems: list[Problem] = []
    row = table.header_row or None
    renamed = _renames(table)
    for name in table.missing_headers:
        level = ERROR if tab.field(name).required else WARNING
        found = renamed.get(name)
        if found:
            hint = f"表头“{found}”是不是“{name}”？请把表头改回“{name}”"
        else:
            hint = f"请补上这一列：{INIT_HINT}"
        problems.append(Problem(level, tab.title, row, name, found or "", f"找不到“{name}”这一列", hint))
    for name in dict.fromkeys(table.duplicate_headers):
        problems.append(
            Problem(
                ERROR,
                tab.title,
                row,
                name,
                name,
                f"有不止一列叫“{name}”",
                f"系统只读最左边那列，请删掉或改名其他“{name}”列",
            )
        )
    return problems


def structure_problems(snapshot: Snapshot, schema: Schema) -> list[Problem]:
    """Problems with the tabs and headers themselves; one broken tab never hides the others."""
    problems: list[Problem] = []
    for tab in schema.volunteer_tabs:
        table = snapshot.tables.get(tab.title)
        if table is None:
            problems.append(_missing_tab(tab, snapshot))
        elif not table.columns:
            problems.append(
                Problem(
                    ERROR,
                    tab.title,
                    table.header_row or None,
                    "",
                    "",
                    "这张表找不到表头",
                    f"请把表头放在第一行：{INIT_HINT}",
                )
            )
        else:
            problems.extend(_header_problems(tab, table))
    return problems
