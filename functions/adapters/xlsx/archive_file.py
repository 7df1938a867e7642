"""The yearly archive workbook NAME-归档-YYYY.xlsx: a plain xlsx with the tabs' headers, appended without repeats."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from functions.adapters.xlsx.plain_xlsx import write_plain_xlsx
from functions.adapters.xlsx.read import read_file, read_grids
from functions.domain.archive_summary import ARCHIVE_WORD
from functions.domain.table import header_key, is_blank

Grid = list[list[Any]]


def archive_path(location: str, year: int) -> str:
    """'NAME-归档-YYYY.xlsx' beside the workbook."""
    p = Path(location)
    return str(p.with_name(f"{p.stem}-{ARCHIVE_WORD}-{year}{p.suffix or '.xlsx'}"))


def _plain(value: Any) -> Any:
    """A cell value as compared: a midnight datetime is its date, a whole float an int, blank is None."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def row_key(row: dict[str, Any], headers: Sequence[str]) -> tuple:
    """A row's identity in the archive: its content under the schema's headers."""
    return tuple(repr(_plain(row.get(h))) for h in headers)


def _records(grid: Grid) -> tuple[list[str], list[dict[str, Any]]]:
    """An archive tab's header row (row 1, as we write it) and its rows by header."""
    if not grid:
        return [], []
    headers = [str(h) if not is_blank(h) else "" for h in grid[0]]
    rows = []
    for line in grid[1:]:
        if all(is_blank(v) for v in line):
            continue
        rows.append({h: v for h, v in zip(headers, line, strict=False) if h})
    return headers, rows


def read_archive(path: str) -> dict[str, Grid]:
    """The archive's tabs, empty when the file does not exist yet."""
    if not os.path.exists(path):
        return {}
    data, _ = read_file(path)
    return dict(read_grids(data, path))


def merge_rows(
    existing: dict[str, Grid],
    adding: dict[str, tuple[list[str], list[dict[str, Any]]]],
    keys: dict[str, list[str]],
) -> tuple[dict[str, tuple[list[str], list[dict[str, Any]]]], dict[str, int], dict[str, int]]:
    """Every tab's headers and rows after adding: a row whose content is already there as often is not
    added again (an earlier run stopped after writing the archive). Returns tabs, added and already counts."""
    tabs: dict[str, tuple[list[str], list[dict[str, Any]]]] = {t: _records(g) for t, g in existing.items()}
    added: dict[str, int] = {}
    already: dict[str, int] = {}
    for title, (headers, rows) in adding.items():
        old_headers, old_rows = tabs.get(title, ([], []))
        merged = [h for h in old_headers if h] + [h for h in headers if h and h not in old_headers]
        present = Counter(row_key(r, keys[title]) for r in old_rows)
        new_rows = list(old_rows)
        for row in rows:
            key = row_key(row, keys[title])
            if present[key]:
                present[key] -= 1
                already[title] = already.get(title, 0) + 1
            else:
                new_rows.append(row)
                added[title] = added.get(title, 0) + 1
        tabs[title] = (merged, new_rows)
    return tabs, added, already


def write_archive(path: str, tabs: dict[str, tuple[list[str], list[dict[str, Any]]]], widths: dict[str, int]) -> None:
    """Write the whole archive workbook atomically (temporary file beside it, fsync, rename)."""
    write_plain_xlsx(
        path,
        {
            title: (
                headers,
                [[_plain(row.get(h)) for h in headers] for row in rows],
                [widths.get(h, 12) for h in headers],
            )
            for title, (headers, rows) in tabs.items()
        },
    )


def by_header(
    grid: Grid, header_at: int, numbers: Sequence[int], known: Sequence[str]
) -> tuple[list[str], list[dict[str, Any]]]:
    """The header row's texts (a schema header as the schema spells it) and the given sheet rows (1-based)
    of a grid as rows by header."""
    canonical = {header_key(h): h for h in known}
    headers = ["" if is_blank(h) else canonical.get(header_key(h), str(h).strip()) for h in grid[header_at]]
    seen: set[str] = set()
    unique = []
    for h in headers:  # a repeated header keeps its leftmost column (as the reader does)
        key = header_key(h)
        unique.append(h if key and key not in seen else "")
        seen.add(key)
    rows = []
    for n in numbers:
        line = grid[n - 1] if n - 1 < len(grid) else []
        rows.append({h: v for h, v in zip(unique, line, strict=False) if h and not is_blank(v)})
    return [h for h in unique if h], rows
