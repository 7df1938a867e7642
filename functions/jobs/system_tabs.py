"""Is a tab with a system tab's title really ours? A community's own 提醒 or 运行记录 must never be wiped."""

from __future__ import annotations

from collections.abc import Iterable

from functions.domain.schema import default_schema
from functions.domain.table import Table, is_blank
from functions.domain.workbook import Snapshot, WorkbookError


def carries_system_headers(table: Table) -> bool:
    """True when the tab is empty or its header row holds at least half of the system's headers.

    Half, not all: a tab written by an older version lacks the columns added since.
    """
    if table.header_row == 0 or all(is_blank(h) for h in table.headers):
        return True
    wanted = default_schema()[table.title].headers
    return 2 * len(table.columns) >= len(wanted)


def foreign_tabs(snapshot: Snapshot, titles: Iterable[str]) -> list[str]:
    """The titles among those about to be written whose tab in the workbook is not the system's."""
    return [t for t in titles if t in snapshot.tables and not carries_system_headers(snapshot.tables[t])]


def refuse_foreign_tabs(snapshot: Snapshot, titles: Iterable[str]) -> None:
    """WorkbookError asking to rename each tab that only shares a system tab's title (nothing is written)."""
    foreign = foreign_tabs(snapshot, titles)
    if foreign:
        names = "、".join(f"“{t}”" for t in foreign)
        raise WorkbookError(
            f"工作簿里的 {names} 不是系统建的表（表头不是系统的表头），为免覆盖其中的内容，这次什么也没有写入；"
            f"请把它改个名字（例如“{foreign[0]}（自用）”），下次运行会另建系统的表"
        )
