"""Transports: one SMTP connection per run, or .eml files in an outbox folder."""

from __future__ import annotations

import hashlib
import re
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parseaddr
from pathlib import Path
from typing import Protocol

from functions.adapters.mail.mime import message_bytes, needs_smtputf8, smtputf8_bytes
from functions.domain.delivery import SEND_DEADLINE_SECONDS, Outcome

DEFAULT_PORTS = {"ssl": 465, "starttls": 587, "none": 25}
TIMEOUT_SECONDS = 30
CLOSING = 421  # SMTP "service not available, closing transmission channel"


Before = Callable[[str], None]  # called with a message's identity just before it is handed over
After = Callable[[str, Outcome], None]  # called as soon as a message's outcome is known


def _ignore(*_: object) -> None:
    """No journal to tell."""


class Outcomes(dict):
    """identity → Outcome, telling `after` of every outcome the moment it is set."""

    def __init__(self, after: After | None) -> None:
        super().__init__()
        self.after = after or _ignore

    def __setitem__(self, identity: str, outcome: Outcome) -> None:
        super().__setitem__(identity, outcome)
        self.after(identity, outcome)

    def update(self, other=(), /, **kwargs) -> None:  # type: ignore[override]
        """Set each pair through __setitem__."""
        for identity, outcome in dict(other, **kwargs).items():
            self[identity] = outcome


class Transport(Protocol):
    """Sends a batch of messages and says what became of each."""

    def send(
        self, messages: list[tuple[str, Message]], before: Before | None = None, after: After | None = None
    ) -> dict[str, Outcome]:
        """Deliver (identity, message) pairs; never raises for a delivery failure."""
        ...

    def describe(self) -> str:
        """Where the mail went, in Chinese, for the CLI."""
        ...


@dataclass
class SmtpTransport:
    """Real SMTP: ssl, starttls (default) or none (a local test server only)."""

    host: str
    port: int
    user: str = ""
    password: str = field(default="", repr=False)  # never in a log line or a traceback
    tls: str = "starttls"
    ca_file: str | None = None  # extra CA to trust; for a test server with a throwaway certificate
    deadline_seconds: float = SEND_DEADLINE_SECONDS

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)

    def _connect(self) -> smtplib.SMTP:
        if self.tls == "ssl":
            conn: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=TIMEOUT_SECONDS, context=self._context()
            )
        else:
            conn = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS)
            if self.tls == "starttls":
                conn.starttls(context=self._context())
        if self.user:
            conn.login(self.user, self.password)
        return conn

    def send(
        self, messages: list[tuple[str, Message]], before: Before | None = None, after: After | None = None
    ) -> dict[str, Outcome]:
        """Send over as few connections as the server allows: a session the server ends (many providers cap
        the messages a session) is opened again, as often as needed within the deadline, while it makes
        progress; a refused or unsendable recipient fails alone."""
        outcomes = Outcomes(after)
        pending = list(messages)
        deadline = time.monotonic() + self.deadline_seconds
        idle = 0  # sessions in a row that sent nothing
        while pending and idle < 2 and time.monotonic() < deadline:
            left = len(pending)
            pending = self._send_some(pending, outcomes, deadline, before or _ignore)
            idle = idle + 1 if len(pending) == left else 0
        return outcomes

    def _send_some(
        self, messages: list[tuple[str, Message]], outcomes: Outcomes, deadline: float, before: Before
    ) -> list[tuple[str, Message]]:
        """Send over one new connection; return the messages left when the connection was lost."""
        try:
            conn = self._connect()
        except smtplib.SMTPAuthenticationError:
            outcomes.update(
                {i: Outcome(False, "邮件服务器拒绝登录，请检查 SMTP_USER 和 SMTP_PASSWORD") for i, _ in messages}
            )
            return []
        except (OSError, smtplib.SMTPException) as exc:
            note = f"无法连接邮件服务器 {self.host}:{self.port}（{type(exc).__name__}）"
            outcomes.update({i: Outcome(False, note) for i, _ in messages})
            return []
        try:
            for index, (identity, message) in enumerate(messages):
                if time.monotonic() > deadline:
                    note = "发送时间超过了这次运行的期限"
                    outcomes.update({rest: Outcome(False, note) for rest, _ in messages[index:]})
                    return []
                try:
                    before(identity)
                    outcomes[identity] = send_one(conn, message, self.host)
                except smtplib.SMTPRecipientsRefused as exc:
                    codes = sorted({code for code, _ in exc.recipients.values()})
                    outcomes[identity] = Outcome(False, f"收件服务器拒收这个地址（{'/'.join(map(str, codes))}）")
                except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                    if exc.smtp_code == CLOSING:  # "too many messages this session": smtplib has hung up
                        note = f"邮件服务器结束了这次连接（{exc.smtp_code}）"
                        outcomes.update({rest: Outcome(False, note) for rest, _ in messages[index:]})
                        return messages[index:]
                    outcomes[identity] = Outcome(False, f"邮件服务器拒收这封邮件（{exc.smtp_code}）")
                except (OSError, smtplib.SMTPException) as exc:
                    note = f"与邮件服务器的连接中断（{type(exc).__name__}）"
                    if still_connected(conn):  # this message alone was refused: the others go on
                        outcomes[identity] = Outcome(False, f"邮件服务器没有接受这封邮件（{type(exc).__name__}）")
                        continue
                    outcomes.update({rest: Outcome(False, note) for rest, _ in messages[index:]})
                    return messages[index:]
        finally:
            try:
                conn.quit()
            except (OSError, smtplib.SMTPException):
                conn.close()
        return []

    def describe(self) -> str:
        """Where the mail went."""
        return f"邮件经 {self.host}:{self.port} 发出"


