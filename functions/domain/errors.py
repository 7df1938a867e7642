"""The base of every error we raise on purpose: its message is one line a person can act on."""

from __future__ import annotations


class SanyouError(Exception):
    """A failure we foresaw (bad workbook, bad request, bad configuration …); entry/errors.py maps each kind to a
    CLI exit code and an HTTP status. Anything else is a bug and reaches the logs as its type only."""
