"""Schema tabs a person seems to have renamed (志愿者 → 志愿者名单): init, on either backend, asks for a
rename instead of adding an empty duplicate."""

from __future__ import annotations

from functions.domain.schema import Schema
from functions.validation.structure import near_tab  # the very rule 问题清单 uses for a missing tab's suggestion


def renamed_tabs(schema: Schema, titles: list[str]) -> dict[str, str]:
    """Missing schema tab → the existing non-schema tab it was probably renamed to (each used once)."""
    others = [t for t in titles if t not in schema.tabs]
    found: dict[str, str] = {}
    for tab in schema:
        if tab.title in titles:
            continue
        near = near_tab(tab.title, [t for t in others if t not in found.values()])
        if near:
            found[tab.title] = near
    return found


def rename_line(title: str, near: str) -> str:
    """The line init prints instead of adding a second, empty tab."""
    return (
        f"没有新建“{title}”：已有一张“{near}”，看起来就是它。请把“{near}”改名为“{title}”，"
        f"再运行一次 init（表里的内容不会动）"
    )
