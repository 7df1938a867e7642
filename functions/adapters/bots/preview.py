"""Offline previews: the exact JSON bodies each channel would get, one file per channel and day, beside the .eml."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def preview_name(platform: str, day: str, monthly: bool = False) -> str:
    """'群消息-wecom-2026-11-29.json', '群消息月报-dingtalk-2026-10.json'."""
    return f"{'群消息月报' if monthly else '群消息'}-{platform}-{day}.json"


def write_previews(outbox: str, previews: dict[str, list[dict[str, Any]]]) -> list[Path]:
    """Write each file name → its list of bodies (in posting order); rewritten whole on a re-run."""
    folder = Path(outbox)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, bodies in previews.items():
        path = folder / name
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(bodies, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written
