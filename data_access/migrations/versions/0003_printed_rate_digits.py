"""rates keep their printed digits; indexes for the unit's disclosure history and a round's registry changes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 17:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rows loaded before this revision keep NULL: their rates show as the value
    # reads (3.0 as 3%), until the store is loaded again.
    with op.batch_alter_table("content_submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("adoption_rate_decimals", sa.SmallInteger(), nullable=True))

    with op.batch_alter_table("message_handling", schema=None) as batch_op:
        batch_op.add_column(sa.Column("completion_rate_decimals", sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column("on_time_rate_decimals", sa.SmallInteger(), nullable=True))

    with op.batch_alter_table("disclosure_stats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosure_stats_unit_id"), ["unit_id"], unique=False)

    with op.batch_alter_table("registry_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registry_changes_round_id"), ["round_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("registry_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registry_changes_round_id"))

    with op.batch_alter_table("disclosure_stats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_stats_unit_id"))

    with op.batch_alter_table("message_handling", schema=None) as batch_op:
        batch_op.drop_column("on_time_rate_decimals")
        batch_op.drop_column("completion_rate_decimals")

    with op.batch_alter_table("content_submissions", schema=None) as batch_op:
        batch_op.drop_column("adoption_rate_decimals")
