"""The safety question: a check-in's safety rating, item scores, and the client's safety answers.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sessions", sa.Column("safety", sa.Integer))
    op.add_column("measures", sa.Column("items", sa.Text))
    op.create_table(
        "safety_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
        sa.Column("date", sa.String(40), nullable=False),
        sa.Column("sort_at", sa.DateTime, nullable=False),
        sa.Column("answer", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False, server_default=""),
        sa.Column("text_date", sa.String(10)),
    )
    op.create_index("ix_safety_answers_client", "safety_answers", ["client_id", "sort_at"])


def downgrade() -> None:
    op.drop_table("safety_answers")
    with op.batch_alter_table("measures") as batch:
        batch.drop_column("items")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("safety")
