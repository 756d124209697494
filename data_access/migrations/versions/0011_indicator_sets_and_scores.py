"""Indicator sets, a check's findings and score, rounds that name their sets and can be closed

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 09:00:00.000000

Scoring by the national indicator system (国办秘函〔2019〕19号): ``indicator_sets`` and ``indicators`` hold
versioned sets as data, ``check_scores`` the verdict of a scored check (its set, veto, deductions, bonus,
band; the score itself stays in check_results.score) and ``findings`` what was found against each indicator,
with its evidence. ``rounds`` gets the sets it scores websites and accounts by and a closed flag (closed_at,
closed_by). The shipped sets (data_access/indicator_sets/*.yaml) are stored here, so every store has them;
the app's start adds any shipped later (data_access.indicator_sets.install_shipped).

The downgrade drops the four tables and the rounds' new columns: the findings and verdicts recorded since are
lost, the scores in check_results stay.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("max_score", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("pass_line", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("bonus_threshold", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("bonus_max", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("bonus_portals_only", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("skip_note", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=True),
        sa.CheckConstraint("kind in ('site', 'account')", name=op.f("ck_indicator_sets_kind")),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_indicator_sets_region_code_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_sets")),
        sa.UniqueConstraint("code", "version", name=op.f("uq_indicator_sets_code_version")),
    )
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("group_name", sa.String(length=40), nullable=True),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("rule_text", sa.Text(), nullable=False),
        sa.Column("cap", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("also_categories", sa.String(length=200), nullable=True),
        sa.Column("needs_services", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint("part in ('veto', 'deduct', 'bonus')", name=op.f("ck_indicators_part")),
        sa.ForeignKeyConstraint(["set_id"], ["indicator_sets.id"], name=op.f("fk_indicators_set_id_indicator_sets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("set_id", "part", "name", name=op.f("uq_indicators_set_id_part_name")),
    )
    op.create_table(
        "check_scores",
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("portal", sa.Boolean(), nullable=False),
        sa.Column("has_services", sa.Boolean(), nullable=False),
        sa.Column("vetoed", sa.Boolean(), nullable=False),
        sa.Column("deducted", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("bonus", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("band", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["check_id"], ["check_results.id"], name=op.f("fk_check_scores_check_id_check_results"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["set_id"], ["indicator_sets.id"], name=op.f("fk_check_scores_set_id_indicator_sets")),
        sa.PrimaryKeyConstraint("check_id", name=op.f("pk_check_scores")),
    )
    op.create_index(op.f("ix_check_scores_set_id"), "check_scores", ["set_id"], unique=False)
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.SmallInteger(), nullable=False),
        sa.Column("points", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("counted", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("evidence_url", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("image", sa.LargeBinary(), nullable=True),
        sa.Column("image_type", sa.String(length=24), nullable=True),
        sa.Column("image_size", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["check_id"], ["check_results.id"], name=op.f("fk_findings_check_id_check_results"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"], name=op.f("fk_findings_indicator_id_indicators")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
    )
    op.create_index(op.f("ix_findings_check_id"), "findings", ["check_id"], unique=False)
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("site_set_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("account_set_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("closed_by", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_rounds_site_set_id_indicator_sets"), "indicator_sets", ["site_set_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_rounds_account_set_id_indicator_sets"), "indicator_sets", ["account_set_id"], ["id"]
        )
    _install_shipped(op.get_bind())


def _install_shipped(conn: sa.Connection) -> None:
    """The shipped sets, written with this revision's columns (the loader's parsing, not its tables)."""
    from data_access.indicator_sets import shipped

    number, text = sa.Numeric(5, 1), sa.Text()
    sets = sa.table(
        "indicator_sets",
        sa.column("id", sa.Integer()),
        *(sa.column(name, text) for name in ("code", "name", "kind", "region_code", "skip_note", "source", "note")),
        sa.column("version", sa.Integer()),
        *(sa.column(name, number) for name in ("max_score", "pass_line", "bonus_threshold", "bonus_max")),
        sa.column("bonus_portals_only", sa.Boolean()),
    )
    items = sa.table(
        "indicators",
        sa.column("set_id", sa.Integer()),
        sa.column("seq", sa.Integer()),
        *(sa.column(name, text) for name in ("part", "group_name", "name", "rule_text", "category", "also_categories")),
        sa.column("cap", number),
        sa.column("needs_services", sa.Boolean()),
    )
    for spec in shipped():
        rule = spec.indicator_set
        set_id = conn.execute(
            sets.insert()
            .values(
                code=rule.code,
                version=rule.version,
                name=rule.name,
                kind=rule.kind,
                region_code=rule.region_code,
                max_score=rule.max_score,
                pass_line=rule.pass_line,
                bonus_threshold=rule.bonus_threshold,
                bonus_max=rule.bonus_max,
                bonus_portals_only=rule.bonus_portals_only,
                skip_note=spec.skip_note,
                source=spec.source,
                note=spec.note,
            )
            .returning(sets.c.id)
        ).scalar_one()
        conn.execute(
            items.insert(),
            [
                {
                    "set_id": set_id,
                    "part": item.part,
                    "seq": seq,
                    "group_name": item.group,
                    "name": item.name,
                    "rule_text": item.rule,
                    "cap": item.cap,
                    "category": item.category,
                    "also_categories": ",".join(item.also) or None,
                    "needs_services": item.needs_services,
                }
                for seq, item in enumerate(rule.indicators, start=1)
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_rounds_account_set_id_indicator_sets"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_rounds_site_set_id_indicator_sets"), type_="foreignkey")
        batch_op.drop_column("closed_by")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("account_set_id")
        batch_op.drop_column("site_set_id")
    op.drop_index(op.f("ix_findings_check_id"), table_name="findings")
    op.drop_table("findings")
    op.drop_index(op.f("ix_check_scores_set_id"), table_name="check_scores")
    op.drop_table("check_scores")
    op.drop_table("indicators")
    op.drop_table("indicator_sets")
