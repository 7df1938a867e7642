"""The local .xlsx workbook: one read, one atomic write under a lock; imports the domain and the core's row builders."""
