"""The jobs' Delivery over SMTP or an outbox folder, built from the configuration's mail settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from functions.adapters.mail.mime import to_email_message
from functions.adapters.mail.transport import DEFAULT_PORTS, After, Before, OutboxTransport, SmtpTransport, Transport
from functions.domain.delivery import Outcome
from functions.domain.model import OutgoingMail

DEFAULT_SENDER = "sanyou@localhost"


@dataclass(frozen=True)
class MailSettings:
    """SMTP_HOST/PORT/USER/PASSWORD/TLS/CA_FILE and MAIL_FROM as checked by the configuration."""

    host: str = ""  # empty: no SMTP server, mail becomes .eml files in the outbox folder
    port: int | None = None  # None: the TLS mode's usual port
    user: str = ""
    password: str = field(default="", repr=False)  # never in a log line or a traceback
    tls: str = "starttls"  # starttls, ssl or none (a local test server only)
    ca_file: str | None = None
    sender: str = DEFAULT_SENDER


@dataclass
class MailDelivery:
    """Builds each mail's MIME message and hands the batch to one transport."""

    transport: Transport
    sender: str = DEFAULT_SENDER

    def send(
        self,
        mails: list[OutgoingMail],
        now: dt.datetime | None = None,
        before: Before | None = None,
        after: After | None = None,
    ) -> dict[str, Outcome]:
        """Send the mails over the transport (one connection); identity → outcome, each told to before/after."""
        messages = [(m.identity, to_email_message(m, self.sender, now)) for m in mails]
        return self.transport.send(messages, before=before, after=after)

    @property
    def to_outbox(self) -> bool:
        """True when the mail only becomes .eml files in a folder."""
        return isinstance(self.transport, OutboxTransport)

    def describe(self) -> str:
        """Where the mail went."""
        return self.transport.describe()


def delivery_for(settings: MailSettings, outbox: str) -> MailDelivery:
    """SMTP when a host is set, else .eml files in the outbox folder."""
    if not settings.host:
        return MailDelivery(OutboxTransport(Path(outbox)), settings.sender)
    port = settings.port or DEFAULT_PORTS[settings.tls]
    smtp = SmtpTransport(settings.host, port, settings.user, settings.password, settings.tls, settings.ca_file)
    return MailDelivery(smtp, settings.sender)
