"""The xlsx zip package: find sheet parts by title, add sheets, write a new package copying other parts raw."""

from __future__ import annotations

import io
import os
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree as ET
from xml.sax.saxutils import quoteattr

from functions.adapters.xlsx.zipwrite import write_package_atomically
from functions.domain.errors import SanyouError

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET_REL = REL_NS + "/worksheet"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


@dataclass(frozen=True)
class AddedStyles:
    """Style indexes appended to styles.xml for added tabs: header cells, unlocked cells, 提醒 level fills."""

    header: int
    unlocked: int
    level_fills: tuple[int, ...]


class PackageError(SanyouError, ValueError):
    """The zip is not a workbook package this module understands."""


@dataclass(frozen=True)
class SheetRef:
    """One <sheet> of workbook.xml: its title, sheetId, relationship id and part name."""

    title: str
    sheet_id: int
    rel_id: str
    part: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


class Package:
    """An xlsx package opened from bytes, with pending part replacements."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as exc:
            raise PackageError("not a zip package") from exc
        self.names = set(self.zip.namelist())
        self.changed: dict[str, bytes] = {}
        self.dropped: set[str] = set()
        self.workbook_part = self._find_workbook_part()
        self.sheets = self._read_sheets()

    def part(self, name: str) -> bytes:
        """A part's current bytes (pending replacement first)."""
        if name in self.changed:
            return self.changed[name]
        try:
            return self.zip.read(name)
        except KeyError as exc:
            raise PackageError(f"missing part {name}") from exc

    def text(self, name: str) -> str:
        """A part decoded as UTF-8."""
        try:
            return self.part(name).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PackageError(f"{name} is not UTF-8") from exc

    def _relationships(self, part: str) -> list[dict[str, str]]:
        rels = _rels_path(part)
        if rels not in self.names and rels not in self.changed:
            return []
        root = ET.fromstring(self.part(rels))
        return [dict(e.attrib) for e in root if _local(e.tag) == "Relationship"]

    def _find_workbook_part(self) -> str:
        for rel in self._relationships(""):  # the package root: _rels/.rels
            if rel.get("Type", "").endswith("/officeDocument"):
                return _resolve("", rel["Target"])
        if "xl/workbook.xml" in self.names:
            return "xl/workbook.xml"
        raise PackageError("no workbook part")

    def _read_sheets(self) -> list[SheetRef]:
        targets = {
            r["Id"]: _resolve(self.workbook_part, r["Target"])
            for r in self._relationships(self.workbook_part)
            if r.get("TargetMode") != "External"
        }
        root = ET.fromstring(self.part(self.workbook_part))
        sheets = []
        for el in root.iter():
            if _local(el.tag) != "sheet":
                continue
            rel_id = next((v for k, v in el.attrib.items() if k.endswith("}id")), "")
            if rel_id in targets:
                sheets.append(SheetRef(el.get("name", ""), int(el.get("sheetId", "0")), rel_id, targets[rel_id]))
        return sheets

    def sheet(self, title: str) -> SheetRef | None:
        """The sheet with this title, or None."""
        return next((s for s in self.sheets if s.title == title), None)

    def related_part(self, kind: str) -> str | None:
        """The part the workbook relates to by this type ("styles", "sharedStrings"), when the package has it."""
        for rel in self._relationships(self.workbook_part):
            if rel.get("Type", "").endswith("/" + kind):
                name = _resolve(self.workbook_part, rel["Target"])
                return name if name in self.names else None
        return None

    def styles_xml(self) -> str | None:
        """The workbook's styles part as text, or None when it has none."""
        name = self.related_part("styles")
        return self.text(name) if name else None

    @property
    def date1904(self) -> bool:
        """True when the workbook counts dates from 1904 (old Mac Excel)."""
        return re.search(r'date1904="(1|true)"', self.text(self.workbook_part)) is not None

    def replace(self, name: str, data: bytes) -> None:
        """Queue a new content for a part (existing or new)."""
        self.changed[name] = data

    def add_sheet(self, title: str, xml: bytes) -> SheetRef:
        """Add a worksheet part and its entries in workbook.xml, its rels and [Content_Types].xml."""
        number = 1
        while f"xl/worksheets/sheet{number}.xml" in self.names | set(self.changed):
            number += 1
        part = f"xl/worksheets/sheet{number}.xml"
        rels_part = _rels_path(self.workbook_part)
        used_ids = {r["Id"] for r in self._relationships(self.workbook_part)}
        n = len(used_ids) + 1
        while f"rId{n}" in used_ids:
            n += 1
        rel_id = f"rId{n}"
        sheet_id = max([s.sheet_id for s in self.sheets] + [0]) + 1
        target = posixpath.relpath(part, posixpath.dirname(self.workbook_part) or ".")
        self.replace(
            rels_part,
            _insert_before_close(
                self.text(rels_part),
                "Relationships",
                f'<Relationship Id="{rel_id}" Type="{WORKSHEET_REL}" Target="{target}"/>',
            ).encode(),
        )
        wb = self.text(self.workbook_part)
        prefix = re.search(r'xmlns:(\w+)="' + re.escape(REL_NS) + '"', wb)
        rid_attr = f'{prefix.group(1)}:id="{rel_id}"' if prefix else f'xmlns:sr="{REL_NS}" sr:id="{rel_id}"'
        el = _element_prefix(wb, "sheets")
        entry = f'<{el}sheet name={quoteattr(title)} sheetId="{sheet_id}" {rid_attr}/>'
        self.replace(self.workbook_part, _insert_before_close(wb, "sheets", entry).encode())
        self.replace(
            "[Content_Types].xml",
            _insert_before_close(
                self.text("[Content_Types].xml"),
                "Types",
                f'<Override PartName="/{part}" ContentType="{WORKSHEET_TYPE}"/>',
            ).encode(),
        )
        self.replace(part, xml)
        ref = SheetRef(title, sheet_id, rel_id, part)
        self.sheets.append(ref)
        return ref

    def drop_calc_chain(self) -> None:
        """Drop xl/calcChain.xml (Excel rebuilds it), so it cannot point at replaced formula cells."""
        chain = [n for n in self.names if n.endswith("calcChain.xml")]
        if not chain:
            return
        self.dropped.update(chain)
        rels_part = _rels_path(self.workbook_part)
        rels = re.sub(r"<(\w+:)?Relationship\b[^>]*calcChain[^>]*/>", "", self.text(rels_part))
        types = re.sub(r"<(\w+:)?Override\b[^>]*calcChain[^>]*/>", "", self.text("[Content_Types].xml"))
        self.replace(rels_part, rels.encode())
        self.replace("[Content_Types].xml", types.encode())

    def save(self, path: str | os.PathLike[str], before_replace: Callable[[], None] | None = None) -> None:
        """Write the package atomically beside path; unchanged parts are copied raw."""
        write_package_atomically(self.zip, self.changed, self.dropped, path, before_replace)


