"""Bounds on 问题清单: a fill-down becomes one line, and many problems of one kind in one column are summarised."""

from __future__ import annotations

from collections import defaultdict

from functions.domain.cell_address import column_index
from functions.domain.model import Problem
from functions.domain.parse_common import ERROR
from functions.domain.workbook import JunkRun, Snapshot

SAME_KIND_SHOWN = 100  # problems of one kind in one column listed one by one; the rest in one line


def junk_problems(snapshot: Snapshot) -> list[Problem]:
    """One line per fill-down the backend left out of the tables."""
    problems = []
    for run in snapshot.junk_runs:
        problems.append(_junk_problem(snapshot, run))
    return problems


def _junk_problem(snapshot: Snapshot, run: JunkRun) -> Problem:
    table = snapshot.tables.get(run.title)
    index = column_index(run.column)
    header = table.headers[index] if table and index < len(table.headers) and table.headers[index] else ""
    count = run.last - run.first + 1
    return Problem(
        ERROR,
        run.title,
        run.first,
        header or f"{run.column} 列",
        run.value[:100],
        f"{run.column} 列 第 {run.first}–{run.last} 行：{count:,} 个单元格都是同样的内容，这些行别的列都是空的"
        f"（像是拖动填充时一直拖到了表格最底下），这些行没有读取",
        f"请选中第 {run.first} 行到第 {run.last} 行，整行删除",
    )


def summarised(problems: list[Problem], shown: int = SAME_KIND_SHOWN) -> list[Problem]:
    """At most `shown` problems of one kind (tab, column, message) one by one, then one line for the rest."""
    groups: dict[tuple[str, str, str], list[Problem]] = defaultdict(list)
    for p in problems:
        groups[(p.tab, p.column, p.message)].append(p)
    if all(len(g) <= shown for g in groups.values()):
        return problems
    kept: list[Problem] = []
    for (tab, column, message), group in groups.items():
        kept.extend(group[:shown])
        rest = group[shown:]
        if rest:
            rows = [p.row for p in rest if p.row is not None]
            span = f"第 {min(rows)}–{max(rows)} 行" if rows else "其余各行"
            kept.append(
                Problem(
                    rest[0].level,
                    tab,
                    min(rows) if rows else None,
                    column,
                    "",
                    f"{span}还有 {len(rest):,} 个单元格同样的问题：{message}",
                    rest[0].suggestion,
                )
            )
    return kept
