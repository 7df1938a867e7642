"""Make a fully initialised workbook with given volunteer rows, in either backend, for job-level tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from devtools.sheets_fake import FakeSheets
from functions.adapters.gsheets.backend import GoogleSheetsWorkbook
from functions.adapters.gsheets.retry import RetryPolicy
from functions.domain.workbook import Workbook

BACKENDS = ["xlsx", "gsheets"]
FAST_RETRIES = RetryPolicy(attempts=5, base=0.01, cap=0.05, deadline=5.0, timeout=(2.0, 10.0))
Rows = dict[str, list[list[Any]]]


def make_xlsx(directory: Path, rows: Rows | None) -> Workbook:
    """A new .xlsx workbook (functions.adapters.xlsx.layout) holding rows."""
    from functions.adapters.xlsx.backend import XlsxWorkbook
    from functions.adapters.xlsx.layout import create_workbook

    path = directory / "三有.xlsx"
    create_workbook(path, rows)
    return XlsxWorkbook(str(path))


def init_template(fake: FakeSheets) -> str:
    """An empty spreadsheet brought up to the schema by GoogleSheetsWorkbook.init() (needs the emulator env)."""
    spreadsheet_id = fake.create_spreadsheet({})
    GoogleSheetsWorkbook(spreadsheet_id, policy=FAST_RETRIES, emulator_host=fake.host).init()
    return spreadsheet_id


def make_gsheets(fake: FakeSheets, template_id: str, rows: Rows | None) -> GoogleSheetsWorkbook:
    """A copy of the initialised template with rows typed in under the headers (dates as serial numbers)."""
    spreadsheet_id = fake.copy_spreadsheet(template_id)
    for title, data in (rows or {}).items():
        fake.load_rows(spreadsheet_id, title, data, start_row=1, replace=True)
    fake.reset()
    return GoogleSheetsWorkbook(spreadsheet_id, policy=FAST_RETRIES, emulator_host=fake.host)


# --- Feishu (Lark) Sheets through the offline fake (devtools/feishu_fake) --------------------------------------
BACKENDS.append("feishu")
FAKE_FIXTURES = {"gsheets": "sheets_fake", "feishu": "feishu_fake"}  # the fake a test types into, by backend


def init_feishu_template(fake: Any) -> str:
    """A new Feishu spreadsheet brought up to the schema by FeishuWorkbook.init()."""
    from functions.adapters.feishu.backend import FeishuWorkbook

    token = fake.create_spreadsheet()
    FeishuWorkbook(token, fake.app, policy=FAST_RETRIES).init()
    return token


def make_feishu(fake: Any, template: str, rows: Rows | None) -> Workbook:
    """A copy of the initialised Feishu template with rows typed in under the headers (dates as serial numbers)."""
    from functions.adapters.feishu.backend import FeishuWorkbook

    token = fake.copy_spreadsheet(template)
    for title, data in (rows or {}).items():
        fake.load_rows(token, title, data, start_row=1, replace=True)
    fake.reset()
    return FeishuWorkbook(token, fake.app, policy=FAST_RETRIES)
