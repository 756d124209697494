"""an index of the failing check results, and one of rectifications by re-check round

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 20:15:00.000000

ix_check_results_failing holds only the failing results (partial: NOT
passed), by round, kind, region and target (and passed, so that SQLite
reads a query from the index alone): the rectification lists over
the whole history (overdue, re-checked, repeat offenders) and the failing
targets read it, about 60,000 entries nationally, instead of 820,000 rows.
ix_rectifications_recheck_round_id finds the problems a period's
re-checks looked at without visiting every earlier failing check.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("check_results", schema=None) as batch_op:
        batch_op.create_index(
            "ix_check_results_failing",
            ["round_id", "target_kind", "region_code", "target_id", "passed"],
            unique=False,
            postgresql_where=sa.text("NOT passed"),
            sqlite_where=sa.text("passed = 0"),
        )
    with op.batch_alter_table("rectifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rectifications_recheck_round_id"), ["recheck_round_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rectifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rectifications_recheck_round_id"))
    with op.batch_alter_table("check_results", schema=None) as batch_op:
        batch_op.drop_index("ix_check_results_failing")
