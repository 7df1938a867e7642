"""Mail and message composition (digests, monthly report): pure; imports the domain, care and metrics results."""
