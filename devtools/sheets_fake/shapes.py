"""Request shapes the fake accepts: exactly those Google's discovery document describes (see discovery.py)."""

from __future__ import annotations

from typing import Any

from .discovery import BadRequest, bad_mask_path, check_body

__all__ = ["BadRequest", "check", "check_mask"]


def check(value: Any, message: str) -> None:
    """Raise BadRequest when value does not parse as the Sheets v4 message (unknown field, wrong type, bad enum)."""
    check_body(value, message)


def check_mask(fields: str, message: str, where: str) -> None:
    """Raise BadRequest when a field mask names a field the message does not have."""
    bad = bad_mask_path(fields, message)
    if bad is not None:
        raise BadRequest(f"Invalid {where}: Invalid field mask path '{bad}': no such field in {message}.")
