"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 12:52:12.842308
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )
    op.create_table(
        "regions",
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("parent_code", sa.String(length=6), nullable=True),
        sa.Column("province_code", sa.String(length=6), nullable=False),
        sa.Column("city_code", sa.String(length=6), nullable=True),
        sa.CheckConstraint("level in ('province', 'city', 'county')", name=op.f("ck_regions_level")),
        sa.ForeignKeyConstraint(["parent_code"], ["regions.code"], name=op.f("fk_regions_parent_code_regions")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_regions")),
    )
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_regions_city_code"), ["city_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_regions_parent_code"), ["parent_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_regions_province_code"), ["province_code"], unique=False)

    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("issuer", sa.String(length=100), nullable=False),
        sa.Column("scope_region_code", sa.String(length=6), nullable=True),
        sa.Column("period", sa.String(length=6), nullable=False),
        sa.Column("period_label", sa.String(length=40), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("notice_number", sa.String(length=60), nullable=True),
        sa.Column("source", sa.String(length=120), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("rectification_due", sa.Date(), nullable=True),
        sa.Column("report_due", sa.Date(), nullable=True),
        sa.Column("items_complete", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"], ["imports.id"], name=op.f("fk_rounds_import_id_imports"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["scope_region_code"], ["regions.code"], name=op.f("fk_rounds_scope_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
        sa.UniqueConstraint("key", name=op.f("uq_rounds_key")),
    )
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rounds_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_rounds_scope_region_code"), ["scope_region_code"], unique=False)

    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_units_region_code_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("region_code", "name", name=op.f("uq_units_region_code_name")),
    )
    op.create_table(
        "content_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("portal", sa.String(length=60), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("submitted", sa.Integer(), nullable=False),
        sa.Column("adopted", sa.Integer(), nullable=False),
        sa.Column("adoption_rate", sa.Numeric(precision=7, scale=2), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_content_submissions_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_content_submissions_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_submissions")),
        sa.UniqueConstraint(
            "round_id", "portal", "unit_id", name=op.f("uq_content_submissions_round_id_portal_unit_id")
        ),
    )
    with op.batch_alter_table("content_submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_content_submissions_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "disclosure_stats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("period_text", sa.String(length=40), nullable=True),
        sa.Column("proactive_total", sa.Integer(), nullable=True),
        sa.Column("policy_interpretations", sa.Integer(), nullable=True),
        sa.Column("proposal_handling", sa.Integer(), nullable=True),
        sa.Column("key_area_items", sa.Integer(), nullable=True),
        sa.Column("requests_on_time", sa.Integer(), nullable=True),
        sa.Column("requests_pending", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_disclosure_stats_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_disclosure_stats_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_stats")),
        sa.UniqueConstraint("round_id", "unit_id", name=op.f("uq_disclosure_stats_round_id_unit_id")),
    )
    op.create_table(
        "message_handling",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("group_label", sa.String(length=20), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("period_text", sa.String(length=40), nullable=True),
        sa.Column("received", sa.Integer(), nullable=True),
        sa.Column("completed", sa.Integer(), nullable=True),
        sa.Column("completion_rate", sa.Numeric(precision=7, scale=2), nullable=True),
        sa.Column("avg_working_days", sa.Numeric(precision=6, scale=1), nullable=True),
        sa.Column("on_time_rate", sa.Numeric(precision=7, scale=2), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_message_handling_region_code_regions")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_message_handling_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_message_handling_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_handling")),
    )
    with op.batch_alter_table("message_handling", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_message_handling_round_id"), ["round_id"], unique=False)

    op.create_table(
        "narratives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=120), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_narratives_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_narratives")),
    )
    with op.batch_alter_table("narratives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_narratives_round_id"), ["round_id"], unique=False)

    op.create_table(
        "reported_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("target_kind", sa.String(length=12), nullable=False),
        sa.Column("segment", sa.String(length=60), server_default="all", nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_reported_figures_region_code_regions")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_reported_figures_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reported_figures")),
        sa.UniqueConstraint(
            "round_id",
            "region_code",
            "target_kind",
            "segment",
            "measure",
            name=op.f("uq_reported_figures_round_id_region_code_target_kind_segment_measure"),
        ),
    )
    with op.batch_alter_table("reported_figures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reported_figures_region_code_measure"), ["region_code", "measure"], unique=False
        )

    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("url", sa.String(length=200), nullable=True),
        sa.Column("site_kind", sa.String(length=12), nullable=True),
        sa.Column("platform", sa.String(length=16), nullable=True),
        sa.Column("platform_label", sa.String(length=32), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("status", sa.String(length=8), server_default="running", nullable=False),
        sa.CheckConstraint("kind in ('site', 'account', 'platform')", name=op.f("ck_targets_kind")),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_targets_region_code_regions")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_targets_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
        sa.UniqueConstraint("kind", "code", name=op.f("uq_targets_kind_code")),
    )
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_targets_region_code_kind"), ["region_code", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_targets_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "check_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=8), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("list_label", sa.String(length=80), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("score_band", sa.String(length=20), nullable=True),
        sa.Column("problem_text", sa.Text(), nullable=True),
        sa.Column("host_unit_text", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_check_results_region_code_regions")),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_check_results_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["target_id"], ["targets.id"], name=op.f("fk_check_results_target_id_targets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_results")),
    )
    with op.batch_alter_table("check_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_check_results_region_code_round_id"), ["region_code", "round_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_check_results_round_id_target_kind_passed"),
            ["round_id", "target_kind", "passed"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_check_results_target_id"), ["target_id"], unique=False)

    op.create_table(
        "registry_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_registry_changes_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["target_id"], ["targets.id"], name=op.f("fk_registry_changes_target_id_targets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_changes")),
    )
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["check_id"], ["check_results.id"], name=op.f("fk_problems_check_id_check_results"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problems")),
    )
    with op.batch_alter_table("problems", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_problems_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_problems_check_id"), ["check_id"], unique=False)

    op.create_table(
        "rectifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("recheck_round_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("status_text", sa.String(length=40), nullable=True),
        sa.Column("rechecked_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["check_results.id"],
            name=op.f("fk_rectifications_check_id_check_results"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recheck_round_id"],
            ["rounds.id"],
            name=op.f("fk_rectifications_recheck_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectifications")),
        sa.UniqueConstraint("check_id", "recheck_round_id", name=op.f("uq_rectifications_check_id_recheck_round_id")),
    )
    with op.batch_alter_table("rectifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rectifications_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rectifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rectifications_status"))

    op.drop_table("rectifications")
    with op.batch_alter_table("problems", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_problems_check_id"))
        batch_op.drop_index(batch_op.f("ix_problems_category"))

    op.drop_table("problems")
    op.drop_table("registry_changes")
    with op.batch_alter_table("check_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_results_target_id"))
        batch_op.drop_index(batch_op.f("ix_check_results_round_id_target_kind_passed"))
        batch_op.drop_index(batch_op.f("ix_check_results_region_code_round_id"))

    op.drop_table("check_results")
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_targets_unit_id"))
        batch_op.drop_index(batch_op.f("ix_targets_region_code_kind"))

    op.drop_table("targets")
    with op.batch_alter_table("reported_figures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reported_figures_region_code_measure"))

    op.drop_table("reported_figures")
    with op.batch_alter_table("narratives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_narratives_round_id"))

    op.drop_table("narratives")
    with op.batch_alter_table("message_handling", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_handling_round_id"))

    op.drop_table("message_handling")
    op.drop_table("disclosure_stats")
    with op.batch_alter_table("content_submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_submissions_unit_id"))

    op.drop_table("content_submissions")
    op.drop_table("units")
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rounds_scope_region_code"))
        batch_op.drop_index(batch_op.f("ix_rounds_period"))

    op.drop_table("rounds")
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_regions_province_code"))
        batch_op.drop_index(batch_op.f("ix_regions_parent_code"))
        batch_op.drop_index(batch_op.f("ix_regions_city_code"))

    op.drop_table("regions")
    op.drop_table("imports")
