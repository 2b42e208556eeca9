"""The first schema: clients, sessions with check-ins, measures, journal, defenses.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCALES = ("bond", "goals", "tasks", "depth", "insight", "quit")


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("name", sa.Text),
        sa.Column("therapy_started", sa.String(10)),
        sa.Column("instruments", sa.Text, nullable=False, server_default="{}"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
        sa.Column("scheduled", sa.String(40), nullable=False),
        sa.Column("sort_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("minutes_late", sa.Float),
        sa.Column("notice_hours", sa.Float),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("has_checkin", sa.Boolean, nullable=False, server_default=sa.false()),
        *[sa.Column(name, sa.Float) for name in SCALES],
        sa.Column("after", sa.String(20)),
        sa.Column("checkin_note", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("client_id", "scheduled", name="uq_sessions_client_scheduled"),
    )
    op.create_table(
        "measures",
        sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("instrument", sa.String(100), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
    )
    for table, column, kind in (("journal", "text", sa.Text), ("defenses", "defense", sa.String(100))):
        extra = [sa.Column("tags", sa.Text, nullable=False, server_default="[]")] if table == "journal" \
            else [sa.Column("note", sa.Text, nullable=False, server_default="")]
        op.create_table(
            table,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
            sa.Column("date", sa.String(40), nullable=False),
            sa.Column("sort_at", sa.DateTime, nullable=False),
            sa.Column(column, kind, nullable=False),
            *extra,
        )
    op.create_index("ix_sessions_client", "sessions", ["client_id", "sort_at"])
    op.create_index("ix_journal_client", "journal", ["client_id", "sort_at"])
    op.create_index("ix_defenses_client", "defenses", ["client_id", "sort_at"])


def downgrade() -> None:
    for table in ("measures", "defenses", "journal", "sessions", "clients"):
        op.drop_table(table)
