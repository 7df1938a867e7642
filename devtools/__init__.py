"""Development tools that never ship to Cloud Functions (see .gcloudignore)."""
