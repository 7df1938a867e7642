"""Upgrade an existing workbook package: add missing tabs and missing columns, touch no existing cell.

Tabs added here get the layout of a new workbook as far as one sheet part can carry it (frozen header,
widths, tab colour, protection, dropdowns, help as input messages, the 提醒 colours, print setup); the
few styles they need (bold header, the unlocked 处理情况 column, the three 提醒 fills) are appended to
styles.xml, so every existing style index, and so every existing cell, looks the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from functions.adapters.xlsx.layout import (
    LEVEL_FILLS,
    ROW_TINTS,
    SYSTEM_TAB_COLOR,
    VALIDATION_LAST_ROW,
)
from functions.adapters.xlsx.links import add_filter_name
from functions.adapters.xlsx.package import AddedStyles, Package, append_styles
from functions.adapters.xlsx.settings_upgrade import SETTINGS_TAB, append_settings
from functions.adapters.xlsx.sheetxml import append_header_cells, sheet_data_xml
from functions.domain.cell_address import column_letter
from functions.domain.guide import settings_rows
from functions.domain.schema import Field, Schema, TabSchema
from functions.domain.table import build_table
from functions.domain.tabs import ALERTS, GUIDE, SETTINGS
from functions.sheets_out.guide_tab import guide_rows

_AFTER_VALIDATIONS = re.compile(
    r"<(?:\w+:)?(?:hyperlinks|printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|"
    r"colBreaks|customProperties|cellWatches|ignoredErrors|smartTags|drawing|"
    r"legacyDrawing|legacyDrawingHF|picture|oleObjects|controls|webPublishItems|"
    r"tableParts|extLst)\b|</(?:\w+:)?worksheet>"
)


def _starting_rows(tab: TabSchema, schema: Schema) -> list[list[Any]]:
    if tab.title == SETTINGS:
        return settings_rows(schema)
    if tab.title == GUIDE:
        return guide_rows(schema)
    return []


def validation_xml(f: Field, letter: str, first_row: int = 2, p: str = "") -> str:
    """A <dataValidation> for one column: a dropdown on enum columns, the field help as input message on all."""
    kind, error, formula = "", "", ""
    if f.enum:
        kind = ' type="list"'
        message = "“" + f.name + "”只能填：" + "、".join(f.enum)
        error = f' showErrorMessage="1" errorTitle="请从下拉框选择" error={quoteattr(message[:255])}'
        formula = f'<{p}formula1>"{escape(",".join(f.enum))}"</{p}formula1>'
    return (
        f'<{p}dataValidation{kind} allowBlank="1" showInputMessage="1"{error} promptTitle={quoteattr(f.name[:32])}'
        f' prompt={quoteattr(f.help[:255])} sqref="{letter}{first_row}:{letter}{VALIDATION_LAST_ROW}">{formula}'
        f"</{p}dataValidation>"
    )


def new_tab_xml(tab: TabSchema, rows: list[list[Any]], styles: AddedStyles) -> str:
    """A whole worksheet part laid out like a new workbook's tab."""
    widths = {i: float(f.width) for i, f in enumerate(tab.fields)}
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{f.width}" customWidth="1"'
        + (f' style="{styles.unlocked}"' if f.editable else "")
        + (' hidden="1"' if f.hidden else "")
        + "/>"
        for i, f in enumerate(tab.fields, 1)
    )
    color = f'<tabColor rgb="{SYSTEM_TAB_COLOR}"/>' if tab.system_owned else ""
    unlocked = {i: str(styles.unlocked) for i, f in enumerate(tab.fields) if f.editable}
    data = sheet_data_xml(tab.headers, rows, {i: str(styles.header) for i in widths}, unlocked, widths=widths)
    protect = (
        (
            '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" sort="0" '
            'autoFilter="0"/>'
        )
        if tab.system_owned
        else ""
    )
    validations = "".join(validation_xml(f, column_letter(i)) for i, f in enumerate(tab.fields))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetPr>{color}<pageSetUpPr fitToPage="1"/></sheetPr>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>{data}{protect}{_alert_colours(tab, styles)}'
        f'<dataValidations count="{len(tab.fields)}">{validations}</dataValidations>'
        '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "</worksheet>"
    )


