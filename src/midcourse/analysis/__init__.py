"""Analyses: pure functions of a record, the settings and an "as of" date."""
