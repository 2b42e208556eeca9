"""midcourse: a private, local-first companion for the hard middle of psychotherapy.

The public API, importable from here (loaded on first use, so `import midcourse` stays light);
`assess`, `history` and `caseload` are functions named like their modules, so they are imported
from those:

    import midcourse
    from midcourse.assess import assess                      # (a function named like its module)
    record = midcourse.load_record("record.json")           # or midcourse.Store().load()
    result = assess(record)                                  # state, flags, findings, starter
    print(result.state, result.conversation_starter)
    from midcourse.history import history                    # the assessment at every session date
    from midcourse.caseload import caseload                  # every client of a database, most urgent first
    with midcourse.Store("midcourse.db") as store:
        store.update(None, lambda r: midcourse.save_session(r, {"date": "2026-03-02T17:00",
                                                                "status": "attended"}))
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# name -> module that defines it
_PUBLIC = {
    # the record and its formats
    "Record": "record", "Session": "record", "CheckIn": "record", "JournalEntry": "record",
    "DefenseObservation": "record", "SafetyAnswer": "record", "Client": "record",
    "parse_record": "validation", "load_record": "validation", "RecordError": "validation",
    "parse_csv": "csvformat", "load_csv": "csvformat", "to_csv": "csvformat",
    "read_vault": "vault",
    # writing to a record
    "save_session": "entries", "move_session": "entries", "remove_session": "entries",
    "save_journal_entry": "entries", "save_defense": "entries", "save_safety_answer": "entries",
    "Change": "entries",
    # storage
    "Store": "store", "StoreError": "store", "import_vault": "sync",
    # the analyses
    "Settings": "settings", "Assessment": "assess",
    # reports
    "to_text": "report", "to_markdown": "report", "to_html": "report", "to_pdf": "report",
}

__all__ = [
    "Assessment",
    "Change",
    "CheckIn",
    "Client",
    "DefenseObservation",
    "JournalEntry",
    "Record",
    "RecordError",
    "SafetyAnswer",
    "Session",
    "Settings",
    "Store",
    "StoreError",
    "__version__",
    "import_vault",
    "load_csv",
    "load_record",
    "move_session",
    "parse_csv",
    "parse_record",
    "read_vault",
    "remove_session",
    "save_defense",
    "save_journal_entry",
    "save_safety_answer",
    "save_session",
    "to_csv",
    "to_html",
    "to_markdown",
    "to_pdf",
    "to_text",
]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'midcourse' has no attribute '{name}'")
    value = getattr(importlib.import_module(f"midcourse.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
