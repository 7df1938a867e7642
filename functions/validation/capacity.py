"""How full the workbook is: a 警告 at 70 % of the cell limit, naming the archive command that makes room."""

from __future__ import annotations

import datetime as dt

from functions.domain.model import Problem
from functions.domain.parse_common import WARNING
from functions.domain.table import Table
from functions.domain.workbook import Snapshot

# Google Sheets: 10 million cells a spreadsheet. An .xlsx file has no such limit, but at that size every
# read and write of the file takes minutes and the spreadsheet programs struggle: the same figure is used.
CELL_LIMIT = 10_000_000
WARN_SHARE = 0.7


def grid_cells(table: Table) -> int:
    """Rows × columns in use: from A1 to the last row with a value, as wide as the header row."""
    numbers = table.row_numbers()  # not the rows: they are not built (or already handed to validation)
    last = max(numbers, default=table.header_row)
    return last * max(len(table.headers), 1)


def capacity_problems(snapshot: Snapshot, today: dt.date, limit: int | None = None) -> list[Problem]:
    """One 警告 when the tabs' grids add up to 70 % of the limit (default CELL_LIMIT) or more."""
    limit = limit or CELL_LIMIT
    sizes = {title: grid_cells(table) for title, table in snapshot.tables.items()}
    used = sum(sizes.values())
    if not sizes or used < WARN_SHARE * limit:
        return []
    biggest = max(sizes, key=lambda t: sizes[t])
    before = dt.date(today.year - 1, 1, 1)
    return [
        Problem(
            WARNING,
            biggest,
            None,
            "",
            f"{used:,} 个单元格",
            f"工作簿已用了约 {used:,} 个单元格，达到上限 {limit:,} 的 {used * 100 // limit}%"
            f"（Google 表格每个表格最多 1000 万个单元格；本地 .xlsx 也按这个数算，再大读写会很慢），"
            f"其中“{biggest}”最大",
            f"请把旧记录归档：先运行 python -m functions archive --before {before} 预览，"
            f"确认后加 --yes，{before} 以前的走访记录和活动签到会移到按年份的归档工作簿，提醒照常计算",
        )
    ]
