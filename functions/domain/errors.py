"""The base of every error we raise on purpose: its message is one line a person can act on."""

from __future__ import annotations


class SanyouError(Exception):
    """A failure we foresaw (bad workbook, bad request, bad configuration …); entry/errors.py maps each kind to a
    CLI exit code and an HTTP status. Anything else is a bug and reaches the logs as its type only."""


class UnknownColumn(SanyouError, KeyError):
    """Code read a column its tab's schema does not have (a typo would otherwise read as a blank cell)."""

    def __init__(self, tab: str, column: str) -> None:
        super().__init__(f"“{tab or '（未知的表）'}”没有“{column}”这一列（sheets_schema/ 里没有定义）")
        self.tab, self.column = tab, column

    def __str__(self) -> str:
        return str(self.args[0])
