"""The Google Sheets workbook (gspread): one batchGet, one batchUpdate; imports the domain and the adapters' own helpers."""
