"""Delivery over real SMTP to a local aiosmtpd server: what arrives, exactly once, failures, outbox."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes
from email.policy import default

import pytest

from functions.adapters.mail.delivery import MailDelivery, delivery_for
from functions.adapters.mail.transport import OutboxTransport, SmtpTransport
from functions.digest.render import compose_digests
from functions.domain.privacy import sensitive_texts
from functions.domain.schema import default_schema
from functions.domain.table import build_table
from functions.domain.tabs import RUNLOG as RUNLOG_TAB
from functions.entry.config import ConfigError, load_config
from functions.jobs.mail_ledger import outcome_states, pending_states, plan_mail
from functions.sheets_out.runlog import HEADERS, RunEntry, runlog_rows
from tests.support.digest_sample import sample_link, sample_night
from tests.support.smtp_server import free_port, start_server

SENDER = "三有提醒 <sanyou@example.cn>"
NOW = dt.datetime(2026, 10, 14, 6, 0)


@pytest.fixture
def server():
    controller, recorder, _ = start_server()
    yield controller, recorder
    controller.stop()


def _mails(secretaries="shuji@example.cn"):
    night = sample_night(secretaries)
    return night, compose_digests(
        night.alerts,
        night.problem_rows,
        night.parsed,
        night.settings,
        night.today,
        sample_link,
        "https://docs.google.com/spreadsheets/d/TESTID/edit",
    )


def _table(rows):
    """运行记录 as the next run reads it back."""
    return build_table(RUNLOG_TAB, [list(HEADERS)] + rows, default_schema()[RUNLOG_TAB])


def _night_run(mails, previous, transport):
    """Steps 2–5 of the nightly sequence; returns (rows written before sending, final rows, outcomes)."""
    plan = plan_mail(mails, previous)
    entry = RunEntry("nightly", "成功", f"{len(plan)} 封邮件")
    before = runlog_rows(previous, NOW, [entry], pending_states(plan))
    outcomes = MailDelivery(transport, SENDER).send(plan, NOW)
    return before, runlog_rows(previous, NOW, [entry], outcome_states(plan, outcomes)), outcomes


def _parts(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def test_digests_arrive_over_smtp_readable_escaped_and_private(server):
    controller, recorder = server
    night, mails = _mails()
    _, final, outcomes = _night_run(mails, None, SmtpTransport("127.0.0.1", controller.port, tls="none"))
    assert all(o.sent for o in outcomes.values()) and len(recorder.received) == 3
    got = {r.recipients[0]: r for r in recorder.received}
    assert set(got) == {"shuji@example.cn", "liufang@example.cn", "chenwei@example.cn"}
    sec = got["shuji@example.cn"].message
    assert str(sec["Subject"]) == "【三有】芙蓉里小区 10月14日：红 2 · 橙 2 · 黄 2"
    assert sec["Message-ID"] and sec["Date"] and "sanyou@example.cn" in str(sec["From"])
    text, html = _parts(sec)
    assert "今日摘要" in html and "已经逾期" in text and "139****4321" in text + html
    assert "&lt;script&gt;" in html and "<script>" not in html
    secrets = sensitive_texts(night.parsed)
    for r in recorder.received:
        raw = r.message.as_string()
        body = "".join(_parts(r.message)) + str(r.message["Subject"])
        assert not [s for s in secrets if s in body or s in raw]
        assert "家庭暴力" not in body
    liu_text, _ = _parts(got["liufang@example.cn"].message)
    assert "电话 13812345678" in liu_text
    assert [row[6] for row in final if row[4]] == ["已发送"] * 3


def test_starttls_with_a_throwaway_certificate(tmp_path):
    controller, recorder, ca = start_server(tmp_path)
    try:
        env = {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(controller.port),
            "SMTP_TLS": "starttls",
            "SMTP_CA_FILE": str(ca),
        }
        _, mails = _mails()
        outcomes = delivery_for(load_config(env).mail, "unused").send(mails[:1], NOW)
        assert all(o.sent for o in outcomes.values())
        assert [r.recipients for r in recorder.received] == [["shuji@example.cn"]]
        untrusted = dict(env, SMTP_CA_FILE="")  # without the CA the client must refuse the certificate
        failed = delivery_for(load_config(untrusted).mail, "unused").send(mails[:1], NOW)
        assert not any(o.sent for o in failed.values()) and len(recorder.received) == 1
    finally:
        controller.stop()


def test_server_down_keeps_mail_pending_then_delivers_once_and_rerun_sends_nothing():
    _, mails = _mails()
    port = free_port()
    before, final, outcomes = _night_run(mails, None, SmtpTransport("127.0.0.1", port, tls="none"))
    assert [row[6] for row in before if row[4]] == ["待发送"] * 3  # written before any mail goes
    assert not any(o.sent for o in outcomes.values())
    assert [row[6] for row in final if row[4]] == ["发送失败"] * 3
    assert all("无法连接邮件服务器" in row[3] and "@" not in row[3] for row in final if row[4])
    controller, recorder, _ = start_server()
    try:
        transport = SmtpTransport("127.0.0.1", controller.port, tls="none")
        _, second, _ = _night_run(mails, _table(final), transport)  # the next run: same identities
        assert len(recorder.received) == 3
        assert [row[6] for row in second if row[4]] == ["已发送"] * 3
        assert len([row for row in second if row[4]]) == 3  # updated in place, no duplicates
        _, third, outcomes = _night_run(mails, _table(second), transport)  # a scheduler retry
        assert outcomes == {} and len(recorder.received) == 3
        assert len([row for row in third if row[4]]) == 3
    finally:
        controller.stop()


def test_a_refused_recipient_fails_alone(server):
    controller, recorder = server
    _, mails = _mails("refuse-me@example.cn, shuji@example.cn")
    _, final, outcomes = _night_run(mails, None, SmtpTransport("127.0.0.1", controller.port, tls="none"))
    assert sorted(r.recipients[0] for r in recorder.received) == [
        "chenwei@example.cn",
        "liufang@example.cn",
        "shuji@example.cn",
    ]
    failed = [row for row in final if row[6] == "发送失败"]
    assert [row[5] for row in failed] == ["refuse-me@example.cn"] and "550" in failed[0][3]
    assert sum(1 for o in outcomes.values() if o.sent) == 3


def test_outbox_mode_writes_eml_files(tmp_path):
    delivery = delivery_for(load_config({}).mail, str(tmp_path / "outbox"))
    assert isinstance(delivery.transport, OutboxTransport) and "outbox" in delivery.describe()
    _, mails = _mails()
    outcomes = delivery.send(mails, NOW)
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 3 and all(o.sent for o in outcomes.values())
    message = message_from_bytes(files[0].read_bytes(), policy=default)
    assert str(message["Subject"]).startswith("【三有】") and message.get_body(("html",)) is not None


def test_bad_smtp_tls_setting_is_explained():
    with pytest.raises(ConfigError, match="SMTP_TLS"):
        load_config({"SMTP_HOST": "smtp.example.cn", "SMTP_TLS": "yes"})
