"""Links inside the workbook: a <hyperlinks> element whose cells jump to another tab (no relationship part)."""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

# elements that follow <hyperlinks> in CT_Worksheet: the links go just before the first of them
_AFTER_HYPERLINKS = re.compile(
    r"<(?:\w+:)?(?:printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|customProperties|"
    r"cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|legacyDrawingHF|picture|oleObjects|controls|"
    r"webPublishItems|tableParts|extLst)\b|</(?:\w+:)?worksheet>"
)


def add_tab_links(xml: str, links: dict[str, str]) -> str:
    """The worksheet part with each cell (A1 reference) linking to the top of a tab (by title)."""
    if not links:
        return xml
    p = (re.search(r"<(\w+:)?sheetData\b", xml) or re.search(r"<(\w+:)?worksheet\b", xml)).group(1) or ""
    entries = "".join(
        f"<{p}hyperlink ref={quoteattr(ref)} location={quoteattr(_quoted(title) + '!A1')} display={quoteattr(title)}/>"
        for ref, title in links.items()
    )
    at = _AFTER_HYPERLINKS.search(xml, xml.index("sheetData"))
    return xml[: at.start()] + f"<{p}hyperlinks>{entries}</{p}hyperlinks>" + xml[at.start() :]


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def add_filter_name(workbook_xml: str, sheet_index: int, title: str, ref: str) -> str:
    """workbook.xml with the hidden _xlnm._FilterDatabase name of a sheet's autoFilter (LibreOffice needs it)."""
    p = (re.search(r"<(\w+:)?sheets\b", workbook_xml) or re.search(r"<(\w+:)?workbook\b", workbook_xml)).group(1) or ""
    start, end = ref.split(":")
    absolute = "$" + re.sub(r"(\d+)", r"$\1", start) + ":$" + re.sub(r"(\d+)", r"$\1", end)
    entry = (
        f'<{p}definedName name="_xlnm._FilterDatabase" localSheetId="{sheet_index}" hidden="1">'
        f"{_quoted(title).replace('&', '&amp;').replace('<', '&lt;')}!{absolute}</{p}definedName>"
    )
    close = re.search(r"</(?:\w+:)?definedNames\s*>", workbook_xml)
    if close:
        return workbook_xml[: close.start()] + entry + workbook_xml[close.start() :]
    after = re.search(r"</(?:\w+:)?sheets\s*>", workbook_xml)
    block = f"<{p}definedNames>{entry}</{p}definedNames>"
    return workbook_xml[: after.end()] + block + workbook_xml[after.end() :]
