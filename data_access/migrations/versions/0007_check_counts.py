"""check_counts: checked and failed per round, region and kind, counted from check_results

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 22:45:00.000000

The computed pass rates (a region's trend over every quarter, its
sub-regions, its counts for one quarter) sum this table instead of counting
the check results: about 130,000 rows nationally instead of 920,000. It is
derived data, kept in step by data_access.check_counts whenever a batch is
written or undone; here it is counted once for the rows already stored.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "check_counts",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=8), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("checked", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_check_counts_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", "target_kind", "region_code", name=op.f("pk_check_counts")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("check_counts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_check_counts_region_code_round_id"), ["region_code", "round_id"], unique=False
        )
    op.execute(
        "INSERT INTO check_counts (round_id, target_kind, region_code, checked, failed) "
        "SELECT round_id, target_kind, region_code, count(*), sum(CASE WHEN passed THEN 0 ELSE 1 END) "
        "FROM check_results GROUP BY round_id, target_kind, region_code"
    )


def downgrade() -> None:
    with op.batch_alter_table("check_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_counts_region_code_round_id"))
    op.drop_table("check_counts")
