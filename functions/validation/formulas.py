"""Vandalism by formula: a volunteer-tab cell whose formula fetches from or links to the internet."""

from __future__ import annotations

from functions.domain.model import Problem
from functions.domain.parse_common import WARNING
from functions.domain.workbook import Snapshot


def formula_problems(snapshot: Snapshot) -> list[Problem]:
    """One 警告 per formula cell that fetches or links (=WEBSERVICE, =HYPERLINK, =IMPORTXML …)."""
    problems = []
    for title, cells in snapshot.fetching_formulas.items():
        table = snapshot.tables.get(title)
        headers = table.headers if table else []
        for cell in cells:
            column = headers[cell.column] if cell.column < len(headers) and headers[cell.column] else ""
            problems.append(
                Problem(
                    WARNING,
                    title,
                    cell.row,
                    column or f"第 {cell.column + 1} 列",
                    cell.formula[:100],
                    "单元格里是会访问网络或打开链接的公式（可能被人恶意填写）",
                    "请核实后删掉这个公式，直接填写内容",
                )
            )
    return problems
