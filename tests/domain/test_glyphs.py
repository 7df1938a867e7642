"""The shipped font's character map, read by hand, is exactly what fontTools reads."""

from __future__ import annotations

import struct

from fontTools.ttLib import TTFont

from functions.domain import glyphs
from functions.domain.paths import FONT_FILE


def test_the_hand_read_cmap_is_fonttools_best_cmap() -> None:
    with TTFont(str(FONT_FILE)) as font:
        expected = frozenset(map(chr, font.getBestCmap()))
    assert glyphs.font_characters() == expected
    assert "张" in expected and "𠀀" not in expected  # a common name character; one outside the subset


def test_a_font_without_a_format_12_cmap_is_left_to_fonttools() -> None:
    data = bytearray(FONT_FILE.read_bytes())
    (tables,) = struct.unpack_from(">H", data, 4)
    offset = next(
        struct.unpack_from(">I", data, 12 + 16 * i + 8)[0]
        for i in range(tables)
        if data[12 + 16 * i : 16 + 16 * i] == b"cmap"
    )
    _, count = struct.unpack_from(">HH", data, offset)
    for i in range(count):  # every subtable now claims format 4
        (sub,) = struct.unpack_from(">I", data, offset + 4 + 8 * i + 4)
        struct.pack_into(">H", data, offset + sub, 4)
    assert glyphs._format12_codes(bytes(data)) is None


def test_missing_and_printable_text() -> None:
    assert glyphs.missing_characters("王 秀英") == ""
    assert glyphs.missing_characters("王𠀀𠀀英") == "𠀀"
    assert glyphs.printable_text("王𠀀英") == "王＿英"
