"""The Google Sheets workbook: one spreadsheets.get + one values.batchGet to read, one values.batchUpdate to write."""

from __future__ import annotations

from typing import Any

from gspread.exceptions import APIError

from functions.adapters.gsheets.a1 import quote_title
from functions.adapters.gsheets.errors import refusal
from functions.adapters.gsheets.read_plan import MAX_READ_CELLS, Piece, join_pieces, plan_reads, range_of
from functions.adapters.gsheets.retry import RetryingHTTPClient, RetryPolicy
from functions.adapters.gsheets.session import make_client, share_address
from functions.adapters.gsheets.tab_layout import TabLayout
from functions.adapters.gsheets.values import snapshot_of, tab_grid
from functions.adapters.journal.file_journal import FileJournal, journal_in_instance
from functions.domain.archive_summary import ArchiveOutcome, ArchivePlan
from functions.domain.cell_limits import GOOGLE_CELL_CHARS, fit_rows
from functions.domain.schema import Schema, default_schema
from functions.domain.workbook import Snapshot, SystemRows

META_FIELDS = "spreadsheetId,properties.title,sheets.properties(sheetId,title,index,gridProperties)"
READ_PARAMS = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "SERIAL_NUMBER",
    "majorDimension": "ROWS",
}
DOCS_URL = "https://docs.google.com/spreadsheets/d/"


def _layouts(meta: dict[str, Any]) -> dict[str, TabLayout]:
    out = {}
    for sheet in meta.get("sheets", []):
        props = sheet.get("properties", {})
        grid = props.get("gridProperties", {})
        out[props.get("title", "")] = TabLayout(
            props.get("sheetId", 0), grid.get("rowCount", 0), grid.get("columnCount", 0)
        )
    return out


