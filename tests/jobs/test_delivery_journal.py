"""Mail once, whatever happens: an open or read-only workbook, two runs at once, a kill at any moment."""

from __future__ import annotations

import asyncio
import collections
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.jobs.run import run_nightly
from tests.support import TODAY
from tests.support.backends import make_xlsx
from tests.support.job_community import SECRETARY, community
from tests.support.mail import smtp_delivery
from tests.support.smtp_server import Recorder, free_port

KILL_ROUNDS = 6


class SlowRecorder(Recorder):
    """A server taking 20 ms per message, so that runs overlap and kills land while mail is going out."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook)
        await asyncio.sleep(0.02)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp():
    recorder = SlowRecorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    recorder.delivery = smtp_delivery(controller.port)
    recorder.port = controller.port  # for the CLI runs started as processes
    yield recorder
    controller.stop()


def _digest(path: str) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def _per_recipient(recorder: Recorder) -> collections.Counter:
    return collections.Counter(r for m in recorder.received for r in m.recipients)


@pytest.mark.parametrize("why", ["open", "read-only"])
def test_a_workbook_that_cannot_be_written_still_gets_its_mail_once_and_the_receipts_later(tmp_path, smtp, why):
    workbook = make_xlsx(tmp_path, community())
    owner = tmp_path / ".~lock.三有.xlsx#"
    if why == "open":
        owner.write_text("王芳,PC-01,2026-11-29 06:10")
    else:
        os.chmod(workbook.location, 0o444)
    before = _digest(workbook.location)
    first = run_nightly(workbook, TODAY, delivery=smtp.delivery)
    assert first.counts["系统表未写入"] == 1 and _digest(workbook.location) == before
    sent = _per_recipient(smtp)
    assert SECRETARY in sent and set(sent.values()) == {1}
    secretary = next(m.message for m in smtp.received if SECRETARY in m.recipients)
    notice = [line for line in secretary.get_body(("plain",)).get_content().splitlines() if "没有更新" in line]
    assert len(notice) == 1 and ("打开" in notice[0] or "只读" in notice[0])
    assert "没有更新" in secretary.get_body(("html",)).get_content()

    again = run_nightly(workbook, TODAY, delivery=smtp.delivery)  # a re-run the same day, still locked: nothing twice
    assert again.counts["邮件"]["待发"] == 0 and _per_recipient(smtp) == sent

    owner.unlink(missing_ok=True)
    os.chmod(workbook.location, 0o644)
    run_nightly(workbook, TODAY, delivery=smtp.delivery)  # the next run that can write merges the receipts
    assert _per_recipient(smtp) == sent
    runlog = {r["邮件标识"]: r for r in workbook.read().tables["运行记录"].rows if r["邮件标识"]}
    assert len(runlog) == len(sent) and {r["发送状态"] for r in runlog.values()} == {"已发送"}


def test_two_runs_at_once_send_each_mail_once(workbook_factory, smtp):
    workbook = workbook_factory(community())
    twin = type(workbook).__new__(type(workbook))
    twin.__dict__.update(workbook.__dict__)  # a second run on the same workbook, e.g. a Scheduler retry
    results, errors = [], []

    def run(book) -> None:
        try:
            results.append(run_nightly(book, TODAY, delivery=smtp.delivery))
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(book,)) for book in (workbook, twin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    sent = _per_recipient(smtp)
    assert SECRETARY in sent and set(sent.values()) == {1}
    run_nightly(workbook, TODAY, delivery=smtp.delivery)
    assert _per_recipient(smtp) == sent


@pytest.fixture(scope="module")
def demo_workbook(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("demo")
    path = str(folder / "demo.xlsx")
    subprocess.run(
        [sys.executable, "-m", "functions", "demo", "--workbook", path, "--scale", "small", "--today", "2026-11-29"],
        check=True,
        capture_output=True,
    )
    return path


def _volunteer_tabs(path: str) -> dict:
    snapshot = XlsxWorkbook(path).read()
    system = {"问题清单", "提醒", "月度指标", "运行记录", "说明"}
    return {t: [dict(r) for r in table.rows] for t, table in snapshot.tables.items() if t not in system}


def _nightly(path: str, env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "functions", "nightly", "--workbook", path, "--today", "2026-11-29"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_kill_at_any_moment_converges_with_each_mail_once_but_the_one_in_flight(demo_workbook, tmp_path, smtp):
    import openpyxl

    env = {**os.environ, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port), "SMTP_TLS": "none"}
    volunteers = _volunteer_tabs(demo_workbook)
    rng = random.Random(12)
    doubtful = 0
    for round_ in range(KILL_ROUNDS):
        smtp.received.clear()
        path = str(tmp_path / f"round{round_}.xlsx")
        shutil.copyfile(demo_workbook, path)
        run = _nightly(path, env)
        time.sleep(rng.uniform(0.3, 2.0))
        run.send_signal(signal.SIGKILL)
        run.wait(30)
        assert _nightly(path, env).wait(60) in (0, 1)
        assert _nightly(path, env).wait(60) in (0, 1)  # a third run sends nothing more
        openpyxl.load_workbook(path, read_only=True).close()  # the workbook opens
        assert _volunteer_tabs(path) == volunteers
        runlog = {r["邮件标识"]: r for r in XlsxWorkbook(path).read().tables["运行记录"].rows if r["邮件标识"]}
        assert runlog and {r["发送状态"] for r in runlog.values()} == {"已发送"}
        counts = _per_recipient(smtp)
        assert set(counts) == {r["收件人"] for r in runlog.values()}
        twice = [who for who, n in counts.items() if n > 1]
        assert len(twice) <= 1 and max(counts.values()) <= 2  # at most the one message in flight at the kill
        doubtful += len(twice)
    assert doubtful <= KILL_ROUNDS
