"""三有 (Sanyou): a community care programme kept honest on a spreadsheet backend."""

__version__ = "0.1.0"
