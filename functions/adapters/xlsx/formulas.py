"""Formula cells in volunteer sheets that fetch from or link to the internet (=WEBSERVICE, =HYPERLINK, …).

calamine hands back a formula cell's cached value only, so the sheet XML is scanned for <f> elements;
a sheet without any formula costs one substring search.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

from functions.adapters.xlsx.package import Package, PackageError
from functions.domain.cell_address import column_index
from functions.domain.workbook import FormulaCell

FETCHING = re.compile(
    r"\b(WEBSERVICE|HYPERLINK|IMPORTXML|IMPORTHTML|IMPORTDATA|IMPORTFEED|IMPORTRANGE|IMAGE|FILTERXML|RTD)\s*\(",
    re.IGNORECASE,
)
FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*>([^<]+)</(?:\w+:)?f>")
CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d+)"')
LOOK_BACK = 4096  # bytes before a <f> in which its cell's start tag lies


def _closes_formula(buf: bytes | bytearray, end: int | None = None) -> bool:
    """True when the bytes (up to end) hold a </f> or </x:f>.

    Cell XML hardly has an "f" outside formulas (tags, numbers, ids and Chinese text have none), so the
    bytes are searched for "f" alone, a memchr: the night's 60 MB of 走访记录 in a few ms, where searching
    for "f>" took 65 ms (">" ends every tag). Text with many f's switches to that search after a while.
    """
    end = len(buf) if end is None else end
    needle, budget = b"f", end >> 12
    at = buf.find(needle, 0, end)
    while at >= 0:
        if at + 1 < end and buf[at + 1] == 0x3E and at > 0 and buf[at - 1] in b"/:":  # 0x3E: ">"
            return True
        budget -= 1
        if budget < 0:
            needle = b"f>"
        at = buf.find(needle, at + 1, end)
    return False


def scan_formulas(part: io.BufferedIOBase) -> list[FormulaCell]:
    """The fetching formulas of one sheet part, read in 1 MiB chunks (a sheet's XML is never held whole)."""
    found, carry = [], b""
    while chunk := part.read(1 << 20):
        buf = carry + chunk
        if _closes_formula(buf):
            for m in FORMULA.finditer(buf):
                if m.end() <= len(carry):  # wholly in the carried part: seen with the previous chunk
                    continue
                text = html.unescape(m.group(1).decode("utf-8", "replace"))
                cells = (
                    list(CELL.finditer(buf, max(0, m.start() - LOOK_BACK), m.start())) if FETCHING.search(text) else []
                )
                if cells:
                    letters, row = cells[-1].groups()
                    found.append(FormulaCell(int(row), column_index(letters.decode()), "=" + text))
        carry = buf[-2 * LOOK_BACK :]
    return found


def formulas_in(xml: bytes | bytearray, end: int | None = None) -> list[FormulaCell]:
    """The fetching formulas of sheet XML already in memory (a slice of rows, up to end): one search when it
    has none, without the chunk copies of scan_formulas (the night's 60 MB of 走访记录 slices have none)."""
    return scan_formulas(io.BytesIO(xml[:end])) if _closes_formula(xml, end) else []


def fetching_formulas(data: bytes | io.BytesIO, titles: list[str]) -> dict[str, list[FormulaCell]]:
    """For each named sheet, the cells whose formula fetches or links: (row, 0-based column, formula)."""
    raw = data.getvalue() if isinstance(data, io.BytesIO) else data
    try:
        pkg = Package(raw)
    except (PackageError, zipfile.BadZipFile):
        return {}
    found: dict[str, list[FormulaCell]] = {}
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        for title in titles:
            ref = pkg.sheet(title)
            if ref is None or ref.part not in pkg.names:
                continue
            with package.open(ref.part) as part:
                cells = scan_formulas(part)
            if cells:
                found[title] = cells
    return found
