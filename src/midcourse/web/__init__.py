"""The local web app: dashboard, quick entry, report, settings."""
