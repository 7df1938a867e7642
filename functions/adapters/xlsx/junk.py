"""A fill-down of one value to the sheet's last row (one drag in a spreadsheet program), cut before parsing.

Such a tail is a million identical one-cell rows: parsed, it would cost gigabytes and give a million
problems. It is found on the raw sheet XML (only when the part compresses suspiciously well), cut from
the copy calamine reads, and reported as one JunkRun instead.
"""

from __future__ import annotations

import io
import re
import zipfile

from functions.adapters.xlsx.package import Package, PackageError
from functions.domain.workbook import JunkRun

MIN_RUN = 1000  # shorter runs are read as ordinary rows
SUSPICIOUS_ROWS = 10_000  # a sheet reaching this far down is worth a look …
SUSPICIOUS_ROW_BYTES = 150  # … when its rows average fewer XML bytes than a real record (about 300)
EXTENT = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="[A-Z]{1,3}\d+:[A-Z]{1,3}(\d+)"')
LAST_ROW = re.compile(
    rb'(<(\w+:)?row\b[^>]*\br="(\d+)"[^>]*>(?:(?!<(?:\w+:)?row\b).)*?</(?:\w+:)?row>)\s*</(?:\w+:)?sheetData>', re.S
)
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*\br="([A-Z]{1,3})\d+"')
TEXT = re.compile(rb"<(?:\w+:)?(?:t|v)\b[^>]*>([^<]*)<")


def _template(row_xml: bytes, number: bytes) -> re.Pattern[bytes] | None:
    """A pattern matching this one-cell row with any row number (None when the row has more than one cell)."""
    if len(CELL.findall(row_xml)) != 1:
        return None
    return re.compile(re.escape(row_xml).replace(re.escape(number), rb"\d+"))


def _run_start(xml: bytes, end: int, last: int, pattern: re.Pattern[bytes], prefix: bytes) -> int:
    """The first row number of the longest tail of rows matching pattern that ends at row `last`."""
    unit = re.compile(rb"(?:" + pattern.pattern + rb")*+")  # possessive: no backtracking state per row

    def pos(n: int, upto: int) -> int:
        return xml.rfind(b"<" + prefix + b'row r="%d"' % n, 0, upto)

    good, good_pos, step = last, pos(last, end), MIN_RUN
    while good > 1:
        n = max(1, good - step)
        p = pos(n, good_pos)
        if p < 0 or unit.fullmatch(xml, p, good_pos) is None:
            break
        good, good_pos, step = n, p, step * 2
    lo = max(1, good - step)  # binary search the rest: rows lo..good-1 are not all junk
    while good - lo > 1:
        mid = (lo + good) // 2
        p = pos(mid, good_pos)
        if p >= 0 and unit.fullmatch(xml, p, good_pos) is not None:
            good, good_pos = mid, p
        else:
            lo = mid
    return good


def _inflate(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytearray:
    """A member's bytes, decompressed chunk by chunk into one buffer (zipfile.read holds them twice)."""
    buf = bytearray(info.file_size)
    view, pos = memoryview(buf), 0
    with package.open(info) as part:
        while chunk := part.read(1 << 20):
            view[pos : pos + len(chunk)] = chunk
            pos += len(chunk)
    view.release()
    return buf


def _suspicious(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """True when the sheet's extent (from the first bytes only) reaches far down with thin rows."""
    with package.open(info) as part:
        head = part.read(4096)
    extent = EXTENT.search(head)
    if extent is None:  # writers without a <dimension> (ours, some scripts): look at any large sheet
        return info.file_size > SUSPICIOUS_ROWS * SUSPICIOUS_ROW_BYTES
    rows = int(extent.group(1))
    return rows >= SUSPICIOUS_ROWS and info.file_size < SUSPICIOUS_ROW_BYTES * rows


def cut_junk_tails(data: bytes, titles: list[str]) -> tuple[bytes, list[JunkRun]]:
    """The package with each named sheet's junk tail removed (a copy in memory), and what was removed."""
    try:
        pkg = Package(data)
    except (PackageError, zipfile.BadZipFile):
        return data, []
    runs: list[JunkRun] = []
    replaced: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for title in titles:
            ref = pkg.sheet(title)
            info = package.getinfo(ref.part) if ref is not None and ref.part in pkg.names else None
            if info is None or not _suspicious(package, info):
                continue
            xml = _inflate(package, info)
            end = xml.rfind(b"sheetData>")
            tail = LAST_ROW.search(xml, max(0, end - 4096), end + len(b"sheetData>")) if end > 0 else None
            if tail is None:
                continue
            row_xml, prefix, number = tail.group(1), tail.group(2) or b"", tail.group(3)
            pattern = _template(row_xml, number)
            if pattern is None:
                continue
            last = int(number)
            first = _run_start(xml, tail.end(1), last, pattern, prefix)
            if last - first + 1 < MIN_RUN:
                continue
            cut = xml.rfind(b"<" + prefix + b'row r="%d"' % first, 0, tail.end(1))
            head = DIMENSION.sub(b"", xml[:cut], count=1)  # the old extent would make the reader size a huge grid
            replaced[ref.part] = bytes(head + xml[tail.end(1) :])
            value = TEXT.search(row_xml)
            column = CELL.search(row_xml).group(1).decode()
            runs.append(JunkRun(title, column, first, last, value.group(1).decode("utf-8", "replace") if value else ""))
            del xml, head
        if not replaced:
            return data, []
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
            for item in package.infolist():
                body = replaced.get(item.filename)
                copy.writestr(item.filename, body if body is not None else package.read(item.filename))
    return out.getvalue(), runs
