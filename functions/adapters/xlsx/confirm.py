"""One-tap contacts on a local .xlsx: appended under the workbook lock, queued beside it while it is open."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from functions.adapters.xlsx.append_row import append_row_xml, header_columns, next_row_number
from functions.adapters.xlsx.backend import workbook_dates
from functions.adapters.xlsx.columns import sheet_columns
from functions.adapters.xlsx.file_lock import exclusive_lock
from functions.adapters.xlsx.guard import check_writable
from functions.adapters.xlsx.package import Package
from functions.adapters.xlsx.read import _sheet_grid, read_file
from functions.adapters.xlsx.sheetxml import splice_sheet_data
from functions.domain.appendable import AppendStatus
from functions.domain.gc_pause import collector_paused
from functions.domain.schema import Schema, default_schema
from functions.domain.table import build_table, table_from_columns
from functions.domain.tabs import CONTACTS, RUNLOG
from functions.domain.workbook import Snapshot, WorkbookError
from functions.sheets_out.runlog import MAX_ROWS, previous_rows

IDENTITY = "邮件标识"


def queue_path(path: str) -> Path:
    """The journal of confirmations waiting while a spreadsheet program holds the workbook."""
    p = Path(path)
    return p.with_name(f".{p.name}.待写入确认.jsonl")


def _queued(path: str) -> list[dict[str, Any]]:
    try:
        lines = queue_path(path).read_text("utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in lines if line.strip()]


def _encode(cells: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if cells is None else {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in cells.items()}


def _decode(cells: dict[str, Any] | None) -> dict[str, Any] | None:
    if cells is None:
        return None
    return {k: dt.date.fromisoformat(v) if k == "日期" else v for k, v in cells.items()}


class XlsxConfirmTarget:
    """The ContactAppender of a local workbook."""

    def __init__(self, path: str, schema: Schema | None = None) -> None:
        self.location = path
        self.schema = schema or default_schema()

    def read_tabs(self, titles: list[str]) -> Snapshot:
        """Only the named sheets (calamine reads one sheet without parsing the others)."""
        data, _ = read_file(self.location)
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        present = [t for t in titles if t in book.sheet_names]
        snapshot = Snapshot()
        with collector_paused():  # column by column, as the night reads (read.py)
            for title in present:
                columns = sheet_columns(iter([book.get_sheet_by_name(title)]))
                if title in self.schema.tabs:
                    snapshot.tables[title] = table_from_columns(title, columns, self.schema[title])
                else:
                    snapshot.other_tabs.append(title)
        snapshot.missing_tabs = [t for t in titles if t not in present]
        return snapshot

    def append_contact(self, identity: str, cells: dict[str, Any] | None, audit: list[Any]) -> AppendStatus:
        """Apply anything queued, then this one; queue it instead while the workbook is open elsewhere."""
        if any(entry["identity"] == identity for entry in _queued(self.location)):
            return "already"
        try:
            check_writable(self.location)
        except WorkbookError:
            self._queue({"identity": identity, "cells": _encode(cells), "audit": audit})
            return "queued"
        entries = [dict(e, cells=_decode(e["cells"])) for e in _queued(self.location)]
        entries.append({"identity": identity, "cells": cells, "audit": audit})
        with exclusive_lock(self.location):
            written = self._apply(entries)
            queue_path(self.location).unlink(missing_ok=True)
        return "written" if identity in written else "already"

    def flush(self) -> int:
        """Write queued confirmations when the workbook can be written; how many were written."""
        if not _queued(self.location):
            return 0
        try:
            check_writable(self.location)
        except WorkbookError:
            return 0
        entries = [dict(e, cells=_decode(e["cells"])) for e in _queued(self.location)]
        with exclusive_lock(self.location):
            written = self._apply(entries)
            queue_path(self.location).unlink(missing_ok=True)
        return len(written)

    def _queue(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
        fd = os.open(queue_path(self.location), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def _apply(self, entries: list[dict[str, Any]]) -> set[str]:
        """One atomic save: new contact rows appended, audit lines on top of 运行记录; identities written."""
        data, _ = read_file(self.location)
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        pkg = Package(data)
        contacts_ref, runlog_ref = pkg.sheet(CONTACTS), pkg.sheet(RUNLOG)
        if contacts_ref is None or runlog_ref is None:
            raise WorkbookError(f"工作簿里没有“{CONTACTS}”或“{RUNLOG}”表，请先运行 init：{self.location}")
        runlog = build_table(RUNLOG, _sheet_grid(book.get_sheet_by_name(RUNLOG)), self.schema[RUNLOG])
        seen = {str(r.get(IDENTITY) or "").strip() for r in runlog.rows}
        grid = _sheet_grid(book.get_sheet_by_name(CONTACTS))
        header_at, columns = header_columns(grid, self.schema[CONTACTS].headers)
        row_number = next_row_number(grid, header_at)
        dates = workbook_dates(pkg)
        contacts_xml, audits, written = pkg.text(contacts_ref.part), [], set()
        for entry in entries:
            if entry["identity"] in seen:
                continue
            seen.add(entry["identity"])
            if entry["cells"]:
                cells = {columns[h]: v for h, v in entry["cells"].items() if h in columns}
                contacts_xml = append_row_xml(contacts_xml, row_number, cells, dates)
                row_number += 1
            audits.insert(0, entry["audit"])
            written.add(entry["identity"])
        if not written:
            return written
        rows = (audits + previous_rows(runlog))[:MAX_ROWS]
        pkg.replace(contacts_ref.part, contacts_xml.encode("utf-8"))
        runlog_xml = splice_sheet_data(pkg.text(runlog_ref.part), self.schema[RUNLOG].headers, rows, dates)
        pkg.replace(runlog_ref.part, runlog_xml.encode("utf-8"))
        pkg.drop_calc_chain()
        pkg.save(self.location)
        return written
