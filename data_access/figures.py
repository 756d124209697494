"""Figures as notices report them (reported_figures), never recomputed."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from data_access.db import read_frame
from data_access.schema import regions, reported_figures, rounds
from data_access.scope import Scope, region_filter, region_subquery, scoped_filter

MEASURES = (
    "running",
    "checked",
    "sampling_share",
    "failed",
    "passed",
    "pass_rate",
    "pass_rate_yoy",
    "pass_rate_qoq",
    "pass_rate_after_rectification",
    "count",
    "submitted",
    "adopted",
    "adoption_rate",
    "received",
    "completed",
    "completion_rate",
    "on_time_rate",
    "proactive_total",
    "requests_completed",
    "requests_on_time_rate",
)
PERCENT_MEASURES = frozenset(
    {
        "sampling_share",
        "pass_rate",
        "pass_rate_yoy",
        "pass_rate_qoq",
        "pass_rate_after_rectification",
        "adoption_rate",
        "completion_rate",
        "on_time_rate",
        "requests_on_time_rate",
    }
)
CHANGE_MEASURES = frozenset({"pass_rate_yoy", "pass_rate_qoq"})
FIGURE_KINDS = ("site", "account", "platform", "content", "message", "disclosure")

_ROUND_COLUMNS = (
    rounds.c.key.label("round_key"),
    rounds.c.title.label("round_title"),
    rounds.c.issuer,
    rounds.c.notice_number,
    rounds.c.source,
    rounds.c.issued_on,
    rounds.c.rectification_due,
)


def region_figures(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """Every figure reported for exactly ``region`` in ``period``.

    Grain: one row per round, target kind, segment and measure. Columns:
    round_key, round_title, issuer, notice_number, source, issued_on,
    rectification_due, target_kind,
    segment, measure, value (Decimal, percent points for percentages),
    source_text. Empty for the whole country, which no notice reports on.
    """
    if region is None:
        region_match: sa.ColumnElement[bool] = sa.false()
    else:
        region_match = reported_figures.c.region_code == region
    query = (
        sa.select(
            *_ROUND_COLUMNS,
            reported_figures.c.target_kind,
            reported_figures.c.segment,
            reported_figures.c.measure,
            reported_figures.c.value,
            reported_figures.c.source_text,
        )
        .join(rounds, rounds.c.id == reported_figures.c.round_id)
        .where(
            rounds.c.period == period,
            region_match,
            region_filter(reported_figures.c.region_code, scope.region_code),
        )
        .order_by(rounds.c.key, reported_figures.c.id)
    )
    return read_frame(conn, query)


def subregion_figures(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """Headline figures (segment 'all') reported for regions under ``region`` in ``period``.

    Grain: one row per round, region, target kind and measure. Columns:
    round_key, region_code, region_name, level, target_kind, measure, value.
    """
    below = region_subquery(region)
    query = (
        sa.select(
            rounds.c.key.label("round_key"),
            reported_figures.c.region_code,
            regions.c.name.label("region_name"),
            regions.c.level,
            reported_figures.c.target_kind,
            reported_figures.c.measure,
            reported_figures.c.value,
        )
        .join(rounds, rounds.c.id == reported_figures.c.round_id)
        .join(regions, regions.c.code == reported_figures.c.region_code)
        .where(
            rounds.c.period == period,
            reported_figures.c.segment == "all",
            reported_figures.c.region_code != (region or ""),
            reported_figures.c.region_code.in_(below) if below is not None else sa.true(),
            region_filter(reported_figures.c.region_code, scope.region_code),
        )
        .order_by(reported_figures.c.region_code, rounds.c.key)
    )
    return read_frame(conn, query)


def reported_trend(conn: sa.Connection, *, scope: Scope, region: str | None) -> pd.DataFrame:
    """Pass rates reported for exactly ``region``, over every period.

    Grain: one row per period, round, target kind and measure (pass_rate or
    pass_rate_after_rectification). Columns: period, round_key, target_kind,
    measure, value.
    """
    if region is None:
        return pd.DataFrame(columns=["period", "round_key", "target_kind", "measure", "value"])
    query = (
        sa.select(
            rounds.c.period,
            rounds.c.key.label("round_key"),
            reported_figures.c.target_kind,
            reported_figures.c.measure,
            reported_figures.c.value,
        )
        .join(rounds, rounds.c.id == reported_figures.c.round_id)
        .where(
            reported_figures.c.region_code == region,
            reported_figures.c.segment == "all",
            reported_figures.c.measure.in_(("pass_rate", "pass_rate_after_rectification")),
            scoped_filter(reported_figures.c.region_code, scope, region),
        )
        .order_by(rounds.c.period, rounds.c.key)
    )
    return read_frame(conn, query)
