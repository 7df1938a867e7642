"""The longest text a spreadsheet cell takes: every system cell we write is cut to fit, never refused."""

from __future__ import annotations

from typing import Any

EXCEL_CELL_CHARS = 32_767  # Excel, WPS and LibreOffice (.xlsx)
GOOGLE_CELL_CHARS = 50_000  # Google Sheets
FEISHU_CELL_CHARS = 50_000  # Feishu / Lark Sheets (a longer one is refused with 90222 TooLargeCell)
EXCEL_MAX_ROWS = 1_048_576  # rows of an .xlsx sheet, the header row included
CUT_MARK = "……（内容过长，已截断）"


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fit_cell(value: Any, limit: int) -> Any:
    """The value itself, or a text cut (with a mark) to at most limit characters as the spreadsheet counts them."""
    if not isinstance(value, str) or len(value) <= limit // 2 or _utf16_len(value) <= limit:
        return value
    keep = limit - len(CUT_MARK)
    cut = value[:keep]
    while _utf16_len(cut) > keep:  # characters outside the BMP count twice
        cut = cut[: -max(1, (_utf16_len(cut) - keep) // 2)]
    return cut + CUT_MARK


def fit_rows(rows: list[list[Any]], limit: int) -> list[list[Any]]:
    """Every cell of rows fitted to limit (a new list only when some cell was too long)."""
    if not any(isinstance(v, str) and len(v) > limit // 2 for row in rows for v in row):
        return rows
    return [[fit_cell(v, limit) for v in row] for row in rows]
