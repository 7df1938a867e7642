"""How to read tabs in values.batchGet requests of bounded size: whole tabs, or row chunks of a big one."""

from __future__ import annotations

from functions.adapters.gsheets.a1 import quote_title

# Cells one values.batchGet may answer with. Fixed, not a community's choice: it keeps each reply (about
# 20 bytes a cell in JSON) near 40 MB, within what the API serves and a 512 MiB function can parse.
MAX_READ_CELLS = 2_000_000

Piece = tuple[str, int, int]  # (tab title, first row, last row), 1-based and inclusive


def plan_reads(sizes: list[tuple[str, int, int]], cap: int = MAX_READ_CELLS) -> list[list[Piece]]:
    """Group (title, grid rows, grid columns) into requests of at most cap grid cells, in the given order.

    Greedy and exact: a request is filled to the cap, splitting a tab by rows where needed, so a night
    needs ⌈grid cells ÷ cap⌉ requests (a row never straddles two requests).
    """
    requests: list[list[Piece]] = []
    current: list[Piece] = []
    room = cap
    for title, rows, cols in sizes:
        rows, cols = max(rows, 1), max(cols, 1)
        first = 1
        while first <= rows:
            fit = room // cols
            if fit <= 0:
                if current:
                    requests.append(current)
                current, room = [], cap
                fit = max(cap // cols, 1)  # a row wider than the cap still goes, alone
            last = min(rows, first + fit - 1)
            current.append((title, first, last))
            room -= (last - first + 1) * cols
            first = last + 1
    if current:
        requests.append(current)
    return requests


def range_of(piece: Piece, rows: int) -> str:
    """The A1 range of a piece: the bare tab title for a whole tab (as before), else 'tab'!first:last."""
    title, first, last = piece
    if first == 1 and last >= rows:
        return quote_title(title)
    return f"{quote_title(title)}!{first}:{last}"


def join_pieces(pieces: list[tuple[Piece, list[list]]]) -> list[list]:
    """One tab's grid from its pieces' values (each ragged, trailing empty rows left out by the API)."""
    grid: list[list] = []
    for (_, first, _), values in sorted(pieces, key=lambda p: p[0][1]):
        if values:
            grid.extend([] for _ in range(first - 1 - len(grid)))
            grid.extend(values)
    return grid
