"""Concrete workbooks (xlsx, Google Sheets) and mail transports; may import the core, never entry or demo."""
