"""Concrete workbooks (xlsx, Google Sheets), mail transports, PDF output; may import the core, never entry or demo."""
