"""Pure conversions between Sheets API values and the table model: serial dates in, RAW text out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from functions.domain.schema import Schema, TabSchema
from functions.domain.serial_dates import serial_to_date
from functions.domain.table import Table, build_table
from functions.domain.workbook import Snapshot


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def convert_serials(table: Table, tab: TabSchema) -> None:
    """In date columns only, turn serial numbers into dates (a month column into 'YYYY-MM'); all else raw."""
    date_fields = [f.name for f in tab.fields if f.type in ("date", "month") and f.name in table.columns]
    for row in table.rows:
        for name in date_fields:
            value = row.values.get(name)
            if not _is_number(value) or not 0 < value < 2958466:  # beyond 9999-12-31 is not a date
                continue
            day = serial_to_date(value)
            row.values[name] = day.strftime("%Y-%m") if tab.field(name).type == "month" else day


def to_raw(value: Any) -> Any:
    """A Python value as a RAW cell: dates as 'YYYY-MM-DD' text, None as '', numbers and text as they are."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def tab_grid(headers: list[str], rows: list[list[Any]], old_rows: int, old_width: int) -> list[list[Any]]:
    """Header + rows as RAW cells, padded with '' to the old extent so leftovers are cleared in the same write."""
    grid = [list(headers)] + [[to_raw(v) for v in row] for row in rows]
    width = max(old_width, max(len(r) for r in grid))
    out = [r + [""] * (width - len(r)) for r in grid]
    out.extend([""] * width for _ in range(old_rows - len(out)))
    return out


def snapshot_of(schema: Schema, grids: dict[str, list[list[Any]]], titles: list[str]) -> Snapshot:
    """The Snapshot of grids read from an online sheet (serial dates): schema tabs mapped by header text,
    the missing ones listed, and titles (every tab the sheet has) the schema does not know."""
    snapshot = Snapshot()
    for tab in schema:
        if tab.title not in grids:
            snapshot.missing_tabs.append(tab.title)
            continue
        table = build_table(tab.title, grids[tab.title], tab)
        convert_serials(table, tab)
        snapshot.tables[tab.title] = table
    snapshot.other_tabs = [t for t in titles if t not in schema.tabs]
    return snapshot
