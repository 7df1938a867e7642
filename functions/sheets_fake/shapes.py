"""Request shapes of the Sheets API v4 messages the fake accepts, checked the way the real API does.

Field lists follow the v4 REST reference (spreadsheets, spreadsheets.values). Hand-written because no
installed library ships the Sheets message schema; only messages our backend and gspread send are listed.
"""
from __future__ import annotations

import re
from typing import Any

COLOR = {"red": "num", "green": "num", "blue": "num", "alpha": "num"}
COLOR_STYLE = {"rgbColor": "Color", "themeColor": "str"}
GRID_RANGE = {"sheetId": "int", "startRowIndex": "int", "endRowIndex": "int",
              "startColumnIndex": "int", "endColumnIndex": "int"}
CONDITION_TYPES = {
    "NUMBER_GREATER", "NUMBER_GREATER_THAN_EQ", "NUMBER_LESS", "NUMBER_LESS_THAN_EQ", "NUMBER_EQ",
    "NUMBER_NOT_EQ", "NUMBER_BETWEEN", "NUMBER_NOT_BETWEEN", "TEXT_CONTAINS", "TEXT_NOT_CONTAINS",
    "TEXT_STARTS_WITH", "TEXT_ENDS_WITH", "TEXT_EQ", "TEXT_IS_EMAIL", "TEXT_IS_URL", "DATE_EQ",
    "DATE_BEFORE", "DATE_AFTER", "DATE_ON_OR_BEFORE", "DATE_ON_OR_AFTER", "DATE_BETWEEN",
    "DATE_NOT_BETWEEN", "DATE_IS_VALID", "ONE_OF_RANGE", "ONE_OF_LIST", "BLANK", "NOT_BLANK",
    "CUSTOM_FORMULA", "BOOLEAN", "TEXT_NOT_EQ", "DATE_NOT_EQ", "FILTER_EXPRESSION",
}
MESSAGES: dict[str, dict[str, Any]] = {
    "Color": COLOR,
    "ColorStyle": COLOR_STYLE,
    "GridRange": GRID_RANGE,
    "GridProperties": {"rowCount": "int", "columnCount": "int", "frozenRowCount": "int",
                       "frozenColumnCount": "int", "hideGridlines": "bool", "rowGroupControlAfter": "bool",
                       "columnGroupControlAfter": "bool"},
    "SheetProperties": {"sheetId": "int", "title": "str", "index": "int",
                        "sheetType": ("enum", {"GRID", "OBJECT", "DATA_SOURCE"}),
                        "gridProperties": "GridProperties", "hidden": "bool", "tabColor": "Color",
                        "tabColorStyle": "ColorStyle", "rightToLeft": "bool"},
    "ExtendedValue": {"numberValue": "num", "stringValue": "str", "boolValue": "bool", "formulaValue": "str"},
    "TextFormat": {"foregroundColor": "Color", "foregroundColorStyle": "ColorStyle", "fontFamily": "str",
                   "fontSize": "int", "bold": "bool", "italic": "bool", "strikethrough": "bool",
                   "underline": "bool"},
    "NumberFormat": {"type": ("enum", {"TEXT", "NUMBER", "PERCENT", "CURRENCY", "DATE", "TIME",
                                       "DATE_TIME", "SCIENTIFIC"}), "pattern": "str"},
    "CellFormat": {"backgroundColor": "Color", "backgroundColorStyle": "ColorStyle", "textFormat": "TextFormat",
                   "numberFormat": "NumberFormat", "wrapStrategy": ("enum", {"OVERFLOW_CELL", "LEGACY_WRAP",
                                                                             "CLIP", "WRAP"}),
                   "horizontalAlignment": ("enum", {"LEFT", "CENTER", "RIGHT"}),
                   "verticalAlignment": ("enum", {"TOP", "MIDDLE", "BOTTOM"})},
    "ConditionValue": {"userEnteredValue": "str", "relativeDate": ("enum", {"PAST_YEAR", "PAST_MONTH",
                                                                             "PAST_WEEK", "YESTERDAY",
                                                                             "TODAY", "TOMORROW"})},
    "BooleanCondition": {"type": ("enum", CONDITION_TYPES), "values": "[ConditionValue]"},
    "DataValidationRule": {"condition": "BooleanCondition", "inputMessage": "str", "strict": "bool",
                           "showCustomUi": "bool"},
    "CellData": {"userEnteredValue": "ExtendedValue", "userEnteredFormat": "CellFormat", "note": "str",
                 "dataValidation": "DataValidationRule", "hyperlink": "str"},
    "RowData": {"values": "[CellData]"},
    "GridCoordinate": {"sheetId": "int", "rowIndex": "int", "columnIndex": "int"},
    "DimensionRange": {"sheetId": "int", "dimension": ("enum", {"ROWS", "COLUMNS"}), "startIndex": "int",
                       "endIndex": "int"},
    "DimensionProperties": {"hiddenByFilter": "bool", "hiddenByUser": "bool", "pixelSize": "int"},
    "Editors": {"users": "[str]", "groups": "[str]", "domainUsersCanEdit": "bool"},
    "ProtectedRange": {"protectedRangeId": "int", "range": "GridRange", "namedRangeId": "str",
                       "description": "str", "warningOnly": "bool", "requestingUserCanEdit": "bool",
                       "unprotectedRanges": "[GridRange]", "editors": "Editors"},
    "BooleanRule": {"condition": "BooleanCondition", "format": "CellFormat"},
    "ConditionalFormatRule": {"ranges": "[GridRange]", "booleanRule": "BooleanRule", "gradientRule": "any"},
    "ChartSourceRange": {"sources": "[GridRange]"},
    "ChartData": {"sourceRange": "ChartSourceRange", "aggregateType": "str", "groupRule": "any",
                  "columnReference": "any"},
    "BasicChartDomain": {"domain": "ChartData", "reversed": "bool"},
    "BasicChartSeries": {"series": "ChartData", "targetAxis": ("enum", {"BOTTOM_AXIS", "LEFT_AXIS",
                                                                         "RIGHT_AXIS"}),
                         "type": ("enum", {"BAR", "LINE", "AREA", "COLUMN", "SCATTER", "COMBO",
                                           "STEPPED_AREA"}), "lineStyle": "any", "color": "Color",
                         "colorStyle": "ColorStyle", "dataLabel": "any", "pointStyle": "any",
                         "styleOverrides": "any"},
    "BasicChartAxis": {"position": ("enum", {"BOTTOM_AXIS", "LEFT_AXIS", "RIGHT_AXIS"}), "title": "str",
                       "format": "TextFormat", "titleTextPosition": "any", "viewWindowOptions": "any"},
    "BasicChartSpec": {"chartType": ("enum", {"BAR", "LINE", "AREA", "COLUMN", "SCATTER", "COMBO",
                                              "STEPPED_AREA"}),
                       "legendPosition": ("enum", {"BOTTOM_LEGEND", "LEFT_LEGEND", "RIGHT_LEGEND",
                                                   "TOP_LEGEND", "NO_LEGEND"}),
                       "axis": "[BasicChartAxis]", "domains": "[BasicChartDomain]", "series": "[BasicChartSeries]",
                       "headerCount": "int", "threeDimensional": "bool", "interpolateNulls": "bool",
                       "stackedType": "str", "lineSmoothing": "bool", "compareMode": "str"},
    "ChartSpec": {"title": "str", "subtitle": "str", "altText": "str", "fontName": "str", "maximized": "bool",
                  "hiddenDimensionStrategy": "str", "basicChart": "BasicChartSpec"},
    "OverlayPosition": {"anchorCell": "GridCoordinate", "offsetXPixels": "int", "offsetYPixels": "int",
                        "widthPixels": "int", "heightPixels": "int"},
    "EmbeddedObjectPosition": {"sheetId": "int", "overlayPosition": "OverlayPosition", "newSheet": "bool"},
    "EmbeddedChart": {"chartId": "int", "spec": "ChartSpec", "position": "EmbeddedObjectPosition",
                      "border": "any"},
    # Request kinds
    "AddSheetRequest": {"properties": "SheetProperties"},
    "DeleteSheetRequest": {"sheetId": "int"},
    "UpdateSheetPropertiesRequest": {"properties": "SheetProperties", "fields": "str"},
    "UpdateCellsRequest": {"start": "GridCoordinate", "range": "GridRange", "rows": "[RowData]", "fields": "str"},
    "AppendCellsRequest": {"sheetId": "int", "rows": "[RowData]", "fields": "str"},
    "AppendDimensionRequest": {"sheetId": "int", "dimension": ("enum", {"ROWS", "COLUMNS"}), "length": "int"},
    "UpdateDimensionPropertiesRequest": {"range": "DimensionRange", "properties": "DimensionProperties",
                                         "fields": "str"},
    "SetDataValidationRequest": {"range": "GridRange", "rule": "DataValidationRule",
                                 "filteredRowsIncluded": "bool"},
    "AddProtectedRangeRequest": {"protectedRange": "ProtectedRange"},
    "AddConditionalFormatRuleRequest": {"rule": "ConditionalFormatRule", "index": "int"},
    "AddChartRequest": {"chart": "EmbeddedChart"},
    "Request": {"addSheet": "AddSheetRequest", "deleteSheet": "DeleteSheetRequest",
                "updateSheetProperties": "UpdateSheetPropertiesRequest", "updateCells": "UpdateCellsRequest",
                "appendCells": "AppendCellsRequest", "appendDimension": "AppendDimensionRequest",
                "updateDimensionProperties": "UpdateDimensionPropertiesRequest",
                "setDataValidation": "SetDataValidationRequest", "addProtectedRange": "AddProtectedRangeRequest",
                "addConditionalFormatRule": "AddConditionalFormatRuleRequest", "addChart": "AddChartRequest"},
    "BatchUpdateSpreadsheetRequest": {"requests": "[Request]", "includeSpreadsheetInResponse": "bool",
                                      "responseRanges": "[str]", "responseIncludeGridData": "bool"},
    "ValueRange": {"range": "str", "majorDimension": ("enum", {"ROWS", "COLUMNS"}), "values": "[any]"},
    "BatchUpdateValuesRequest": {
        "valueInputOption": ("enum", {"RAW", "USER_ENTERED"}), "data": "[ValueRange]",
        "includeValuesInResponse": "bool",
        "responseValueRenderOption": ("enum", {"FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"}),
        "responseDateTimeRenderOption": ("enum", {"SERIAL_NUMBER", "FORMATTED_STRING"})},
}
ENUM_NAMES = {"valueInputOption": "ValueInputOption", "dimension": "Dimension", "type": "ConditionType",
              "chartType": "BasicChartType", "majorDimension": "Dimension"}


