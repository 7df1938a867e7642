"""Near misses: which enum value, 编号 or header a volunteer probably meant ("did you mean")."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable

_ID_PARTS = re.compile(r"([A-Z]*)0*(\d+)")
_YES = {"Y", "YES", "TRUE", "√", "✓", "✔", "对", "有", "1", "是的"}
_NO = {"N", "NO", "FALSE", "×", "✗", "✘", "无", "没有", "0", "不是", "不"}


def near_enum(text: str, options: Iterable[str]) -> str | None:
    """The option a value probably meant: spaces removed, yes/no words, or a close spelling."""
    options = list(options)
    squeezed = "".join(text.split())
    if squeezed in options:
        return squeezed
    upper = squeezed.upper()
    if "是" in options and "否" in options:
        if upper in _YES:
            return "是"
        if upper in _NO:
            return "否"
    for option in options:  # "上门" for "上门走访", "电话问候了" for "电话问候"
        if len(squeezed) >= 2 and (squeezed in option or option in squeezed) and len(option) >= 2:
            return option
    # difflib is the standard library's edit-similarity; Chinese typos (问侯/问候) score ≥ 0.6.
    match = difflib.get_close_matches(squeezed, options, n=1, cutoff=0.6)
    return match[0] if match else None


def id_key(text: str) -> tuple[str, int] | None:
    """A 编号 reduced to (letters, number): "e 012", "E0012" and "E12" all give ("E", 12)."""
    squeezed = re.sub(r"[\s\-_.]", "", text).upper()
    m = _ID_PARTS.fullmatch(squeezed)
    if not m or len(m[2]) > 18:  # no real 编号 has that many digits (and int() refuses over 4,300)
        return None
    return (m[1], int(m[2]))


class IdIndex:
    """The 编号 of one tab, with a lookup of near misses."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = set(ids)
        self._by_key: dict[tuple[str, int], list[str]] = {}
        prefixes: Counter[str] = Counter()
        for value in self.ids:
            key = id_key(value)
            if key:
                self._by_key.setdefault(key, []).append(value)
                prefixes[key[0]] += 1
        self.prefix = prefixes.most_common(1)[0][0] if prefixes else ""
        self._sorted = sorted(self.ids)

    def example(self) -> str:
        """An existing 编号 to show in a hint."""
        return self._sorted[0] if self._sorted else ""

    def near(self, text: str) -> str | None:
        """The existing 编号 a value probably meant, or None."""
        key = id_key(text)
        if key:
            if not key[0]:
                key = (self.prefix, key[1])
            found = self._by_key.get(key)
            if found and len(found) == 1:
                return found[0]
        if len(self._sorted) > 20000:  # never spend seconds on a guess
            return None
        match = difflib.get_close_matches(text.upper(), self._sorted, n=1, cutoff=0.8)
        return match[0] if match else None


def near_header(found: str, missing: Iterable[str]) -> str | None:
    """The missing schema header that a header found in the sheet was probably renamed from."""
    key = "".join(found.split())
    if not key:
        return None
    best, best_score = None, 0.0
    for name in missing:
        score = difflib.SequenceMatcher(None, key, name).ratio()
        if key in name or name in key:
            score += 0.5
        if score > best_score:
            best, best_score = name, score
    return best if best_score >= 0.6 else None
