"""Rebuild functions/fonts/SanyouSansSC-Regular.otf from Debian's fonts-noto-cjk (see functions/fonts/README.md).

Needs `apt-get install fonts-noto-cjk unicode-data`. Run: python -m devtools.make_font
"""

from __future__ import annotations

import bz2
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOURCE_INDEX = 2  # Noto Sans CJK SC inside the collection
UNIHAN = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")  # kTGH: the 8,105 of 通用规范汉字表 (2013)
TARGET = Path(__file__).resolve().parents[1] / "functions" / "fonts" / "SanyouSansSC-Regular.otf"
FAMILY, POSTSCRIPT = "Sanyou Sans SC", "SanyouSansSC-Regular"
EXTRA_RANGES = [
    (0x20, 0x7E),  # printable ASCII
    (0xB7, 0xB7),  # ·
    (0x2010, 0x2027),  # dashes, quotes, …
    (0x2191, 0x2193),  # ↑ ↓
    (0x2212, 0x2212),  # −
    (0x2460, 0x2473),  # ① … ⑳
    (0x3000, 0x303F),  # CJK punctuation
    (0xFF01, 0xFF5E),  # full-width forms
]


def tgh_hanzi() -> set[int]:
    """Code points of 通用规范汉字表 (levels 1-3) from Unihan's kTGH field."""
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as lines:
        return {int(line.split("\t")[0][2:], 16) for line in lines if "\tkTGH\t" in line}


def gb2312_hanzi() -> set[int]:
    """Code points of GB 2312's 6,763 hanzi (levels 1 and 2, rows 16-87)."""
    found = set()
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes((row, cell)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return found


def rename(font: TTFont) -> None:
    """The OFL asks a modified version to drop the reserved name: family 'Sanyou Sans SC'."""
    names = {1: FAMILY, 3: f"{FAMILY} Regular; subset of Noto Sans CJK SC 2.004", 4: f"{FAMILY} Regular", 6: POSTSCRIPT}
    name = font["name"]
    name.names = [r for r in name.names if r.nameID not in (16, 17, 21, 22)]
    for record in name.names:
        if record.nameID in names:
            record.string = names[record.nameID]
    cff = font["CFF "].cff
    cff.fontNames = [POSTSCRIPT]
    top = cff.topDictIndex[0]
    top.FullName, top.FamilyName = f"{FAMILY} Regular", FAMILY


def main() -> int:
    """Subset, rename, save; print the coverage."""
    codepoints = tgh_hanzi() | gb2312_hanzi()
    for low, high in EXTRA_RANGES:
        codepoints.update(range(low, high + 1))
    font = TTFont(SOURCE, fontNumber=SOURCE_INDEX)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    rename(font)
    font.save(TARGET)
    print(f"{TARGET.name}: {len(font.getBestCmap())} characters, {TARGET.stat().st_size:,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
