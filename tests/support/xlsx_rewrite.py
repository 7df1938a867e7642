"""A workbook's XML members rewritten as another spreadsheet program would have saved them."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path


def rewrite_members(path: Path, change: dict[str, Callable[[str], str]]) -> None:
    """Rewrite some members of the zip through text functions, the others copied as they are."""
    with zipfile.ZipFile(path) as z:
        members = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            fn = change.get(info.filename)
            z.writestr(info.filename, fn(data.decode()).encode() if fn else data)


def excel_prefixed(xml: str) -> str:
    """The XML with every element in the x: prefix, as Excel writes some parts."""
    xml = re.sub(r"<(/?)(\w+)(?=[\s/>])", r"<\1x:\2", xml)
    return xml.replace(
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
        'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
        1,
    )
