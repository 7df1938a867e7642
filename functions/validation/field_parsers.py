"""How each schema type's cells are read: one parser per field of a tab, and what a problem may show."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from functions.domain.parse_cells import (
    BLANK,
    ERROR,
    WARNING,
    Issue,
    Outcome,
    normalize_text,
    parse_date,
    parse_email,
    parse_int,
    parse_month,
    parse_number,
    parse_phone,
)
from functions.domain.privacy import SENSITIVE_VALUE
from functions.domain.schema import Field, TabSchema
from functions.domain.table import Table
from functions.validation.content import content_issue
from functions.validation.suggest import IdIndex, near_enum

VALUE_LIMIT = 100
_PATTERN_EXAMPLE = re.compile(r"\^([A-Za-z]+)\\d\{(\d+),?\d*\}\$")


class Column(NamedTuple):
    """How to read one schema field of a tab."""

    name: str
    parse: Callable[[Any], Outcome]
    required: bool
    sensitive: bool
    help: str


def display_value(raw: Any, sensitive: bool) -> str:
    """What 当前值 may show for a cell: never a sensitive field's content."""
    if sensitive:
        return SENSITIVE_VALUE
    return normalize_text(raw)[:VALUE_LIMIT]


def _pattern_example(pattern: str) -> str:
    m = _PATTERN_EXAMPLE.fullmatch(pattern)
    return m[1] + "0" * (int(m[2]) - 1) + "1" if m else ""


def _text_parser(field: Field) -> Callable[[Any], Outcome]:
    pattern = re.compile(field.pattern) if field.pattern else None
    example = _pattern_example(field.pattern) if field.pattern else ""

    def parse(raw: Any) -> Outcome:
        text = normalize_text(raw)
        if not text:
            return BLANK
        if pattern is not None and not pattern.fullmatch(text):
            hint = f"请写成 {example} 这样（字母 {example[0]} 加数字）" if example else f"格式说明：{field.help}"
            return text, Issue(ERROR, f"{field.name}的格式不对", hint, False)
        if isinstance(raw, dt.date):
            return text, Issue(WARNING, "这一格被表格自动变成了日期", "请把单元格设为“文本”格式后重新填写", False)
        return text, content_issue(text)

    return parse


def _enum_parser(field: Field) -> Callable[[Any], Outcome]:
    options = set(field.enum)
    listing = "、".join(field.enum)

    def parse(raw: Any) -> Outcome:
        text = normalize_text(raw)
        if not text:
            return BLANK
        if text in options:
            return text, None
        near = near_enum(text, field.enum)
        hint = f"您是不是要填“{near}”？" if near else f"请从下拉框选择：{listing}"
        return None, Issue(ERROR, f"“{text[:20]}”不是“{field.name}”的选项", hint)

    return parse


def _ref_parser(field: Field, index: IdIndex | None) -> Callable[[Any], Outcome]:
    target = field.ref[0] if field.ref else ""

    def parse(raw: Any) -> Outcome:
        text = normalize_text(raw)
        if not text:
            return BLANK
        if index is None or text in index.ids:
            return text, None
        near = index.near(text)
        if near:
            hint = f"您是不是要填 {near}？"
        else:
            hint = f"请填“{target}”里已有的编号（如 {index.example()}），或先在“{target}”里添上这一行"
        return None, Issue(ERROR, f"“{target}”里没有编号 {text[:20]}", hint)

    return parse


def field_parser(field: Field, today: dt.date, index: IdIndex | None) -> Callable[[Any], Outcome]:
    """The parser for one field's cells."""
    kind = field.type
    if kind == "date":
        return lambda raw: parse_date(raw, today, field.past)
    if kind == "int":
        return lambda raw: parse_int(raw, field.minimum, field.maximum)
    if kind == "number":
        return lambda raw: parse_number(raw, field.minimum, field.maximum)
    if kind == "phone":
        return parse_phone
    if kind == "email":
        return parse_email
    if kind == "month":
        return parse_month
    if kind == "enum":
        return _enum_parser(field)
    if kind == "ref":
        return _ref_parser(field, index)
    return _text_parser(field)


def tab_columns(tab: TabSchema, table: Table, today: dt.date, indexes: dict[tuple[str, str], IdIndex]) -> list[Column]:
    """The columns of a tab that the sheet has, each with its parser."""
    return [
        Column(f.name, field_parser(f, today, indexes.get(f.ref) if f.ref else None), f.required, f.sensitive, f.help)
        for f in tab.fields
        if f.name in table.columns
    ]
