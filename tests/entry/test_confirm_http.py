"""The public confirm endpoint served by a real functions-framework process, on both backends."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import requests

from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.domain.clock import community_today
from functions.domain.confirm_token import Claim, community_tag, make_token
from tests.conftest import factory_for
from tests.support.ff_process import running
from tests.support.job_community import HEALTH_NOTE, community


@pytest.fixture(params=["xlsx", "gsheets"])
def workbook_factory(request, tmp_path):
    """One-tap confirmations append to .xlsx files and Google Sheets (a Feishu sheet is not supported yet)."""
    return factory_for(request, request.param, tmp_path)


KEY = "s3cret-key-for-tests-0123456789"


def env_for(workbook, request) -> dict[str, str]:
    env = {"CONFIRM_KEY": KEY, "SANYOU_WORKBOOK": workbook.location}
    if not isinstance(workbook, XlsxWorkbook):
        env["SHEETS_EMULATOR_HOST"] = request.getfixturevalue("sheets_fake").host
    return env


def token(workbook, kind: str = "visit", issued: dt.date | None = None, key: str = KEY) -> str:
    claim = Claim(community_tag(workbook.location), "V001", "E0001", kind, issued or community_today())
    return make_token(key.encode(), claim)


def form_of(html: str) -> dict[str, str]:
    """The hidden fields of the served form."""
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))


def test_open_confirm_and_double_tap_through_the_public_endpoint(workbook_factory, request):
    workbook = workbook_factory(community())
    rows_before = len(workbook.read().tables["走访记录"].rows)
    with running("confirm", env_for(workbook, request)) as fn:
        page = requests.get(fn.url, params={"t": token(workbook)}, timeout=30)
        assert page.status_code == 200, fn.output()
        assert "张桂兰" in page.text and "3栋" in page.text and "确认：已上门" in page.text
        for private in ("13800001111", "1-201", HEALTH_NOTE, "13812345678"):
            assert private not in page.text
        assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
        fields = form_of(page.text)
        no_form_key = requests.post(fn.url, data={"t": fields["t"]}, timeout=30)
        assert no_form_key.status_code == 403 and "张桂兰" not in no_form_key.text
        answers = [
            requests.post(fn.url, data={**fields, "date": community_today().isoformat(), "minutes": "30"}, timeout=30)
            for _ in range(2)
        ]
        assert [a.status_code for a in answers] == [200, 200]
        assert "已记录，谢谢您" in answers[0].text and "已记录过" in answers[1].text
        log = fn.output()
    assert fields["t"] not in log  # logs carry the token's hash, never the token
    rows = workbook.read().tables["走访记录"].rows
    assert len(rows) == rows_before + 1 and (rows[-1]["老人编号"], rows[-1]["方式"]) == ("E0001", "上门走访")


def test_altered_expired_foreign_and_oversized_requests_are_refused_plainly(workbook_factory, request):
    workbook = workbook_factory(community())
    good = token(workbook)
    refused = {
        "altered": good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB"),
        "expired": token(workbook, issued=community_today() - dt.timedelta(days=3)),
        "other key": token(workbook, key="another-key-of-enough-length"),
        "missing": "",
    }
    with running("confirm", env_for(workbook, request)) as fn:
        for why, t in refused.items():
            answer = requests.get(fn.url, params={"t": t}, timeout=30)
            assert answer.status_code == 403, why
            assert "链接无效或已过期" in answer.text and "张桂兰" not in answer.text and "E0001" not in answer.text
        huge = requests.post(fn.url, data={"t": good, "x": "y" * 10000}, timeout=30)
        assert huge.status_code == 413
        flood = [requests.get(fn.url, params={"t": good}, timeout=30).status_code for _ in range(25)]
        assert flood.count(429) >= 5 and flood[0] == 200
    assert len(workbook.read().tables["走访记录"].rows) == 6


def test_serve_answers_on_the_community_network_and_never_logs_the_token(tmp_path):
    """`python -m functions serve` for a local workbook: the page, one confirmation, a log without tokens."""
    import os
    import subprocess
    import sys
    import time

    from tests.support.backends import make_xlsx
    from tests.support.ff_process import REPO, free_port

    workbook = make_xlsx(tmp_path, community())
    port = free_port()
    env = {**os.environ, "CONFIRM_KEY": KEY, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "functions", "serve", "--workbook", workbook.location, "--host", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--port", str(port)], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/confirm"
    try:
        for _ in range(100):
            try:
                page = requests.get(url, params={"t": token(workbook)}, timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert page.status_code == 200 and "张桂兰" in page.text
        answer = requests.post(url, data=form_of(page.text), timeout=30)
        assert "已记录，谢谢您" in answer.text
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode("utf-8", "replace")
    assert "GET /confirm" in output and form_of(page.text)["t"] not in output
    assert workbook.read().tables["走访记录"].rows[-1]["老人编号"] == "E0001"


def test_serve_without_a_key_stops_with_a_clear_line(tmp_path):
    import os
    import subprocess
    import sys

    from tests.support.ff_process import REPO

    env = {k: v for k, v in os.environ.items() if k != "CONFIRM_KEY"}
    done = subprocess.run(
        [sys.executable, "-m", "functions", "serve", "--workbook", str(tmp_path / "x.xlsx")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2 and "CONFIRM_KEY" in done.stderr
