"""The `midcourse` command line: parses input, calls the library, renders the result.

Each command group lives in its own module and registers itself on the one `app` of `_common`.
"""

from __future__ import annotations

# Registration order is the order of `midcourse --help`.
# isort: off
from midcourse.cli import (  # noqa: F401
    record, edit, listing, instrument, safety, transfer, privacy, storage, analysis, report, text, web, reminders,
)
# isort: on
from midcourse.cli._common import app


def main(args: list[str] | None = None) -> None:
    """Run the command line."""
    app(args)


__all__ = ["app", "main"]
