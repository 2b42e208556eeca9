"""The tables a record is stored in (SQLAlchemy Core), the same on SQLite and PostgreSQL.

A change here needs a migration (src/midcourse/migrations/versions); the migrations keep their own
frozen copies of the tables they create, and a test compares the head of the migrations with these.
"""

from __future__ import annotations

import sqlalchemy as sa

from midcourse.record import SCALES

metadata = sa.MetaData()

clients = sa.Table(
    "clients", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # The key a client is found by: the name the user gave (`--client NAME`), or with encryption on
    # a keyed hash of it; `label` is that name, encrypted when encryption is on.
    sa.Column("key", sa.String(200), nullable=False, unique=True),
    sa.Column("label", sa.Text),
    sa.Column("name", sa.Text),
    sa.Column("therapy_started", sa.String(10)),
    sa.Column("instruments", sa.Text, nullable=False, server_default="{}"),
)

sessions = sa.Table(
    "sessions", metadata,
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
    sa.Column("safety", sa.Integer),
    sa.UniqueConstraint("client_id", "scheduled", name="uq_sessions_client_scheduled"),
    sa.Index("ix_sessions_client", "client_id", "sort_at"),
)

measures = sa.Table(
    "measures", metadata,
    sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("instrument", sa.String(100), primary_key=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("items", sa.Text),  # JSON list of item scores, when entered item by item
)

journal = sa.Table(
    "journal", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
    sa.Column("date", sa.String(40), nullable=False),
    sa.Column("sort_at", sa.DateTime, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("tags", sa.Text, nullable=False, server_default="[]"),
    sa.Index("ix_journal_client", "client_id", "sort_at"),
)

defenses = sa.Table(
    "defenses", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
    sa.Column("date", sa.String(40), nullable=False),
    sa.Column("sort_at", sa.DateTime, nullable=False),
    sa.Column("defense", sa.String(100), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_defenses_client", "client_id", "sort_at"),
)

safety_answers = sa.Table(
    "safety_answers", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
    sa.Column("date", sa.String(40), nullable=False),
    sa.Column("sort_at", sa.DateTime, nullable=False),
    sa.Column("answer", sa.String(20), nullable=False),
    sa.Column("text", sa.Text, nullable=False, server_default=""),
    sa.Column("text_date", sa.String(10)),
    sa.Index("ix_safety_answers_client", "client_id", "sort_at"),
)

vault_notes = sa.Table(
    "vault_notes", metadata,
    sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("path", sa.String(1000), primary_key=True),
    sa.Column("mtime_ns", sa.BigInteger, nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("result", sa.Text, nullable=False),
)

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

RECORD_TABLES = (sessions, journal, defenses, safety_answers)
