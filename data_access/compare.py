"""Comparisons: regions side by side in one quarter, and one region across quarters.

Reported figures (what a notice printed) and computed figures (counted from
the check results of complete rounds) are returned in one frame, but every
row carries ``source`` ('reported' or 'computed'): a pass rate from one is
never compared with, filled in from, or subtracted from the other.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from data_access.checks import computed_by_subregion, computed_trend
from data_access.db import read_frame
from data_access.periods import parse_period
from data_access.regions import get_region
from data_access.schema import regions, reported_figures, rounds
from data_access.scope import Scope, region_filter, scoped_filter

REPORTED = "reported"
COMPUTED = "computed"
HEADLINE_KINDS = ("site", "account", "platform")
# The headline measures a comparison shows, in the order a reader expects them.
HEADLINE_MEASURES = (
    "running",
    "count",
    "checked",
    "failed",
    "pass_rate",
    "sampling_share",
    "pass_rate_after_rectification",
    "pass_rate_yoy",
    "pass_rate_qoq",
)
# Figures computed, never reported: checked, failed and pass rate counted from
# complete rounds' check results; on a reported row, the pass rate that
# follows from the checked and failed counts a notice printed without a rate.
COMPUTED_MEASURES = ("computed_checked", "computed_failed", "computed_pass_rate")
COUNT_MEASURES = ("running", "count", "checked", "failed", "computed_checked", "computed_failed")
# Quarters back for each computed change: 同比 is the same quarter a year
# before, 环比 the quarter before.
CHANGE_LAGS = {"yoy_points": 4, "qoq_points": 1}

_ROUND_KEYS = (rounds.c.key, rounds.c.title, rounds.c.notice_number, rounds.c.period_label)
_ROUND_COLUMNS = (
    rounds.c.key.label("round_key"),
    rounds.c.title.label("round_title"),
    rounds.c.notice_number,
    rounds.c.period_label.label("round_label"),  # the round as its notice names it: 2024年第一次
)
_SOURCE_COLUMNS = ["source", "round_key", "round_title", "notice_number", "round_label"]
_REGION_COLUMNS = ["region_code", "region_name", "level", "own_level"]
_COMPUTED_COLUMNS = [*_REGION_COLUMNS, "target_kind", "checked", "failed", "pass_rate"]


def _pivoted_measures() -> list[sa.Label]:
    """One column per headline measure from the long reported_figures rows (NULL where not reported)."""
    return [
        sa.func.max(sa.case((reported_figures.c.measure == measure, reported_figures.c.value))).label(measure)
        for measure in HEADLINE_MEASURES
    ]


def _headline_rows() -> list[sa.ColumnElement[bool]]:
    return [
        reported_figures.c.segment == "all",
        reported_figures.c.target_kind.in_(HEADLINE_KINDS),
        reported_figures.c.measure.in_(HEADLINE_MEASURES),
    ]


def reported_by_region(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """Headline figures reported in ``period`` for the regions under ``region`` (None: the whole country).

    A region is listed when no region between it and ``region`` has figures
    of its own in the period: the whole country shows provinces, or the
    cities of a province no notice gives a total for; a province shows its
    cities. Grain: one row per region, round and target kind. Columns:
    region_code, region_name, level, round_key, round_title, notice_number,
    target_kind, then one column per HEADLINE_MEASURES (Decimal or None).
    """
    chosen = get_region(conn, region) if region else None
    with_figures = (
        sa.select(reported_figures.c.region_code)
        .join(rounds, rounds.c.id == reported_figures.c.round_id)
        .where(
            rounds.c.period == period,
            *_headline_rows(),
            region_filter(reported_figures.c.region_code, scope.region_code),
        )
    )
    # Ancestors strictly between the chosen region and a row's region.
    between: list[sa.ColumnElement[str | None]] = []
    if region is None:
        between = [regions.c.province_code, regions.c.city_code]
    elif chosen is not None and chosen.level == "province":
        between = [regions.c.city_code]
    covered = [
        sa.and_(ancestor.isnot(None), ancestor != regions.c.code, ancestor.in_(with_figures)) for ancestor in between
    ]
    query = (
        sa.select(
            reported_figures.c.region_code,
            regions.c.name.label("region_name"),
            regions.c.level,
            *_ROUND_COLUMNS,
            reported_figures.c.target_kind,
            *_pivoted_measures(),
        )
        .join(rounds, rounds.c.id == reported_figures.c.round_id)
        .join(regions, regions.c.code == reported_figures.c.region_code)
        .where(
            rounds.c.period == period,
            *_headline_rows(),
            reported_figures.c.region_code != region if region else sa.true(),
            scoped_filter(reported_figures.c.region_code, scope, region),
            *[sa.not_(condition) for condition in covered],
        )
        .group_by(
            reported_figures.c.region_code,
            regions.c.name,
            regions.c.level,
            *_ROUND_KEYS,
            reported_figures.c.target_kind,
        )
        .order_by(reported_figures.c.region_code, rounds.c.key, reported_figures.c.target_kind)
    )
    return read_frame(conn, query)


def computed_by_region(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """Checked, failed and pass rate per child region of ``region``, from complete rounds only.

    Targets at ``region``'s own level (provincial departments in a province)
    count in a row for ``region`` itself, with own_level True. Grain: one
    row per child region and target kind. Columns: region_code, region_name,
    level, own_level, target_kind, checked, failed, pass_rate (percent, two
    decimals).
    """
    chosen = get_region(conn, region) if region else None
    if region and chosen is None:  # an unknown code must not fall back to the whole country
        return pd.DataFrame(columns=_COMPUTED_COLUMNS)
    counted = computed_by_subregion(conn, scope=scope, period=period, region=chosen)
    codes = tuple(counted["region_code"].unique())
    named = read_frame(
        conn,
        sa.select(regions.c.code.label("region_code"), regions.c.name.label("region_name"), regions.c.level).where(
            regions.c.code.in_(codes), region_filter(regions.c.code, scope.region_code)
        ),
    )
    frame = counted.merge(named, on="region_code", how="inner")
    frame["own_level"] = frame["region_code"] == (region or "")
    return frame[_COMPUTED_COLUMNS].sort_values(["region_code", "target_kind"], ignore_index=True)


def side_by_side(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """Regions under ``region`` side by side in ``period``: reported rows, then computed rows.

    Grain: one row per region, source (one round's reported figures, or
    computed) and target kind. Columns: region_code, region_name, level,
    own_level, source ('reported' | 'computed'), round_key, round_title,
    notice_number (None on computed rows), target_kind, HEADLINE_MEASURES
    (as reported: empty on computed rows), computed_checked,
    computed_failed, computed_pass_rate (see COMPUTED_MEASURES). Counts are
    Int64, percentages float in percent points.
    """
    reported = reported_by_region(conn, scope=scope, period=period, region=region)
    reported["own_level"] = False
    computed = computed_by_region(conn, scope=scope, period=period, region=region)
    return _combined(reported, computed, _REGION_COLUMNS)


def reported_by_period(conn: sa.Connection, *, scope: Scope, region: str | None) -> pd.DataFrame:
    """Headline figures reported for exactly ``region``, in every period.

    Grain: one row per period, round and target kind. Columns: period,
    round_key, round_title, notice_number, target_kind, then
    HEADLINE_MEASURES (Decimal or None). Empty for the whole country, which
    no notice reports on.
    """
    query = (
        sa.select(rounds.c.period, *_ROUND_COLUMNS, reported_figures.c.target_kind, *_pivoted_measures())
        .join(rounds, rounds.c.id == reported_figures.c.round_id)
        .where(
            reported_figures.c.region_code == region if region else sa.false(),
            *_headline_rows(),
            scoped_filter(reported_figures.c.region_code, scope, region),
        )
        .group_by(rounds.c.period, *_ROUND_KEYS, reported_figures.c.target_kind)
        .order_by(rounds.c.period, rounds.c.key, reported_figures.c.target_kind)
    )
    return read_frame(conn, query)


def across_periods(conn: sa.Connection, *, scope: Scope, region: str | None) -> pd.DataFrame:
    """One region's headline figures period by period, with the change in pass rate.

    Reported rows come from the notices about exactly ``region``; computed
    rows from complete rounds under it. pass_rate_yoy and pass_rate_qoq are
    the changes a notice states, in its own words (percent). yoy_points and
    qoq_points are computed here in percentage points from two stored
    periods: the same quarter a year before (同比) and the quarter before
    (环比). A reported row is compared with the pass rate reported for the
    earlier period, a computed row with the one computed for it, never
    across; NaN when the earlier period is not stored or holds more than
    one such rate.

    Grain: one row per period, source (a round, or computed) and target
    kind, oldest first. Columns: period, source, round_key, round_title,
    notice_number, round_label (the round's own name, None on computed
    rows), target_kind, HEADLINE_MEASURES, computed_checked,
    computed_failed, computed_pass_rate, yoy_points, qoq_points.
    """
    reported = reported_by_period(conn, scope=scope, region=region)
    computed = computed_trend(conn, scope=scope, region=region)
    return with_changes(_combined(reported, computed, ["period"]))


def _combined(reported: pd.DataFrame, computed: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Reported and computed rows in one frame, each figure in a column that says which it is."""
    identity = [*keys, *_SOURCE_COLUMNS, "target_kind"]
    reported = reported.assign(source=REPORTED).reindex(columns=[*identity, *HEADLINE_MEASURES])
    computed = computed.assign(source=COMPUTED).rename(
        columns={"checked": "computed_checked", "failed": "computed_failed", "pass_rate": "computed_pass_rate"}
    )
    computed = computed.reindex(columns=[*identity, *COMPUTED_MEASURES])
    parts = [part.astype("object") for part in (reported, computed) if not part.empty]
    columns = [*identity, *HEADLINE_MEASURES, *COMPUTED_MEASURES]
    frame = pd.concat(parts, ignore_index=True).reindex(columns=columns) if parts else pd.DataFrame(columns=columns)
    for column in identity:
        frame[column] = frame[column].astype("object").where(frame[column].notna(), None)
    for column in (*HEADLINE_MEASURES, *COMPUTED_MEASURES):
        numbers = pd.to_numeric(frame[column].astype("object"), errors="coerce").astype("float64")
        frame[column] = numbers.round().astype("Int64") if column in COUNT_MEASURES else numbers
    # A notice that prints checked and failed but no pass rate (Suizhou):
    # the rate follows from its own two numbers, and is marked computed.
    from_counts = frame["computed_pass_rate"].isna() & frame["pass_rate"].isna() & (frame["checked"] > 0)
    rate = 100 * (frame["checked"] - frame["failed"]) / frame["checked"]
    frame.loc[from_counts.fillna(False), "computed_pass_rate"] = rate.astype("float64").round(2)
    return frame


def with_changes(frame: pd.DataFrame) -> pd.DataFrame:
    """Add yoy_points and qoq_points: the pass rate minus that of 4 (1) quarters before.

    A reported row's pass_rate is compared with the earlier reported one, a
    computed row's computed_pass_rate with the earlier computed one, and
    only when the earlier period has exactly one such rate for the kind.
    """
    frame = frame.copy()
    rate = frame["pass_rate"].where(frame["source"] == REPORTED, frame["computed_pass_rate"])
    keys = ["source", "target_kind", "period"]
    rates = frame[keys].assign(rate=rate).dropna(subset=["rate"])
    unique = rates.drop_duplicates(subset=keys, keep=False).set_index(keys)["rate"]
    for column, lag in CHANGE_LAGS.items():
        earlier = [
            unique.get((source, kind, parse_period(period).shifted(-lag).key), float("nan"))
            for source, kind, period in zip(frame["source"], frame["target_kind"], frame["period"], strict=True)
        ]
        frame[column] = (rate - pd.Series(earlier, index=frame.index, dtype="float64")).round(2)
    return frame
