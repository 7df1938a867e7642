"""What may leave the sheet: phone masking, domestic-violence labels, the list of sensitive texts."""

from __future__ import annotations

import re
from itertools import compress, repeat
from operator import is_not
from typing import Any

from functions.domain.care_context import shared_value
from functions.domain.model import Parsed, cells_of
from functions.domain.schema import Schema, default_schema

DOMESTIC_VIOLENCE = "家庭暴力"
DV_LABEL = "家庭暴力案件"  # how an alert names a 家庭暴力 case (its 编号 goes in 对象编号)
SENSITIVE_VALUE = "（敏感内容，不显示）"  # what 问题清单 shows instead of a sensitive cell
_NON_DIGIT = re.compile(r"\D")


def mask_phone(phone: Any) -> str:
    """'13812345678' → '138****5678'; a short or odd number keeps only its last two digits."""
    if phone is None:
        return ""
    digits = _NON_DIGIT.sub("", str(phone))
    if not digits:
        return ""
    if len(digits) >= 8:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * max(len(digits) - 2, 2) + digits[-2:]


def sensitive_fields(schema: Schema | None = None) -> dict[str, list[str]]:
    """Tab title → headers marked sensitive in the schema (健康备注, 当事人, 情况, 描述, 情况记录)."""
    result: dict[str, list[str]] = {}
    for tab in schema or default_schema():
        names = [f.name for f in tab.fields if f.sensitive]
        if names:
            result[tab.title] = names
    return result


def secret_texts(parsed: Parsed) -> frozenset[str]:
    """sensitive_texts of the tables, built once per night (a set of every 情况记录: 170,000 texts)."""
    return shared_value("secret_texts", parsed, lambda: frozenset(sensitive_texts(parsed)))


def sensitive_texts(parsed: Parsed, schema: Schema | None = None, min_length: int = 2) -> set[str]:
    """Every non-blank sensitive cell value in the workbook: none of these may appear in mail or logs."""
    values: set[str] = set()
    for title, headers in sensitive_fields(schema).items():
        records = parsed.get(title, [])
        for header in headers:  # each column's cells gathered as text at C speed (170,000 情况记录 a night)
            cells = list(cells_of(records, header))
            values.update(map(str, compress(cells, map(is_not, cells, repeat(None)))))
    return {text for value in values if len(text := value.strip()) >= min_length}


def case_label(case_id: str, case_type: Any) -> str:
    """How a mediation case is named in mail: a 家庭暴力 case by its 编号 only."""
    if case_type == DOMESTIC_VIOLENCE or not case_type:
        return str(case_id)
    return f"{case_id} {case_type}"


def is_domestic_violence(case_type: Any) -> bool:
    """True for a 家庭暴力 case, which mail names by 编号 only (no type, building or dates)."""
    return case_type == DOMESTIC_VIOLENCE


def case_type_name(case_type: str | None) -> str:
    """How an alert names a case's type: '噪音扰民纠纷', '婚姻纠纷', '纠纷' for an unknown type."""
    if not case_type:
        return "纠纷"
    return case_type if case_type.endswith("纠纷") else f"{case_type}纠纷"
