"""A1 notation helpers shared by the Sheets backend and the fake Sheets API."""

from __future__ import annotations

import re

from functions.domain.cell_address import column_index

_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")


def quote_title(title: str) -> str:
    """A tab title quoted for A1 notation: 'Tab''s name' (apostrophes doubled)."""
    return "'" + title.replace("'", "''") + "'"


def split_range(a1: str) -> tuple[str | None, str]:
    """Split "'Tab''s'!A1:B2" into ("Tab's", "A1:B2"); a bare name gives (name, "")."""
    text = a1.strip()
    if text.startswith("'"):
        i, title = 1, []
        while i < len(text):
            if text[i] == "'":
                if i + 1 < len(text) and text[i + 1] == "'":
                    title.append("'")
                    i += 2
                    continue
                break
            title.append(text[i])
            i += 1
        else:
            raise ValueError(f"Unable to parse range: {a1}")
        rest = text[i + 1 :]
        if rest and not rest.startswith("!"):
            raise ValueError(f"Unable to parse range: {a1}")
        return "".join(title), rest[1:]
    if "!" in text:
        title, cells = text.rsplit("!", 1)
        return title, cells
    return None, text


def parse_cells(cells: str) -> tuple[int | None, int | None, int | None, int | None]:
    """ "B2:D" → (row0, col0, row_end, col_end) 0-based, end exclusive, None when unbounded."""
    parts = cells.split(":")
    if not cells or len(parts) > 2:
        raise ValueError(cells)
    bounds = []
    for part in parts:
        m = _CELL.match(part.strip())
        if not m or not (m.group(1) or m.group(2)):
            raise ValueError(cells)
        col = column_index(m.group(1)) if m.group(1) else None
        row = int(m.group(2)) - 1 if m.group(2) else None
        if row is not None and row < 0:
            raise ValueError(cells)
        bounds.append((row, col))
    (r0, c0) = bounds[0]
    if len(bounds) == 1:
        return r0, c0, (r0 + 1 if r0 is not None else None), (c0 + 1 if c0 is not None else None)
    (r1, c1) = bounds[1]
    return r0, c0, (r1 + 1 if r1 is not None else None), (c1 + 1 if c1 is not None else None)
