"""Line breaks for long Chinese texts in a narrow cell, placed after punctuation.

LibreOffice breaks a wrapped Chinese line between any two characters, so a reason a little too long for
its column ends with a lone “）” or starts its second line with “，”. Breaking after a comma or a closing
bracket ourselves keeps every line whole.
"""

from __future__ import annotations

import re

_SEGMENT = re.compile(r"[^，、；：。）)]*[，、；：。）)]+|[^，、；：。）)]+")


def display_width(text: str) -> float:
    """Width in '0' characters: a CJK character (or full-width sign) is about 1.8 of them."""
    return sum(1.8 if ord(ch) > 0x2E7F else 1.0 for ch in text)


def wrap_after_punctuation(text: str, column_width: float) -> str:
    """text with a line break after punctuation wherever the next piece would overflow the column."""
    room = column_width - 2
    if "\n" in text or display_width(text) <= room:
        return text
    lines: list[str] = []
    for piece in _SEGMENT.findall(text):
        if lines and display_width(lines[-1] + piece) <= room:
            lines[-1] += piece
        else:
            lines.append(piece)
    return "\n".join(line.strip() for line in lines)
