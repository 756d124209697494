"""Score analysis (/scores): the scored checks of a quarter under a region, counted and summed in SQL.

Every figure here is computed from recorded scores (check_results.score, check_scores, findings.counted: what
the rule counted of each finding after caps, skips and vetoes), so the pages mark them 计算值. A check counts
when it was scored by an indicator set (it has a check_scores row); a notice's printed high-score bands, which
carry no score, are read apart (``printed_bands``).
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from data_access.db import read_frame
from data_access.regions import Region, child_group_key
from data_access.schema import (
    check_counts,
    check_results,
    check_scores,
    findings,
    indicators,
    regions,
    rounds,
    targets,
    units,
)
from data_access.scope import Scope, scoped_filter

UNIT_ROW_CAP = 200
LOSER_ROW_CAP = 500
HISTOGRAM_STEP = 5

_c, _cs, _f, _i = check_results.c, check_scores.c, findings.c, indicators.c


def _scored(conn: sa.Connection, scope: Scope, period: str, region: str | None, kind: str) -> sa.Select:
    """The scored checks of ``kind`` in ``period`` under ``region``: check_results joined to their score.

    The period's rounds and the region's codes are read first and passed as lists: PostgreSQL then reaches the
    checks through their (round, kind) or (region, round) index, where a join to rounds and a subquery of
    regions made it read every site check of the country (60 ms against 3).
    """
    round_ids = list(conn.execute(sa.select(rounds.c.id).where(rounds.c.period == period)).scalars())
    query = (
        sa.select()
        .select_from(check_results)
        .join(check_scores, _cs.check_id == _c.id)
        .where(_c.round_id.in_(round_ids), _c.target_kind == kind)
    )
    codes = _region_codes(conn, scope, region)
    return query if codes is None else query.where(_c.region_code.in_(codes))


def _region_codes(conn: sa.Connection, scope: Scope, region: str | None) -> list[str] | None:
    """The codes of ``region`` and the regions under it, within ``scope``; None for the whole country."""
    if scope.region_code is None and region is None:
        return None
    query = sa.select(regions.c.code).where(scoped_filter(regions.c.code, scope, region))
    return list(conn.execute(query).scalars())


def _count_if(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.cast(sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0), sa.Integer)


def _average(column: sa.ColumnElement) -> sa.ColumnElement[float]:
    return sa.cast(sa.func.avg(column), sa.Float)


def _measures() -> list[sa.ColumnElement]:
    return [
        sa.func.count().label("checks"),
        sa.func.count(_c.score).label("scored"),
        _average(_c.score).label("average"),
        sa.func.min(_c.score).label("lowest"),
        sa.func.max(_c.score).label("highest"),
        _count_if(_cs.vetoed).label("vetoed"),
        _count_if(_cs.band == "below_60").label("below_60"),
        _count_if(_c.passed).label("passed"),
        _count_if(_cs.bonus > 0).label("with_bonus"),
    ]


def score_summary(conn: sa.Connection, *, scope: Scope, period: str, region: str | None, kind: str) -> pd.DataFrame:
    """The region's scored checks in one row.

    Columns: checks, scored (with a score, i.e. not vetoed and scored by a set with a deduction part),
    average, lowest, highest (of the scores), vetoed, below_60, passed, with_bonus (checks that got bonus points).
    """
    return read_frame(conn, _scored(conn, scope, period, region, kind).add_columns(*_measures()))


def scores_by_child(
    conn: sa.Connection, *, scope: Scope, period: str, region: Region | None, kind: str
) -> pd.DataFrame:
    """The scored checks per child region of ``region`` (its own level rolls up to itself, as 附件1 has it).

    Grain: one row per child region. Columns: region_code, and score_summary's columns.
    """
    key = child_group_key(region).label("region_code")
    query = (
        _scored(conn, scope, period, region.code if region else None, kind)
        .join(regions, regions.c.code == _c.region_code)
        .add_columns(key, *_measures())
        .group_by(key)
        .order_by(key)
    )
    return read_frame(conn, query)


def _indicator_columns() -> list[sa.ColumnElement]:
    # Sets and their versions name an indicator alike: it is counted by its part, group and name.
    return [_i.part, _i.group_name, _i.name]


def points_by_child_indicator(
    conn: sa.Connection, *, scope: Scope, period: str, region: Region | None, kind: str
) -> pd.DataFrame:
    """Points each indicator cost (deduction part) or gave (bonus part), as counted, per child region of ``region``
    (its own level rolls up to itself; a county is its own one child). One query serves the children's table
    and, summed by ``indicator_totals``, the region's ranking.

    Grain: one row per child region and indicator (part, group, name) that counted points. Columns:
    region_code, indicator_id (one id of it), part, group_name, name, cap (its largest), points, checks (checks
    it counted in).
    """
    key = child_group_key(region).label("region_code")
    query = (
        _scored(conn, scope, period, region.code if region else None, kind)
        .join(regions, regions.c.code == _c.region_code)
        .join(findings, _f.check_id == _c.id)
        .join(indicators, _i.id == _f.indicator_id)
        .add_columns(
            key,
            sa.func.min(_i.id).label("indicator_id"),
            *_indicator_columns(),
            sa.func.max(_i.cap).label("cap"),
            sa.func.sum(_f.counted).label("points"),
            sa.func.count(sa.distinct(_f.check_id)).label("checks"),
        )
        .where(_f.counted > 0)
        .group_by(key, *_indicator_columns())
        .order_by(key, sa.desc("points"), _i.name)
    )
    frame = read_frame(conn, query)
    frame["points"] = pd.to_numeric(frame["points"]).astype(float)
    frame["cap"] = pd.to_numeric(frame["cap"]).astype(float)
    return frame


def indicator_totals(by_child: pd.DataFrame) -> pd.DataFrame:
    """``points_by_child_indicator``'s rows summed over the children (which split the region's checks, so the
    checks add up too): one row per indicator, most points first. Columns: indicator_id, part, group_name,
    name, cap, points, checks."""
    columns = ["indicator_id", "part", "group_name", "name", "cap", "points", "checks"]
    if by_child.empty:
        return pd.DataFrame(columns=columns)
    keys = ["part", "group_name", "name"]
    summed = (
        by_child.fillna({"group_name": ""})
        .groupby(keys, as_index=False)
        .agg(
            indicator_id=("indicator_id", "min"), cap=("cap", "max"), points=("points", "sum"), checks=("checks", "sum")
        )
    )
    summed["group_name"] = summed["group_name"].replace("", None)
    return summed.sort_values(["points", "name"], ascending=[False, True], kind="stable")[columns].reset_index(
        drop=True
    )


def score_counts(conn: sa.Connection, *, scope: Scope, period: str, region: str | None, kind: str) -> pd.DataFrame:
    """How many checks got each score (for the histogram, binned by the page).

    Grain: one row per score given. Columns: score (float), checks.
    """
    query = (
        _scored(conn, scope, period, region, kind)
        .add_columns(_c.score, sa.func.count().label("checks"))
        .where(_c.score.isnot(None))
        .group_by(_c.score)
        .order_by(_c.score)
    )
    frame = read_frame(conn, query)
    frame["score"] = pd.to_numeric(frame["score"]).astype(float)
    return frame


def band_counts(conn: sa.Connection, *, scope: Scope, period: str, region: str | None, kind: str) -> pd.DataFrame:
    """Checks per score band (data_access.scoring.BANDS). Grain: one row per band held. Columns: band, checks."""
    query = (
        _scored(conn, scope, period, region, kind)
        .add_columns(_cs.band, sa.func.count().label("checks"))
        .group_by(_cs.band)
        .order_by(_cs.band)
    )
    return read_frame(conn, query)


def veto_reasons(conn: sa.Connection, *, scope: Scope, period: str, region: str | None, kind: str) -> pd.DataFrame:
    """The single-veto items the vetoed checks name (those skipped for a unit without services left out).

    Grain: one row per veto item. Columns: indicator_id (one id of it), name, checks.
    """
    query = (
        _scored(conn, scope, period, region, kind)
        .join(findings, _f.check_id == _c.id)
        .join(indicators, _i.id == _f.indicator_id)
        .add_columns(
            sa.func.min(_i.id).label("indicator_id"),
            _i.name,
            sa.func.count(sa.distinct(_f.check_id)).label("checks"),
        )
        .where(
            _cs.vetoed.is_(True), _i.part == "veto", sa.or_(_i.needs_services.is_(False), _cs.has_services.is_(True))
        )
        .group_by(_i.name)
        .order_by(sa.desc("checks"), _i.name)
    )
    return read_frame(conn, query)


def unit_scores(conn: sa.Connection, *, scope: Scope, period: str, region: str | None, kind: str) -> pd.DataFrame:
    """The scored checks per host unit, lowest average first, at most UNIT_ROW_CAP units.

    Grain: one row per unit. Columns: unit_id, unit_name, region_code, region_name, checks, scored, average,
    lowest, vetoed, points (deductions counted).
    """
    query = (
        _scored(conn, scope, period, region, kind)
        .join(targets, targets.c.id == _c.target_id)
        .join(units, units.c.id == targets.c.unit_id)
        .join(regions, regions.c.code == units.c.region_code)
        .add_columns(
            units.c.id.label("unit_id"),
            units.c.name.label("unit_name"),
            units.c.region_code,
            regions.c.name.label("region_name"),
            sa.func.count().label("checks"),
            sa.func.count(_c.score).label("scored"),
            _average(_c.score).label("average"),
            sa.func.min(_c.score).label("lowest"),
            _count_if(_cs.vetoed).label("vetoed"),
            sa.func.sum(_cs.deducted).label("points"),
        )
        .group_by(units.c.id, units.c.name, units.c.region_code, regions.c.name)
        # Units with a vetoed check first, then the lowest average.
        .order_by(sa.desc("vetoed"), sa.asc("average"), units.c.id)
        .limit(UNIT_ROW_CAP)
    )
    frame = read_frame(conn, query)
    frame["points"] = pd.to_numeric(frame["points"]).astype(float)
    return frame


def unit_top_indicators(
    conn: sa.Connection, *, scope: Scope, period: str, region: str | None, kind: str, unit_ids: tuple[int, ...]
) -> pd.DataFrame:
    """Deduction points per unit (of ``unit_ids``) and indicator. Columns: unit_id, name, points."""
    if not unit_ids:
        return pd.DataFrame(columns=["unit_id", "name", "points"])
    query = (
        _scored(conn, scope, period, region, kind)
        .join(targets, targets.c.id == _c.target_id)
        .join(findings, _f.check_id == _c.id)
        .join(indicators, _i.id == _f.indicator_id)
        .add_columns(targets.c.unit_id, _i.name, sa.func.sum(_f.counted).label("points"))
        .where(_f.counted > 0, _i.part == "deduct", targets.c.unit_id.in_(unit_ids))
        .group_by(targets.c.unit_id, _i.name)
        .order_by(targets.c.unit_id, sa.desc("points"), _i.name)
    )
    frame = read_frame(conn, query)
    frame["points"] = pd.to_numeric(frame["points"]).astype(float)
    return frame


def indicator_of(conn: sa.Connection, *, indicator_id: int) -> dict[str, str | None] | None:
    """One indicator's part, group and name (how /scores names and matches it), or None."""
    row = conn.execute(sa.select(_i.part, _i.group_name, _i.name).where(_i.id == indicator_id)).mappings().first()
    return dict(row) if row else None


