"""Jinja2 templates → OutgoingMail; compose_digests builds the night's mail (MIME is mail_mime's job)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import Any

from functions.care.contacts import contacts_due
from functions.digest.confirm_links import ConfirmLinks
from functions.digest.secretary import secretary_context
from functions.digest.templates import environment
from functions.digest.volunteer import DueSoon, group_items, recipients, volunteer_context
from functions.domain.model import Alert, Note, OutgoingMail, Parsed
from functions.domain.settings import Settings

Link = Callable[[str, int | None], str | None]


def _safe_url(value: Any) -> str | None:
    """Only http(s) links become clickable; anything else is dropped."""
    text = str(value or "")
    return text if text.startswith(("https://", "http://")) else None


def render_mail(kind: str, template: str, identity: str, to: str, context: dict[str, Any]) -> OutgoingMail:
    """Render <template>.html and <template>.txt with the context into one OutgoingMail."""
    env = environment()
    html = env.get_template(f"{template}.html").render(context)
    text = env.get_template(f"{template}.txt").render(context)
    return OutgoingMail(identity=identity, kind=kind, to=to, subject=context["subject"], text=text, html=html)


def mail_identity(today: dt.date, kind: str, recipient: str) -> str:
    """'2026-11-29|secretary|shuji@example.cn': the same mail on the same day is sent at most once."""
    return f"{today.isoformat()}|{kind}|{recipient.strip().lower()}"


def _links(link: Link, workbook_link: str | None) -> tuple[Link, str | None, str | None]:
    """Row links and the workbook link when they are web addresses; else the workbook's file name."""

    def safe(title: str, row: int | None) -> str | None:
        return _safe_url(link(title, row))

    url = _safe_url(workbook_link)
    name = None if url or not workbook_link else PurePath(workbook_link).name  # a local file: say which
    return safe, url, name


def compose_digests(
    alerts: list[Alert],
    problem_rows: list[list],
    parsed: Parsed,
    settings: Settings,
    today: dt.date,
    link: Link,
    workbook_link: str | None,
    due_soon: DueSoon | None = None,
    confirm: ConfirmLinks | None = None,
    location: str = "",
    missed: int = 0,
    notes: Mapping[str, Note] | None = None,
) -> list[OutgoingMail]:
    """The secretary's digest to every 书记邮箱, and each 在岗 volunteer's own list when they have something due."""
    link, workbook_link, workbook_name = _links(link, workbook_link)
    community = settings.community_name
    mails = []
    notes = notes or {}
    context = secretary_context(alerts, problem_rows, parsed, settings, today, link, workbook_link, notes)
    context["workbook_name"] = workbook_name
    context["yesterday"]["missed"] = missed  # one-tap 没联系上 yesterday: the volunteers tried
    for address in settings.secretary_emails:
        mails.append(
            render_mail("secretary", "secretary", mail_identity(today, "secretary", address), address, context)
        )
    if due_soon is None:
        due_soon = contacts_due(parsed, settings, today)
    seen = {m.identity for m in mails}
    items = group_items(parsed, alerts, due_soon, today, problem_rows, link, notes)
    taps = confirm.for_day(location, today) if confirm else None
    for vid, address in recipients(parsed):
        ctx = volunteer_context(vid, items, today, link, taps)
        if not ctx["has_anything"]:  # problems in their own rows alone are worth a mail
            continue
        ctx.update(community=community, workbook_link=workbook_link, workbook_name=workbook_name)
        identity = mail_identity(today, "volunteer", address)
        if identity in seen:  # two volunteers sharing one address: each list is still its own mail
            identity = mail_identity(today, f"volunteer:{vid}", address)
        seen.add(identity)
        mails.append(render_mail("volunteer", "volunteer", identity, address, ctx))
    return mails
