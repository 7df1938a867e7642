"""A volunteer opens the link from the mail in a real browser (headless Chromium), fills the form, confirms."""

from __future__ import annotations

import os
import re
import shutil
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.digest.confirm_links import ConfirmLinks
from functions.domain.clock import community_today
from functions.jobs.run import run_nightly
from tests.conftest import factory_for
from tests.support.ff_process import running
from tests.support.job_community import community
from tests.support.mail import outbox_delivery


@pytest.fixture(params=["xlsx", "gsheets"])
def workbook_factory(request, tmp_path):
    """One-tap confirmations append to .xlsx files and Google Sheets (a Feishu sheet is not supported yet)."""
    return factory_for(request, request.param, tmp_path)


KEY = "browser-test-key-0123456789abcdef"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARGS += ["--disable-sync", "--no-first-run", "--disable-quic"]


def volunteer_links(recorder, address: str) -> list[tuple[str, str]]:
    """(label, url) of the one-tap links in the HTML part of the mail as it was received."""
    for received in recorder.received:
        if address in received.recipients:
            message = BytesParser(policy=policy.default).parsebytes(received.message.as_bytes())
            html = message.get_body(("html",)).get_content()
            found = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html)
            return [(label, url.replace("&amp;", "&")) for url, label in found]
    raise AssertionError(f"no mail to {address}")


def test_a_volunteer_confirms_a_visit_from_the_mail_in_a_phone_browser(workbook_factory, request, smtp, tmp_path):
    workbook = workbook_factory(community())
    env = {"CONFIRM_KEY": KEY, "SANYOU_WORKBOOK": workbook.location}
    if not isinstance(workbook, XlsxWorkbook):
        env["SHEETS_EMULATOR_HOST"] = request.getfixturevalue("sheets_fake").host
    today = community_today()
    with running("confirm", env) as fn:
        run_nightly(workbook, today, delivery=smtp.delivery, confirm=ConfirmLinks(fn.url, KEY.encode()))
        links = [(label, url) for label, url in volunteer_links(smtp, "wangfang@example.cn") if url.startswith(fn.url)]
        assert {label for label, _ in links} == {"已上门", "已电话", "没联系上", "需跟进"}
        visit = next(url for label, url in links if label == "已上门")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
            page.goto(visit)
            assert "张桂兰" in page.inner_text("body")
            page.fill("#minutes", "45")
            page.check("input[name='缺少陪伴'][value='有时']")
            if os.environ.get("SANYOU_SCREENSHOTS"):
                shot = Path(os.environ["SANYOU_SCREENSHOTS"]) / "confirm-page-phone.png"
                page.screenshot(path=str(shot), full_page=True)
            page.click("button[type=submit]")
            assert "已记录，谢谢您" in page.inner_text("body")
            page.goto(visit)  # the same link again: the form, and a second submit is a no-op
            page.click("button[type=submit]")
            assert "已记录过" in page.inner_text("body")
            browser.close()
    rows = [r for r in workbook.read().tables["走访记录"].rows if r["老人编号"] == "E0001"]
    assert (rows[-1]["方式"], rows[-1]["时长(分钟)"], rows[-1]["缺少陪伴"]) == ("上门走访", 45, "有时")
    assert sum(1 for r in rows if r["时长(分钟)"] == 45) == 1
    run_nightly(workbook, today, delivery=outbox_delivery(str(tmp_path / "next")))
    late = [r for r in workbook.read().tables["提醒"].rows if r["对象编号"] == "E0001" and "逾期" in r["类型"]]
    assert not [r for r in late if r["类型"] in ("问候逾期", "走访逾期")]
