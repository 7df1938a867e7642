"""The 问题清单 tab's rows (错误 first, 首次发现 kept across runs) and a short summary for the CLI."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from functions.domain.model import SEVERITY_ORDER, Problem
from functions.domain.parse_cells import normalize_text
from functions.domain.privacy import SENSITIVE_VALUE
from functions.domain.schema import Schema, default_schema
from functions.domain.serial_dates import read_back_date
from functions.domain.table import Table
from functions.domain.tabs import PROBLEMS as PROBLEMS_TAB

SHOWN_VALUE_LIMIT = 50


def _sensitive_columns(schema: Schema) -> set[tuple[str, str]]:
    return {(t.title, f.name) for t in schema for f in t.fields if f.sensitive}


def shown_value(problem: Problem, sensitive: set[tuple[str, str]]) -> str:
    """当前值 as shown: short, and never a sensitive field's content."""
    if (problem.tab, problem.column) in sensitive and problem.value:
        return SENSITIVE_VALUE
    text = problem.value
    return text if len(text) <= SHOWN_VALUE_LIMIT else text[: SHOWN_VALUE_LIMIT - 1] + "…"


def sort_key(problem: Problem, schema: Schema) -> tuple:
    """错误 first, then by tab (schema order), row (tab-level first), column (schema order)."""
    tab = schema.tabs.get(problem.tab)
    headers = tab.headers if tab else []
    column = headers.index(problem.column) if problem.column in headers else len(headers)
    return (
        SEVERITY_ORDER.get(problem.level, 9),
        tab.order if tab else 99,
        problem.tab,
        problem.row or 0,
        column,
        problem.message,
    )


def _row_number(value: Any) -> int | None:
    try:
        return int(float(normalize_text(value)))
    except (TypeError, ValueError, OverflowError):
        return None


def _plain(value: Any) -> str:
    # Not NFKC: our own messages use full-width punctuation and must compare as written.
    return "" if value is None else str(value).strip()


def first_seen(previous: Table | None, today: dt.date) -> dict[tuple, dt.date]:
    """首次发现 per problem identity, from the 问题清单 as read back on the last run."""
    seen: dict[tuple, dt.date] = {}
    if previous is None:
        return seen
    for row in previous.rows:
        day = read_back_date(row.get("首次发现"))
        if day is None:
            continue
        identity = (
            _plain(row.get("工作表")),
            _row_number(row.get("行号")),
            _plain(row.get("列")),
            _plain(row.get("问题")),
        )
        seen[identity] = min(day, today, seen.get(identity, today))
    return seen


def problem_rows(
    problems: list[Problem], previous: Table | None, today: dt.date, schema: Schema | None = None
) -> list[list]:
    """问题清单 data rows in header order: 级别 · 工作表 · 行号 · 列 · 当前值 · 问题 · 建议 · 首次发现."""
    schema = schema or default_schema()
    sensitive = _sensitive_columns(schema)
    seen = first_seen(previous, today)
    rows = []
    for p in sorted(problems, key=lambda p: sort_key(p, schema)):
        since = seen.get(p.identity, today)
        rows.append(
            [
                p.level,
                p.tab,
                "" if p.row is None else p.row,
                p.column,
                shown_value(p, sensitive),
                p.message,
                p.suggestion,
                since,
            ]
        )
    return rows


def summary_lines(problems: list[Problem], limit: int = 10, schema: Schema | None = None) -> list[str]:
    """A few Chinese lines for the CLI: counts by level and tab, then the top problems (no cell values)."""
    schema = schema or default_schema()
    if not problems:
        return ["没有发现问题，各表都填得很好。"]
    levels = Counter(p.level for p in problems)
    lines = [f"共发现 {len(problems)} 个问题：错误 {levels.get('错误', 0)} 个，警告 {levels.get('警告', 0)} 个。"]
    by_tab: dict[str, Counter] = {}
    for p in problems:
        by_tab.setdefault(p.tab, Counter())[p.level] += 1
    order = sorted(by_tab, key=lambda t: schema.tabs[t].order if t in schema.tabs else 99)
    parts = [
        "、".join(
            f"{level} {n} 个" for level, n in sorted(by_tab[t].items(), key=lambda kv: SEVERITY_ORDER.get(kv[0], 9))
        )
        for t in order
    ]
    lines.append("各表：" + "；".join(f"{t} {part}" for t, part in zip(order, parts, strict=True)))
    top = sorted(problems, key=lambda p: sort_key(p, schema))[:limit]
    for p in top:
        where = f"{p.tab} 第 {p.row} 行" if p.row else p.tab
        column = f"“{p.column}”" if p.column else ""
        lines.append(f"【{p.level}】{where}{column}：{p.message}。{p.suggestion}")
    if len(problems) > limit:
        lines.append(f"……还有 {len(problems) - limit} 个，详见“{PROBLEMS_TAB}”。")
    return lines
