"""The alert rules (提醒): pure functions from parsed tabs, settings and a date; imports only the domain."""
