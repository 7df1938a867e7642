"""What every benchmark starts from: the full-size demo community, as a backend reads it and validated."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from functions.demo.make import demo_rows  # noqa: E402
from functions.domain.schema import default_schema  # noqa: E402
from functions.domain.table import build_table  # noqa: E402
from functions.domain.workbook import Snapshot  # noqa: E402
from functions.validation.validate import Validation, validate  # noqa: E402

TODAY = dt.date(2026, 11, 29)
SOURCE = "full demo community (seed 7, today 2026-11-29)"


def demo_snapshot(scale: str = "full", seed: int = 7) -> Snapshot:
    """The demo's tabs exactly as a backend builds them: header row + rows through build_table."""
    schema = default_schema()
    grids = demo_rows(seed=seed, scale=scale, today=TODAY)
    return Snapshot(
        tables={
            t: build_table(t, [schema[t].headers] + rows, schema[t]) for t, rows in grids.items() if t in schema.tabs
        }
    )


def demo_validation(scale: str = "full") -> Validation:
    """The demo, validated: parsed tables and settings for the later rules."""
    return validate(demo_snapshot(scale), TODAY)
