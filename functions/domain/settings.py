"""The 设置 tab: every job's thresholds, with the schema's defaults where a row is missing or bad."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from functions.domain.email_address import MAX_SECRETARY_ADDRESSES, check_address
from functions.domain.schema import Schema, default_schema
from functions.domain.table import Row, is_blank
from functions.domain.tabs import SETTINGS as SETTINGS_TAB

YES, NO = frozenset({"是", "算", "y", "yes", "true", "1"}), frozenset({"否", "不算", "n", "no", "false", "0"})


@dataclass
class Settings:
    """Parsed settings; .problems lists (key, value, message) for values that fell back to the default."""

    values: dict[str, Any]
    problems: list[tuple[str, Any, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # key -> sheet row number

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def tz(self) -> ZoneInfo:
        """The community's time zone."""
        return ZoneInfo(self.values["时区"])

    def interval(self, level: str, kind: str) -> int:
        """问候 or 走访 interval in days for a 关爱等级 (高/中/低)."""
        return int(self.values[f"{level}等级{kind}间隔(天)"])

    @property
    def community_name(self) -> str:
        """社区名称, or “本社区” while a new community has not filled it in."""
        return str(self.values.get("社区名称") or "本社区")

    @property
    def secretary_emails(self) -> list[str]:
        """Every address in 书记邮箱."""
        return list(self.values["书记邮箱"])


EMPTY_DEFAULTS: dict[str, Any] = {"list": [], "emails": [], "int": None, "number": None}  # no default: "—", not 0


def unfilled(settings: Settings, schema: Schema | None = None) -> list[str]:
    """The fill-first settings (社区名称, 常住人口, 总户数, 书记邮箱) still empty, in 设置 order."""
    return [
        s["key"]
        for s in setting_specs(schema)
        if s.get("fill_first") and settings.values.get(s["key"]) in ("", [], None)
    ]


def _bounded(number: float, spec: dict[str, Any]) -> float:
    """The number when finite and within the setting's minimum..maximum, else ValueError."""
    if not math.isfinite(number):
        raise ValueError
    if number < spec.get("minimum", 0) or ("maximum" in spec and number > spec["maximum"]):
        raise ValueError
    return number


def _convert(kind: str, value: Any, spec: dict[str, Any] | None = None) -> Any:
    if kind == "text":
        return unicodedata.normalize("NFKC", str(value)).strip()
    if kind in ("int", "number"):
        if isinstance(value, bool):
            raise ValueError
        number = _bounded(float(unicodedata.normalize("NFKC", str(value)).strip()), spec or {})
        if kind == "int":
            if number != int(number):
                raise ValueError
            return int(number)
        return number
    if kind in ("list", "emails"):
        parts = [p.strip() for p in re.split(r"[,，;；、\s]+", unicodedata.normalize("NFKC", str(value))) if p.strip()]
        if kind == "emails" and any(not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", p) for p in parts):
            raise ValueError
        return parts
    if kind == "yesno":  # 是/否 (also 算/不算, Y/N)
        text = unicodedata.normalize("NFKC", str(value)).strip().lower()
        if text in YES or text in NO:
            return text in YES
        raise ValueError
    if kind == "timezone":
        text = str(value).strip()
        if len(text) > 64 or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*", text):
            raise ValueError  # a zone name like Asia/Shanghai; never a path, a directory or 300 characters
        try:
            ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # "Asia" is a directory: IsADirectoryError
            raise ValueError from exc
        return text
    raise ValueError(kind)


def _addresses(key: str, raw: Any, settings: Settings) -> list[str]:
    """The valid addresses of a list (at most MAX_SECRETARY_ADDRESSES); each bad one is a problem, the rest are kept."""
    good = []
    for part in _convert("list", raw):
        address, why = check_address(part)
        if address is None:
            settings.problems.append((key, part, f"“{part}”不是有效的邮箱地址，不会给它发信：{why}"))
        elif address not in good:
            good.append(address)
    if len(good) > MAX_SECRETARY_ADDRESSES:
        settings.problems.append(
            (
                key,
                raw,
                f"{key}填了 {len(good)} 个地址，最多 {MAX_SECRETARY_ADDRESSES} 个；只给前 "
                f"{MAX_SECRETARY_ADDRESSES} 个发信，请删去多余的（大家的待办会各自发到志愿者邮箱）",
            )
        )
    return good[:MAX_SECRETARY_ADDRESSES]


def _range_text(spec: dict[str, Any]) -> str:
    """'（应在 1 到 365 之间）' for a bounded number, else ''."""
    if "minimum" in spec and "maximum" in spec:
        return f"（应在 {spec['minimum']} 到 {spec['maximum']} 之间）"
    return ""


def setting_specs(schema: Schema | None = None) -> list[dict[str, Any]]:
    """The settings the schema declares: key, type, default, help."""
    return [dict(s) for s in (schema or default_schema())[SETTINGS_TAB].settings]


def parse_settings(rows: list[Row], schema: Schema | None = None) -> Settings:
    """Read 设置 rows (项目/值) into typed values, falling back to the defaults."""
    specs = setting_specs(schema)
    given: dict[str, tuple[Any, int]] = {}
    for row in rows:
        key = row.get("项目")
        if not is_blank(key):
            given["".join(unicodedata.normalize("NFKC", str(key)).split())] = (row.get("值"), row.number)
    settings = Settings(values={})
    for spec in specs:
        key, kind = spec["key"], spec["type"]
        default = _convert(kind, spec["default"]) if spec["default"] != "" else EMPTY_DEFAULTS.get(kind, "")
        lookup = "".join(unicodedata.normalize("NFKC", key).split())
        raw, number = given.get(lookup, (None, None))
        if number is not None:
            settings.rows[key] = number
        if is_blank(raw):
            settings.values[key] = default
            continue
        if kind == "emails":
            settings.values[key] = _addresses(key, raw, settings)
            continue
        try:
            settings.values[key] = _convert(kind, raw, spec)
        except (ValueError, TypeError, OverflowError):
            settings.values[key] = default
            settings.problems.append(
                (key, raw, f"“{raw}”不是有效的{key}{_range_text(spec)}，已按默认值 {spec['default']} 处理")
            )
    return settings
