"""A mail server that ends each session after a few messages: the rest go out over new connections."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

from aiosmtpd.controller import Controller

from functions.adapters.mail.mime import to_email_message
from functions.adapters.mail.transport import SmtpTransport
from functions.domain.model import OutgoingMail
from tests.support.smtp_server import free_port

PER_SESSION = 2


class CappedServer:
    """Accepts PER_SESSION messages a session, then answers 421 like a provider's rate limit."""

    def __init__(self) -> None:
        self.received: list = []
        self.sessions: dict[int, int] = {}

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook)
        count = self.sessions.get(id(session), 0)
        if count >= PER_SESSION:
            return "421 4.7.0 Too many messages in this session"
        self.sessions[id(session)] = count + 1
        self.received.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"


def _mail(n: int) -> OutgoingMail:
    return OutgoingMail(
        f"2026-11-29|volunteer|v{n}@example.cn", "volunteer", f"v{n}@example.cn", f"待办 {n}", "正文", "<p>正文</p>"
    )


def test_a_capped_session_is_reopened_as_often_as_the_server_needs():
    handler = CappedServer()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        transport = SmtpTransport("127.0.0.1", controller.port, tls="none")
        mails = [_mail(n) for n in range(5)]
        outcomes = transport.send([(m.identity, to_email_message(m, "s@example.cn")) for m in mails])
    finally:
        controller.stop()
    assert all(outcomes[m.identity].sent for m in mails)  # three sessions: two, two and one
    assert sorted(str(m["To"]) for m in handler.received) == [f"v{n}@example.cn" for n in range(5)]
