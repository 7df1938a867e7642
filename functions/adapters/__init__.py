"""Adapters: concrete workbooks (xlsx, Google Sheets) and mail transports; they may import the core and the domain, never entry or demo."""