def outbox_name(identity: str) -> str:
    """A readable file name per mail that never collides (chen+care@ and chen_care@ differ by the hash)."""
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:10]
    return re.sub(r"[^\w@.\-]+", "_", identity)[:150] + f"-{digest}.eml"


def still_connected(conn: smtplib.SMTP) -> bool:
    """True when the server still answers (the last failure concerned one message only)."""
    try:
        return conn.noop()[0] == 250
    except (OSError, smtplib.SMTPException):
        return False


def send_one(conn: smtplib.SMTP, message: Message, host: str) -> Outcome:
    """Send one message; an address that is not ASCII goes with SMTPUTF8 where the server offers it."""
    if not needs_smtputf8(message):
        conn.send_message(message)
        return Outcome(True, f"已通过 {host} 发出")
    conn.ehlo_or_helo_if_needed()
    if not conn.has_extn("smtputf8"):
        return Outcome(False, "邮箱地址里有中文等字符，这个邮件服务器不支持（SMTPUTF8）；请改用英文字母的邮箱地址")
    sender = parseaddr(str(message["From"]))[1]
    recipients = [parseaddr(str(message["To"]))[1]]
    conn.sendmail(sender, recipients, smtputf8_bytes(message), mail_options=["SMTPUTF8"])
    return Outcome(True, f"已通过 {host} 发出")


@dataclass
class OutboxTransport:
    """No SMTP server configured: each mail becomes an .eml file in a folder (what `make demo` shows)."""

    folder: Path

    def send(
        self, messages: list[tuple[str, Message]], before: Before | None = None, after: After | None = None
    ) -> dict[str, Outcome]:
        """Write one <identity>.eml per message."""
        self.folder.mkdir(parents=True, exist_ok=True)
        outcomes = Outcomes(after)
        for identity, message in messages:
            (before or _ignore)(identity)
            path = self.folder / outbox_name(identity)
            try:
                path.write_bytes(message_bytes(message))
                outcomes[identity] = Outcome(True, f"已写入 {path}", outbox=True)
            except OSError as exc:
                outcomes[identity] = Outcome(False, f"无法写入发件箱文件夹（{type(exc).__name__}）")
        return outcomes

    def describe(self) -> str:
        """Where the mail went."""
        return f"没有设置 SMTP_HOST，邮件已写成 .eml 文件放在 {self.folder}/"
