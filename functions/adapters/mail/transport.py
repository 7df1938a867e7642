"""Transports: one SMTP connection per run, or .eml files in an outbox folder."""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Protocol

from functions.domain.delivery import Outcome

DEFAULT_PORTS = {"ssl": 465, "starttls": 587, "none": 25}
TIMEOUT_SECONDS = 30
CLOSING = 421  # SMTP "service not available, closing transmission channel"


class Transport(Protocol):
    """Sends a batch of messages and says what became of each."""

    def send(self, messages: list[tuple[str, Message]]) -> dict[str, Outcome]:
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

    def send(self, messages: list[tuple[str, Message]]) -> dict[str, Outcome]:
        """One connection for the batch; a refused recipient fails alone; a dropped connection is opened
        again once (many providers cap the messages a session) before the rest count as failed."""
        outcomes: dict[str, Outcome] = {}
        pending = list(messages)
        for _ in range(2):
            if not pending:
                break
            pending = self._send_some(pending, outcomes)
        return outcomes

    def _send_some(
        self, messages: list[tuple[str, Message]], outcomes: dict[str, Outcome]
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
                try:
                    conn.send_message(message)
                    outcomes[identity] = Outcome(True, f"已通过 {self.host} 发出")
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
                    for rest, _ in messages[index:]:
                        outcomes[rest] = Outcome(False, note)
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


@dataclass
class OutboxTransport:
    """No SMTP server configured: each mail becomes an .eml file in a folder (what `make demo` shows)."""

    folder: Path

    def send(self, messages: list[tuple[str, Message]]) -> dict[str, Outcome]:
        """Write one <identity>.eml per message."""
        self.folder.mkdir(parents=True, exist_ok=True)
        outcomes = {}
        for identity, message in messages:
            path = self.folder / (re.sub(r"[^\w@.\-]+", "_", identity) + ".eml")
            try:
                path.write_bytes(message.as_bytes())
                outcomes[identity] = Outcome(True, f"已写入 {path}", outbox=True)
            except OSError as exc:
                outcomes[identity] = Outcome(False, f"无法写入发件箱文件夹（{type(exc).__name__}）")
        return outcomes

    def describe(self) -> str:
        """Where the mail went."""
        return f"没有设置 SMTP_HOST，邮件已写成 .eml 文件放在 {self.folder}/"
