"""The Feishu Sheets workbook: a tab list + chunked values_batch_get to read, one values_batch_update to write."""

from __future__ import annotations

import base64
from typing import Any

from functions.adapters.feishu.app import FEISHU_BASE, LARK_BASE, FeishuApp
from functions.adapters.feishu.client import FeishuAPIError, FeishuClient
from functions.adapters.feishu.errors import TOO_LARGE, refusal
from functions.adapters.feishu.ranges import Span, read_batches, trim_grid, write_batches, write_ranges
from functions.adapters.feishu.tab_info import TabInfo
from functions.adapters.gsheets.retry import RetryPolicy
from functions.adapters.gsheets.values import snapshot_of, tab_grid
from functions.adapters.journal.file_journal import FileJournal, journal_in_instance
from functions.domain.cell_limits import FEISHU_CELL_CHARS, fit_rows
from functions.domain.schema import Schema, default_schema
from functions.domain.workbook import Snapshot, SystemRows, WorkbookError

SHEETS_V2, SHEETS_V3 = "/open-apis/sheets/v2/spreadsheets/", "/open-apis/sheets/v3/spreadsheets/"
# UnformattedValue: formulas computed, numbers and dates unformatted (dates as serial numbers: no
# dateTimeRenderOption), like Google's UNFORMATTED_VALUE + SERIAL_NUMBER.
READ_PARAMS = {"valueRenderOption": "UnformattedValue"}
WEB_HOSTS = {FEISHU_BASE: "https://feishu.cn", LARK_BASE: "https://larksuite.com"}


