"""运行记录 says what really happened to the mail: written to the outbox is not sent, and a re-run sends none."""

from __future__ import annotations

from functions.jobs.run import run_nightly
from tests.support import TODAY
from tests.support.job_community import community
from tests.support.mail import outbox_delivery


def runlog(workbook) -> list[dict]:
    return [r.values for r in workbook.read().tables["运行记录"].rows]


def test_outbox_mail_is_logged_as_written_to_the_outbox_not_sent(workbook_factory, tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    workbook = workbook_factory(community())
    first = run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "outbox")))
    written = first.counts["邮件"]["待发"]
    rows = runlog(workbook)
    assert written >= 2 and {r["发送状态"] for r in rows if r["邮件标识"]} == {"已写入发件箱"}
    assert "已发送" not in {r["发送状态"] for r in rows}
    assert f"新写入发件箱 {written} 封" in rows[0]["摘要"] and "未真正发出" in rows[0]["摘要"]
    again = run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "outbox")))
    assert again.counts["邮件"]["待发"] == 0  # an .eml already written is not written twice
    assert (
        f"新写入发件箱 0 封（没有设置邮件服务器，未真正发出），之前已处理 {written} 封" in runlog(workbook)[0]["摘要"]
    )


def test_a_same_day_rerun_logs_no_new_mail(workbook_factory, smtp):
    recorder = smtp
    workbook = workbook_factory(community())
    run_nightly(workbook, TODAY, delivery=smtp.delivery)
    sent = len(recorder.received)
    first_summary = runlog(workbook)[0]["摘要"]
    run_nightly(workbook, TODAY, delivery=smtp.delivery)
    rows = runlog(workbook)
    assert sent >= 2 and f"邮件：新发送 {sent} 封，已发送过 0 封" in first_summary
    assert rows[0]["任务"] == "每晚任务" and rows[0]["摘要"].endswith(f"邮件：新发送 0 封，已发送过 {sent} 封")
    assert {r["发送状态"] for r in rows if r["邮件标识"]} == {"已发送"} and len(recorder.received) == sent
