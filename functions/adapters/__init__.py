"""Workbooks (xlsx, Google Sheets), mail delivery, the factory opening a workbook; never import entry, jobs, demo."""
