"""归档摘要 read back as contacts: the kept rows join 走访记录 so every rule answers as before the archive."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from functions.care.archive_keep import kept_contacts
from functions.domain.archive_summary import CUTOFF, archive_cutoff
from functions.domain.care_context import counts_as_contact
from functions.domain.model import Record
from functions.domain.schema import default_schema
from functions.domain.table import Row
from functions.domain.tabs import ARCHIVE_SUMMARY, CONTACTS
from functions.domain.workbook import Snapshot, SystemRows
from functions.validation.cells import parse_table
from functions.validation.validate import Validation

REASON = "保留原因"
NUMBER_BASE = 10_000_000  # kept rows get negative numbers: never a 走访记录 row, and older on the same day
RAW_COLUMNS = ("方式", "缺少陪伴", "被冷落", "与人隔绝", "需跟进", "身体状况", "居住安全", "家人照料", "需求转介")


def summary_entries(snapshot: Snapshot, today: dt.date) -> list[tuple[Record, Row]]:
    """Each 归档摘要 row as (a contact record, its raw cells); notes about a run have no 老人编号 and no record."""
    table = snapshot.tables.get(ARCHIVE_SUMMARY)
    if table is None or not table.rows:
        return []
    records, _ = parse_table(default_schema()[ARCHIVE_SUMMARY], table, today, {})
    contact_headers = set(default_schema()[CONTACTS].headers)
    found = []
    for parsed, raw in zip(records, table.rows, strict=True):
        values = {k: v for k, v in parsed.items() if k in contact_headers}
        record = Record(parsed.number - NUMBER_BASE, values, parsed.bad & contact_headers, tab=CONTACTS)
        found.append((record, raw))
    return found


def content_key(record: Record, raw: dict[str, Any]) -> tuple[str, ...]:
    """A contact's identity as 归档摘要 keeps it (its row without 归档截止 and 保留原因)."""
    return tuple(repr(v.strip() if isinstance(v, str) else v) for v in summary_row(record, raw, None, "")[2:])


def not_kept_twice(kept: list[tuple[Record, Row]], others: list[tuple[Record, Row]]) -> list[tuple[Record, Row]]:
    """`others` without the contacts `kept` already holds (counted: two identical rows stay two)."""
    seen = Counter(content_key(record, raw) for record, raw in kept)
    found = []
    for record, raw in others:
        key = content_key(record, raw)
        if seen[key]:
            seen[key] -= 1
        else:
            found.append((record, raw))
    return found


def merge_archived(validation: Validation, snapshot: Snapshot, today: dt.date) -> None:
    """Put the kept contacts in front of 走访记录's (they are older than every row left there). A kept contact
    still in 走访记录 (an online sheet's archive stopped between writing 归档摘要 and deleting the rows) counts once."""
    kept = [(r, raw) for r, raw in summary_entries(snapshot, today) if counts_as_contact(r, today)]
    if not kept:
        return
    contacts = validation.parsed.get(CONTACTS, [])
    cutoff = archive_cutoff(snapshot.tables.get(ARCHIVE_SUMMARY))
    old = [r for r in contacts if cutoff is not None and isinstance(r["日期"], dt.date) and r["日期"] < cutoff]
    if old:
        raws = {row.number: row for row in snapshot.rows(CONTACTS)}
        live = [(r, raws[r.number]) for r in old if r.number in raws]
        kept = not_kept_twice(live, kept)
    validation.parsed[CONTACTS] = [record for record, _ in kept] + contacts


def summary_row(record: Record, raw: dict[str, Any], cutoff: Any, reason: str) -> list[Any]:
    """One 归档摘要 row: the answers as typed (an unreadable one stays unreadable), codes as parsed."""
    values: dict[str, Any] = {
        CUTOFF: cutoff,
        REASON: reason,
        "日期": record["日期"],
        "老人编号": record["老人编号"],
        "志愿者编号": record["志愿者编号"],
    }
    for column in RAW_COLUMNS:
        values[column] = raw.get(column) if raw.get(column) is not None else record[column]
    return [values.get(h) for h in default_schema()[ARCHIVE_SUMMARY].headers]


def new_summary(
    previous: list[tuple[Record, Row]],
    moved: list[tuple[Record, Row]],
    before: dt.date,
    note: str,
    today: dt.date,
) -> SystemRows:
    """归档摘要 after this run: the notes of every run (newest first), then each elder's kept contacts
    chosen again from what was kept before and what moves now (by elder, oldest first)."""
    width = len(default_schema()[ARCHIVE_SUMMARY].headers)
    notes = [[before, note] + [None] * (width - 2)]
    notes += [summary_row_note(raw) for record, raw in previous if record["老人编号"] is None]
    moved = not_kept_twice([(r, raw) for r, raw in previous if r["老人编号"] is not None], moved)
    cutoffs: dict[int, Any] = {id(record): raw.get(CUTOFF) for record, raw in previous}
    raws: dict[int, Row] = {id(record): raw for record, raw in previous + moved}
    by_elder: dict[str, list[Record]] = {}
    for record, _ in previous + moved:
        if counts_as_contact(record, today):
            by_elder.setdefault(record["老人编号"], []).append(record)
    rows: SystemRows = []
    for eid in sorted(by_elder):
        contacts = sorted(by_elder[eid], key=lambda r: (r["日期"], r.number))
        for record, reason in kept_contacts(contacts):
            rows.append(summary_row(record, raws[id(record)], cutoffs.get(id(record), before), reason))
    return notes + rows


def summary_row_note(raw: Row) -> list[Any]:
    """A note row of an earlier run, as it was."""
    return [raw.get(h) for h in default_schema()[ARCHIVE_SUMMARY].headers]
