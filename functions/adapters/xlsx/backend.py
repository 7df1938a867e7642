"""XlsxWorkbook: the embedded default backend, a local .xlsx file (read with calamine, written part by part)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from functions.adapters.journal.file_journal import FileJournal, journal_beside
from functions.adapters.xlsx.excel_values import MAC_EPOCH, WINDOWS_EPOCH
from functions.adapters.xlsx.file_lock import exclusive_lock
from functions.adapters.xlsx.formulas import fetching_formulas
from functions.adapters.xlsx.guard import check_writable
from functions.adapters.xlsx.junk import cut_junk_tails
from functions.adapters.xlsx.package import Package, PackageError
from functions.adapters.xlsx.read import Fingerprint, read_file, read_grids, read_snapshot
from functions.adapters.xlsx.sheetxml import DateCells, SheetXmlError, date_styles
from functions.adapters.xlsx.system_parts import put_system_tabs
from functions.adapters.xlsx.zipwrite import remove_stale_temps
from functions.domain.archive_summary import ArchiveOutcome, ArchivePlan
from functions.domain.gc_pause import collector_paused
from functions.domain.heap import release_free_memory
from functions.domain.read_ahead import ParseAhead
from functions.domain.schema import Schema, default_schema
from functions.domain.workbook import Snapshot, SystemRows, WorkbookChanged, WorkbookError
from functions.validation.tab_renames import rename_line, renamed_tabs


def backup_path(path: str, now: dt.datetime | None = None) -> str:
    """'<name>.bak-YYYYMMDD-HHMMSS.xlsx' beside the workbook."""
    p = Path(path)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return str(p.with_name(f"{p.stem}.bak-{stamp}{p.suffix or '.xlsx'}"))


def workbook_dates(pkg: Package) -> DateCells:
    """Which cell styles of this package show dates, and its date epoch."""
    epoch = MAC_EPOCH if pkg.date1904 else WINDOWS_EPOCH
    return DateCells(date_styles(pkg.styles_xml()), epoch)


class XlsxWorkbook:
    """A workbook in a local .xlsx file."""

    def __init__(self, path: str | os.PathLike[str], schema: Schema | None = None) -> None:
        self.location = os.fspath(path)
        self.schema = schema or default_schema()
        self._fingerprint: Fingerprint | None = None

    def read(self) -> Snapshot:
        """Read every tab in one pass over the file; remember its fingerprint for write()."""
        return self.read_ahead(None)

    def read_ahead(self, parse_ahead: ParseAhead | None) -> Snapshot:
        """read(), handing each slice of a big sheet's rows to the job's parser while the next is read."""
        data, fingerprint = read_file(self.location)
        volunteer_tabs = [t.title for t in self.schema.volunteer_tabs]
        readable, junk = cut_junk_tails(data, volunteer_tabs)
        with collector_paused():
            snapshot, scanned = read_snapshot(readable, self.location, self.schema, parse_ahead)
        snapshot.junk_runs = junk
        rest = [t for t in volunteer_tabs if t not in scanned]  # the big sheets' were found as they were sliced
        snapshot.fetching_formulas.update(fetching_formulas(readable, rest))
        self._fingerprint = fingerprint
        del data, readable
        release_free_memory()
        return snapshot

    def write(self, system_tabs: dict[str, SystemRows]) -> None:
        """Replace the named system tabs' sheetData in the package; every other part is copied unchanged."""
        self.schema.require_system_owned(list(system_tabs))
        check_writable(self.location)
        remove_stale_temps(self.location)
        with exclusive_lock(self.location):
            data, fingerprint = read_file(self.location)
            self._refuse_if_changed(fingerprint)
            try:
                pkg = Package(data)
                put_system_tabs(pkg, self.schema, system_tabs, workbook_dates(pkg))
                pkg.drop_calc_chain()
            except (PackageError, SheetXmlError, ET.ParseError) as exc:
                raise WorkbookError(f"工作簿的内部结构无法识别，没有写入（{exc}）：{self.location}") from exc
            try:  # a save landing while the package was built is caught just before the rename
                pkg.save(self.location, before_replace=lambda: self._refuse_if_changed(read_file(self.location)[1]))
            except zipfile.BadZipFile as exc:
                raise WorkbookError(f"工作簿文件已损坏，没有写入（{exc}）：{self.location}") from exc
            self._fingerprint = read_file(self.location)[1]

    def _refuse_if_changed(self, on_disk: Fingerprint) -> None:
        """WorkbookChanged when the file on disk is no longer the one read (the job re-reads and retries)."""
        if self._fingerprint is not None and not self._fingerprint.same_content(on_disk):
            raise WorkbookChanged(
                f"工作簿在读取之后被修改并保存过，这次没有写入，以免覆盖别人的修改；请重新运行：{self.location}"
            )

    def init(self) -> list[str]:
        """Create the workbook, or add missing tabs and columns (after a backup); return what changed."""
        from functions.adapters.xlsx.init import upgrade_package  # openpyxl: only init needs it
        from functions.adapters.xlsx.layout import create_workbook

        if not os.path.exists(self.location):
            create_workbook(self.location, schema=self.schema)
            return [f"新建工作簿：{self.location}（{len(self.schema.tabs)} 张工作表）"]
        check_writable(self.location)
        with exclusive_lock(self.location):
            data, _ = read_file(self.location)
            grids = dict(read_grids(data, self.location))
            renamed = renamed_tabs(self.schema, list(grids))
            notices = [rename_line(title, near) for title, near in renamed.items()]
            try:
                pkg = Package(data)
                changes = upgrade_package(pkg, grids, self.schema, renamed)
            except (PackageError, SheetXmlError) as exc:
                raise WorkbookError(f"工作簿的内部结构无法识别，没有改动（{exc}）：{self.location}") from exc
            if not changes:
                return notices
            backup = backup_path(self.location)
            shutil.copy2(self.location, backup)
            pkg.save(self.location)
            self._fingerprint = None
        return changes + notices + [f"原文件已备份为：{backup}"]

    def archive_location(self, year: int) -> str:
        """NAME-归档-YYYY.xlsx beside the workbook."""
        from functions.adapters.xlsx.archive_file import archive_path

        return archive_path(self.location, year)

    def backup_location(self) -> str:
        """Where archive() backs the workbook up (the time stamp is taken again when it does)."""
        return backup_path(self.location)

    def archive(self, plan: ArchivePlan) -> ArchiveOutcome:
        """archive --before: backup, the yearly archive files, then the rows removed and 归档摘要 written."""
        from functions.adapters.xlsx.archive import archive_package

        moved = archive_package(self, plan, backup_path(self.location), workbook_dates)
        self._fingerprint = read_file(self.location)[1]
        return moved

    def link(self, title: str, row: int | None = None) -> str | None:
        """Local files have no links."""
        return None

    def ledger(self) -> FileJournal:
        """The delivery journal beside the workbook file."""
        return FileJournal(journal_beside(self.location))
