"""Check results of single targets, and what can be computed from them.

A figure computed here is only official-looking when every checked target
of the round is in the store (``rounds.items_complete``); notices list only
the failing ones, so their item counts are shown as "listed", never as a
pass rate.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from data_access.db import read_frame
from data_access.regions import Region, child_group_key
from data_access.schema import check_counts, check_results, problems, regions, reported_figures, rounds, targets
from data_access.scope import Scope, scoped_filter

_complete = sa.cast(rounds.c.items_complete, sa.Integer)


def _with_pass_rate(frame: pd.DataFrame) -> pd.DataFrame:
    """Add pass_rate (percent, two decimals) from the checked and failed columns."""
    frame["pass_rate"] = (100 * (frame["checked"] - frame["failed"]) / frame["checked"]).round(2)
    return frame


def _sum(column: sa.ColumnElement[int]) -> sa.ColumnElement[int]:
    # Cast: PostgreSQL sums integers into bigint.
    return sa.cast(sa.func.sum(column), sa.Integer)


def _counts_in(scope: Scope, region: str | None) -> sa.Select:
    """check_counts (see data_access.check_counts) under ``region``, joined to their rounds."""
    return (
        sa.select()
        .select_from(check_counts)
        .join(rounds, rounds.c.id == check_counts.c.round_id)
        .where(scoped_filter(check_counts.c.region_code, scope, region))
    )


def _checks_in(scope: Scope, region: str | None) -> sa.Select:
    return (
        sa.select()
        .select_from(check_results)
        .join(rounds, rounds.c.id == check_results.c.round_id)
        .where(scoped_filter(check_results.c.region_code, scope, region))
    )


def item_counts(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """Targets in the store's check results for ``period`` under ``region``.

    Grain: one row per target kind. Columns: target_kind, checked, failed,
    complete (1 when every round involved lists all its checked targets, so
    a pass rate may be computed; 0 when the rows are only a notice's lists).
    """
    query = (
        _counts_in(scope, region)
        .add_columns(
            check_counts.c.target_kind.label("target_kind"),
            _sum(check_counts.c.checked).label("checked"),
            _sum(check_counts.c.failed).label("failed"),
            sa.func.min(_complete).label("complete"),
        )
        .where(rounds.c.period == period)
        .group_by(check_counts.c.target_kind)
        .order_by(check_counts.c.target_kind)
    )
    return read_frame(conn, query)


def computed_trend(conn: sa.Connection, *, scope: Scope, region: str | None) -> pd.DataFrame:
    """Pass rates computed from complete rounds, per period.

    Grain: one row per period and target kind. Columns: period,
    target_kind, checked, failed, pass_rate (percent).
    """
    # Summed per round first (in check_counts' key order) and joined to rounds after: grouping every
    # row by period through the join made SQLite sort them all (90 ms nationally instead of 21).
    per_round = (
        sa.select(
            check_counts.c.round_id,
            check_counts.c.target_kind,
            sa.func.sum(check_counts.c.checked).label("checked"),
            sa.func.sum(check_counts.c.failed).label("failed"),
        )
        .where(scoped_filter(check_counts.c.region_code, scope, region))
        .group_by(check_counts.c.round_id, check_counts.c.target_kind)
        .subquery()
    )
    query = (
        sa.select(
            rounds.c.period,
            per_round.c.target_kind,
            _sum(per_round.c.checked).label("checked"),
            _sum(per_round.c.failed).label("failed"),
        )
        .join(rounds, rounds.c.id == per_round.c.round_id)
        .where(rounds.c.items_complete.is_(True))
        .group_by(rounds.c.period, per_round.c.target_kind)
        .order_by(rounds.c.period, per_round.c.target_kind)
    )
    return _with_pass_rate(read_frame(conn, query))


def computed_by_subregion(conn: sa.Connection, *, scope: Scope, period: str, region: Region | None) -> pd.DataFrame:
    """Checked, failed and pass rate per child region, from complete rounds only.

    Grain: one row per child region of ``region`` and target kind. Columns:
    region_code, target_kind, checked, failed, pass_rate (percent).
    """
    key = child_group_key(region).label("region_code")
    query = (
        _counts_in(scope, region.code if region else None)
        .join(regions, regions.c.code == check_counts.c.region_code)
        .add_columns(
            key,
            check_counts.c.target_kind.label("target_kind"),
            _sum(check_counts.c.checked).label("checked"),
            _sum(check_counts.c.failed).label("failed"),
        )
        .where(rounds.c.period == period, rounds.c.items_complete.is_(True))
        .group_by(key, check_counts.c.target_kind)
        .order_by(key, check_counts.c.target_kind)
    )
    return _with_pass_rate(read_frame(conn, query))


def problems_by_category(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """Problems per standard problem category: every row of a problem list counts, as the notice lists it.

    A target listed twice (notice 000 lists two accounts under two host units)
    counts twice, so the figures add up to the annex. Grain: one row per
    target kind and category. Columns: target_kind, category, targets (failing
    check results naming that category).
    """
    query = (
        _checks_in(scope, region)
        .join(problems, problems.c.check_id == check_results.c.id)
        .add_columns(
            check_results.c.target_kind.label("target_kind"),
            problems.c.category,
            sa.func.count(sa.distinct(check_results.c.id)).label("targets"),
        )
        .where(rounds.c.period == period, check_results.c.passed.is_(False))
        .group_by(check_results.c.target_kind, problems.c.category)
        .order_by(check_results.c.target_kind, sa.desc("targets"), problems.c.category)
    )
    return read_frame(conn, query)


def periods_with_data(conn: sa.Connection, *, scope: Scope, region: str | None) -> list[str]:
    """Periods, newest first, with a reported figure or a check result under ``region``."""
    figures = (
        sa.select(rounds.c.period)
        .join(reported_figures, reported_figures.c.round_id == rounds.c.id)
        .where(scoped_filter(reported_figures.c.region_code, scope, region))
    )
    checked = sa.select(rounds.c.period).where(
        sa.exists(
            sa.select(check_results.c.id).where(
                check_results.c.round_id == rounds.c.id,
                scoped_filter(check_results.c.region_code, scope, region),
            )
        )
    )
    union = sa.union(figures, checked).subquery()
    query = sa.select(union.c.period).distinct().order_by(union.c.period.desc())
    return list(conn.execute(query).scalars())


HIGH_SCORER_ROW_CAP = 200


def high_scorers(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """Sites named as high scorers (a score band such as 110-120, or 得分靠前), best first.

    Grain: one row per check result, at most HIGH_SCORER_ROW_CAP rows.
    Columns: score_band, name, region_name, score.
    """
    query = (
        _checks_in(scope, region)
        .join(targets, targets.c.id == check_results.c.target_id)
        .join(regions, regions.c.code == check_results.c.region_code)
        .add_columns(
            check_results.c.score_band,
            targets.c.name,
            regions.c.name.label("region_name"),
            check_results.c.score,
        )
        .where(rounds.c.period == period, check_results.c.score_band.isnot(None))
        .order_by(
            check_results.c.score.desc().nulls_last(),
            check_results.c.score_band.desc(),
            check_results.c.seq,
            check_results.c.id,
        )
        .limit(HIGH_SCORER_ROW_CAP)
    )
    return read_frame(conn, query)
