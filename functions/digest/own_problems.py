"""Each volunteer's own data problems: 问题清单 rows in the rows they recorded, own or are buddy of."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from functions.domain.model import SEVERITY_ORDER, Parsed
from functions.domain.privacy import sensitive_fields
from functions.domain.tabs import ACTIVITIES, CONTACTS, ELDERS, MEALS, MEDIATION, PATROLS, REQUESTS

Link = Callable[[str, int | None], str | None]
PROBLEM_COLUMNS = ("级别", "工作表", "行号", "列", "当前值", "问题", "建议")
# The column naming the volunteer a row belongs to, per tab.
OWNER_COLUMN = {
    CONTACTS: "志愿者编号",
    REQUESTS: "负责人",
    MEDIATION: "调解人",
    PATROLS: "发现人",
    ELDERS: "结对志愿者",
    MEALS: "志愿者编号",
    ACTIVITIES: "组织者",
}
VALUE_CHARS = 30


def row_owners(parsed: Parsed, rows: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """(tab, sheet row) → the 编号 of the volunteer the row belongs to, for these rows (the problems' rows:
    a few hundred, where a tab holds 170,000 rows)."""
    owners = {}
    for tab, column in OWNER_COLUMN.items():
        wanted = {number for t, number in rows if t == tab}
        if not wanted:
            continue
        by_number = {record.number: record for record in parsed.get(tab, [])}
        for number in wanted:
            record = by_number.get(number)
            if record is not None and record[column]:
                owners[(tab, number)] = str(record[column])
    return owners


def own_problems(problem_rows: list[list], parsed: Parsed, link: Link) -> dict[str, list[dict[str, Any]]]:
    """Volunteer 编号 → their rows' problems (errors first): the cell, the value, the fix and a link to the row."""
    owners = row_owners(parsed, {(str(raw[1] or ""), raw[2]) for raw in problem_rows if len(raw) > 2})
    hidden = sensitive_fields()
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for raw in problem_rows:
        row = dict(zip(PROBLEM_COLUMNS, list(raw) + [None] * len(PROBLEM_COLUMNS), strict=False))
        tab, number, column = str(row["工作表"] or ""), row["行号"], str(row["列"] or "")
        vid = owners.get((tab, number)) if isinstance(number, int) else None
        if vid is None:
            continue
        secret = column in hidden.get(tab, [])
        value = "" if secret or row["当前值"] is None else str(row["当前值"])
        found[vid].append(
            {
                "level": row["级别"],
                "tab": tab,
                "row": number,
                "column": column,
                "value": value if len(value) <= VALUE_CHARS else value[: VALUE_CHARS - 1] + "…",
                "message": "这一格的内容请到表中查看" if secret else str(row["问题"] or ""),
                "suggestion": "" if secret else str(row["建议"] or ""),
                "link": link(tab, number),
            }
        )
    for items in found.values():
        items.sort(key=lambda p: (SEVERITY_ORDER.get(p["level"], 9), p["tab"], p["row"]))
    return found
