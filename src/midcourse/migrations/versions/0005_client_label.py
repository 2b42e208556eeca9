"""A client's name as the user typed it (`label`), apart from its key: with encryption on, the key is
a keyed hash and the label is encrypted, so that the database does not show who it is about.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("clients", sa.Column("label", sa.Text))
    # Until now the key was the name as typed; an encrypted database is resealed (key hashed, label
    # encrypted) the next time it is opened with its passphrase.
    op.execute("UPDATE clients SET label = key")


def downgrade() -> None:
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("label")
