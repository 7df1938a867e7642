"""The Google Sheets workbook (gspread): one batchGet, one batchUpdate; imports domain and validation.tab_renames."""
