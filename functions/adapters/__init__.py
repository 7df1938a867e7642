"""Workbooks (xlsx, Google Sheets), mail delivery, group bots, the workbook factory; never entry, jobs, demo."""
