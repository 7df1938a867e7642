"""Which characters the shipped CJK font can print: the one coverage check for the cards and the chart."""

from __future__ import annotations

from functools import lru_cache

from functions.domain.paths import FONT_FILE


@lru_cache(maxsize=1)
def font_characters() -> frozenset[str]:
    """Every character in the shipped font's own character map (cmap)."""
    from fontTools.ttLib import TTFont  # only the cmap table is parsed

    with TTFont(str(FONT_FILE), lazy=True) as font:
        return frozenset(chr(code) for code in font.getBestCmap())


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
