"""Content guarantee (内容保障, 信息报送): what units submitted to a portal and what it adopted.

One ``content_submissions`` row is one unit's submissions to one portal in
one round (notice 001's 附件3). Sums and counts are computed here, in SQL;
an adoption rate computed from them is the page's business, and is never
shown as the rate a notice printed (``adoption_rate``, kept with the digits
it was printed with in ``adoption_rate_decimals``).

Every query compares ``period`` with the quarter before it in one pass
(conditional sums over both quarters' rounds), so a change needs no second
round trip.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from data_access.db import read_frame
from data_access.periods import parse_period
from data_access.regions import Region, child_group_key
from data_access.schema import content_submissions, regions, rounds, units
from data_access.scope import Scope, region_filter, scoped_filter

SUBMISSION_ROW_CAP = 1000
# Units of this department type stand for a place (开发区, 管委会, 风景名胜区), not a
# department: notices list them with the counties (notice 001, 附件3 序号64–67).
PLACE_DEPT_TYPES = ("development_zone",)
DEPARTMENT = "department"
PLACE = "place"

_sub = content_submissions.c


def previous_period(period: str) -> str:
    """The quarter before ``period``: '2023Q1' -> '2022Q4'."""
    return parse_period(period).shifted(-1).key


def _when(condition: sa.ColumnElement[bool], value: sa.ColumnElement) -> sa.ColumnElement:
    """``value`` on the rows that meet ``condition``, NULL on the others (for conditional aggregates)."""
    return sa.case((condition, value))


def _sum(condition: sa.ColumnElement[bool], value: sa.ColumnElement) -> sa.ColumnElement:
    # Cast: PostgreSQL sums integers into bigint or numeric, which pandas reads as objects.
    return sa.cast(sa.func.sum(_when(condition, value)), sa.Integer)


def _in_periods(period: str) -> tuple[sa.ColumnElement[bool], sa.ColumnElement[bool]]:
    return rounds.c.period == period, rounds.c.period == previous_period(period)


def _rows_under(scope: Scope, period: str, region: str | None) -> sa.Select:
    """Submission rows of ``period`` and the quarter before under ``region``, joined to rounds, units and regions."""
    return (
        sa.select()
        .select_from(content_submissions)
        .join(rounds, rounds.c.id == _sub.round_id)
        .join(units, units.c.id == _sub.unit_id)
        .join(regions, regions.c.code == units.c.region_code)
        .where(
            rounds.c.period.in_((period, previous_period(period))),
            scoped_filter(units.c.region_code, scope, region),
        )
    )


def submission_rows(
    conn: sa.Connection, *, scope: Scope, period: str, region: Region | None, limit: int = SUBMISSION_ROW_CAP
) -> pd.DataFrame:
    """Each unit's submissions in ``period`` under ``region``, in the notice's order, beside the quarter before.

    Grain: one row per portal and unit that has a row in ``period``, zero
    submissions included; at most ``limit`` rows, in load order of the rounds
    and then the notice's 序号. Columns: portal, seq, unit_id, unit_name (as the
    notice printed it, else the standard name), region_code (the unit's),
    dept_type, child_code (the child region of ``region`` the unit rolls up
    to; ``region`` itself for units at its own level), submitted, adopted,
    adoption_rate (as reported, Decimal, None when not reported),
    adoption_rate_decimals (digits printed after the point), prev_rows (the
    unit's rows at this portal in the quarter before; 0 when none),
    prev_submitted, prev_adopted.
    """
    current, before = _in_periods(period)
    key = child_group_key(region).label("child_code")
    seq = sa.func.min(_when(current, _sub.seq)).label("seq")
    query = (
        _rows_under(scope, period, region.code if region else None)
        .add_columns(
            _sub.portal,
            seq,
            units.c.id.label("unit_id"),
            sa.func.coalesce(sa.func.max(_when(current, _sub.unit_text)), units.c.name).label("unit_name"),
            units.c.region_code,
            units.c.dept_type,
            key,
            _sum(current, _sub.submitted).label("submitted"),
            _sum(current, _sub.adopted).label("adopted"),
            sa.func.max(_when(current, _sub.adoption_rate)).label("adoption_rate"),
            sa.func.max(_when(current, _sub.adoption_rate_decimals)).label("adoption_rate_decimals"),
            sa.func.count(_when(before, _sub.id)).label("prev_rows"),
            _sum(before, _sub.submitted).label("prev_submitted"),
            _sum(before, _sub.adopted).label("prev_adopted"),
        )
        .group_by(_sub.portal, units.c.id, units.c.name, units.c.region_code, units.c.dept_type, key)
        .having(sa.func.count(_when(current, _sub.id)) > 0)
        .order_by(sa.func.min(_when(current, _sub.round_id)), seq, units.c.id)
        .limit(limit)
    )
    return read_frame(conn, query)


def _per_unit(scope: Scope, period: str, region: Region | None) -> sa.Subquery:
    """Per unit under ``region``: its sums in ``period`` and the quarter before, and its child region."""
    current, before = _in_periods(period)
    key = child_group_key(region).label("child_code")
    return (
        _rows_under(scope, period, region.code if region else None)
        .add_columns(
            units.c.id.label("unit_id"),
            units.c.dept_type,
            sa.func.coalesce(sa.func.max(_when(current, _sub.unit_text)), units.c.name).label("unit_name"),
            key,
            sa.func.count(_when(current, _sub.id)).label("rows"),
            sa.func.coalesce(_sum(current, _sub.submitted), 0).label("submitted"),
            sa.func.coalesce(_sum(current, _sub.adopted), 0).label("adopted"),
            sa.func.count(_when(before, _sub.id)).label("prev_rows"),
            _sum(before, _sub.submitted).label("prev_submitted"),
            _sum(before, _sub.adopted).label("prev_adopted"),
        )
        .group_by(units.c.id, units.c.name, units.c.dept_type, key)
        .subquery()
    )


def submission_totals(conn: sa.Connection, *, scope: Scope, period: str, region: Region | None) -> pd.DataFrame:
    """The sums of every unit's submissions under ``region`` in ``period`` and in the quarter before.

    Grain: one row. Columns: units (with a row in ``period``), zero_units (of
    them, those that submitted nothing), submitted, adopted, prev_units (with
    a row in the quarter before), prev_submitted, prev_adopted. Counts are 0
    and sums None when there is nothing.
    """
    unit = _per_unit(scope, period, region)
    has_rows = unit.c.rows > 0
    query = sa.select(
        sa.func.count(_when(has_rows, unit.c.unit_id)).label("units"),
        sa.func.count(_when(sa.and_(has_rows, unit.c.submitted == 0), unit.c.unit_id)).label("zero_units"),
        _sum(has_rows, unit.c.submitted).label("submitted"),
        _sum(has_rows, unit.c.adopted).label("adopted"),
        sa.func.count(_when(unit.c.prev_rows > 0, unit.c.unit_id)).label("prev_units"),
        sa.cast(sa.func.sum(unit.c.prev_submitted), sa.Integer).label("prev_submitted"),
        sa.cast(sa.func.sum(unit.c.prev_adopted), sa.Integer).label("prev_adopted"),
    )
    return read_frame(conn, query)


def submission_ranking(conn: sa.Connection, *, scope: Scope, period: str, region: Region | None) -> pd.DataFrame:
    """What the rankings rank: ``region``'s own departments one by one, and its places.

    The notices rank a portal's departments and its counties in one table;
    here a department is a unit at ``region``'s own level, and a place is a
    child region (its units summed) or an own-level unit that stands for a
    place (PLACE_DEPT_TYPES). Grain: one row per department or place with a
    row in ``period``. Columns: group (DEPARTMENT or PLACE), unit_id (None
    for a child region), region_code (the child region, or ``region``), name
    (the unit as printed, or the region's name), units, zero_units,
    submitted, adopted, prev_units, prev_submitted, prev_adopted (None when
    nothing was submitted in the quarter before). Unsorted.
    """
    unit = _per_unit(scope, period, region)
    own = unit.c.child_code == region.code if region else sa.false()
    place_unit = unit.c.dept_type.in_(PLACE_DEPT_TYPES)
    # The entity each unit counts for, as plain columns, so the grouping below is by columns, not expressions.
    entity = sa.select(
        unit,
        sa.case((sa.and_(own, sa.not_(place_unit)), sa.literal(DEPARTMENT)), else_=sa.literal(PLACE)).label("grp"),
        sa.case((own, unit.c.unit_id)).label("entity_unit"),
        sa.case((own, 1), else_=0).label("own"),
    ).subquery()
    child = regions.alias("child")
    has_rows = entity.c.rows > 0
    query = (
        sa.select(
            entity.c.grp.label("group"),
            entity.c.entity_unit.label("unit_id"),
            entity.c.child_code.label("region_code"),
            sa.case((entity.c.own == 1, sa.func.max(entity.c.unit_name)), else_=sa.func.max(child.c.name)).label(
                "name"
            ),
            sa.func.count(_when(has_rows, entity.c.unit_id)).label("units"),
            sa.func.count(_when(sa.and_(has_rows, entity.c.submitted == 0), entity.c.unit_id)).label("zero_units"),
            sa.cast(sa.func.sum(entity.c.submitted), sa.Integer).label("submitted"),
            sa.cast(sa.func.sum(entity.c.adopted), sa.Integer).label("adopted"),
            sa.func.count(_when(entity.c.prev_rows > 0, entity.c.unit_id)).label("prev_units"),
            sa.cast(sa.func.sum(entity.c.prev_submitted), sa.Integer).label("prev_submitted"),
            sa.cast(sa.func.sum(entity.c.prev_adopted), sa.Integer).label("prev_adopted"),
        )
        .select_from(entity)
        .outerjoin(child, child.c.code == entity.c.child_code)
        .group_by(entity.c.grp, entity.c.entity_unit, entity.c.child_code, entity.c.own)
        .having(sa.func.sum(entity.c.rows) > 0)
    )
    return read_frame(conn, query)


def unit_submission_history(conn: sa.Connection, *, scope: Scope, unit_id: int) -> pd.DataFrame:
    """One unit's submissions in every period.

    Grain: one row per period and portal, oldest first. Columns: period,
    portal, unit_text (as printed then), submitted, adopted, adoption_rate
    (as reported, or None), adoption_rate_decimals.
    """
    query = (
        sa.select(
            rounds.c.period,
            _sub.portal,
            sa.func.max(_sub.unit_text).label("unit_text"),
            sa.cast(sa.func.sum(_sub.submitted), sa.Integer).label("submitted"),
            sa.cast(sa.func.sum(_sub.adopted), sa.Integer).label("adopted"),
            # One reported rate per period and portal; a second row in the same quarter has none to add.
            sa.func.max(_sub.adoption_rate).label("adoption_rate"),
            sa.func.max(_sub.adoption_rate_decimals).label("adoption_rate_decimals"),
        )
        .select_from(content_submissions)
        .join(rounds, rounds.c.id == _sub.round_id)
        .join(units, units.c.id == _sub.unit_id)
        .where(_sub.unit_id == unit_id, region_filter(units.c.region_code, scope.region_code))
        .group_by(rounds.c.period, _sub.portal)
        .order_by(rounds.c.period, _sub.portal)
    )
    return read_frame(conn, query)


def submission_periods(conn: sa.Connection, *, scope: Scope, region: str | None) -> list[str]:
    """Periods, newest first, with a submission row of a unit under ``region``."""
    if scope.region_code is None and region is None:
        # The whole country: any row will do, and each round's first row is one index probe away.
        found: sa.ColumnElement[bool] = sa.exists(sa.select(_sub.id).where(_sub.round_id == rounds.c.id))
    else:
        # A region: from its units to their rows, not through every round's rows (470 ms -> 5 ms for a city).
        unit_ids = sa.select(units.c.id).where(scoped_filter(units.c.region_code, scope, region))
        found = rounds.c.id.in_(sa.select(_sub.round_id).where(_sub.unit_id.in_(unit_ids)))
    query = sa.select(rounds.c.period).where(found).distinct().order_by(rounds.c.period.desc())
    return list(conn.execute(query).scalars())
