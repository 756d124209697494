"""Filing-system changes (备案变更): sites and accounts closed (注销) or added (新增) in a round.

Notice 001 reports the accounts Jiujiang closed and added in the national
new-media filing system; each ``registry_changes`` row names one target.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from data_access.db import read_frame
from data_access.schema import regions, registry_changes, rounds, targets, units
from data_access.scope import Scope, scoped_filter

REGISTRY_ROW_CAP = 500
CHANGES = ("closed", "added", "renamed")

_rc = registry_changes.c


def _changes_under(scope: Scope, period: str, region: str | None) -> sa.Select:
    return (
        sa.select()
        .select_from(registry_changes)
        .join(rounds, rounds.c.id == _rc.round_id)
        .join(targets, targets.c.id == _rc.target_id)
        .where(rounds.c.period == period, scoped_filter(targets.c.region_code, scope, region))
    )


def _change_order() -> sa.ColumnElement[int]:
    """Closures first, then additions, then renamings, as notices list them."""
    return sa.case({change: rank for rank, change in enumerate(CHANGES)}, value=_rc.change, else_=len(CHANGES))


def registry_change_counts(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """How many targets under ``region`` were closed, added or renamed in ``period``.

    Grain: one row per change and target kind, closures first. Columns: change, kind, changes.
    """
    query = (
        _changes_under(scope, period, region)
        .add_columns(_rc.change, targets.c.kind, sa.func.count().label("changes"))
        .group_by(_rc.change, targets.c.kind)
        .order_by(_change_order(), targets.c.kind)
    )
    return read_frame(conn, query)


def registry_change_rows(
    conn: sa.Connection, *, scope: Scope, period: str, region: str | None, limit: int = REGISTRY_ROW_CAP
) -> pd.DataFrame:
    """The changes under ``region`` in ``period``: closures first, then additions, each in load order.

    Grain: one row per change, at most ``limit``. Columns: change, kind,
    target_id, code, name, platform_label, unit_name (the host unit's
    standard name; None when the notice names none), region_code,
    region_name, note.
    """
    query = (
        _changes_under(scope, period, region)
        .outerjoin(units, units.c.id == targets.c.unit_id)
        .join(regions, regions.c.code == targets.c.region_code)
        .add_columns(
            _rc.change,
            targets.c.kind,
            targets.c.id.label("target_id"),
            targets.c.code,
            targets.c.name,
            targets.c.platform_label,
            units.c.name.label("unit_name"),
            targets.c.region_code,
            regions.c.name.label("region_name"),
            _rc.note,
        )
        .order_by(_change_order(), _rc.round_id, _rc.id)
        .limit(limit)
    )
    return read_frame(conn, query)


def registry_change_periods(conn: sa.Connection, *, scope: Scope, region: str | None) -> list[str]:
    """Periods, newest first, with a change of a target under ``region``."""
    if scope.region_code is None and region is None:
        found: sa.ColumnElement[bool] = sa.exists(sa.select(_rc.id).where(_rc.round_id == rounds.c.id))
    else:
        # A region: from its targets to their changes, not through every round's changes.
        target_ids = sa.select(targets.c.id).where(scoped_filter(targets.c.region_code, scope, region))
        found = rounds.c.id.in_(sa.select(_rc.round_id).where(_rc.target_id.in_(target_ids)))
    query = sa.select(rounds.c.period).where(found).distinct().order_by(rounds.c.period.desc())
    return list(conn.execute(query).scalars())
