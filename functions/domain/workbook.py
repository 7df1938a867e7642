"""The Workbook interface, shaped by the Sheets API, and how a --workbook argument opens one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from functions.domain.table import Table

# A system tab's content: data rows (without the header row) in the schema's header order.
SystemRows = list[list[Any]]


class WorkbookError(Exception):
    """The workbook cannot be read or written; the message is one line for a person."""


class WorkbookChanged(WorkbookError):
    """The workbook changed since it was read: re-read and retry, never clobber."""


class WorkbookUnavailable(WorkbookError):
    """The workbook's service kept failing for now (quota, 5xx, network): worth retrying later."""


@dataclass
class Snapshot:
    """Every tab as read in one batch."""

    tables: dict[str, Table] = field(default_factory=dict)  # by tab title, schema tabs only
    missing_tabs: list[str] = field(default_factory=list)  # schema tabs the workbook lacks
    other_tabs: list[str] = field(default_factory=list)  # tabs the schema does not know

    def rows(self, title: str) -> list:
        """The rows of a tab, empty when the tab is missing."""
        table = self.tables.get(title)
        return table.rows if table else []


class Workbook(Protocol):
    """A spreadsheet holding every tab: read all in one batch, write system tabs in one batch."""

    location: str

    def read(self) -> Snapshot:
        """Read every tab in one batch."""
        ...

    def write(self, system_tabs: dict[str, SystemRows]) -> None:
        """Replace the named system-owned tabs whole, in one batch."""
        ...

    def init(self) -> list[str]:
        """Create or upgrade the layout; return what changed, in Chinese, one line each."""
        ...

    def link(self, title: str, row: int | None = None) -> str | None:
        """A link to the workbook, or straight to a row of a tab, where the backend has one."""
        ...


def open_workbook(spec: str, feishu: Any = None) -> Workbook:
    """Open a workbook from an .xlsx path, gsheets:ID or a Google Sheets URL, feishu:TOKEN or a Feishu / Lark
    sheet URL (feishu: the app credentials, functions.adapters.feishu.client.FeishuApp, from the config)."""
    from functions.domain.feishu_url import FeishuSpecError, parse_feishu_spec
    from functions.domain.sheets_url import parse_sheets_spec

    try:
        token = parse_feishu_spec(spec)
    except FeishuSpecError as exc:
        raise WorkbookError(str(exc)) from None
    if token is not None:
        from functions.adapters.feishu.backend import open_feishu

        return open_feishu(token, feishu)
    spreadsheet_id = parse_sheets_spec(spec)
    if spreadsheet_id is not None:
        from functions.adapters.gsheets.backend import GoogleSheetsWorkbook

        return GoogleSheetsWorkbook(spreadsheet_id)
    from functions.adapters.xlsx.backend import XlsxWorkbook

    return XlsxWorkbook(spec)
