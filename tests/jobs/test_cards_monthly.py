"""The monthly report carries the PDF of the cards due, each card once; a buddy change makes a card due again."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from functions.domain.schema import default_schema
from functions.jobs.run import run_monthly
from tests.support import TODAY
from tests.support.backends import FAKE_FIXTURES
from tests.support.card_community import card_community
from tests.support.job_community import SECRETARY
from tests.support.mail import tab

DECEMBER_1 = TODAY.replace(month=12, day=1)


def attached_cards(message, tmp_path) -> list[str]:
    """The elder 编号 printed on the attached PDF's cards ([] without an attachment)."""
    pdfs = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    if not pdfs:
        return []
    (part,) = pdfs
    assert part.get_filename().startswith("爱心联系卡-") and part.get_content_disposition() == "attachment"
    path = tmp_path / part.get_filename()
    path.write_bytes(part.get_payload(decode=True))
    tool = shutil.which("pdftotext") or pytest.fail("pdftotext is missing: apt-get install -y poppler-utils")
    text = subprocess.run([tool, path, "-"], capture_output=True, text=True, check=True).stdout
    return sorted(set(re.findall(r"E\d{4}(?= ·)", text)))


def set_buddy(request, workbook, elder: str, buddy: str) -> None:
    """A volunteer changes an elder's 结对志愿者 in their spreadsheet program."""
    headers = default_schema()["老人档案"].headers
    if request.node.callspec.params["workbook_factory"] == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(workbook.location)
        for row in book["老人档案"].iter_rows(min_row=2):
            if row[headers.index("编号")].value == elder:
                row[headers.index("结对志愿者")].value = buddy
        book.save(workbook.location)
        return
    fake = request.getfixturevalue(FAKE_FIXTURES[request.node.callspec.params["workbook_factory"]])
    grid = fake.values(workbook.spreadsheet_id, "老人档案")
    for i, line in enumerate(grid[1:], start=1):
        if line[headers.index("编号")] == elder:
            line = line + [""] * (len(headers) - len(line))
            line[headers.index("结对志愿者")] = buddy
            fake.load_rows(workbook.spreadsheet_id, "老人档案", [line], start_row=i)


def test_cards_not_issued_go_once_and_a_buddy_change_sends_that_card_again(workbook_factory, smtp, request, tmp_path):
    workbook = workbook_factory(card_community())
    first = run_monthly(workbook, TODAY, delivery=smtp.delivery)  # the October report
    assert first.counts["联系卡"] == 2 and any("爱心联系卡 2 张" in m for m in first.messages)
    (mail,) = smtp.received
    assert mail.recipients == [SECRETARY]  # the PDF goes to the secretary only
    assert attached_cards(mail.message, tmp_path) == ["E0002", "E0003"]  # 未发放 and blank; E0001's is on the wall
    assert "附件是 2 张需要发放的爱心联系卡" in mail.message.get_body(("plain",)).get_content()
    records = {r["老人编号"]: r for r in tab(workbook, "联系卡记录")}
    assert {e: (r["卡上结对志愿者"], r["出卡月份"] or "") for e, r in records.items()} == {
        "E0001": ("V001", ""),  # the card issued before: taken to show today's buddy
        "E0002": ("V002", "2026-10"),
        "E0003": ("V004", "2026-10"),
    }

    run_monthly(workbook, TODAY, delivery=smtp.delivery)  # the same report again: no second mail
    assert len(smtp.received) == 1

    set_buddy(request, workbook, "E0001", "V002")  # E0001's card on the wall now names the wrong person
    december = run_monthly(workbook, DECEMBER_1, delivery=smtp.delivery)  # the November report
    assert december.counts["联系卡"] == 1 and len(smtp.received) == 2
    assert attached_cards(smtp.received[1].message, tmp_path) == ["E0001"]  # E0002's and E0003's went already
    assert {r["老人编号"]: r["卡上结对志愿者"] for r in tab(workbook, "联系卡记录")}["E0001"] == "V002"
    run_monthly(workbook, DECEMBER_1, delivery=smtp.delivery)
    assert len(smtp.received) == 2


def test_without_a_report_mail_to_send_no_card_is_marked_as_sent(workbook_factory, smtp):
    rows = card_community()
    rows["设置"] = [r for r in rows["设置"] if r[0] != "书记邮箱"]  # nobody to send the report to yet
    workbook = workbook_factory(rows)
    result = run_monthly(workbook, TODAY, delivery=smtp.delivery)
    assert result.counts["联系卡"] == 0 and smtp.received == []
    assert {r["老人编号"]: r["出卡月份"] or "" for r in tab(workbook, "联系卡记录")} == {
        "E0001": ""
    }  # only the baseline
