"""Vocabulary, schema, settings, records, dates, privacy and the Workbook interface; imports nothing of ours."""
