"""Read an xlsx file's bytes in one go and map every tab onto the schema with python-calamine."""

from __future__ import annotations

import hashlib
import io
import os
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from python_calamine import CalamineWorkbook

from functions.adapters.xlsx.ahead import ahead as ahead_of
from functions.adapters.xlsx.ahead import worker_count
from functions.adapters.xlsx.columns import ColumnGatherer, sheet_columns
from functions.adapters.xlsx.rows_ahead import RowsAhead
from functions.adapters.xlsx.slice_parse import open_package
from functions.adapters.xlsx.slices import BigSheets, NotSliceable, big_sheets
from functions.domain.heap import tune_heap_for_reading
from functions.domain.read_ahead import ParseAhead
from functions.domain.schema import Schema
from functions.domain.table import table_from_columns
from functions.domain.workbook import Snapshot, WorkbookError


@dataclass(frozen=True)
class Fingerprint:
    """What the file on disk was when read: size, mtime and content hash."""

    size: int
    mtime_ns: int
    sha256: str

    def same_content(self, other: Fingerprint) -> bool:
        """True when both fingerprints describe the same bytes."""
        return self.size == other.size and self.sha256 == other.sha256


STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/"


def is_strict_ooxml(data: bytes) -> bool:
    """True for a Strict Open XML package (its relationships and workbook use the purl.oclc.org namespaces)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            parts = [n for n in ("_rels/.rels", "xl/workbook.xml") if n in names]
            return any(STRICT_NAMESPACE in package.read(n)[:4096] for n in parts)
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def read_file(path: str) -> tuple[bytes, Fingerprint]:
    """The file's bytes and fingerprint; WorkbookError with a one-line Chinese reason when it cannot be read."""
    try:
        with open(path, "rb") as f:
            stat = os.fstat(f.fileno())
            data = f.read()
    except FileNotFoundError:
        raise WorkbookError(f"找不到工作簿文件：{path}") from None
    except IsADirectoryError:
        raise WorkbookError(f"这是一个文件夹，不是工作簿文件：{path}") from None
    except PermissionError:
        raise WorkbookError(f"没有权限读取工作簿文件：{path}") from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(not_xlsx(path))
    if is_strict_ooxml(data):
        raise WorkbookError(
            f"这是“Strict Open XML”格式的工作簿，系统不能安全地写入它；"
            f"请在表格软件里“另存为”普通的 Excel 工作簿（.xlsx）后再运行：{path}"
        )
    return data, Fingerprint(len(data), stat.st_mtime_ns, hashlib.sha256(data).hexdigest())


def not_xlsx(path: str) -> str:
    """Why the file cannot be read, and what to do: save it again as .xlsx."""
    kind = {".csv": " CSV 文件", ".xls": "旧版 .xls 工作簿", ".et": " WPS 的 .et 表格", ".ods": " ODS 表格"}.get(
        os.path.splitext(str(path))[1].lower()
    )
    what = f"这是{kind}，不是 xlsx 工作簿" if kind else "这不是 xlsx 工作簿（可能是 .xls、.csv 或文件已损坏）"
    return f"{what}：{path}。请用 Excel 或 WPS 打开它，“另存为” .xlsx 格式后再用新文件。"


def _sheet_grid(sheet: Any) -> list[list[Any]]:
    """The sheet's cells from A1 (grid row i = sheet row i + 1), cleaned as the night's columns are
    (sheet_columns: equal values shared, blank text None, whole floats int), as rows."""
    return [list(row) for row in zip(*sheet_columns(iter([sheet])), strict=True)]


def read_grids(data: bytes | io.BytesIO, path: str) -> Iterator[tuple[str, list[list[Any]]]]:
    """Every worksheet's title and cells, one sheet at a time (only one grid is alive at once)."""
    book, names = _open_book(data, path)
    for name in names:
        try:
            grid = _sheet_grid(book.get_sheet_by_name(name))
        except Exception as exc:
            raise WorkbookError(not_xlsx(path)) from exc
        yield name, grid


