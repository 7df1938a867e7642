"""Mail composition (digests, monthly report): pure; imports the domain, presents care's due contacts and metrics."""
