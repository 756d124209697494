"""a target is identified by its kind, code and host unit: a code listed under two units is two targets

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 06:00:00.000000

Until now ``targets`` was unique by (kind, code), so an account ID that a
notice lists under two host units (notice 000 附件2: 360000M011WX0002 under
省减灾备灾中心 and under 省应急管理厅) became one target with the first unit,
and every unit-level view counted the second unit's problem under the first.
Now the constraint is (kind, code, unit_id), whose index also serves lookups
by (kind, code), and a partial unique index keeps one unit-less target per
code. ``unit_import_id`` records the batch that gave a unit-less target its
unit, so that undoing that batch takes the unit back.

A store filled before is split here, as the writer would have written it:
each check result's printed host unit (``host_unit_text``, resolved through
``unit_aliases`` in the check's region) names its unit; a check whose unit
is not its target's moves to a target of that code and unit, created on
first sight with the batch of its first check (so undoing that batch
removes it). A target without a unit takes the unit of its first check that
names one. Registry changes and unit-less checks stay where they were.
check_counts need no recount: they count check results by round, kind and
the check's own region, none of which moves.

The downgrade merges each code's targets into its oldest (check results and
registry changes move to it, its unit is kept) and restores (kind, code).
"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_NO_UNIT_INDEX = "uq_targets_kind_code_no_unit"


def upgrade() -> None:
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_import_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_targets_unit_import_id_imports"), "imports", ["unit_import_id"], ["id"]
        )
        batch_op.drop_constraint("uq_targets_kind_code", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_targets_kind_code_unit_id"), ["kind", "code", "unit_id"])
    _split_targets(op.get_bind())
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.create_index(
            _NO_UNIT_INDEX,
            ["kind", "code"],
            unique=True,
            postgresql_where=sa.text("unit_id IS NULL"),
            sqlite_where=sa.text("unit_id IS NULL"),
        )
    _count_again(op.get_bind())


def _count_again(conn: sa.Connection) -> None:
    """SQLite's planner statistics of targets, which batch mode's copy of the table dropped, counted again.

    Only in a store that keeps statistics (the synthetic generator runs ANALYZE), so that its queries on
    targets are planned as before and not from SQLite's defaults; 40 ms on the national store.
    """
    if (
        conn.dialect.name == "sqlite"
        and conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
    ):
        conn.exec_driver_sql("ANALYZE targets")


def _split_targets(conn: sa.Connection) -> None:
    """Give every check that names a unit other than its target's a target of that code and unit."""
    # Only checks whose printed unit differs from their target's unit's name (an alias of it, another
    # unit, or a target without a unit): none on the synthetic data, two on the notices'.
    found = conn.execute(
        sa.text(
            "SELECT c.id, c.target_id, c.region_code, c.host_unit_text, c.import_id, t.unit_id "
            "FROM check_results c JOIN targets t ON t.id = c.target_id "
            "LEFT JOIN units u ON u.id = t.unit_id "
            "WHERE c.host_unit_text IS NOT NULL AND t.code IS NOT NULL "
            "AND (u.name IS NULL OR u.name <> c.host_unit_text) "
            "ORDER BY c.id"
        )
    ).all()
    if not found:
        return
    aliases = {
        (region, alias): name
        for region, alias, name in conn.execute(sa.text("SELECT region_code, alias, unit_name FROM unit_aliases"))
    }
    units = {
        (region, name): unit for unit, region, name in conn.execute(sa.text("SELECT id, region_code, name FROM units"))
    }
    # (target, unit) -> the checks to give that unit, oldest first; the target's own unit.
    moves: dict[tuple[int, int], list[tuple[int, str, int | None]]] = defaultdict(list)
    own_unit: dict[int, int | None] = {}
    for check, target, region, printed, batch, unit in found:
        name = aliases.get((region, printed), printed)
        if (region, name) not in units:
            units[(region, name)] = _add_unit(conn, region, name, batch)
        named = units[(region, name)]
        own_unit[target] = unit
        if named != unit:
            moves[(target, named)].append((check, region, batch))
    adopted: set[int] = set()
    for (target, unit), checks in sorted(moves.items(), key=lambda item: item[1][0][0]):
        first_batch = checks[0][2]
        if own_unit[target] is None and target not in adopted:
            # A target without a unit takes the unit of its first check that names one, as the writer does.
            conn.execute(
                sa.text("UPDATE targets SET unit_id = :unit, unit_import_id = :batch WHERE id = :target"),
                {"unit": unit, "batch": first_batch, "target": target},
            )
            adopted.add(target)
            continue
        twin = conn.execute(
            sa.text(
                "INSERT INTO targets (kind, code, name, url, site_kind, platform, platform_label, unit_id, "
                "region_code, status, import_id) "
                "SELECT kind, code, name, url, site_kind, platform, platform_label, :unit, :region, status, :batch "
                "FROM targets WHERE id = :target RETURNING id"
            ),
            {"unit": unit, "region": checks[0][1], "batch": first_batch, "target": target},
        ).scalar_one()
        conn.execute(
            sa.text("UPDATE check_results SET target_id = :twin WHERE id IN :checks").bindparams(
                sa.bindparam("checks", expanding=True)
            ),
            {"twin": twin, "checks": [check for check, _, _ in checks]},
        )


def _add_unit(conn: sa.Connection, region: str, name: str, batch: int | None) -> int:
    """A unit a check names but the store lacks (the writer creates every unit a row names; older loaders may not)."""
    # The rules as they stand when the store is upgraded, as migration 0002 did.
    from data_access.units import dept_type

    return int(
        conn.execute(
            sa.text(
                "INSERT INTO units (name, region_code, dept_type, import_id) "
                "VALUES (:name, :region, :dept_type, :batch) RETURNING id"
            ),
            {"name": name, "region": region, "dept_type": dept_type(name), "batch": batch},
        ).scalar_one()
    )


def downgrade() -> None:
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_index(_NO_UNIT_INDEX)
    younger = "t.code IS NOT NULL AND EXISTS (SELECT 1 FROM targets o WHERE o.kind = t.kind AND o.code = t.code AND o.id < t.id)"
    oldest = "(SELECT min(o.id) FROM targets o JOIN targets t ON o.kind = t.kind AND o.code = t.code WHERE t.id = {}.target_id)"
    for table in ("check_results", "registry_changes"):
        op.execute(
            f"UPDATE {table} SET target_id = {oldest.format(table)} "
            f"WHERE target_id IN (SELECT t.id FROM targets t WHERE {younger})"
        )
    op.execute(f"DELETE FROM targets WHERE id IN (SELECT t.id FROM targets t WHERE {younger})")
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_targets_kind_code_unit_id"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_targets_kind_code"), ["kind", "code"])
        batch_op.drop_constraint(batch_op.f("fk_targets_unit_import_id_imports"), type_="foreignkey")
        batch_op.drop_column("unit_import_id")
    _count_again(op.get_bind())
