"""Disclosure and interaction (政务公开与互动): departments' disclosure counts and netizen-message handling.

``disclosure_stats`` holds one department's counts for one round (notice 002's
附件5: 主动公开, 政策解读, 建议提案办理, 重点领域信息, 依申请公开 按时办结 / 暂未办结).
``message_handling`` holds netizen messages per channel: 我向省长建言
(``governor_suggestion``, per department and per city, notice 002's 附件6)
and 我为政府网站找错 (``site_error_report``, one region-wide row, notice 001).
Rows are what the notices print; sums over them are computed here, in SQL,
and are the page's to mark as computed.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from data_access.db import read_frame
from data_access.regions import Region, ancestors, child_group_key, in_scope
from data_access.schema import disclosure_stats, message_handling, narratives, regions, rounds, units
from data_access.scope import Scope, region_filter, scoped_filter

DISCLOSURE_COUNTS = (
    "proactive_total",
    "policy_interpretations",
    "proposal_handling",
    "key_area_items",
    "requests_on_time",
    "requests_pending",
)
DISCLOSURE_ROW_CAP = 500
MESSAGE_ROW_CAP = 1000
CHANNELS = ("governor_suggestion", "site_error_report")

_ds = disclosure_stats.c
_mh = message_handling.c


def _int_sum(value: sa.ColumnElement) -> sa.ColumnElement:
    # Cast: PostgreSQL sums integers into bigint or numeric, which pandas reads as objects.
    return sa.cast(sa.func.sum(value), sa.Integer)


# ---------------------------------------------------------------- disclosure counts


def _disclosure_under(scope: Scope, period: str, region: str | None) -> sa.Select:
    return (
        sa.select()
        .select_from(disclosure_stats)
        .join(rounds, rounds.c.id == _ds.round_id)
        .join(units, units.c.id == _ds.unit_id)
        .join(regions, regions.c.code == units.c.region_code)
        .where(rounds.c.period == period, scoped_filter(units.c.region_code, scope, region))
    )


def disclosure_rows(
    conn: sa.Connection, *, scope: Scope, period: str, region: Region | None, limit: int = DISCLOSURE_ROW_CAP
) -> pd.DataFrame:
    """Departments' disclosure counts in ``period`` under ``region``, most active disclosures first.

    Grain: one row per department and round, at most ``limit`` rows. Columns:
    seq (the notice's 序号), unit_id, unit_name (as printed, else the standard
    name), region_code (the unit's), child_code (the child region of
    ``region`` it rolls up to; ``region`` itself at its own level),
    period_text (统计时段 as printed), then DISCLOSURE_COUNTS (None where the
    notice left the cell empty). Sorted by proactive_total (most first,
    empty last), then 序号.
    """
    query = (
        _disclosure_under(scope, period, region.code if region else None)
        .add_columns(
            _ds.seq,
            units.c.id.label("unit_id"),
            sa.func.coalesce(_ds.unit_text, units.c.name).label("unit_name"),
            units.c.region_code,
            child_group_key(region).label("child_code"),
            _ds.period_text,
            *(_ds[name] for name in DISCLOSURE_COUNTS),
        )
        .order_by(_ds.proactive_total.desc().nulls_last(), _ds.round_id, _ds.seq, _ds.id)
        .limit(limit)
    )
    return read_frame(conn, query)


def _disclosure_sums() -> list[sa.ColumnElement]:
    requests = sa.func.coalesce(_ds.requests_on_time, 0) + sa.func.coalesce(_ds.requests_pending, 0)
    return [
        sa.func.count().label("departments"),
        sa.func.count(sa.case((requests > 0, _ds.id))).label("departments_with_requests"),
        *(_int_sum(_ds[name]).label(name) for name in DISCLOSURE_COUNTS),
    ]


def disclosure_totals(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """The disclosure counts of every department under ``region`` in ``period``, summed.

    Grain: one row. Columns: departments, departments_with_requests (with a
    request handled or pending), DISCLOSURE_COUNTS (sums; None when no row
    gives that count), first_period_text, last_period_text (the 统计时段 the
    rows cover, as printed; equal when they all cover one).
    """
    query = _disclosure_under(scope, period, region).add_columns(
        *_disclosure_sums(),
        sa.func.min(_ds.period_text).label("first_period_text"),
        sa.func.max(_ds.period_text).label("last_period_text"),
    )
    return read_frame(conn, query)


def disclosure_by_child(conn: sa.Connection, *, scope: Scope, period: str, region: Region | None) -> pd.DataFrame:
    """The departments' disclosure counts summed per child region of ``region``.

    Grain: one row per child region with departments in ``period``
    (``region`` itself for its own level). Columns: region_code, name,
    departments, departments_with_requests, DISCLOSURE_COUNTS (sums).
    Sorted by proactive_total, most first.
    """
    key = child_group_key(region).label("region_code")
    summed = (
        _disclosure_under(scope, period, region.code if region else None)
        .add_columns(key, *_disclosure_sums())
        .group_by(key)
        .subquery()
    )
    query = (
        sa.select(summed, regions.c.name)
        .join(regions, regions.c.code == summed.c.region_code)
        .order_by(summed.c.proactive_total.desc().nulls_last(), summed.c.region_code)
    )
    return read_frame(conn, query)


def unit_disclosure_history(conn: sa.Connection, *, scope: Scope, unit_id: int) -> pd.DataFrame:
    """One department's disclosure counts in every period.

    Grain: one row per period, oldest first. Columns: period, period_text
    (统计时段 as printed), DISCLOSURE_COUNTS.
    """
    query = (
        sa.select(
            rounds.c.period,
            sa.func.max(_ds.period_text).label("period_text"),
            *(_int_sum(_ds[name]).label(name) for name in DISCLOSURE_COUNTS),
        )
        .select_from(disclosure_stats)
        .join(rounds, rounds.c.id == _ds.round_id)
        .join(units, units.c.id == _ds.unit_id)
        .where(_ds.unit_id == unit_id, region_filter(units.c.region_code, scope.region_code))
        .group_by(rounds.c.period)
        .order_by(rounds.c.period)
    )
    return read_frame(conn, query)


def disclosure_periods(conn: sa.Connection, *, scope: Scope, region: str | None) -> list[str]:
    """Periods, newest first, with disclosure counts or message handling under ``region``."""
    if scope.region_code is None and region is None:
        # The whole country: any row will do, and each round's first row is one index probe away.
        counts: sa.ColumnElement[bool] = sa.exists(sa.select(_ds.id).where(_ds.round_id == rounds.c.id))
        messages: sa.ColumnElement[bool] = sa.exists(sa.select(_mh.id).where(_mh.round_id == rounds.c.id))
    else:
        # A region: from its units and its regions to their rows, not through every round's rows.
        unit_ids = sa.select(units.c.id).where(scoped_filter(units.c.region_code, scope, region))
        counts = rounds.c.id.in_(sa.select(_ds.round_id).where(_ds.unit_id.in_(unit_ids)))
        messages = rounds.c.id.in_(sa.select(_mh.round_id).where(scoped_filter(_mh.region_code, scope, region)))
    query = sa.select(rounds.c.period).where(sa.or_(counts, messages)).distinct().order_by(rounds.c.period.desc())
    return list(conn.execute(query).scalars())


# ---------------------------------------------------------------- netizen messages


def _messages_under(scope: Scope, period: str, region: str | None, channel: str) -> sa.Select:
    return (
        sa.select()
        .select_from(message_handling)
        .join(rounds, rounds.c.id == _mh.round_id)
        .join(regions, regions.c.code == _mh.region_code)
        .where(rounds.c.period == period, _mh.channel == channel, scoped_filter(_mh.region_code, scope, region))
    )


def message_rows(
    conn: sa.Connection,
    *,
    scope: Scope,
    period: str,
    region: str | None,
    channel: str,
    limit: int = MESSAGE_ROW_CAP,
) -> pd.DataFrame:
    """The rows of one channel in ``period`` under ``region``, as the notices list them.

    Grain: one row per message_handling row, at most ``limit``, in load order
    (the notices' order). Columns: round_id, group_label (省直单位 / 设区市 as printed),
    seq, unit_id (None for a region-wide row), name (the unit as printed,
    else its standard name, else the region's name), region_code, own (1 for
    the region-wide row of exactly ``region``), period_text, received,
    completed, completion_rate, completion_rate_decimals, avg_working_days,
    on_time_rate, on_time_rate_decimals (rates as printed; None where the
    notice left the cell empty).
    """
    own = sa.and_(_mh.unit_id.is_(None), _mh.region_code == region) if region else sa.false()
    query = (
        _messages_under(scope, period, region, channel)
        .outerjoin(units, units.c.id == _mh.unit_id)
        .add_columns(
            _mh.round_id,
            _mh.group_label,
            _mh.seq,
            _mh.unit_id,
            sa.func.coalesce(_mh.unit_text, units.c.name, regions.c.name).label("name"),
            _mh.region_code,
            sa.case((own, 1), else_=0).label("own"),
            _mh.period_text,
            _mh.received,
            _mh.completed,
            _mh.completion_rate,
            _mh.completion_rate_decimals,
            _mh.avg_working_days,
            _mh.on_time_rate,
            _mh.on_time_rate_decimals,
        )
        .order_by(_mh.round_id, _mh.id)
        .limit(limit)
    )
    return read_frame(conn, query)


def _counted_messages(scope: Scope, period: str, region: str | None) -> sa.Select:
    """The rows of ``period`` under ``region`` that a sum may count, each message once, joined to ``regions``.

    Counted are every unit's row and every region-wide row strictly under
    ``region`` that no other such row contains (a city's total, not its
    counties' as well); ``region``'s own region-wide row is what a notice
    reports, and is never summed with what it contains.
    """
    above = message_handling.alias("above")
    above_round = rounds.alias("above_round")
    # The places strictly under ``region`` with a region-wide row this period, per channel: a row of a
    # region inside one of them is already counted in that place's row. Joined, not a correlated
    # EXISTS, which PostgreSQL ran once per row (600 ms -> a few ms nationally).
    with_rows = (
        sa.select(above.c.channel, above.c.region_code)
        .join(above_round, above_round.c.id == above.c.round_id)
        .where(
            above_round.c.period == period,
            above.c.unit_id.is_(None),
            above.c.region_code != (region or ""),
            region_filter(above.c.region_code, region),
        )
        .distinct()
        .subquery()
    )
    in_province, in_city = with_rows.alias("in_province"), with_rows.alias("in_city")
    covered = sa.or_(in_province.c.region_code.isnot(None), in_city.c.region_code.isnot(None))
    counted = sa.or_(
        _mh.unit_id.isnot(None),
        sa.and_(_mh.region_code != (region or ""), sa.not_(covered)),
    )
    return (
        sa.select()
        .select_from(message_handling)
        .join(rounds, rounds.c.id == _mh.round_id)
        .join(regions, regions.c.code == _mh.region_code)
        .outerjoin(
            in_province,
            sa.and_(
                in_province.c.channel == _mh.channel,
                in_province.c.region_code == regions.c.province_code,
                in_province.c.region_code != _mh.region_code,
            ),
        )
        .outerjoin(
            in_city,
            sa.and_(
                in_city.c.channel == _mh.channel,
                in_city.c.region_code == regions.c.city_code,
                in_city.c.region_code != _mh.region_code,
            ),
        )
        .where(rounds.c.period == period, scoped_filter(_mh.region_code, scope, region), counted)
    )


def _message_sums() -> list[sa.ColumnElement]:
    weighted = sa.and_(_mh.avg_working_days.isnot(None), _mh.received.isnot(None))
    return [
        sa.func.count().label("rows"),
        _int_sum(_mh.received).label("received"),
        _int_sum(_mh.completed).label("completed"),
        sa.func.count(_mh.completed).label("completed_rows"),
        (
            sa.cast(sa.func.sum(sa.case((weighted, _mh.avg_working_days * _mh.received))), sa.Float)
            / sa.func.nullif(sa.func.sum(sa.case((weighted, _mh.received))), 0)
        ).label("avg_working_days"),
    ]


def message_totals(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """Per channel, the rows under ``region`` summed, never counting a message twice (see _counted_messages).

    Grain: one row per channel with such rows. Columns: channel, rows,
    received, completed, completed_rows (rows that give a completed count),
    avg_working_days (weighted by received, over the rows that give both; float).
    """
    query = (
        _counted_messages(scope, period, region)
        .add_columns(_mh.channel, *_message_sums())
        .group_by(_mh.channel)
        .order_by(_mh.channel)
    )
    return read_frame(conn, query)


def message_by_child(conn: sa.Connection, *, scope: Scope, period: str, region: Region | None) -> pd.DataFrame:
    """As message_totals, per child region of ``region`` (``region`` itself for its own units' rows).

    Grain: one row per channel and child region with counted rows. Columns:
    channel, region_code, name, rows, received, completed, completed_rows,
    avg_working_days. Sorted by channel, then received, most first.
    """
    key = child_group_key(region).label("region_code")
    summed = (
        _counted_messages(scope, period, region.code if region else None)
        .add_columns(_mh.channel, key, *_message_sums())
        .group_by(_mh.channel, key)
        .subquery()
    )
    child = regions.alias("child")
    query = (
        sa.select(summed, child.c.name)
        .join(child, child.c.code == summed.c.region_code)
        .order_by(summed.c.channel, summed.c.received.desc().nulls_last(), summed.c.region_code)
    )
    return read_frame(conn, query)


def requirements_mentioning(
    conn: sa.Connection, *, scope: Scope, period: str, region: Region | None, words: tuple[str, ...]
) -> list[str]:
    """What the notices of ``period`` over ``region`` require in sentences naming every one of ``words``.

    A notice covers ``region`` when its scope is ``region`` or a region
    above it (or the whole country). Returns the requirement texts, each
    once, in load order.
    """
    if region is not None and not in_scope(region, scope):
        return []
    # The notices above a region in scope apply to it, even when they lie outside the scope themselves.
    codes = [region.code, *ancestors(region)] if region else []
    over = sa.or_(rounds.c.scope_region_code.is_(None), rounds.c.scope_region_code.in_(codes))
    query = (
        sa.select(narratives.c.body)
        .join(rounds, rounds.c.id == narratives.c.round_id)
        .where(
            rounds.c.period == period,
            narratives.c.section == "requirement",
            over,
            *(narratives.c.body.contains(word, autoescape=True) for word in words),
        )
        .order_by(narratives.c.id)
    )
    return list(dict.fromkeys(conn.execute(query).scalars()))