def _open_book(data: bytes | io.BytesIO, path: str) -> tuple[CalamineWorkbook, list[str]]:
    try:
        book = open_package(data)
        return book, [m.name for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")]
    except Exception as exc:  # calamine raises several types (ZipError, XmlError, CalamineError …)
        raise WorkbookError(not_xlsx(path)) from exc


def read_snapshot(
    data: bytes | io.BytesIO, path: str, schema: Schema, parse_ahead: ParseAhead | None = None
) -> tuple[Snapshot, set[str]]:
    """Every schema tab as a Table, read column by column; a big sheet slice by slice (slices.py), its
    fetching formulas found on the way. Also returns the titles whose formulas were so scanned.

    parse_ahead: a job's parser for the big sheets' rows, fed as each slice comes in (rows_ahead.py); the
    tabs it needs are then read first, the big sheets last.
    """
    book, names = _open_book(data, path)
    raw = data.getvalue() if isinstance(data, io.BytesIO) else data
    snapshot = Snapshot()
    snapshot.other_tabs = [n for n in names if n not in schema.tabs]
    snapshot.missing_tabs = [t.title for t in schema if t.title not in names]  # known now: parse_ahead asks
    tabs = [n for n in names if n in schema.tabs]
    with big_sheets(raw, tabs) as big:
        order = _read_order(tabs, big, parse_ahead)
        for name, gathered, ahead in _tab_columns(order, book, big, path, snapshot, schema, parse_ahead):
            table = ahead.table(gathered) if ahead is not None else None
            if table is None:
                table = table_from_columns(name, gathered.columns, schema[name], every_value=gathered.every_value())
                if ahead is not None:
                    ahead.attach(table)
            snapshot.tables[name] = table
            del gathered
        snapshot.fetching_formulas = {title: cells for title, cells in big.formulas.items() if cells}
        scanned = set(big.formulas)
    snapshot.tables = {n: snapshot.tables[n] for n in tabs if n in snapshot.tables}  # the workbook's order
    return snapshot, scanned


def _read_order(tabs: list[str], big: BigSheets, parse_ahead: ParseAhead | None) -> list[str]:
    """The workbook's order; with a parser ahead, the tabs it needs first (big or not) and the other big sheets
    last."""
    if parse_ahead is None or not big.parts:
        return tabs
    return sorted(tabs, key=lambda n: 0 if n in parse_ahead.needs else 2 if n in big.parts else 1)


_START = object()  # a tab's cells begin (again, after a big sheet turned out not to be sliceable)


def _tab_columns(
    tabs: list[str],
    book: CalamineWorkbook,
    big: BigSheets,
    path: str,
    snapshot: Snapshot,
    schema: Schema,
    parse_ahead: ParseAhead | None,
) -> Iterator[tuple[str, ColumnGatherer, RowsAhead | None]]:
    """Each tab's cleaned columns (gathered: index 0 = row 1, with each column's every value when known), in
    order, and the RowsAhead that fed a big one's rows to parse_ahead as they came (snapshot: the tabs so far).

    calamine lets go of the GIL while it parses, so worker threads parse the next slices and tabs while
    this thread turns the last one into columns: the parse, most of the read, runs on the other cores.
    """
    tune_heap_for_reading()
    name, gathered, ahead = "", ColumnGatherer(), None
    parsed = ahead_of(_sheet_jobs(tabs, book, big), worker_count())
    try:
        while True:
            try:
                got = next(parsed, None)
                if got is None:
                    break
                title, sheet = got
                del got
                if sheet is not _START:
                    gathered.add(sheet)  # it drops the parsed cells once they are rows
                    if ahead is not None:
                        ahead.after_slice(gathered)
                    continue
                del sheet
            except Exception as exc:  # calamine raises several types (ZipError, XmlError, CalamineError …)
                raise WorkbookError(not_xlsx(path)) from exc
            if name and title != name:
                yield name, gathered, ahead
            fresh = parse_ahead is not None and title in big.parts and title != name  # not a restart
            ahead = RowsAhead(parse_ahead, snapshot, title, schema[title]) if fresh else None
            name, gathered = title, ColumnGatherer()
    finally:
        parsed.close()  # on an error too: the workers stop now, not when the traceback is collected
    if name:
        yield name, gathered, ahead


def _sheet_jobs(tabs: list[str], book: CalamineWorkbook, big: BigSheets) -> Iterator[Callable[[], tuple[str, Any]]]:
    """Each tab's _START, then a parse of each of its slices when it is big, else of the whole sheet."""
    whole = partial(_locked_sheet, book, threading.Lock())  # one parse at a time per workbook (pyo3 borrows it)
    for name in tabs:
        yield partial(_titled, name, _started)
        if name in big.parts:
            try:
                yield from (partial(_titled, name, parse) for parse in big.slice_parsers(name))
                continue
            except NotSliceable:
                big.formulas.pop(name, None)  # its formulas are then looked for with the small tabs', all of them
                yield partial(_titled, name, _started)  # rows without numbers: read the whole sheet at once
        yield partial(_titled, name, partial(whole, name))


def _titled(title: str, job: Callable[[], Any]) -> tuple[str, Any]:
    return title, job()


def _locked_sheet(book: CalamineWorkbook, lock: threading.Lock, name: str) -> Any:
    with lock:
        return book.get_sheet_by_name(name)


def _started() -> object:
    return _START
