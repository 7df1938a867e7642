"""Writing a local workbook keeps its access rights and never happens under an open spreadsheet program."""

from __future__ import annotations

import hashlib
import os
import stat
import time

import pytest

from functions.domain.workbook import WorkbookError
from tests.support.backends import make_xlsx
from tests.support.job_community import community

PROBLEM_ROW = [["错误", "走访记录", 7, "日期", "2026-13-01", "日期不存在", "请改正", "2026-11-29"]]


def _digest(path: str) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_a_write_keeps_the_files_mode_for_the_other_volunteers(tmp_path):
    workbook = make_xlsx(tmp_path, community())
    os.chmod(workbook.location, 0o664)
    workbook.read()
    workbook.write({"问题清单": PROBLEM_ROW})
    assert stat.S_IMODE(os.stat(workbook.location).st_mode) == 0o664


def test_a_new_workbook_is_readable_by_the_group_like_any_new_file(tmp_path):
    from functions.adapters.xlsx.backend import XlsxWorkbook

    umask = os.umask(0o022)
    try:
        XlsxWorkbook(str(tmp_path / "新.xlsx")).init()
    finally:
        os.umask(umask)
    assert stat.S_IMODE(os.stat(tmp_path / "新.xlsx").st_mode) == 0o644


@pytest.mark.parametrize("owner", [".~lock.三有.xlsx#", "~$三有.xlsx"])
def test_an_open_workbook_is_not_written(tmp_path, owner):
    workbook = make_xlsx(tmp_path, community())
    (tmp_path / owner).write_text("王芳,PC-01,2026-11-29 20:15")
    before = _digest(workbook.location)
    workbook.read()
    with pytest.raises(WorkbookError, match="正在被表格软件打开"):
        workbook.write({"问题清单": PROBLEM_ROW})
    assert _digest(workbook.location) == before


def test_an_owner_file_left_by_a_crash_days_ago_does_not_block_the_night(tmp_path):
    workbook = make_xlsx(tmp_path, community())
    stale = tmp_path / ".~lock.三有.xlsx#"
    stale.write_text("王芳,PC-01,2026-11-20 20:15")
    old = time.time() - 3 * 86400
    os.utime(stale, (old, old))
    workbook.read()
    workbook.write({"问题清单": PROBLEM_ROW})
    assert workbook.read().tables["问题清单"].rows[0].get("当前值") == "2026-13-01"


def test_a_read_only_workbook_is_not_written_even_by_root(tmp_path):
    workbook = make_xlsx(tmp_path, community())
    before = _digest(workbook.location)
    os.chmod(workbook.location, 0o444)  # this test may run as root, for whom os.access says yes anyway
    workbook.read()
    with pytest.raises(WorkbookError, match="只读"):
        workbook.write({"问题清单": PROBLEM_ROW})
    assert _digest(workbook.location) == before


def test_init_asks_for_a_rename_instead_of_adding_an_empty_duplicate_tab(tmp_path):
    import openpyxl

    from functions.adapters.xlsx.backend import XlsxWorkbook
    from functions.adapters.xlsx.layout import settings_rows

    workbook = make_xlsx(tmp_path, {**community(), "设置": settings_rows()})  # every 设置 row: init adds none
    book = openpyxl.load_workbook(workbook.location)
    book["志愿者"].title = "志愿者名单"  # a person renamed the tab in their spreadsheet program
    book.save(workbook.location)
    before = _digest(workbook.location)
    lines = XlsxWorkbook(workbook.location).init()
    assert lines == [
        "没有新建“志愿者”：已有一张“志愿者名单”，看起来就是它。请把“志愿者名单”改名为“志愿者”，"
        "再运行一次 init（表里的内容不会动）"
    ]
    assert _digest(workbook.location) == before  # nothing added, no backup needed
    assert list(tmp_path.glob("*.bak-*")) == []
