"""Load and check the declarative tab schemas in sheets_schema/."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from functions.domain.errors import SanyouError
from functions.domain.paths import SCHEMA_DIR
from functions.domain.schema_files import Sources, compiled_contents, write_compiled

FIELD_TYPES = {"text", "int", "number", "date", "phone", "email", "enum", "ref", "month"}
OWNERS = {"volunteers", "system"}


class SchemaError(SanyouError, ValueError):
    """A schema file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Field:
    """One column of a tab: header text, type, constraints and help."""

    name: str
    type: str
    help: str
    width: int = 12
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    ref: tuple[str, str] | None = None  # (tab title, field name)
    sensitive: bool = False
    past: bool = False  # a date that cannot lie in the future
    editable: bool = False  # on a system tab: the one column people write in
    chart: bool = False  # drawn in the tab's native chart (月度指标)
    hidden: bool = False  # a column the system keeps for itself (提醒标识): hidden from people


@dataclass(frozen=True)
class TabSchema:
    """One tab of the workbook."""

    name: str
    title: str
    owner: str
    order: int
    description: str
    fields: tuple[Field, ...]
    primary_key: str | None = None
    settings: tuple[dict[str, Any], ...] = ()
    source: str = ""

    @property
    def headers(self) -> list[str]:
        """The header texts, in schema order."""
        return [f.name for f in self.fields]

    @property
    def system_owned(self) -> bool:
        """True for tabs that only the jobs write."""
        return self.owner == "system"

    def field(self, name: str) -> Field:
        """The field with this header text."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass(frozen=True)
class Schema:
    """All tabs, by title, in display order."""

    tabs: dict[str, TabSchema] = field(default_factory=dict)

    def __getitem__(self, title: str) -> TabSchema:
        return self.tabs[title]

    def __iter__(self):
        return iter(self.tabs.values())

    @property
    def volunteer_tabs(self) -> list[TabSchema]:
        """Tabs that volunteers own."""
        return [t for t in self if not t.system_owned]

    @property
    def system_tabs(self) -> list[TabSchema]:
        """Tabs that the jobs own."""
        return [t for t in self if t.system_owned]

    def require_system_owned(self, titles: list[str]) -> None:
        """ValueError unless every title is a system-owned tab: the backends write nothing else."""
        for title in titles:
            tab = self.tabs.get(title)
            if tab is None or not tab.system_owned:
                raise ValueError(f"“{title}”不是系统表，系统不会写入 / {title!r} is not a system-owned tab")

    def by_name(self, name: str) -> TabSchema:
        """The tab with this English name (e.g. 'elders')."""
        for t in self:
            if t.name == name:
                return t
        raise KeyError(name)


def _fail(path: Path, where: str, message: str) -> SchemaError:
    return SchemaError(f"{path.name}: {where}: {message}")


def _parse_field(path: Path, index: int, raw: Any, refs: dict[str, tuple[str, str]]) -> Field:
    where = f"fields[{index}]"
    if not isinstance(raw, dict):
        raise _fail(path, where, "must be a mapping with name, type and help")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(path, where + ".name", "missing or not text")
    where = f"field {name!r}"
    ftype = raw.get("type")
    if ftype not in FIELD_TYPES:
        raise _fail(path, where + ".type", f"{ftype!r} is not one of {sorted(FIELD_TYPES)}")
    help_text = raw.get("help")
    if not isinstance(help_text, str) or not help_text:
        raise _fail(path, where + ".help", "a short Chinese help text is required")
    width = raw.get("width", 12)
    if not isinstance(width, int) or not 2 <= width <= 120:
        raise _fail(path, where + ".width", f"{width!r} must be a whole number from 2 to 120")
    cons = raw.get("constraints", {}) or {}
    if not isinstance(cons, dict):
        raise _fail(path, where + ".constraints", "must be a mapping")
    unknown = set(cons) - {"required", "unique", "enum", "minimum", "maximum", "pattern"}
    if unknown:
        raise _fail(path, where + ".constraints", f"unknown key(s) {sorted(unknown)}")
    enum = cons.get("enum", [])
    if ftype == "enum" and not enum:
        raise _fail(path, where + ".constraints.enum", "an enum field needs its list of values")
    if not isinstance(enum, list) or not all(isinstance(v, (str, int)) for v in enum):
        raise _fail(path, where + ".constraints.enum", "must be a list of texts")
    pattern = cons.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise _fail(path, where + ".constraints.pattern", f"not a valid regular expression: {exc}") from exc
    for bound in ("minimum", "maximum"):
        if bound in cons and not isinstance(cons[bound], (int, float)):
            raise _fail(path, where + f".constraints.{bound}", "must be a number")
    ref = refs.get(name)
    if ftype == "ref" and ref is None:
        raise _fail(path, where, "a ref field needs a foreignKeys entry naming its tab")
    return Field(
        name=name,
        type=ftype,
        help=help_text,
        width=width,
        required=bool(cons.get("required", False)),
        unique=bool(cons.get("unique", False)),
        enum=tuple(str(v) for v in enum),
        minimum=cons.get("minimum"),
        maximum=cons.get("maximum"),
        pattern=pattern,
        ref=ref,
        sensitive=bool(raw.get("sensitive", False)),
        past=bool(raw.get("past", False)),
        editable=bool(raw.get("editable", False)),
        chart=bool(raw.get("chart", False)),
        hidden=bool(raw.get("hidden", False)),
    )


def _parse_refs(path: Path, raw: Any) -> dict[str, tuple[str, str]]:
    refs: dict[str, tuple[str, str]] = {}
    if raw is None:
        return refs
    if not isinstance(raw, list):
        raise _fail(path, "foreignKeys", "must be a list")
    for i, fk in enumerate(raw):
        try:
            refs[fk["fields"]] = (fk["reference"]["resource"], fk["reference"]["fields"])
        except (KeyError, TypeError) as exc:
            raise _fail(path, f"foreignKeys[{i}]", "needs fields and reference {resource, fields}") from exc
    return refs


def _parse_yaml(path: Path, data: bytes) -> Any:
    """A schema file's contents, as a text-mode read and the YAML safe loader give them."""
    import yaml  # here: with a current compiled copy a night neither imports nor parses YAML (0.04 s)

    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text's newline handling
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x faster
    except yaml.YAMLError as exc:
        raise SchemaError(f"{path.name}: not valid YAML: {exc}") from exc


