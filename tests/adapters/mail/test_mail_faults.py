"""One bad address, a server without SMTPUTF8, a capped session, look-alike addresses: nobody else loses mail."""

from __future__ import annotations

import datetime as dt

from aiosmtpd.controller import Controller

from functions.adapters.mail.mime import to_email_message
from functions.adapters.mail.transport import OutboxTransport, SmtpTransport
from functions.domain.model import OutgoingMail
from functions.domain.settings import parse_settings
from functions.domain.table import Row
from functions.jobs.run import run_nightly
from functions.validation.validate import validate
from tests.adapters.mail.test_mail_reconnect import CappedServer
from tests.support import TODAY
from tests.support.backends import make_xlsx
from tests.support.job_community import community
from tests.support.mail import outbox_delivery
from tests.support.smtp_server import Recorder, free_port

SENDER = "三有提醒 <sanyou@example.cn>"


def _mail(to: str) -> OutgoingMail:
    return OutgoingMail(f"2026-11-29|secretary|{to}", "secretary", to, "三有每日摘要 红 2 条", "正文", "<p>正文</p>")


def _send(addresses: list[str], utf8: bool) -> tuple[dict, Recorder]:
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=utf8)
    controller.start()
    try:
        mails = [_mail(a) for a in addresses]
        transport = SmtpTransport("127.0.0.1", controller.port, tls="none")
        outcomes = transport.send([(m.identity, to_email_message(m, SENDER)) for m in mails])
    finally:
        controller.stop()
    return {m.to: outcomes[m.identity] for m in mails}, recorder


def _settings(value: str):
    return parse_settings([Row(2, {"项目": "书记邮箱", "值": value})])


def test_a_trailing_chinese_full_stop_is_flagged_with_the_fix_and_the_other_addresses_kept():
    settings = _settings("shuji@example.org。, 张书记@example.org，fuji@example.cn")
    assert settings.secretary_emails == ["张书记@example.org", "fuji@example.cn"]
    ((key, value, message),) = settings.problems
    assert key == "书记邮箱" and value == "shuji@example.org。"
    assert "句号" in message and "shuji@example.org" in message


def test_a_bad_address_in_settings_is_listed_in_the_problems_tab():
    rows = community()
    rows["设置"] = [["社区名称", "测试小区", ""], ["书记邮箱", "shuji@example.org。", ""]]
    snapshot = make_xlsx_snapshot(rows)
    problems = [p for p in validate(snapshot, TODAY).problems if p.tab == "设置"]
    assert any("句号" in p.message for p in problems)


def make_xlsx_snapshot(rows):
    import tempfile
    from pathlib import Path

    return make_xlsx(Path(tempfile.mkdtemp(prefix="t12-")), rows).read()


def test_without_smtputf8_only_the_chinese_address_fails_and_everyone_else_gets_mail():
    addresses = ["张书记@example.org", "a@example.cn", "b@example.cn", "c@example.cn"]
    outcomes, recorder = _send(addresses, utf8=False)
    assert [a for a in addresses if outcomes[a].sent] == addresses[1:]
    assert "SMTPUTF8" in outcomes["张书记@example.org"].note
    assert sorted(r for m in recorder.received for r in m.recipients) == addresses[1:]


def test_with_smtputf8_a_chinese_address_is_delivered_as_written():
    outcomes, recorder = _send(["张书记@example.org", "a@example.cn"], utf8=True)
    assert all(o.sent for o in outcomes.values())
    received = {m.recipients[0]: m.message for m in recorder.received}
    assert str(received["张书记@example.org"]["To"]) == "张书记@example.org"
    assert str(received["张书记@example.org"]["Subject"]) == "三有每日摘要 红 2 条"


def test_a_server_taking_two_messages_a_session_gets_all_24():
    handler = CappedServer()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        mails = [_mail(f"v{n}@example.cn") for n in range(24)]
        transport = SmtpTransport("127.0.0.1", controller.port, tls="none")
        outcomes = transport.send([(m.identity, to_email_message(m, SENDER)) for m in mails])
    finally:
        controller.stop()
    assert sum(o.sent for o in outcomes.values()) == 24 and len(handler.received) == 24


def test_addresses_differing_only_in_plus_or_underscore_get_their_own_outbox_files(tmp_path):
    mails = [_mail("chen+care@example.cn"), _mail("chen_care@example.cn")]
    OutboxTransport(tmp_path).send(
        [(m.identity, to_email_message(m, SENDER, dt.datetime(2026, 11, 29))) for m in mails]
    )
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    assert {f.read_text().count("chen+care") > 0 for f in files} == {True, False}


def test_thousands_of_secretary_addresses_are_bounded_and_a_rerun_sends_nothing_again(tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    many = ",".join(f"s{n}@example.cn" for n in range(2500))
    rows = community()
    rows["设置"] = [["社区名称", "测试小区", ""], ["书记邮箱", many, ""]]
    workbook = make_xlsx(tmp_path, rows)
    first = run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "outbox")))
    assert first.counts["邮件"]["已发送"] <= 20 + 3
    assert any("最多 20 个" in p["问题"] for p in workbook.read().tables["问题清单"].rows)
    again = run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "outbox")))
    assert again.counts["邮件"]["待发"] == 0