class BadRequest(ValueError):
    """A request the real API would answer with 400 INVALID_ARGUMENT."""


def _snake(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def _check_scalar(kind: Any, value: Any, where: str, name: str) -> None:
    if kind == "any":
        return
    if isinstance(kind, tuple):
        if value not in kind[1]:
            enum = ENUM_NAMES.get(name, name)
            raise BadRequest(f"Invalid value at '{where}' (type.googleapis.com/google.apps.sheets.v4.{enum}), "
                             f'"{value}"')
        return
    ok = {
        "int": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, str) and v.isdigit()),
        "num": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "str": lambda v: isinstance(v, str),
        "bool": lambda v: isinstance(v, bool),
    }[kind](value)
    if not ok:
        raise BadRequest(f"Invalid value at '{where}' ({kind}), {value!r}")


def check(value: Any, type_name: str, where: str = "") -> None:
    """Raise BadRequest when value does not fit the message type (unknown field, wrong type, bad enum)."""
    if type_name.startswith("["):
        inner = type_name[1:-1]
        if not isinstance(value, list):
            raise BadRequest(f"Invalid value at '{where}', expected a list")
        for i, item in enumerate(value):
            check(item, inner, f"{where}[{i}]")
        return
    if type_name not in MESSAGES:
        _check_scalar(type_name, value, where, where.rsplit(".", 1)[-1])
        return
    if not isinstance(value, dict):
        raise BadRequest(f"Invalid JSON payload received. Invalid value at '{where}': expected an object.")
    spec = MESSAGES[type_name]
    for key, item in value.items():
        if item is None and key in spec:
            continue  # JSON null means "not set", as in proto3 JSON
        if key not in spec:
            raise BadRequest(f"Invalid JSON payload received. Unknown name \"{key}\" at '{where}': "
                             "Cannot find field.")
        kind = spec[key]
        path = f"{where}.{_snake(key)}" if where else _snake(key)
        if isinstance(kind, str) and (kind in MESSAGES or kind.startswith("[")):
            check(item, kind, path)
        else:
            _check_scalar(kind, item, path, key)
