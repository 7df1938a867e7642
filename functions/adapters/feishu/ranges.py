"""Pure planning of Feishu value ranges within the platform's per-request limits, and cell flattening."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from functions.domain.cell_address import column_letter

READ_CELLS = 500_000  # cells a values_batch_get asks for: under 4 MB of JSON on the demo; the limit is 10 MB
WRITE_ROWS, WRITE_COLS = 5000, 100  # documented: a write covers at most 5,000 rows and 100 columns
WRITE_CELLS = WRITE_ROWS * WRITE_COLS  # our cap per values_batch_update request (several ranges)


@dataclass(frozen=True)
class Span:
    """Rows [first, last] (1-based, inclusive) and the first `cols` columns of one tab."""

    title: str
    sheet_id: str
    first: int
    last: int
    cols: int

    @property
    def cells(self) -> int:
        """How many cells the span covers."""
        return (self.last - self.first + 1) * self.cols

    @property
    def a1(self) -> str:
        """The range as Feishu writes it: SHEETID!A1:K5000."""
        return f"{self.sheet_id}!A{self.first}:{column_letter(self.cols - 1)}{self.last}"

    def halves(self) -> list[Span]:
        """The span cut in two by rows (one row stays one span)."""
        if self.first == self.last:
            return [self]
        mid = (self.first + self.last) // 2
        return [
            Span(self.title, self.sheet_id, self.first, mid, self.cols),
            Span(self.title, self.sheet_id, mid + 1, self.last, self.cols),
        ]


def read_batches(tabs: list[tuple[str, str, int, int]], budget: int = READ_CELLS) -> list[list[Span]]:
    """Whole tabs (title, sheet id, rows, cols) as spans packed into requests of at most `budget` cells."""
    batches: list[list[Span]] = [[]]
    room = budget
    for title, sheet_id, rows, cols in tabs:
        cols, first = max(cols, 1), 1
        while first <= max(rows, 1):
            take = min(max(rows, 1) - first + 1, max(room // cols, 0))
            if take == 0:
                batches.append([])
                room = budget
                take = min(max(rows, 1) - first + 1, max(budget // cols, 1))
            batches[-1].append(Span(title, sheet_id, first, first + take - 1, cols))
            room -= take * cols
            first += take
    return [b for b in batches if b]


def write_ranges(sheet_id: str, title: str, grid: list[list[Any]]) -> list[tuple[Span, list[list[Any]]]]:
    """A tab's new grid from A1 as ranges of at most 5,000 rows (the width is at most 100 columns)."""
    width = max((len(r) for r in grid), default=1)
    if width > WRITE_COLS:
        raise ValueError(f"{title}: {width} columns exceed Feishu's {WRITE_COLS}-column write limit")
    out = []
    for start in range(0, len(grid), WRITE_ROWS):
        part = grid[start : start + WRITE_ROWS]
        out.append((Span(title, sheet_id, start + 1, start + len(part), width), part))
    return out


def write_batches(ranges: list[tuple[Span, list[list[Any]]]]) -> list[list[tuple[Span, list[list[Any]]]]]:
    """Ranges packed into values_batch_update requests of at most WRITE_CELLS cells (one for any real night)."""
    batches: list[list[tuple[Span, list[list[Any]]]]] = [[]]
    used = 0
    for item in ranges:
        if batches[-1] and used + item[0].cells > WRITE_CELLS:
            batches.append([])
            used = 0
        batches[-1].append(item)
        used += item[0].cells
    return [b for b in batches if b]


def flatten_cell(value: Any) -> Any:
    """A cell as read: numbers and text as they are; links, @mentions, rich segments and multi-select as text."""
    if isinstance(value, list):
        parts = [flatten_cell(v) for v in value]
        return "".join("" if p is None else str(p) for p in parts) if parts else None
    if isinstance(value, dict):
        if value.get("type") == "multipleValue" or "values" in value:
            return ",".join(str(v) for v in value.get("values") or [])
        for key in ("text", "link", "name"):
            if value.get(key) not in (None, ""):
                return value[key]
        return None
    return value


def trim_grid(values: list[list[Any]] | None) -> list[list[Any]]:
    """Rows with their cells flattened and trailing empties dropped, trailing empty rows dropped."""
    out: list[list[Any]] = []
    for row in values or []:
        cells = [flatten_cell(v) for v in (row or [])]
        while cells and cells[-1] in (None, ""):
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out
