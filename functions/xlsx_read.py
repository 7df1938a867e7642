"""Read an xlsx file's bytes in one go and map every tab onto the schema with python-calamine."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from typing import Any

from python_calamine import CalamineWorkbook

from .schema import Schema
from .table import build_table
from .workbook import Snapshot, WorkbookError


@dataclass(frozen=True)
class Fingerprint:
    """What the file on disk was when read: size, mtime and content hash."""

    size: int
    mtime_ns: int
    sha256: str

    def same_content(self, other: Fingerprint) -> bool:
        """True when both fingerprints describe the same bytes."""
        return self.size == other.size and self.sha256 == other.sha256


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
        raise WorkbookError(f"这不是 xlsx 工作簿（可能是 .xls 或已损坏）：{path}")
    return data, Fingerprint(len(data), stat.st_mtime_ns, hashlib.sha256(data).hexdigest())


def _clean(grid: list[list[Any]]) -> list[list[Any]]:
    """Empty cells become None, whole floats become int; equal values share one object (saves memory)."""
    shared: dict[Any, Any] = {}
    for row in grid:
        for i, value in enumerate(row):
            kind = type(value)
            if kind is str:
                row[i] = shared.setdefault(value, value) if value != "" else None
            elif kind is float:
                row[i] = int(value) if value.is_integer() else value
            elif kind is dt.date or kind is dt.datetime:
                row[i] = shared.setdefault(value, value)
    return grid


def read_grids(data: bytes, path: str) -> dict[str, list[list[Any]]]:
    """Every worksheet's cells from A1 (row i of the grid is sheet row i + 1), by title."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        grids = {}
        for meta in book.sheets_metadata:
            if str(meta.typ).endswith("WorkSheet"):
                grids[meta.name] = _clean(book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False))
        return grids
    except Exception as exc:  # calamine raises several types (ZipError, XmlError, CalamineError …)
        raise WorkbookError(f"这不是 xlsx 工作簿（可能是 .xls 或已损坏）：{path}") from exc


def snapshot_from_grids(grids: dict[str, list[list[Any]]], schema: Schema) -> Snapshot:
    """Map grids onto the schema: tables by title, missing schema tabs, tabs the schema does not know."""
    snapshot = Snapshot()
    for title, grid in grids.items():
        if title in schema.tabs:
            snapshot.tables[title] = build_table(title, grid, schema[title])
        else:
            snapshot.other_tabs.append(title)
    snapshot.missing_tabs = [t.title for t in schema if t.title not in grids]
    return snapshot
