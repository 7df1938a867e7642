"""A community's own tab that happens to be called 提醒 or 运行记录 is never wiped (both backends)."""

from __future__ import annotations

import pytest

from functions.domain.workbook import WorkbookError
from functions.jobs.run import run_nightly
from tests.support import TODAY
from tests.support.backends import FAKE_FIXTURES
from tests.support.job_community import community
from tests.support.mail import outbox_delivery

THEIR_OWN = [
    ["日期", "事项", "经手人"],
    ["2026-11-02", "给3栋王奶奶换灯泡", "张红"],
    ["2026-11-09", "领取防滑垫20张", "李强"],
]


def _their_own_tab(workbook, title: str, request) -> None:
    """Replace the tab's whole content with the community's own table (as a person would keep one)."""
    if hasattr(workbook, "spreadsheet_id"):
        fake = request.getfixturevalue(FAKE_FIXTURES[request.node.callspec.params["workbook_factory"]])
        fake.load_rows(workbook.spreadsheet_id, title, THEIR_OWN, start_row=0, replace=True)
        return
    import openpyxl

    book = openpyxl.load_workbook(workbook.location)
    sheet = book[title]
    sheet.delete_rows(1, sheet.max_row)
    for line in THEIR_OWN:
        sheet.append(line)
    book.save(workbook.location)


@pytest.mark.parametrize("title", ["提醒", "运行记录"])
def test_a_community_tab_named_like_a_system_tab_is_not_wiped(workbook_factory, request, tmp_path, monkeypatch, title):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    workbook = workbook_factory(community())
    _their_own_tab(workbook, title, request)
    with pytest.raises(WorkbookError, match=f"“{title}”.*改个名字"):
        run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "outbox")))
    table = workbook.read().tables[title]
    assert table.headers[:3] == THEIR_OWN[0]
    assert not (tmp_path / "outbox").exists() or not list((tmp_path / "outbox").iterdir())
