"""A big worksheet cut into row slices, each a tiny xlsx package of its own, for calamine to read in turn.

Hand-written because calamine (like every xlsx reader we can install) holds a whole sheet's cells at once:
a 170,000-row 走访记录 costs 140 MB while it is parsed, and a sheet at Google's 10-million-cell limit
several GB. Cut at row boundaries of the raw XML, each slice keeps the workbook's styles (dates) and
shared strings, so calamine reads it exactly as it reads the whole sheet, SLICE_BYTES of XML at a time.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from python_calamine import CalamineSheet

from functions.adapters.xlsx.formulas import formulas_in
from functions.adapters.xlsx.package import Package, PackageError
from functions.adapters.xlsx.slice_parse import parse_package
from functions.domain.errors import SanyouError
from functions.domain.workbook import FormulaCell

# XML per slice: about 6,000 contact rows. Three slices are alive at once (two parsing in the workers, one
# being made columns): 2 MB slices keep the read at 109 MiB peak, 4 MB ones took 136 MiB, at the same speed.
SLICE_BYTES = 2 * 1024 * 1024
# A sheet part larger than this (and than SST_FACTOR times the shared strings) is read in slices: in a slice
# calamine parses no second time for merged cells and waits for no other sheet's parse (one at a time per
# workbook), so 老人档案 (3 MB) no longer holds up the read's start for 0.1 s.
BIG_SHEET_BYTES = 1024 * 1024
SST_FACTOR = 2  # a slice is at least this many times the shared strings' XML: each slice parses them again
READ_BYTES = 1024 * 1024
_SHEET_DATA_OPEN = re.compile(rb"<(\w+:)?sheetData\b[^>]*>")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
_ROW_END = re.compile(rb"</(?:\w+:)?row>|<(?:\w+:)?row\b[^>]*/>")
_FIRST_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_NUMBERED = re.compile(rb'\br="\d+"')


class NotSliceable(SanyouError, ValueError):
    """The sheet's rows carry no row numbers (r="…"): a slice could not say where its rows are."""


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
SLICE_TITLE = "slice"


def _support_parts(pkg: Package) -> dict[str, bytes]:
    """The parts every slice shares: package and workbook relationships, workbook, styles, shared strings."""
    date1904 = ' date1904="1"' if pkg.date1904 else ""
    parts = {
        "[Content_Types].xml": _TYPES.encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_RELS}"><Relationship Id="rId1" '
            f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
            f'<workbookPr{date1904}/><sheets><sheet name="{SLICE_TITLE}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
    }
    rels = [f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>']
    for n, kind in enumerate(("styles", "sharedStrings"), start=2):
        name = pkg.related_part(kind)
        if name:
            parts[f"xl/{kind}.xml"] = pkg.part(name)
            rels.append(f'<Relationship Id="rId{n}" Type="{_REL_NS}/{kind}" Target="{kind}.xml"/>')
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_RELS}">{"".join(rels)}</Relationships>'
    ).encode()
    return parts


