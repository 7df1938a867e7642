"""The Feishu (Lark) Sheets workbook over the open API with plain requests; imports domain and core rows."""