def _element_prefix(xml: str, local: str) -> str:
    m = re.search(r"<(\w+:)?" + local + r"\b", xml)
    return (m.group(1) or "") if m else ""


def _insert_before_close(xml: str, local: str, fragment: str) -> str:
    """Insert fragment just before </local> (any prefix); expand a self-closing <local/>."""
    close = re.search(r"</(\w+:)?" + local + r"\s*>", xml)
    if close:
        return xml[: close.start()] + fragment + xml[close.start() :]
    empty = re.search(r"<(\w+:)?" + local + r"\b([^>]*?)/>", xml)
    if not empty:
        raise PackageError(f"no <{local}> element")
    p = empty.group(1) or ""
    return xml[: empty.start()] + f"<{p}{local}{empty.group(2)}>{fragment}</{p}{local}>" + xml[empty.end() :]


_CHILD = {"fonts": "font", "fills": "fill", "cellXfs": "xf", "dxfs": "dxf"}


def _append_entries(xml: str, local: str, entries: list[str], before: str) -> tuple[str, int]:
    """Append entries to <local> (creating it before the first of `before`); return xml and the first new index."""
    found = re.search(r"<(\w+:)?" + local + r"\b([^>]*?)(/?)>", xml)
    if found is None:
        at = re.search(r"<(?:\w+:)?(?:" + before + r")\b|</(?:\w+:)?styleSheet>", xml)
        p = _element_prefix(xml, "styleSheet")
        block = f'<{p}{local} count="{len(entries)}">{"".join(entries)}</{p}{local}>'
        return xml[: at.start()] + block + xml[at.start() :], 0
    p = found.group(1) or ""
    body_end = found.end() if found.group(3) else xml.index(f"</{p}{local}>", found.end())
    body = "" if found.group(3) else xml[found.end() : body_end]
    first = len(re.findall(r"<(?:\w+:)?" + _CHILD[local] + r"\b", body))
    attrs = re.sub(r'\s*count="\d+"', "", found.group(2))
    rebuilt = f'<{p}{local} count="{first + len(entries)}"{attrs}>{body}{"".join(entries)}</{p}{local}>'
    end = found.end() if found.group(3) else body_end + len(f"</{p}{local}>")
    return xml[: found.start()] + rebuilt + xml[end:], first


def append_styles(
    pkg: Package, fills: tuple[str, ...] = ("F4A6A6", "F8CBAD", "FFF2A8"), header_fill: str = "E7E6E6"
) -> AddedStyles:
    """Append a bold shaded header style, an unlocked style and level fills to styles.xml; existing indexes stay."""
    name = next(
        (
            _resolve(pkg.workbook_part, r["Target"])
            for r in pkg._relationships(pkg.workbook_part)
            if r.get("Type", "").endswith("/styles")
        ),
        None,
    )
    if name is None or name not in pkg.names:
        raise PackageError("no styles part")
    xml = pkg.text(name)
    p = _element_prefix(xml, "styleSheet")
    xml, font = _append_entries(xml, "fonts", [f'<{p}font><{p}b val="1"/><{p}sz val="11"/></{p}font>'], "fills")
    solid = (
        f'<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="FF{header_fill}"/></{p}patternFill></{p}fill>'
    )
    xml, fill = _append_entries(xml, "fills", [solid], "borders")
    xml, xf = _append_entries(
        xml,
        "cellXfs",
        [
            f'<{p}xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="0" xfId="0" applyFont="1" applyFill="1" '
            f'applyAlignment="1"><{p}alignment horizontal="center" vertical="center" wrapText="1"/></{p}xf>',
            f'<{p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" applyProtection="1">'
            f'<{p}alignment vertical="top" wrapText="1"/><{p}protection locked="0"/></{p}xf>',
        ],
        "cellStyles|dxfs",
    )
    dxfs = [
        f'<{p}dxf><{p}fill><{p}patternFill patternType="solid"><{p}bgColor rgb="FF{c}"/></{p}patternFill>'
        f"</{p}fill></{p}dxf>"
        for c in fills
    ]
    xml, dxf = _append_entries(xml, "dxfs", dxfs, "tableStyles|colors|extLst")
    pkg.replace(name, xml.encode("utf-8"))
    return AddedStyles(header=xf, unlocked=xf + 1, level_fills=tuple(range(dxf, dxf + len(fills))))
