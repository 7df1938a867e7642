"""One-tap contacts on Google Sheets: one values.append to 走访记录, the audit line on top of 运行记录."""

from __future__ import annotations

from typing import Any

from functions.adapters.gsheets.a1 import quote_title
from functions.adapters.gsheets.backend import GoogleSheetsWorkbook
from functions.adapters.gsheets.values import convert_serials, to_raw
from functions.adapters.xlsx.append_row import header_columns
from functions.domain.appendable import AppendStatus
from functions.domain.table import HEADER_SCAN_ROWS, build_table
from functions.domain.tabs import CONTACTS, RUNLOG
from functions.domain.workbook import Snapshot
from functions.sheets_out.runlog import MAX_ROWS, previous_rows

IDENTITY = "邮件标识"


class GoogleSheetsConfirmTarget:
    """The ContactAppender of a Google Sheets workbook (4 requests a confirmation)."""

    def __init__(self, workbook: GoogleSheetsWorkbook) -> None:
        self.workbook = workbook
        self.location = workbook.location
        self.schema = workbook.schema

    def read_tabs(self, titles: list[str]) -> Snapshot:
        """spreadsheets.get + one values.batchGet of the named tabs only."""
        self.workbook.metadata()
        present = [t for t in titles if t in self.workbook.layouts]
        grids = self.workbook.batch_get(present)
        snapshot = Snapshot(missing_tabs=[t for t in titles if t not in present])
        for title, grid in grids.items():
            tab = self.schema[title]
            snapshot.tables[title] = build_table(title, grid, tab)
            convert_serials(snapshot.tables[title], tab)
        return snapshot

    def append_contact(self, identity: str, cells: dict[str, Any] | None, audit: list[Any]) -> AppendStatus:
        """Read 运行记录 and 走访记录's header rows, then append (INSERT_ROWS, RAW) and rewrite 运行记录."""
        wb = self.workbook
        wb.metadata()
        head = f"{quote_title(CONTACTS)}!1:{HEADER_SCAN_ROWS}"
        reply = wb.call(
            "values_batch_get", [quote_title(RUNLOG), head], params={"valueRenderOption": "UNFORMATTED_VALUE"}
        )
        runlog_grid, head_grid = (r.get("values", []) for r in reply.get("valueRanges", [{}, {}]))
        wb.layouts[RUNLOG].used_rows = len(runlog_grid)
        wb.layouts[RUNLOG].used_cols = max((len(r) for r in runlog_grid), default=0)
        runlog = build_table(RUNLOG, runlog_grid, self.schema[RUNLOG])
        if identity in {str(r.get(IDENTITY) or "").strip() for r in runlog.rows}:
            return "already"
        if cells:
            _, columns = header_columns(head_grid, self.schema[CONTACTS].headers)
            line: list[Any] = [""] * (max(columns.values(), default=0) + 1)
            for header, value in cells.items():
                if header in columns:
                    line[columns[header]] = to_raw(value)  # a date as 'YYYY-MM-DD' text, as volunteers type it
            body = {"majorDimension": "ROWS", "values": [line]}
            options = {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"}
            wb.call("values_append", quote_title(CONTACTS), params=options, body=body)
        wb.write({RUNLOG: ([audit] + previous_rows(runlog))[:MAX_ROWS]})
        return "written"
