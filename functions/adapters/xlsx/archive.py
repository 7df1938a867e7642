"""archive --before on a local workbook: backup, yearly archive files, then one atomic rewrite of the workbook."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable
from typing import Any, Protocol
from xml.etree import ElementTree as ET

from functions.adapters.xlsx.append_row import header_columns
from functions.adapters.xlsx.archive_file import archive_path, by_header, merge_rows, read_archive, write_archive
from functions.adapters.xlsx.file_lock import exclusive_lock
from functions.adapters.xlsx.guard import check_writable
from functions.adapters.xlsx.package import Package, PackageError
from functions.adapters.xlsx.read import Fingerprint, read_file, read_grids
from functions.adapters.xlsx.remove_rows import RowsAnchored, remove_rows
from functions.adapters.xlsx.sheetxml import DateCells, SheetXmlError
from functions.adapters.xlsx.system_parts import put_system_tabs
from functions.adapters.xlsx.zipwrite import TEMP_PREFIX, TEMP_SUFFIX, remove_stale_temps
from functions.domain.archive_summary import ArchiveOutcome, ArchivePlan
from functions.domain.schema import Schema
from functions.domain.workbook import WorkbookError


class _Local(Protocol):
    location: str
    schema: Schema

    def _refuse_if_changed(self, on_disk: Fingerprint) -> None: ...


# Between the steps, for the crash tests: called with "backup", "archive YYYY" and "workbook" before each.
STEP_HOOK: Callable[[str], None] = lambda step: None  # noqa: E731


def _backup(location: str, backup: str) -> None:
    """Copy the workbook beside itself under its backup name (a temporary name first: never half a backup;
    one a kill leaves behind is removed by a later write, as any temporary file of ours)."""
    tmp = os.path.join(os.path.dirname(backup), f"{TEMP_PREFIX}backup{TEMP_SUFFIX}")
    shutil.copy2(location, tmp)
    os.replace(tmp, backup)


def archive_package(
    wb: _Local, plan: ArchivePlan, backup: str, dates_of: Callable[[Package], DateCells]
) -> ArchiveOutcome:
    """Back up, append each year's rows to its archive file, then remove them and write the system tabs.

    Each file is written whole to a temporary file and renamed, so a crash leaves every file as it was
    or as it should be; rows already in an archive (a run stopped before the workbook was rewritten) are
    recognised by their content and not added twice.
    """
    location = wb.location
    files = {year: archive_path(location, year) for year in plan.years()}
    for path in [location, *files.values()]:
        check_writable(path)
    remove_stale_temps(location)
    with exclusive_lock(location):
        data, fingerprint = read_file(location)
        wb._refuse_if_changed(fingerprint)
        grids = {t: g for t, g in read_grids(data, location) if t in plan.moves}
        headers_at = {t: header_columns(grids[t], wb.schema[t].headers)[0] for t in plan.moves}
        pkg = _new_package(wb, data, plan, headers_at, dates_of)  # refuses before anything is written
        STEP_HOOK("backup")
        _backup(location, backup)
        outcome = ArchiveOutcome(backup=backup, files=files)
        for year, path in files.items():
            adding = {}
            for title, rows in plan.moves.items():
                numbers = sorted(n for n, y in rows.items() if y == year)
                if numbers:
                    adding[title] = by_header(grids[title], headers_at[title], numbers, wb.schema[title].headers)
            STEP_HOOK(f"archive {year}")
            _append(path, adding, wb.schema, outcome)
        STEP_HOOK("workbook")
        try:
            pkg.save(location, before_replace=lambda: wb._refuse_if_changed(read_file(location)[1]))
        except zipfile.BadZipFile as exc:
            raise WorkbookError(f"工作簿文件已损坏，没有写入（{exc}）：{location}") from exc
    return outcome


def _append(path: str, adding: dict[str, Any], schema: Schema, outcome: ArchiveOutcome) -> None:
    try:
        existing = read_archive(path)
    except WorkbookError as exc:
        raise WorkbookError(f"归档工作簿打不开，没有归档（请把它移走或改名后再运行）：{path}") from exc
    tabs, added, already = merge_rows(existing, adding, {t: schema[t].headers for t in adding})
    for title, n in added.items():
        outcome.appended[title] = outcome.appended.get(title, 0) + n
    for title, n in already.items():
        outcome.already[title] = outcome.already.get(title, 0) + n
    if added or not existing:
        widths = {f.name: f.width for title in tabs if title in schema.tabs for f in schema[title].fields}
        write_archive(path, tabs, widths)


def _new_package(
    wb: _Local, data: bytes, plan: ArchivePlan, headers_at: dict[str, int], dates_of: Callable[[Package], DateCells]
) -> Package:
    """The workbook without the moved rows and with the new system tabs, not saved yet."""
    location = wb.location
    try:
        pkg = Package(data)
        for title, rows in plan.moves.items():
            ref = pkg.sheet(title)
            if ref is None:
                raise PackageError(f"no sheet {title}")
            try:
                xml = remove_rows(pkg.text(ref.part), set(rows), headers_at[title] + 1)
            except RowsAnchored as exc:
                raise WorkbookError(
                    f"“{title}”表里有{exc}，移走行会把它们错位，这次没有归档；请先去掉它们再运行：{location}"
                ) from exc
            pkg.replace(ref.part, xml.encode("utf-8"))
        put_system_tabs(pkg, wb.schema, plan.system_tabs, dates_of(pkg))
        pkg.drop_calc_chain()
    except (PackageError, SheetXmlError, ET.ParseError) as exc:
        raise WorkbookError(f"工作簿的内部结构无法识别，没有归档（{exc}）：{location}") from exc
    return pkg
