"""import batches, data version, accounts and audit log

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 19:05:00.000000

Every row an import adds carries its batch (import_id), so a batch can be
undone exactly. Rows written before this revision keep NULL and belong to
no batch that can be undone.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.bulk_insert(
        sa.table("data_version", sa.column("id", sa.Integer), sa.column("version", sa.Integer)),
        [{"id": 1, "version": 1}],
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=64), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("role in ('viewer', 'editor', 'admin')", name=op.f("ck_users_role")),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_users_region_code_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("user_name", name=op.f("uq_users_user_name")),
    )
    with op.batch_alter_table("check_results", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_check_results_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_check_results_import_id_imports"), "imports", ["import_id"], ["id"])

    with op.batch_alter_table("content_submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_content_submissions_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_content_submissions_import_id_imports"), "imports", ["import_id"], ["id"]
        )

    with op.batch_alter_table("disclosure_stats", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_disclosure_stats_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_disclosure_stats_import_id_imports"), "imports", ["import_id"], ["id"]
        )

    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("checksum", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("user_name", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("period", sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column("region_code", sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column("row_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("counts", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("status", sa.String(length=8), server_default="active", nullable=False))
        batch_op.add_column(sa.Column("undone_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("undone_by", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_imports_checksum"), ["checksum"], unique=False)

    with op.batch_alter_table("message_handling", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_message_handling_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_message_handling_import_id_imports"), "imports", ["import_id"], ["id"]
        )

    with op.batch_alter_table("narratives", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_narratives_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_narratives_import_id_imports"), "imports", ["import_id"], ["id"])

    with op.batch_alter_table("rectifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_rectifications_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_rectifications_import_id_imports"), "imports", ["import_id"], ["id"])

    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_regions_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_regions_import_id_imports"), "imports", ["import_id"], ["id"])

    with op.batch_alter_table("registry_changes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_status", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_registry_changes_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_registry_changes_import_id_imports"), "imports", ["import_id"], ["id"]
        )

    with op.batch_alter_table("reported_figures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_reported_figures_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_reported_figures_import_id_imports"), "imports", ["import_id"], ["id"]
        )

    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_targets_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_targets_import_id_imports"), "imports", ["import_id"], ["id"])

    with op.batch_alter_table("unit_aliases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_unit_aliases_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_unit_aliases_import_id_imports"), "imports", ["import_id"], ["id"])

    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_units_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_units_import_id_imports"), "imports", ["import_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_units_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_units_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("unit_aliases", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_unit_aliases_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_unit_aliases_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_targets_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_targets_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("reported_figures", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_reported_figures_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_reported_figures_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("registry_changes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_registry_changes_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_registry_changes_import_id"))
        batch_op.drop_column("import_id")
        batch_op.drop_column("previous_status")

    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_regions_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_regions_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("rectifications", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_rectifications_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_rectifications_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("narratives", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_narratives_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_narratives_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("message_handling", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_message_handling_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_message_handling_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imports_checksum"))
        batch_op.drop_column("undone_by")
        batch_op.drop_column("undone_at")
        batch_op.drop_column("status")
        batch_op.drop_column("counts")
        batch_op.drop_column("row_count")
        batch_op.drop_column("region_code")
        batch_op.drop_column("period")
        batch_op.drop_column("user_name")
        batch_op.drop_column("checksum")
        batch_op.drop_column("kind")

    with op.batch_alter_table("disclosure_stats", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_disclosure_stats_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_disclosure_stats_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("content_submissions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_content_submissions_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_content_submissions_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("check_results", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_check_results_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_check_results_import_id"))
        batch_op.drop_column("import_id")

    op.drop_table("users")
    op.drop_table("data_version")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
