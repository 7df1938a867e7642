"""Validate every volunteer-owned tab: the problems for 问题清单 and the parsed tables later rules use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from functions.domain.gc_pause import collector_paused
from functions.domain.model import Parsed, Problem, Record
from functions.domain.parse_cells import WARNING, normalize_text
from functions.domain.schema import Schema, TabSchema, default_schema
from functions.domain.settings import SETTINGS_TAB, Settings, parse_settings
from functions.domain.table import CellsHandedOver, Table
from functions.domain.workbook import Snapshot
from functions.validation.campaigns import campaign_problems
from functions.validation.capacity import capacity_problems
from functions.validation.cells import TableParser, parse_table
from functions.validation.coverage import coverage_problems
from functions.validation.cross import elder_problems, ended_elder_contact_problems, meal_problems
from functions.validation.formulas import formula_problems
from functions.validation.printable import unprintable_name_problems
from functions.validation.rows import (
    Present,
    closing_problems,
    date_order_problems,
    duplicate_problems,
    fee_problems,
    loneliness_problems,
)
from functions.validation.settings_fill import unfilled_problems
from functions.validation.structure import structure_problems
from functions.validation.suggest import IdIndex
from functions.validation.summarise import junk_problems, summarised


@dataclass
class Validation:
    """What validation found: problems, the parsed volunteer tabs (missing tabs as []) and the settings."""

    problems: list[Problem]
    parsed: Parsed
    settings: Settings


def id_indexes(snapshot: Snapshot, schema: Schema) -> dict[tuple[str, str], IdIndex]:
    """The existing 编号 of every tab some ref points at; absent when that tab or column is missing."""
    indexes: dict[tuple[str, str], IdIndex] = {}
    for tab in schema.volunteer_tabs:
        for field in tab.fields:
            if field.ref is None or field.ref in indexes:
                continue
            table = snapshot.tables.get(field.ref[0])
            if table is None or field.ref[1] not in table.columns:
                continue
            ids = set(map(normalize_text, table.column(field.ref[1])))  # no row objects: 4,000 elders
            ids.discard("")
            indexes[field.ref] = IdIndex(ids)
    return indexes


def settings_problems(settings: Settings) -> list[Problem]:
    """Each 设置 value that fell back to its default, as a 警告."""
    return [
        Problem(
            WARNING,
            SETTINGS_TAB,
            settings.rows.get(key),
            "值",
            normalize_text(raw)[:100],
            message,
            f"请改正“{key}”的值，或清空它使用默认值",
        )
        for key, raw, message in settings.problems
    ]


def validate(
    snapshot: Snapshot, today: dt.date, schema: Schema | None = None, consume: Collection[str] = ()
) -> Validation:
    """Check every volunteer-owned tab against the schema and the cross-tab rules. No I/O.

    consume: tabs whose raw cells validation may take as it parses them (a job passes the big logs,
    LOG_TABS, which it never reads raw again): the night's peak memory then holds one copy of them.
    """
    with collector_paused():
        return _validate(snapshot, today, schema or default_schema(), consume)


def _parsed(
    tab: TabSchema, table: Table, today: dt.date, indexes: dict[tuple[str, str], IdIndex], consume: bool
) -> tuple[list[Record], list[Problem]]:
    """The tab's records and cell problems: those the backend parsed while reading it, when they are what
    parse_table would give now (taken once), else parse_table's."""
    ahead, table.parsed_ahead = table.parsed_ahead, None
    if isinstance(ahead, TableParser) and ahead.fits(table, today, indexes):
        if consume:
            table.hand_over()
        return ahead.finish()
    if table.handed_over:  # its cells went to a parser (this one, for another day, or an earlier validate)
        raise CellsHandedOver(f"{tab.title}: raw cells were handed to validation; read the workbook again")
    return parse_table(tab, table, today, indexes, consume)


def _validate(snapshot: Snapshot, today: dt.date, schema: Schema, consume: Collection[str]) -> Validation:
    settings = parse_settings(snapshot.rows(SETTINGS_TAB), schema)
    problems = structure_problems(snapshot, schema)
    indexes = id_indexes(snapshot, schema)
    parsed: Parsed = {}
    present: Present = {}
    for tab in schema.volunteer_tabs:
        table = snapshot.tables.get(tab.title)
        if table is None:
            parsed[tab.title] = []
            continue
        present[tab.title] = set(table.columns)
        parsed[tab.title], cell_problems = _parsed(tab, table, today, indexes, tab.title in consume)
        problems.extend(cell_problems)
    problems.extend(duplicate_problems(parsed, schema))
    problems.extend(closing_problems(parsed, present, today))
    problems.extend(date_order_problems(parsed))
    problems.extend(fee_problems(parsed))
    problems.extend(loneliness_problems(parsed, present))
    problems.extend(elder_problems(parsed, present))
    problems.extend(coverage_problems(parsed, present))
    problems.extend(ended_elder_contact_problems(parsed, today, int(settings["已故迁出核对(天)"])))
    problems.extend(meal_problems(parsed, present, today))
    problems.extend(unprintable_name_problems(parsed))
    problems.extend(settings_problems(settings))
    problems.extend(unfilled_problems(settings))
    problems.extend(campaign_problems(parsed, schema))
    problems.extend(formula_problems(snapshot))
    problems.extend(junk_problems(snapshot))
    problems.extend(capacity_problems(snapshot, today))
    return Validation(problems=summarised(problems), parsed=parsed, settings=settings)
