"""midcourse: a private, local-first companion for the hard middle of psychotherapy."""

__version__ = "0.1.0"