def _package(support: dict[str, bytes], head: bytes, rows: bytes | memoryview, tail: bytes) -> io.BytesIO:
    """One slice as an uncompressed xlsx package in memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name, data in support.items():
            z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(head)
            part.write(rows)
            part.write(tail)
    out.seek(0)
    return out


def sheet_slices(
    pkg: Package, package: zipfile.ZipFile, part: str, slice_bytes: int = SLICE_BYTES
) -> Iterator[tuple[list[FormulaCell], io.BytesIO]]:
    """The sheet part as slice packages of about slice_bytes of rows each, read from the zip as it inflates;
    each with the fetching formulas of its rows (scanned there: not in the styles and shared strings again)."""
    support = _support_parts(pkg)
    with package.open(part) as stream:
        buf = bytearray()
        opening = None
        while opening is None:
            chunk = stream.read(READ_BYTES)
            buf += chunk
            opening = _SHEET_DATA_OPEN.search(buf)
            if not chunk and opening is None:
                yield [], _package(support, bytes(buf), b"", b"")  # no <sheetData>: calamine says what is wrong
                return
        if opening.group(0).endswith(b"/>"):  # <sheetData/>: no rows at all
            yield [], _package(support, bytes(buf) + stream.read(), b"", b"")
            return
        prefix = opening.group(1) or b""
        head = _head(bytes(buf[: opening.start()]), opening.group(0), prefix)
        tail = b"</" + prefix + b"sheetData></" + prefix + b"worksheet>"
        del buf[: opening.end()]
        done, want = False, slice_bytes
        while not done:
            while len(buf) < want and not done:
                chunk = stream.read(READ_BYTES)
                buf += chunk
                done = not chunk
            end = _rows_end(buf, prefix) if done else _last_row_end(buf, prefix)
            if end > 0:
                first = _FIRST_ROW.search(buf, 0, end)
                if first is not None and not _NUMBERED.search(first.group(1)):
                    raise NotSliceable(part)
                yield _scanned_package(support, head, buf, end, tail)
                del buf[:end]
                want = slice_bytes
            else:
                want = len(buf) + slice_bytes  # no whole row yet: read on


def _head(before: bytes, sheet_data: bytes, prefix: bytes) -> bytes:
    """Each slice's XML up to its rows: the sheet's own, without its extent (it would size the whole sheet),
    with an empty merged-cells list just before the rows.

    calamine looks for a sheet's merged cells (which the night never uses) by scanning its XML a second time
    from the top until <mergeCells>: a slice of rows has none, so each scan ran to the end, a quarter of the
    parse (走访记录's slices: 1.69 s of CPU → 1.29 s, the same cells). Found first, the list ends the scan.
    """
    merge_cells = b"<" + prefix + b"mergeCells></" + prefix + b"mergeCells>"  # a Start event: <x/> is not one
    return _DIMENSION.sub(b"", before, count=1) + merge_cells + sheet_data


def _scanned_package(
    support: dict[str, bytes], head: bytes, buf: bytearray, end: int, tail: bytes
) -> tuple[list[FormulaCell], io.BytesIO]:
    """The fetching formulas of the rows buf holds up to end (a formula's cell lies in its own row: in this
    slice) and their package, read from buf in place: a copy of the rows would cost two copies of each
    slice (bytes(buf[:end]) is a bytearray, then bytes), 120 MB of copying a night for 60 MB of 走访记录.
    A function of its own so that no view of buf is kept by the suspended generator (buf is cut after)."""
    with memoryview(buf) as whole, whole[:end] as rows:
        return formulas_in(buf, end), _package(support, head, rows, tail)


def _last_row_end(buf: bytearray, prefix: bytes) -> int:
    """Where the last complete row in the buffer ends (0 when none does)."""
    closing = b"</" + prefix + b"row>"
    found = buf.rfind(closing)
    if found >= 0:
        return found + len(closing)
    end = 0  # only rows without cells (<row …/>), or another prefix: the slow way
    for match in _ROW_END.finditer(buf, max(0, len(buf) - READ_BYTES * 2)):
        end = match.end()
    if end == 0 and len(buf) > READ_BYTES * 2:
        for match in _ROW_END.finditer(buf):
            end = match.end()
    return end


def _rows_end(buf: bytearray, prefix: bytes) -> int:
    """Where the rows end in the sheet's last bytes (at </sheetData>, or after the last whole row)."""
    end = buf.find(b"</" + prefix + b"sheetData>")
    return end if end >= 0 else _last_row_end(buf, prefix)


@dataclass
class BigSheets:
    """The workbook's big sheet parts by title, and how to read each one slice by slice."""

    package: zipfile.ZipFile | None = None
    pkg: Package | None = None
    parts: dict[str, str] = field(default_factory=dict)
    slice_bytes: int = 0  # 0: SLICE_BYTES
    formulas: dict[str, list[FormulaCell]] = field(default_factory=dict)  # what each sliced sheet's <f> fetch

    def slice_parsers(self, title: str) -> Iterator[Callable[[], CalamineSheet]]:
        """A parse of each of the sheet's slices, in order, to run in any thread (the slices are cut here,
        one ahead of the parses); its fetching formulas found on the way (the XML is inflated once)."""
        assert self.pkg is not None and self.package is not None
        found = self.formulas[title] = []
        for cells, data in sheet_slices(self.pkg, self.package, self.parts[title], self.slice_bytes or SLICE_BYTES):
            found.extend(cells)
            yield partial(_parse_slice, data)
            del data  # only the parse holds the slice now


def _parse_slice(data: io.BytesIO) -> CalamineSheet:
    return parse_package(data, SLICE_TITLE)


@contextmanager
def big_sheets(data: bytes, titles: list[str]) -> Iterator[BigSheets]:
    """The named sheets whose XML is over BIG_SHEET_BYTES and SST_FACTOR times the shared strings' (each slice
    parses those again); none when the package cannot be read by hand."""
    try:
        pkg = Package(data)
    except (PackageError, zipfile.BadZipFile, ValueError, SyntaxError):  # ET.ParseError is a SyntaxError
        yield BigSheets()
        return
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        strings = pkg.related_part("sharedStrings")  # Excel, WPS and LibreOffice keep every text there
        shared = package.getinfo(strings).file_size if strings else 0
        strings_again = SST_FACTOR * shared  # each slice parses the shared strings again
        big = max(BIG_SHEET_BYTES, strings_again)
        parts = {}
        for title in titles:
            ref = pkg.sheet(title)
            if ref is not None and ref.part in pkg.names and package.getinfo(ref.part).file_size > big:
                parts[title] = ref.part
        yield BigSheets(package, pkg, parts, max(SLICE_BYTES, strings_again))
