"""What the backend knows of a tab's grid between a read and a write."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TabLayout:
    """What the last read learned about a tab: its gid, grid size and how far its content reaches."""

    sheet_id: int
    rows: int
    cols: int
    used_rows: int | None = None  # None until a batchGet has seen the tab
    used_cols: int = 0
