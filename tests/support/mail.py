"""Deliveries for job-level tests: .eml files in a folder, or SMTP to the local test server."""

from __future__ import annotations

from pathlib import Path

from functions.adapters.mail.delivery import MailDelivery, MailSettings, delivery_for

SENDER = "三有提醒 <sanyou@example.cn>"


def outbox_delivery(folder: str | Path) -> MailDelivery:
    """Each mail becomes an .eml file in the folder."""
    return delivery_for(MailSettings(sender=SENDER), str(folder))


def smtp_delivery(port: int, host: str = "127.0.0.1") -> MailDelivery:
    """Plain SMTP (no TLS) to a local server, as tests/support/smtp_server.py starts one."""
    return delivery_for(MailSettings(host=host, port=port, tls="none", sender=SENDER), "unused-outbox")


def tab(workbook, title: str) -> list[dict]:
    """A system tab as read back: list of {header: value}."""
    return [r.values for r in workbook.read().tables[title].rows]
