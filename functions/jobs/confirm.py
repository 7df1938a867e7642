"""One-tap confirmation: read the few tabs the page needs, check the form, append the contact once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from functions.digest.confirm_form import page_context, read_form, runlog_line
from functions.domain.appendable import AppendStatus, ContactAppender
from functions.domain.confirm_token import Claim
from functions.domain.model import Record
from functions.domain.table import Row
from functions.domain.tabs import ELDERS, VOLUNTEERS

TIME_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class Recorded:
    """What the page says after a submission."""

    status: AppendStatus
    elder_name: str
    mode: str | None


def _find(rows: list[Row], wanted: str) -> Record | None:
    """The first row whose 编号 is wanted (first row wins, as everywhere)."""
    return next((r for r in rows if str(r.get("编号") or "").strip() == wanted), None)


def confirm_page(target: ContactAppender, claim: Claim, today: dt.date) -> dict[str, Any]:
    """The page's context; KeyError when the volunteer is not (or no longer) in 志愿者."""
    snapshot = target.read_tabs([ELDERS, VOLUNTEERS])
    volunteer = _find(snapshot.rows(VOLUNTEERS), claim.volunteer)
    if volunteer is None:
        raise KeyError(claim.volunteer)
    return page_context(claim, _find(snapshot.rows(ELDERS), claim.elder), volunteer, today)


def record_confirmation(
    target: ContactAppender, claim: Claim, form: dict[str, str], today: dt.date, now: dt.datetime
) -> Recorded:
    """Check the form (FormError), then append the row and its audit line once."""
    confirmation = read_form(claim, form, today)
    context = confirm_page(target, claim, today)
    audit = runlog_line(confirmation, now.strftime(TIME_FORMAT))
    status = target.append_contact(confirmation.identity, confirmation.cells or None, audit)
    return Recorded(status, context["elder_name"], confirmation.mode)