class GoogleSheetsWorkbook:
    """A Google Sheets spreadsheet as a Workbook (see functions/domain/workbook.py)."""

    def __init__(
        self,
        spreadsheet_id: str,
        policy: RetryPolicy | None = None,
        schema: Schema | None = None,
        emulator_host: str | None = None,  # SHEETS_EMULATOR_HOST: the offline fake instead of Google
    ):
        self.spreadsheet_id = spreadsheet_id
        self.emulator_host = emulator_host
        self.location = f"gsheets:{spreadsheet_id}"
        self.policy = policy
        self.schema = schema or default_schema()
        self._client: RetryingHTTPClient | None = None
        self.credentials: Any = None  # google-auth credentials; None under the emulator
        self.layouts: dict[str, TabLayout] = {}
        self.read_cells = MAX_READ_CELLS  # cells a values.batchGet may answer with (tests set it smaller)
        self.known_archives: dict[int, str] | None = None  # archive --before: year → archive spreadsheet ID

    # --- transport -------------------------------------------------------------------------------
    @property
    def client(self) -> RetryingHTTPClient:
        """gspread's HTTP client (with our retries), made on first use."""
        if self._client is None:
            self._client, self.credentials = make_client(self.policy, self.emulator_host)
        return self._client

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call a gspread HTTPClient method; API errors become one-line WorkbookErrors."""
        try:
            return getattr(self.client, method)(self.spreadsheet_id, *args, **kwargs)
        except APIError as exc:  # the address is looked up now: the failed call has refreshed the credentials
            raise refusal(
                self.spreadsheet_id, exc.response.status_code, exc.error, lambda: share_address(self.credentials)
            ) from None

    def metadata(self, fields: str = META_FIELDS) -> dict[str, Any]:
        """spreadsheets.get with a fields mask; remembers each tab's gid and grid size."""
        meta = self.call("spreadsheets_get", params={"fields": fields})
        self.layouts = _layouts(meta)
        return meta

    def batch_get(self, titles: list[str]) -> dict[str, list[list[Any]]]:
        """values.batchGet of whole tabs (unformatted, serial dates), in as many requests as MAX_READ_CELLS
        needs (one for a community of today's size); remembers how far each tab reaches."""
        if not titles:
            return {}
        sizes = [(t, self.layouts[t].rows, self.layouts[t].cols) for t in titles]
        pieces: dict[str, list[tuple[Piece, list[list[Any]]]]] = {t: [] for t in titles}
        for request in plan_reads(sizes, self.read_cells):
            ranges = [range_of(piece, self.layouts[piece[0]].rows) for piece in request]
            reply = self.call("values_batch_get", ranges, params=dict(READ_PARAMS))
            for piece, value_range in zip(request, reply.get("valueRanges", []), strict=False):
                pieces[piece[0]].append((piece, value_range.get("values", [])))
        grids = {}
        for title in titles:
            grid = join_pieces(pieces[title])
            grids[title] = grid
            layout = self.layouts[title]
            layout.used_rows, layout.used_cols = len(grid), max((len(r) for r in grid), default=0)
        return grids

    # --- Workbook --------------------------------------------------------------------------------
    def read(self) -> Snapshot:
        """Every schema tab in one batch: 2 requests whatever the size."""
        self.metadata()
        present = [t.title for t in self.schema if t.title in self.layouts]
        snapshot = snapshot_of(self.schema, self.batch_get(present), list(self.layouts))
        for title, table in snapshot.tables.items():
            table.sheet_id = self.layouts[title].sheet_id  # for deep links to a row
        return snapshot

    def write(self, system_tabs: dict[str, SystemRows]) -> None:
        """Replace system tabs whole in one RAW values.batchUpdate, clearing what a longer old content left."""
        self.schema.require_system_owned(list(system_tabs))
        if not system_tabs:
            return
        if not self.layouts or any(self.layouts[t].used_rows is None for t in system_tabs if t in self.layouts):
            self.metadata()  # no read before this write: learn the old extents (2 extra requests)
            self.batch_get([t for t in system_tabs if t in self.layouts])
        data = []
        for title, rows in system_tabs.items():
            tab = self.schema[title]
            layout = self.layouts.get(title)
            rows = fit_rows(rows, GOOGLE_CELL_CHARS)
            grid = tab_grid(
                tab.headers, rows, (layout.used_rows or 0) if layout else 0, layout.used_cols if layout else 0
            )
            data.append((title, grid))
        self._make_room(data)
        body = {
            "valueInputOption": "RAW",
            "data": [{"range": f"{quote_title(t)}!A1", "majorDimension": "ROWS", "values": g} for t, g in data],
        }
        self.call("values_batch_update", body=body)
        for title, _grid in data:
            layout = self.layouts[title]
            layout.used_rows = len(system_tabs[title]) + 1
            layout.used_cols = len(self.schema[title].headers)

    def _make_room(self, data: list[tuple[str, list[list[Any]]]]) -> None:
        """Add a missing system tab or grow a grid first (one spreadsheets.batchUpdate, only when needed)."""
        from functions.adapters.gsheets.init import grow_requests

        requests, layouts = grow_requests(self.layouts, [(t, len(g), len(g[0])) for t, g in data])
        if requests:
            self.call("batch_update", {"requests": requests})
            self.layouts.update(layouts)

    def init(self) -> list[str]:
        """Create or upgrade the layout through one spreadsheets.batchUpdate; [] when nothing to change."""
        from functions.adapters.gsheets.init import DEFAULT_TAB, INIT_FIELDS, plan_init

        meta = self.metadata(INIT_FIELDS)
        defaults = [
            s["properties"]["title"]
            for s in meta.get("sheets", [])
            if DEFAULT_TAB.match(s["properties"]["title"]) and s["properties"]["title"] not in self.schema.tabs
        ]
        grids = self.batch_get([t.title for t in self.schema if t.title in self.layouts] + defaults)
        requests, lines = plan_init(self.schema, meta, grids)
        if requests:
            self.call("batch_update", {"requests": requests})
        return lines

    def archive_location(self, year: int) -> str:
        """The archive spreadsheet of a year: an earlier run's, or a new one."""
        from functions.adapters.gsheets.archive import archive_location

        return archive_location(self, year)

    def backup_location(self) -> str:
        """Google Sheets keeps versions itself: the moved rows go to the archive before they are deleted."""
        from functions.adapters.gsheets.archive import BACKUP

        return BACKUP

    def archive(self, plan: ArchivePlan) -> ArchiveOutcome:
        """archive --before: archive spreadsheets per year, 归档摘要, then the rows deleted (see archive.py)."""
        from functions.adapters.gsheets.archive import archive_sheets

        return archive_sheets(self, plan)

    def ledger(self) -> FileJournal:
        """The delivery journal, kept in the instance (the sheet's 运行记录 holds the receipts as well)."""
        return FileJournal(journal_in_instance(self.spreadsheet_id))

    def link(self, title: str, row: int | None = None) -> str | None:
        """A deep link to a row of a tab (or the tab, or the spreadsheet)."""
        url = f"{DOCS_URL}{self.spreadsheet_id}/edit"
        layout = self.layouts.get(title)
        if layout is None:
            return url
        anchor = f"#gid={layout.sheet_id}"
        return url + anchor + (f"&range=A{row}" if row else "")
