"""A plain .xlsx written by hand (no openpyxl): tabs of a bold header row and data, dates as date cells."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from functions.adapters.xlsx.sheetxml import DateCells, sheet_data_xml
from functions.adapters.xlsx.zipwrite import TEMP_PREFIX, TEMP_SUFFIX, _keep_access

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER_STYLE, DATE_STYLE = "1", "2"
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b val="1"/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFE7E6E6"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
Tab = tuple[Sequence[str], Sequence[Sequence[Any]], Sequence[float]]  # headers, rows, column widths


def _sheet(headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float]) -> str:
    dated = {i for row in rows for i, v in enumerate(row) if isinstance(v, dt.date)}
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
    data = sheet_data_xml(
        list(headers),
        rows,
        header_styles=dict.fromkeys(range(len(headers)), HEADER_STYLE),
        column_styles=dict.fromkeys(dated, DATE_STYLE),
        dates=DateCells(frozenset({DATE_STYLE})),
        empty_cells=False,
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        f'state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        f"{f'<cols>{cols}</cols>' if cols else ''}{data}</worksheet>"
    )


def _parts(tabs: dict[str, Tab]) -> dict[str, str]:
    n = range(1, len(tabs) + 1)
    sheets = "".join(f'<sheet name={quoteattr(t)} sheetId="{i}" r:id="rId{i}"/>' for i, t in zip(n, tabs, strict=True))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{DOC_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in n
    )
    sheet_types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in n
    )
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = {
        "[Content_Types].xml": f'{head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{sheet_types}</Types>",
        "_rels/.rels": f'{head}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
        f'Type="{DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'{head}<workbook xmlns="{MAIN}" xmlns:r="{DOC_REL}"><sheets>{sheets}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'{head}<Relationships xmlns="{PKG_REL}">{rels}'
        f'<Relationship Id="rId{len(tabs) + 1}" Type="{DOC_REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": STYLES,
    }
    for i, (headers, rows, widths) in zip(n, tabs.values(), strict=True):
        parts[f"xl/worksheets/sheet{i}.xml"] = _sheet(headers, rows, widths)
    return parts


def write_plain_xlsx(path: str | os.PathLike[str], tabs: dict[str, Tab]) -> None:
    """Write the workbook atomically: a temporary file beside path, fsync, rename."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
                for name, text in _parts(tabs).items():
                    package.writestr(name, text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        _keep_access(tmp, target)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
