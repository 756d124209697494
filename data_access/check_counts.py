"""Checked and failed per round, region and kind, kept in step with check_results.

The computed pass rates (a region's trend, its sub-regions, its counts for a
quarter) sum ``check_counts`` instead of counting check results: about
130,000 rows nationally instead of 920,000. The table is derived data: it is
written only here, in the same transaction as the check results it counts,
by the batch code (``imports.batches.close_batch`` and ``undo``) and the
synthetic generator, and a round's rows are always counted again whole
(migration 0007 counted the stores filled before it).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from data_access.schema import check_counts, check_results

_COLUMNS = ("round_id", "target_kind", "region_code", "checked", "failed")


def counted(round_ids: list[int] | None = None) -> sa.Select:
    """The rows of check_counts as counted from check_results (of ``round_ids``; all rounds when None)."""
    query = sa.select(
        check_results.c.round_id,
        check_results.c.target_kind,
        check_results.c.region_code,
        sa.func.count().label("checked"),
        sa.func.sum(1 - sa.cast(check_results.c.passed, sa.Integer)).label("failed"),
    ).group_by(check_results.c.round_id, check_results.c.target_kind, check_results.c.region_code)
    return query if round_ids is None else query.where(check_results.c.round_id.in_(round_ids))


def refresh(conn: sa.Connection, round_ids: Iterable[int] | None = None) -> None:
    """Count ``round_ids``' check results again (every round when None), in the caller's transaction."""
    ids = None if round_ids is None else sorted(set(round_ids))
    if ids == []:
        return
    delete = check_counts.delete()
    conn.execute(delete if ids is None else delete.where(check_counts.c.round_id.in_(ids)))
    conn.execute(check_counts.insert().from_select(_COLUMNS, counted(ids)))


def rounds_of_batch(conn: sa.Connection, import_id: int) -> list[int]:
    """The rounds batch ``import_id`` wrote check results into."""
    query = sa.select(check_results.c.round_id).where(check_results.c.import_id == import_id).distinct()
    return list(conn.execute(query).scalars())
