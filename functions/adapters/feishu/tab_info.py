"""What a Feishu read learned about each tab: its sheet id, grid size, frozen rows and how far it reaches."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TabInfo:
    """What the last tab list and read learned about a tab."""

    sheet_id: str
    rows: int
    cols: int
    frozen: int = 0
    used_rows: int | None = None  # None until a read has seen the tab
    used_cols: int = 0
