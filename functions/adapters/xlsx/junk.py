"""A fill-down of one value to the sheet's last row (one drag in a spreadsheet program), cut before parsing.

Such a tail is a million identical one-cell rows: parsed, it would cost gigabytes and give a million
problems. It is found on the raw sheet XML (only when the part compresses suspiciously well), cut from
the copy calamine reads, and reported as one JunkRun instead.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

from functions.adapters.xlsx.package import Package, PackageError
from functions.adapters.xlsx.zipwrite import copy_raw
from functions.domain.workbook import JunkRun

MIN_RUN = 1000  # shorter runs are read as ordinary rows
SUSPICIOUS_ROWS = 10_000  # a sheet reaching this far down is worth a look …
SUSPICIOUS_ROW_BYTES = 150  # … when its rows average fewer XML bytes than a real record (about 300)
UNDIMENSIONED_BYTES = 96 * 1024 * 1024  # above the full demo's 走访记录 (62 MB), below a million junk rows plus it
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
    if extent is None:  # no <dimension>: not saved by a spreadsheet program; only a huge sheet is looked at
        return info.file_size > UNDIMENSIONED_BYTES
    rows = int(extent.group(1))
    return rows >= SUSPICIOUS_ROWS and info.file_size < SUSPICIOUS_ROW_BYTES * rows


def _junk_tail(xml: bytearray) -> tuple[int, int, JunkRun | None]:
    """(where the junk rows start, where they end, the run) for a sheet's XML; (0, 0, None) without one."""
    end = xml.rfind(b"sheetData>")
    tail = LAST_ROW.search(xml, max(0, end - 4096), end + len(b"sheetData>")) if end > 0 else None
    if tail is None:
        return 0, 0, None
    row_xml, prefix, number = bytes(tail.group(1)), tail.group(2) or b"", tail.group(3)
    pattern = _template(row_xml, number)
    if pattern is None:
        return 0, 0, None
    last = int(number)
    first = _run_start(xml, tail.end(1), last, pattern, prefix)
    if last - first + 1 < MIN_RUN:
        return 0, 0, None
    cut = xml.rfind(b"<" + prefix + b'row r="%d"' % first, 0, tail.end(1))
    value = TEXT.search(row_xml)
    text = value.group(1).decode("utf-8", "replace") if value else ""
    return cut, tail.end(1), JunkRun("", CELL.search(row_xml).group(1).decode(), first, last, text)


def cut_junk_tails(data: bytes, titles: list[str]) -> tuple[bytes | io.BytesIO, list[JunkRun]]:
    """The package with each named sheet's junk tail removed (a copy in memory), and what was removed.

    The copy compresses the shortened sheets quickly (level 1) and copies every other member's
    compressed bytes: one decompression of the suspicious sheet, one fast compression of what is kept.
    """
    try:
        pkg = Package(data)
    except (PackageError, zipfile.BadZipFile):
        return data, []
    runs: list[JunkRun] = []
    shortened: dict[str, tuple[bytearray, int, int]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for title in titles:
            ref = pkg.sheet(title)
            info = package.getinfo(ref.part) if ref is not None and ref.part in pkg.names else None
            if info is None or not _suspicious(package, info):
                continue
            xml = _inflate(package, info)
            cut, resume, run = _junk_tail(xml)
            if run is None:
                continue
            del xml[cut:resume]  # in place: the buffer shrinks to the meaningful rows
            shortened[ref.part] = (xml, cut, cut)
            runs.append(dataclasses.replace(run, title=title))
        if not shortened:
            return data, []
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as copy:
            for item in package.infolist():
                if item.filename not in shortened:
                    copy_raw(package, copy, item)
                    continue
                xml, cut, resume = shortened.pop(item.filename)
                split = min(4096, cut)  # a short sheet's rows may end within the first 4 KB
                head = DIMENSION.sub(b"", bytes(xml[:split]), count=1)  # the old extent would size a huge grid
                fresh = zipfile.ZipInfo(item.filename, item.date_time)
                fresh.compress_type, fresh._compresslevel = zipfile.ZIP_DEFLATED, 1  # type: ignore[attr-defined]
                with copy.open(fresh, "w", force_zip64=True) as part:
                    part.write(head)
                    part.write(memoryview(xml)[split:cut])
                    part.write(memoryview(xml)[resume:])
                del xml
    out.seek(0)
    return out, runs  # the buffer itself: getvalue() would copy it
