"""archive --before on Google Sheets: a spreadsheet per year, then the rows deleted from the bottom up."""

from __future__ import annotations

import re
from typing import Any

from gspread.exceptions import APIError

from functions.adapters.gsheets.a1 import quote_title
from functions.adapters.gsheets.errors import refusal
from functions.adapters.gsheets.values import snapshot_of, to_raw
from functions.adapters.xlsx.append_row import header_columns
from functions.adapters.xlsx.archive_file import by_header, merge_rows
from functions.domain.archive_summary import ArchiveOutcome, ArchivePlan
from functions.domain.serial_dates import serial_to_date
from functions.domain.tabs import ARCHIVE_SUMMARY
from functions.domain.workbook import WorkbookChanged, WorkbookUnavailable

CREATE_URL = "https://sheets.googleapis.com/v4/spreadsheets"
SHARE_URL = "https://www.googleapis.com/drive/v3/files/{}/permissions"
KNOWN = re.compile(r"(\d{4}) 年：gsheets:([A-Za-z0-9_-]+)")
APPEND_ROWS = 10_000  # rows per values.append (about 150,000 cells)
RAW_APPEND = {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"}


BACKUP = "没有另存备份文件：移走的行先放进归档表格，再从原表格删除；原表格可在“文件 → 版本记录”里恢复到归档之前"


def _title(wb: Any) -> str:
    return (wb.metadata().get("properties") or {}).get("title") or "三有"


def archive_location(wb: Any, year: int) -> str:
    """Where a year's rows go: the archive spreadsheet an earlier run made, or a new one (said before acting)."""
    if wb.known_archives is None:
        wb.metadata()
        wb.known_archives = known_archives(wb)
    if year in wb.known_archives:
        return f"gsheets:{wb.known_archives[year]}（已有的 {year} 年归档表格）"
    return f"新建的 Google 表格“{_title(wb)}-归档-{year}”"


def known_archives(wb: Any) -> dict[int, str]:
    """Year → archive spreadsheet ID, from the notes an earlier run left in 归档摘要."""
    if ARCHIVE_SUMMARY not in wb.layouts:
        return {}
    grid = wb.batch_get([ARCHIVE_SUMMARY])[ARCHIVE_SUMMARY]
    found: dict[int, str] = {}
    for line in grid[1:]:
        for year, sid in KNOWN.findall(" ".join(str(v) for v in line[:2])):
            found.setdefault(int(year), sid)
    return found


def _archive_book(wb: Any, spreadsheet_id: str) -> Any:
    """The workbook object of an archive spreadsheet, sharing the main one's client."""
    book = type(wb)(spreadsheet_id, policy=wb.policy, schema=wb.schema, emulator_host=wb.emulator_host)
    book._client, book.credentials = wb.client, wb.credentials
    return book


def _create(wb: Any, title: str, tabs: list[str]) -> str:
    """spreadsheets.create with one tab per archived tab (never retried: a second would be a second file)."""
    body = {
        "properties": {"title": title},
        "sheets": [{"properties": {"title": t, "gridProperties": {"rowCount": 1, "columnCount": 26}}} for t in tabs],
    }
    try:
        return wb.client.request("post", CREATE_URL, json=body).json()["spreadsheetId"]
    except APIError as exc:
        raise refusal(wb.spreadsheet_id, exc.response.status_code, exc.error, lambda: None) from None


def share(wb: Any, file_id: str, addresses: tuple[str, ...], year: int, outcome: ArchiveOutcome) -> None:
    """Give each address edit rights on the archive (Drive permissions.create, Google mails them the link).

    An archive spreadsheet belongs to the service account that made it: unshared, nobody could open it.
    Sharing again is harmless (Drive updates the permission), so every run shares the years it touches:
    a share that failed once is made by the next run. A refusal never undoes the archive; it is reported.
    """
    if not addresses:
        outcome.not_shared[year] = "“设置”里没有书记邮箱"
        return
    message = f"三有：{year} 年归档的走访记录和活动签到（只读存档，请勿删除）"
    params = {"sendNotificationEmail": "true", "emailMessage": message, "supportsAllDrives": "true"}
    for address in addresses:
        body = {"type": "user", "role": "writer", "emailAddress": address}
        try:
            wb.client.request("post", SHARE_URL.format(file_id), params=params, json=body)
        except APIError as exc:
            outcome.not_shared[year] = f"共享给 {address} 时被 Google 拒绝（HTTP {exc.response.status_code}）"
            continue
        except WorkbookUnavailable:  # Drive kept failing past the retries: the next run shares it
            outcome.not_shared[year] = f"共享给 {address} 时 Google 一直没有回应"
            continue
        outcome.shared.setdefault(year, []).append(address)


def _verify(wb: Any, plan: ArchivePlan) -> dict[str, list[list[Any]]]:
    """The moved tabs read again; WorkbookChanged unless every row to move still holds what was read."""
    wb.metadata()
    grids = wb.batch_get(list(plan.moves))
    tables = snapshot_of(wb.schema, grids, list(wb.layouts)).tables
    for title, rows in plan.expected.items():
        now = {r.number: dict(r) for r in tables[title].rows if r.number in rows}
        if any(now.get(n) != dict(row) for n, row in rows.items()):
            raise WorkbookChanged(
                f"“{title}”在读取之后有人改过（增删了行或改了旧记录），这次没有删除任何行；请重新运行：{wb.location}"
            )
    return grids


def _text_dates(wb: Any, title: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Serial numbers in the tab's date columns as 'YYYY-MM-DD' text, the way volunteers type dates."""
    dated = [f.name for f in wb.schema[title].fields if f.type == "date"]
    for row in rows:
        for name in dated:
            value = row.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 2958466:
                row[name] = serial_to_date(value).isoformat()[:10]
    return rows


def _append(book: Any, adding: dict[str, tuple[list[str], list[dict[str, Any]]]], outcome: ArchiveOutcome) -> None:
    """Add the rows an archive spreadsheet does not hold yet (a stopped run's rows are recognised by content)."""
    book.metadata()
    missing = [t for t in adding if t not in book.layouts]  # an earlier year's archive made without this tab
    if missing:
        book.call("batch_update", {"requests": [{"addSheet": {"properties": {"title": t}}} for t in missing]})
        book.metadata()
    existing = book.batch_get(list(adding))
    tabs, added, already = merge_rows(existing, adding, {t: book.schema[t].headers for t in adding})
    for title, (headers, rows) in tabs.items():
        if title not in adding:
            continue
        outcome.appended[title] = outcome.appended.get(title, 0) + added.get(title, 0)
        outcome.already[title] = outcome.already.get(title, 0) + already.get(title, 0)
        old = existing.get(title) or [[]]
        if [h for h in old[0] if h] != headers:
            book.call(
                "values_update",
                f"{quote_title(title)}!A1",
                params={"valueInputOption": "RAW"},
                body={"values": [headers]},
            )
        new = rows[len(rows) - added.get(title, 0) :] if added.get(title) else []
        for start in range(0, len(new), APPEND_ROWS):
            values = [[to_raw(r.get(h)) for h in headers] for r in new[start : start + APPEND_ROWS]]
            book.call("values_append", f"{quote_title(title)}!A1", params=dict(RAW_APPEND), body={"values": values})


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sheet row numbers as (first, last) runs of consecutive rows, the bottom run first."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return [(a, b) for a, b in reversed(runs)]


def archive_sheets(wb: Any, plan: ArchivePlan) -> ArchiveOutcome:
    """Check the rows, record the archives in 归档摘要 (with the kept contacts), fill each year's archive,
    then delete the rows in one batchUpdate from the bottom up, after checking them once more."""
    grids = _verify(wb, plan)
    files = known_archives(wb)
    title = _title(wb)
    for year in plan.years():
        if year not in files:
            files[year] = _create(wb, f"{title}-归档-{year}", list(plan.moves))
    summary = [list(r) for r in plan.system_tabs[ARCHIVE_SUMMARY]]
    summary[0][1] = f"{summary[0][1]}；归档表格 " + "、".join(f"{y} 年：gsheets:{files[y]}" for y in sorted(files))
    wb.write({**plan.system_tabs, ARCHIVE_SUMMARY: summary})  # from now on a re-run finds the archives
    wb.known_archives = dict(files)
    outcome = ArchiveOutcome(
        backup=BACKUP,
        files={y: f"gsheets:{files[y]}" for y in plan.years()},
    )
    for year in plan.years():
        adding = {}
        for tab, rows in plan.moves.items():
            numbers = sorted(n for n, y in rows.items() if y == year)
            if numbers:
                at = header_columns(grids[tab], wb.schema[tab].headers)[0]
                headers, found = by_header(grids[tab], at, numbers, wb.schema[tab].headers)
                adding[tab] = (headers, _text_dates(wb, tab, found))
        _append(_archive_book(wb, files[year]), adding, outcome)
        share(wb, files[year], plan.share_with, year, outcome)
    _verify(wb, plan)
    requests = []
    for tab, rows in plan.moves.items():
        sheet_id = wb.layouts[tab].sheet_id
        for first, last in _runs(list(rows)):
            dimension = {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": first - 1, "endIndex": last}
            requests.append({"deleteDimension": {"range": dimension}})
    if requests:
        wb.call("batch_update", {"requests": requests})
    return outcome
