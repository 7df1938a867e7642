"""The vocabulary, schema, settings, records, dates and privacy rules, and the Workbook interface; imports nothing of ours."""
