"""Helpers shared by the tests: backends, a local SMTP server, functions-framework processes, sample communities.

TODAY is the day every test community is built around (a Sunday late in November 2026); a sample that needs
another day (the digest sample sits in 重阳's visit window) names its own.
"""

from __future__ import annotations

import datetime as dt

TODAY = dt.date(2026, 11, 29)