def _sources(directory: Path) -> Sources:
    return [(path, path.read_bytes()) for path in sorted(directory.glob("*.yaml"))]


def load_tab(path: Path) -> TabSchema:
    """Parse one schema file, raising SchemaError naming the file and field."""
    return _tab(path, _parse_yaml(path, path.read_bytes()))


def _tab(path: Path, raw: Any) -> TabSchema:
    if not isinstance(raw, dict):
        raise _fail(path, "top level", "must be a mapping")
    for key in ("name", "title", "owner", "description", "fields"):
        if key not in raw:
            raise _fail(path, key, "is required")
    if raw["owner"] not in OWNERS:
        raise _fail(path, "owner", f"{raw['owner']!r} must be 'volunteers' or 'system'")
    if not isinstance(raw["fields"], list) or not raw["fields"]:
        raise _fail(path, "fields", "must be a non-empty list")
    refs = _parse_refs(path, raw.get("foreignKeys"))
    fields = tuple(_parse_field(path, i, f, refs) for i, f in enumerate(raw["fields"]))
    names = [f.name for f in fields]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise _fail(path, "fields", f"duplicated header(s) {sorted(dupes)}")
    for fk in refs:
        if fk not in names:
            raise _fail(path, "foreignKeys", f"{fk!r} is not a field of this tab")
    pk = raw.get("primaryKey")
    if pk is not None and pk not in names:
        raise _fail(path, "primaryKey", f"{pk!r} is not a field of this tab")
    return TabSchema(
        name=raw["name"],
        title=raw["title"],
        owner=raw["owner"],
        order=int(raw.get("order", 99)),
        description=raw["description"],
        fields=fields,
        primary_key=pk,
        settings=tuple(raw.get("settings") or ()),
        source=path.name,
    )


def load_schema(directory: Path = SCHEMA_DIR) -> Schema:
    """Load every *.yaml in the directory (from its compiled copy when current) and check the cross-tab references."""
    sources = _sources(directory)
    contents = compiled_contents(directory, sources)
    if contents is None:
        contents = [_parse_yaml(path, data) for path, data in sources]
    return _schema(directory, sources, contents)


def _schema(directory: Path, sources: Sources, contents: list[Any]) -> Schema:
    """The tabs of the files' parsed contents, their titles and cross-tab references checked."""
    tabs = sorted((_tab(path, raw) for (path, _), raw in zip(sources, contents, strict=True)), key=lambda t: t.order)
    if not tabs:
        raise SchemaError(f"{directory}: no schema files found")
    by_title: dict[str, TabSchema] = {}
    for tab in tabs:
        if tab.title in by_title:
            raise SchemaError(f"{tab.source}: title: {tab.title!r} is also used by {by_title[tab.title].source}")
        by_title[tab.title] = tab
    for tab in tabs:
        for f in tab.fields:
            if f.ref is None:
                continue
            target, target_field = f.ref
            if target not in by_title:
                raise SchemaError(f"{tab.source}: field {f.name!r}: refers to unknown tab {target!r}")
            if target_field not in by_title[target].headers:
                raise SchemaError(f"{tab.source}: field {f.name!r}: tab {target!r} has no field {target_field!r}")
    return Schema(tabs=by_title)


def compile_schema(directory: Path = SCHEMA_DIR) -> bool:
    """Write the directory's compiled copy (`make bytecode`); False when it could not be written."""
    sources = _sources(directory)
    contents = [_parse_yaml(path, data) for path, data in sources]  # the YAML itself, never an older copy
    _schema(directory, sources, contents)  # a schema that does not load is not compiled
    return write_compiled(directory, sources, contents)


@lru_cache(maxsize=1)
def default_schema() -> Schema:
    """The project's schema, loaded once per process."""
    return load_schema()
