"""OutgoingMail → a MIME message: text + HTML alternative, inline images, UTF-8, RFC 2047 headers."""

from __future__ import annotations

import base64
import datetime as dt
import email.policy
from email import encoders
from email.generator import BytesGenerator
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from functools import lru_cache
from io import BytesIO
from uuid import uuid4

from functions.adapters.mail.policy import plain_headers
from functions.domain.model import Attachment, OutgoingMail


@lru_cache(maxsize=1024)
def _address(text: str) -> str:
    """'三有提醒 <a@b.cn>' with the display name RFC 2047-encoded (once per address: the sender's is on every mail)."""
    name, address = parseaddr(text)
    return formataddr((name, address), charset="utf-8") if name else address


def _multipart(subtype: str) -> MIMEMultipart:
    """A multipart with its boundary chosen here: every part below is base64, whose alphabet has no "_", so
    the boundary cannot occur in them and email need not search the whole message for it (0.1 s a night)."""
    return MIMEMultipart(subtype, boundary=f"=_sanyou_{uuid4().hex}", policy=plain_headers)


def _text_part(text: str, subtype: str) -> MIMENonMultipart:
    """What MIMEText(text, subtype, "utf-8") makes, byte for byte, with its base64 body encoded in one C call
    (email encodes 57 bytes a call in Python: 0.1 s for a night's 474 text and HTML parts)."""
    part = MIMENonMultipart("text", subtype, policy=plain_headers, charset="utf-8")
    part["Content-Transfer-Encoding"] = "base64"
    part.set_payload(base64.encodebytes(text.encode("utf-8")).decode("ascii"))
    return part


def _attachment_part(attachment: Attachment) -> MIMEBase:
    """A base64 part with its file name (RFC 2231-encoded, so a Chinese name survives)."""
    part = MIMEBase(attachment.maintype, attachment.subtype, policy=plain_headers)
    part.set_payload(attachment.data)
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", attachment.filename))
    return part


def to_email_message(mail: OutgoingMail, sender: str, now: dt.datetime | None = None) -> Message:
    """The message to send or save as .eml.

    Built with the email.mime classes rather than EmailMessage(policy=SMTP): the same standard
    output, but the modern header registry re-parses every header and made a full-size night's
    237 digests cost 0.75 s instead of 0.25 s.
    """
    html: Message = _text_part(mail.html, "html")
    if mail.images:
        related = _multipart("related")
        related.attach(html)
        for image in mail.images:
            part = MIMEImage(image.data, image.subtype, policy=plain_headers)
            part["Content-ID"] = f"<{image.cid}>"
            part["Content-Disposition"] = "inline"
            related.attach(part)
        html = related
    msg = _multipart("alternative")
    msg.attach(_text_part(mail.text, "plain"))
    msg.attach(html)
    if mail.attachments:
        body, msg = msg, _multipart("mixed")
        msg.attach(body)
        for attachment in mail.attachments:
            msg.attach(_attachment_part(attachment))
    msg["From"] = _address(sender)
    msg["To"] = _address(mail.to)
    msg["Subject"] = Header(mail.subject, "utf-8")
    msg["Date"] = format_datetime(now or dt.datetime.now(dt.UTC))
    domain = parseaddr(sender)[1].rpartition("@")[2] or "sanyou.local"
    msg["Message-ID"] = make_msgid("sanyou", domain=domain)
    return msg


class _WholeBodies(BytesGenerator):
    """BytesGenerator writing a body without CR in one piece: email splits it into lines and joins them
    again with the same "\n", one write each (0.03 s for a night's 237 messages, all base64 lines)."""

    def _write_lines(self, lines: str) -> None:
        if "\r" in lines or self._NL != "\n":
            super()._write_lines(lines)
        elif lines:
            self.write(lines)


def message_bytes(message: Message) -> bytes:
    """message.as_bytes(), byte for byte (tests/adapters/mail compares them), its bodies written whole."""
    out = BytesIO()
    _WholeBodies(out, mangle_from_=False, policy=message.policy).flatten(message)
    return out.getvalue()


def needs_smtputf8(message: Message) -> bool:
    """True when the sender's or a recipient's address itself is not ASCII (e.g. 张书记@example.org)."""
    addresses = [parseaddr(str(message.get(h, "")))[1] for h in ("From", "To")]
    return any(not a.isascii() for a in addresses)


def smtputf8_bytes(message: Message) -> bytes:
    """The message with UTF-8 headers (RFC 6532), for a server that announced SMTPUTF8."""
    for name, value in list(message.items()):
        if isinstance(value, Header):
            message.replace_header(name, str(value))
    return message.as_bytes(policy=email.policy.SMTPUTF8)
