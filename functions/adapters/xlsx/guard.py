"""Before writing a local workbook: is a person editing it right now, or is it read-only?"""

from __future__ import annotations

import os
import time
from pathlib import Path

from functions.domain.workbook import WorkbookLocked

FRESH_LOCK_SECONDS = 12 * 3600  # an owner file older than this was left behind by a crash


def owner_files(path: str | os.PathLike[str]) -> list[Path]:
    """The files LibreOffice (.~lock.NAME#) and Excel/WPS (~$NAME) keep beside a workbook they have open."""
    found = []
    for p in dict.fromkeys([Path(path), Path(os.path.realpath(path))]):  # a symbolic link: beside both
        names = [f".~lock.{p.name}#", f"~${p.name}", f"~${p.name[2:]}"]  # Excel drops 2 chars of long names
        found += [p.with_name(n) for n in names if (p.with_name(n)).exists()]
    return found


def check_writable(path: str | os.PathLike[str], now: float | None = None) -> None:
    """WorkbookError when the file is read-only or open in a spreadsheet program (a fresh owner file).

    Writing under an open program is not data loss for us, but the person's next save would put back
    yesterday's system tabs, 运行记录's mail receipts included, and a re-run would mail people twice.
    """
    # os.access is always true for root (cron, containers): the file's own write bits count too
    if os.path.exists(path) and (not os.access(path, os.W_OK) or not os.stat(path).st_mode & 0o222):
        raise WorkbookLocked(f"工作簿文件是只读的，没有写入；请把它改成可写后再运行：{path}", "工作簿文件是只读的")
    now = time.time() if now is None else now
    for owner in owner_files(path):
        try:
            age = now - owner.stat().st_mtime
        except FileNotFoundError:
            continue
        if age < FRESH_LOCK_SECONDS:
            raise WorkbookLocked(
                f"工作簿正在被表格软件打开（{owner.name}），为免保存时互相覆盖，这次没有写入；"
                f"请关闭工作簿后再运行：{path}",
                "工作簿正被表格软件打开着",
            )
