"""The delivery journal: a locked, fsynced, append-only file implementing the delivery ledger."""
