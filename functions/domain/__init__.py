"""Vocabulary, schema, settings, records, dates, privacy, errors, Workbook/Delivery interfaces; no imports of ours."""