class FeishuWorkbook:
    """A Feishu / Lark spreadsheet as a Workbook (see functions/domain/workbook.py)."""

    def __init__(
        self,
        token: str,
        app: FeishuApp | None = None,
        policy: RetryPolicy | None = None,
        schema: Schema | None = None,
        web: str | None = None,
    ) -> None:
        self.spreadsheet_id = token  # the spreadsheet token (same attribute name as the Google backend)
        self.location = f"feishu:{token}"
        self.app = app or FeishuApp("", "")
        self.policy = policy
        self.schema = schema or default_schema()
        self.web = (web or WEB_HOSTS.get(self.app.base_url.rstrip("/"), self.app.base_url)).rstrip("/")
        self._client: FeishuClient | None = None
        self.tabs: dict[str, TabInfo] = {}

    # --- transport -------------------------------------------------------------------------------
    @property
    def client(self) -> FeishuClient:
        """The open-API client, made on first use (it checks the credentials)."""
        if self._client is None:
            self._client = FeishuClient(self.app, self.policy)
        return self._client

    def call(self, method: str, path: str, params: dict | None = None, body: Any = None, unsafe: bool = False) -> dict:
        """Call an endpoint of this spreadsheet (path relative to it); refusals become one-line WorkbookErrors."""
        version = SHEETS_V3 if path.startswith("sheets/") else SHEETS_V2
        try:
            return self.client.call(method, f"{version}{self.spreadsheet_id}/{path}", params, body, unsafe)
        except FeishuAPIError as exc:
            raise refusal(self.spreadsheet_id, exc) from None

    def metadata(self) -> dict[str, TabInfo]:
        """The tab list (sheets/query): each tab's sheet id, grid size and frozen rows."""
        sheets = self.call("GET", "sheets/query").get("sheets", [])
        self.tabs = {}
        for sheet in sorted(sheets, key=lambda s: s.get("index", 0)):
            grid = sheet.get("grid_properties") or {}
            self.tabs[sheet.get("title", "")] = TabInfo(
                str(sheet.get("sheet_id", "")),
                int(grid.get("row_count", 0)),
                int(grid.get("column_count", 0)),
                int(grid.get("frozen_row_count", 0)),
            )
        return self.tabs

    def batch_get(self, titles: list[str]) -> dict[str, list[list[Any]]]:
        """Whole tabs in as few values_batch_get requests as the reply-size limit allows."""
        wanted = [(t, self.tabs[t].sheet_id, self.tabs[t].rows, self.tabs[t].cols) for t in titles]
        grids: dict[str, list[list[Any]]] = {t: [] for t in titles}
        for batch in read_batches(wanted):
            self._get_spans(batch, grids)
        for title in titles:
            grid = trim_grid(grids[title])
            grids[title] = grid
            info = self.tabs[title]
            info.used_rows, info.used_cols = len(grid), max((len(r) for r in grid), default=0)
        return grids

    def _get_spans(self, spans: list[Span], grids: dict[str, list[list[Any]]]) -> None:
        params = dict(READ_PARAMS, ranges=",".join(s.a1 for s in spans))
        try:
            reply = self.client.call("GET", f"{SHEETS_V2}{self.spreadsheet_id}/values_batch_get", params)
        except FeishuAPIError as exc:
            if exc.code not in TOO_LARGE or (len(spans) == 1 and spans[0].first == spans[0].last):
                raise refusal(self.spreadsheet_id, exc) from None
            # long cells made the reply too big: ask for half as much at a time
            halves = [spans[: len(spans) // 2], spans[len(spans) // 2 :]] if len(spans) > 1 else [spans[0].halves()]
            for half in halves:
                self._get_spans(half, grids)
            return
        for span, value_range in zip(spans, reply.get("valueRanges", []), strict=False):
            grid = grids[span.title]
            values = value_range.get("values") or []
            need = span.first - 1 + len(values)
            grid.extend([] for _ in range(need - len(grid)))
            for i, row in enumerate(values):
                grid[span.first - 1 + i] = list(row or [])

    # --- Workbook --------------------------------------------------------------------------------
    def read(self) -> Snapshot:
        """Every schema tab: the tab list plus one values_batch_get per 500,000 grid cells."""
        self.metadata()
        present = [t.title for t in self.schema if t.title in self.tabs]
        return snapshot_of(self.schema, self.batch_get(present), list(self.tabs))

    def write(self, system_tabs: dict[str, SystemRows]) -> None:
        """Replace system tabs whole in one values_batch_update of plain values, clearing longer old content."""
        self.schema.require_system_owned(list(system_tabs))
        if not system_tabs:
            return
        if not self.tabs or any(self.tabs[t].used_rows is None for t in system_tabs if t in self.tabs):
            self.metadata()  # no read before this write: learn the old extents first
            self.batch_get([t for t in system_tabs if t in self.tabs])
        grids = {}
        system_tabs = {title: fit_rows(rows, FEISHU_CELL_CHARS) for title, rows in system_tabs.items()}
        for title, rows in system_tabs.items():
            info = self.tabs.get(title)
            old_rows, old_cols = ((info.used_rows or 0), info.used_cols) if info else (0, 0)
            grids[title] = tab_grid(self.schema[title].headers, rows, old_rows, old_cols)
        from functions.adapters.feishu.init import make_room

        make_room(self, {t: (len(g), len(g[0])) for t, g in grids.items()})
        try:
            ranges = [item for t, g in grids.items() for item in write_ranges(self.tabs[t].sheet_id, t, g)]
        except ValueError:
            raise WorkbookError("系统表的内容超过飞书一次写入 100 列的上限：请删除系统表右侧多余的列后再运行") from None
        for batch in write_batches(ranges):
            body = {"valueRanges": [{"range": span.a1, "values": values} for span, values in batch]}
            self.call("POST", "values_batch_update", body=body)
        for title in system_tabs:
            self.tabs[title].used_rows = len(system_tabs[title]) + 1
            self.tabs[title].used_cols = len(self.schema[title].headers)

    def init(self) -> list[str]:
        """Create or upgrade the layout (tabs, headers, 设置, 说明, frozen rows, dropdowns, protection)."""
        from functions.adapters.feishu.init import run_init

        return run_init(self)

    def ledger(self) -> FileJournal:
        """The delivery journal, kept in the instance (the sheet's 运行记录 holds the receipts as well)."""
        return FileJournal(journal_in_instance(f"feishu-{self.spreadsheet_id}"))

    def link(self, title: str, row: int | None = None) -> str | None:
        """A link to the spreadsheet, its tab, or a row of it (range=base64 of the cell, as Feishu's cell links)."""
        url = f"{self.web}/sheets/{self.spreadsheet_id}"
        info = self.tabs.get(title)
        if info is None:
            return url
        url += f"?sheet={info.sheet_id}"
        if row:
            url += "&range=" + base64.urlsafe_b64encode(f"A{row}".encode()).decode().rstrip("=")
        return url


def open_feishu(token: str, app: FeishuApp | None) -> FeishuWorkbook:
    """The workbook for a feishu:TOKEN spec; without credentials it says which variables to set."""
    if app is None:
        raise WorkbookError("要使用飞书表格，请设置环境变量 FEISHU_APP_ID 和 FEISHU_APP_SECRET")
    return FeishuWorkbook(token, app)
