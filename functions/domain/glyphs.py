"""Which characters the shipped CJK font can print: the one coverage check for the cards and the chart."""

from __future__ import annotations

import struct
from functools import lru_cache

from functions.domain.paths import FONT_FILE

# The cmap subtables fontTools' getBestCmap prefers, best first: Unicode full repertoire, then BMP.
_PREFERRED = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


@lru_cache(maxsize=1)
def font_characters() -> frozenset[str]:
    """Every character in the shipped font's own character map (cmap)."""
    data = FONT_FILE.read_bytes()
    codes = _format12_codes(data)
    if codes is None:  # another kind of cmap: fontTools reads them all
        from fontTools.ttLib import TTFont

        with TTFont(str(FONT_FILE), lazy=True) as font:
            codes = set(font.getBestCmap())
    return frozenset(map(chr, codes))


def _format12_codes(data: bytes) -> set[int] | None:
    """The code points of the font's best format-12 cmap subtable, read straight from the bytes.

    Written by hand because fontTools' import and table machinery cost 0.2 s a night to read this one
    table; tested against fontTools' getBestCmap on the shipped font. None when the best subtable is not
    format 12 (fontTools then reads it).
    """
    (tables,) = struct.unpack_from(">H", data, 4)
    for i in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            break
    else:
        return None
    _, count = struct.unpack_from(">HH", data, offset)
    subtables = dict(
        ((platform, encoding), offset + sub)
        for platform, encoding, sub in struct.iter_unpack(">HHI", data[offset + 4 : offset + 4 + 8 * count])
    )
    best = next((subtables[key] for key in _PREFERRED if key in subtables), None)
    if best is None or struct.unpack_from(">H", data, best)[0] != 12:
        return None
    (groups,) = struct.unpack_from(">I", data, best + 12)
    codes: set[int] = set()
    for first, last, _ in struct.iter_unpack(">III", data[best + 16 : best + 16 + 12 * groups]):
        codes.update(range(first, last + 1))
    return codes


def missing_characters(text: str) -> str:
    """The characters of text the font cannot print, each once, in order (whitespace is always fine)."""
    printable = font_characters()
    missing: list[str] = []
    for char in text:
        if char not in printable and not char.isspace() and char not in missing:
            missing.append(char)
    return "".join(missing)


def printable_text(text: str, blank: str = "＿") -> str:
    """The text with each character the font lacks replaced by a blank to write in by hand."""
    printable = font_characters()
    return "".join(c if c in printable or c.isspace() else blank for c in text)
