"""Spreadsheet column letters ↔ 0-based column indexes: the one conversion for every backend and message."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """0-based column index → letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """Letters → 0-based column index (A → 0, AA → 26)."""
    value = 0
    for ch in letters.upper():
        value = value * 26 + (ord(ch) - 64)
    return value - 1