def indicator_losers(
    conn: sa.Connection, *, scope: Scope, period: str, region: str | None, kind: str, indicator_id: int
) -> pd.DataFrame:
    """The checks an indicator counted in (deducted, added or vetoed), most points first, at most LOSER_ROW_CAP.

    Grain: one row per check. Columns: target_id, region_code, code, name, unit_name, region_name, points
    (counted; 0 for a veto item), note (the first finding's), score.
    """
    wanted = indicator_of(conn, indicator_id=indicator_id)
    if wanted is None:
        return pd.DataFrame()
    same = sa.and_(_i.part == wanted["part"], _i.name == wanted["name"])
    same = sa.and_(
        same, _i.group_name.is_(None) if wanted["group_name"] is None else _i.group_name == wanted["group_name"]
    )
    counts = _cs.vetoed.is_(True) if wanted["part"] == "veto" else _f.counted > 0
    query = (
        _scored(conn, scope, period, region, kind)
        .join(findings, _f.check_id == _c.id)
        .join(indicators, _i.id == _f.indicator_id)
        .join(targets, targets.c.id == _c.target_id)
        .outerjoin(units, units.c.id == targets.c.unit_id)
        .join(regions, regions.c.code == _c.region_code)
        .add_columns(
            _c.target_id,
            _c.region_code,
            targets.c.code,
            targets.c.name,
            units.c.name.label("unit_name"),
            regions.c.name.label("region_name"),
            sa.func.sum(_f.counted).label("points"),
            sa.func.min(_f.note).label("note"),
            _c.score,
        )
        .where(same, counts)
        .group_by(
            _c.id, _c.target_id, _c.region_code, targets.c.code, targets.c.name, units.c.name, regions.c.name, _c.score
        )
        .order_by(sa.desc("points"), _c.score, _c.id)
        .limit(LOSER_ROW_CAP)
    )
    frame = read_frame(conn, query)
    frame["points"] = pd.to_numeric(frame["points"]).astype(float)
    return frame