def _alert_colours(tab: TabSchema, styles: AddedStyles) -> str:
    if tab.title != ALERTS:
        return ""
    col = column_letter(tab.headers.index("级别"))
    last = column_letter(len(tab.fields) - 1)
    strong, light = styles.level_fills[: len(LEVEL_FILLS)], styles.level_fills[len(LEVEL_FILLS) :]
    rules = "".join(
        f'<cfRule type="cellIs" dxfId="{dxf}" priority="{n}" stopIfTrue="1" operator="equal">'
        f'<formula>"{level}"</formula></cfRule>'
        for n, (level, dxf) in enumerate(zip(LEVEL_FILLS, strong, strict=True), 1)
    )
    tints = "".join(
        f'<cfRule type="expression" dxfId="{dxf}" priority="{n}"><formula>${col}2="{level}"</formula></cfRule>'
        for n, (level, dxf) in enumerate(zip(ROW_TINTS, light, strict=True), len(LEVEL_FILLS) + 1)
    )
    return (
        f'<autoFilter ref="A1:{last}{VALIDATION_LAST_ROW}"/>'
        f'<conditionalFormatting sqref="{col}2:{col}{VALIDATION_LAST_ROW}">{rules}</conditionalFormatting>'
        f'<conditionalFormatting sqref="A2:{last}{VALIDATION_LAST_ROW}">{tints}</conditionalFormatting>'
    )


def add_validations(xml: str, fields: list[Field], first_col: int, header_row: int) -> str:
    """Dropdowns and input messages for columns appended from 0-based first_col; other elements kept."""
    found = re.search(r"<(\w+:)?sheetData\b", xml)
    p = (found.group(1) if found else None) or ""
    entries = "".join(validation_xml(f, column_letter(first_col + i), header_row + 1, p) for i, f in enumerate(fields))
    existing = re.search(r"<(\w+:)?dataValidations\b([^>]*?)(/?)>", xml)
    if existing:
        count = re.search(r'count="(\d+)"', existing.group(2))
        attrs = re.sub(r'\s*count="\d+"', "", existing.group(2))
        total = (int(count.group(1)) if count else 0) + len(fields)
        opening = f'<{p}dataValidations count="{total}"{attrs}>'
        if existing.group(3):
            return xml[: existing.start()] + opening + entries + f"</{p}dataValidations>" + xml[existing.end() :]
        close = xml.index(f"</{p}dataValidations>", existing.end())
        return xml[: existing.start()] + opening + xml[existing.end() : close] + entries + xml[close:]
    at = _AFTER_VALIDATIONS.search(xml, xml.index("sheetData"))
    block = f'<{p}dataValidations count="{len(fields)}">{entries}</{p}dataValidations>'
    return xml[: at.start()] + block + xml[at.start() :]


def upgrade_package(
    pkg: Package, grids: dict[str, list[list[Any]]], schema: Schema, renamed: Iterable[str] = ()
) -> list[str]:
    """Queue the additions in pkg; return what changed, one Chinese line each ([] when all is right).

    Tabs in `renamed` are missing only because a person renamed them: they are not added again.
    """
    changes: list[str] = []
    styles: AddedStyles | None = None
    for tab in schema:
        grid = grids.get(tab.title)
        ref = pkg.sheet(tab.title)
        if tab.title in renamed:
            continue
        if grid is None or ref is None:
            styles = styles or append_styles(pkg, (*LEVEL_FILLS.values(), *ROW_TINTS.values()))
            pkg.add_sheet(tab.title, new_tab_xml(tab, _starting_rows(tab, schema), styles).encode("utf-8"))
            if tab.title == ALERTS:  # its header filter: LibreOffice reads an autoFilter only with this name
                ref = f"A1:{column_letter(len(tab.fields) - 1)}{VALIDATION_LAST_ROW}"
                xml = add_filter_name(pkg.text(pkg.workbook_part), len(pkg.sheets) - 1, tab.title, ref)
                pkg.replace(pkg.workbook_part, xml.encode("utf-8"))
            changes.append(f"新增工作表：{tab.title}")
            continue
        table = build_table(tab.title, grid, tab)
        if tab.title == SETTINGS_TAB:  # settings a newer version added: their default rows at the bottom
            xml, added = append_settings(pkg.text(ref.part), table, grid, schema)
            if added:
                pkg.replace(ref.part, xml.encode("utf-8"))
                changes.append(f"“设置”补上 {added} 项默认设置")
        if not table.missing_headers:
            continue
        header_row = table.header_row or 1
        first_col = max((len(line) for line in grid), default=0) if table.header_row else 0
        xml = append_header_cells(pkg.text(ref.part), header_row, first_col, table.missing_headers)
        xml = add_validations(xml, [tab.field(h) for h in table.missing_headers], first_col, header_row)
        pkg.replace(ref.part, xml.encode("utf-8"))
        changes.append(f"“{tab.title}”表新增列：{'、'.join(table.missing_headers)}")
    return changes
