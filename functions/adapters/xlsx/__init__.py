"""The local .xlsx workbook: one read, one atomic write under a lock; imports domain and validation.tab_renames."""