def printed_bands(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """The high-score bands notices printed (附件2 of notice 002), for checks that carry no score of ours.

    Grain: one row per band and round. Columns: score_band, title (the round's notice), sites.
    """
    round_ids = list(conn.execute(sa.select(rounds.c.id).where(rounds.c.period == period)).scalars())
    query = (
        sa.select(_c.score_band, rounds.c.title, sa.func.count().label("sites"))
        .select_from(check_results)
        .join(rounds, rounds.c.id == _c.round_id)
        .outerjoin(check_scores, _cs.check_id == _c.id)
        .where(
            _c.round_id.in_(round_ids),
            _c.target_kind == "site",
            _c.score_band.isnot(None),
            _cs.check_id.is_(None),
        )
        .group_by(_c.score_band, rounds.c.title)
        .order_by(_c.score_band.desc(), rounds.c.title)
    )
    codes = _region_codes(conn, scope, region)
    return read_frame(conn, query if codes is None else query.where(_c.region_code.in_(codes)))


def scored_periods(conn: sa.Connection, *, scope: Scope, region: str | None, kind: str) -> list[str]:
    """Periods, newest first, with scored checks of ``kind`` under ``region`` (for sites also a notice's printed
    high-score bands)."""
    codes = _region_codes(conn, scope, region)
    checks = sa.select(_c.id).where(_c.round_id == rounds.c.id, _c.target_kind == kind)
    if codes is not None:
        checks = checks.where(_c.region_code.in_(codes))
    # One probe per round (LIMIT 1), never one pass over every check of the kind: PostgreSQL otherwise gathers
    # the matching checks of every round first. A round with scored checks answers at its first; only rounds
    # without (a notice's, a few rows each) are looked through for a printed band.
    scored = checks.join(check_scores, _cs.check_id == _c.id).limit(1).scalar_subquery().isnot(None)
    printed = checks.where(_c.score_band.isnot(None)).limit(1).scalar_subquery().isnot(None)
    query = sa.select(rounds.c.period).where(scored | printed if kind == "site" else scored)
    if codes is not None:
        # Only the rounds with checks of the kind in the region (check_counts says which): a probe of a round of
        # another province would look through all its checks for none.
        held = sa.select(check_counts.c.round_id).where(
            check_counts.c.target_kind == kind, check_counts.c.region_code.in_(codes)
        )
        query = query.where(rounds.c.id.in_(sorted(set(conn.execute(held).scalars()))))
    return list(conn.execute(query.distinct().order_by(rounds.c.period.desc())).scalars())
