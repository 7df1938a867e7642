"""Every tab title, from sheets_schema/ (each file's `title:` under its English `name:`); code names tabs only here."""

from __future__ import annotations

from functions.domain.schema import default_schema


def _title(name: str) -> str:
    """The title of the tab whose schema file says `name: <name>`."""
    return default_schema().by_name(name).title


# Volunteer tabs
ELDERS = _title("elders")
VOLUNTEERS = _title("volunteers")
CONTACTS = _title("contacts")
MEALS = _title("meals")
REQUESTS = _title("requests")
MEDIATION = _title("mediation")
PATROLS = _title("patrols")
COMPLAINTS = _title("complaints")
ACTIVITIES = _title("activities")
SIGNINS = _title("signins")
FEES = _title("fees")
CAMPAIGNS = _title("campaigns")
SETTINGS = _title("settings")
# System tabs
PROBLEMS = _title("problems")
ALERTS = _title("alerts")
METRICS = _title("metrics")
RUNLOG = _title("runlog")
GUIDE = _title("guide")
CARDS = _title("cards")
VISIT_LEDGER = _title("visit_ledger")
ARCHIVE_SUMMARY = _title("archive_summary")
