"""units: aliases, department type, and the unit as each row printed it

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ROWS_WITH_UNIT_TEXT = ("content_submissions", "disclosure_stats", "message_handling")


def upgrade() -> None:
    op.create_table(
        "unit_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("alias", sa.String(length=100), nullable=False),
        sa.Column("unit_name", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_unit_aliases_region_code_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_aliases")),
        sa.UniqueConstraint("region_code", "alias", name=op.f("uq_unit_aliases_region_code_alias")),
    )
    for table in _ROWS_WITH_UNIT_TEXT:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("unit_text", sa.String(length=100), nullable=True))

    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dept_type", sa.String(length=24), nullable=True))
        batch_op.create_index(batch_op.f("ix_units_region_code_dept_type"), ["region_code", "dept_type"], unique=False)

    _fill_existing_rows()


def _fill_existing_rows() -> None:
    """Give rows loaded before this revision their unit wording and department type."""
    # Until now a unit was created under exactly the name its row printed,
    # so the unit's name is that row's wording.
    for table in _ROWS_WITH_UNIT_TEXT:
        op.execute(
            f"update {table} set unit_text = "
            f"(select units.name from units where units.id = {table}.unit_id) "
            "where unit_text is null and unit_id is not null"
        )
    conn = op.get_bind()
    found = conn.execute(sa.text("select id, name from units where dept_type is null")).all()
    if not found:
        return  # a new store: nothing to classify, and no need for the application's rules
    # The rules as they stand when the store is upgraded; a later change of
    # the rules re-classifies in a migration of its own.
    from data_access.units import dept_type

    conn.execute(
        sa.text("update units set dept_type = :dept_type where id = :id"),
        [{"id": unit_id, "dept_type": dept_type(name)} for unit_id, name in found],
    )


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not batch: batch would
    # copy and drop ``units``, which SQLite refuses while targets reference it.
    op.drop_index(op.f("ix_units_region_code_dept_type"), table_name="units")
    op.drop_column("units", "dept_type")
    for table in reversed(_ROWS_WITH_UNIT_TEXT):
        op.drop_column(table, "unit_text")
    op.drop_table("unit_aliases")
