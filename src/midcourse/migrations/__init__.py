"""Schema migrations (alembic), run from code so that no alembic.ini is needed."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa


def upgrade(connection: sa.Connection, revision: str = "head") -> None:
    """Upgrade the database behind an open connection to a revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def revisions() -> set[str]:
    """Every schema revision this version of midcourse knows (their files' names begin with it)."""
    folder = Path(__file__).parent / "versions"
    return {p.name.split("_", 1)[0] for p in folder.glob("[0-9]*_*.py")}
