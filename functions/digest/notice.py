"""One line on top of a composed mail, e.g. that the workbook's system tabs could not be updated this time."""

from __future__ import annotations

import dataclasses
import html
import re

from functions.domain.model import OutgoingMail


def unwritten_notice(reason: str) -> str:
    """The line every mail of a run carries when the sheet itself was not updated."""
    return f"注意：{reason}，工作簿里的问题清单、提醒和运行记录这次没有更新；本邮件按今天读到的数据算出。"


def with_notice(mail: OutgoingMail, line: str) -> OutgoingMail:
    """The same mail with line first in the text part and in a highlighted paragraph at the top of the HTML."""
    paragraph = (
        '<p style="margin:0 0 12px;padding:8px;background:#FFF2A8;border-radius:4px">' + html.escape(line) + "</p>"
    )
    body = re.search(r"<body\b[^>]*>", mail.html)
    rich = mail.html[: body.end()] + paragraph + mail.html[body.end() :] if body else paragraph + mail.html
    return dataclasses.replace(mail, text=f"{line}\n\n{mail.text}", html=rich)
