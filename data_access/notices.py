"""What a view's notices are: the rounds behind a quarter and region, and their own words (narratives).

A notice's prose (经验做法, 主要问题, 工作要求) is about its round's scope
region, so a region's view quotes the notices whose scope is that region.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from data_access.db import read_frame
from data_access.periods import period_label
from data_access.schema import check_results, narratives, regions, reported_figures, rounds, unit_aliases, units
from data_access.scope import Scope, region_filter, scoped_filter

# The shortest unit name worth looking for in prose: "市审计局" (4) names a
# department, "市政府" (3) could be any.
MIN_SHORT_NAME = 4
# A unit stored under a name without its place (市行政审批局, as its own city's
# notice printed it) names a department of any city: it is only looked for in
# the prose of its own region's notices.
PLACELESS_PREFIXES = ("省", "市", "县", "区")


def view_sources(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """The rounds of ``period`` with a reported figure or a check result under ``region``.

    Grain: one row per round. Columns: round_key, round_title, round_label
    (the round's own name: 2024年第一次), issuer, notice_number, issued_on, rectification_due, report_due (dates or
    None), scope_region_code (None for a nationwide round), items_complete
    (bool), with_figures, with_checks (bool: the round has figures / check
    results under ``region``).
    """
    figures = sa.exists(
        sa.select(reported_figures.c.id).where(
            reported_figures.c.round_id == rounds.c.id,
            scoped_filter(reported_figures.c.region_code, scope, region),
        )
    )
    checks = sa.exists(
        sa.select(check_results.c.id).where(
            check_results.c.round_id == rounds.c.id,
            scoped_filter(check_results.c.region_code, scope, region),
        )
    )
    query = (
        sa.select(
            rounds.c.key.label("round_key"),
            rounds.c.title.label("round_title"),
            rounds.c.period_label.label("round_label"),
            rounds.c.issuer,
            rounds.c.notice_number,
            rounds.c.issued_on,
            rounds.c.rectification_due,
            rounds.c.report_due,
            rounds.c.scope_region_code,
            rounds.c.items_complete,
            sa.case((figures, 1), else_=0).label("with_figures"),
            sa.case((checks, 1), else_=0).label("with_checks"),
        )
        .where(rounds.c.period == period, sa.or_(figures, checks))
        .order_by(rounds.c.scope_region_code, rounds.c.key)
    )
    frame = read_frame(conn, query)
    for column in ("items_complete", "with_figures", "with_checks"):
        frame[column] = frame[column].astype(bool)
    return frame


def own_round_names(conn: sa.Connection, *, scope: Scope, region: str | None) -> dict[str, str]:
    """The names of ``region``'s own rounds that are not a quarter's (2024年第一次), by period: {'2024Q1': ...}.

    Only rounds whose scope is exactly ``region`` (inside ``scope``); a quarter with two such rounds of
    different names gets both, joined with 、.
    """
    match = rounds.c.scope_region_code.is_(None) if region is None else rounds.c.scope_region_code == region
    visible = sa.true() if scope.region_code is None else region_filter(rounds.c.scope_region_code, scope.region_code)
    query = (
        sa.select(rounds.c.period, rounds.c.period_label)
        .where(match, visible, rounds.c.period_label.is_not(None))
        .order_by(rounds.c.period, rounds.c.key)
    )
    names: dict[str, list[str]] = {}
    for period, label in conn.execute(query).all():
        if label != period_label(period) and label not in names.get(period, []):
            names.setdefault(period, []).append(label)
    return {period: "、".join(labels) for period, labels in names.items()}


def _rounds_of(scope: Scope, period: str, region: str | None) -> sa.ColumnElement[bool]:
    """Rounds of ``period`` whose scope is exactly ``region`` (None: nationwide), inside ``scope``."""
    match = rounds.c.scope_region_code.is_(None) if region is None else rounds.c.scope_region_code == region
    visible = sa.true() if scope.region_code is None else region_filter(rounds.c.scope_region_code, scope.region_code)
    return sa.and_(rounds.c.period == period, match, visible)


def region_narratives(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """The prose of the notices of ``period`` whose scope is exactly ``region``.

    Grain: one row per narrative, in the notice's order. Columns:
    narrative_id, round_key, round_title, issuer, notice_number, section
    (practice | problem | requirement | highlight), seq, heading (may be
    None), body.
    """
    query = (
        sa.select(
            narratives.c.id.label("narrative_id"),
            rounds.c.key.label("round_key"),
            rounds.c.title.label("round_title"),
            rounds.c.issuer,
            rounds.c.notice_number,
            narratives.c.section,
            narratives.c.seq,
            narratives.c.heading,
            narratives.c.body,
        )
        .join(rounds, rounds.c.id == narratives.c.round_id)
        .where(_rounds_of(scope, period, region))
        .order_by(rounds.c.key, narratives.c.seq)
    )
    return read_frame(conn, query)


def _contains(text: sa.ColumnElement[str], part: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
    # Substring test without LIKE, so a name's % or _ is not a wildcard; the same SQL on SQLite and PostgreSQL.
    return sa.func.length(sa.func.replace(text, part, "")) < sa.func.length(text)


def named_units(conn: sa.Connection, *, scope: Scope, period: str, region: str) -> pd.DataFrame:
    """The units the prose of ``region``'s notices of ``period`` names.

    A unit counts when its standard name or one of its spellings
    (unit_aliases) appears in the text, or, for the scope region's own
    departments, its name without the place ("市审计局" for 随州市审计局),
    as notices write them. Only units under the round's scope (and
    ``scope``) are looked for. Grain: one row per narrative and unit.
    Columns: narrative_id, unit_id, unit_name, region_code.
    """
    place = regions.alias("place")  # the round's scope region
    home = regions.alias("home")  # the unit's region
    under_round = sa.or_(
        home.c.code == rounds.c.scope_region_code,
        home.c.province_code == rounds.c.scope_region_code,
        home.c.city_code == rounds.c.scope_region_code,
    )
    stem = sa.func.substr(place.c.name, 1, sa.func.length(place.c.name) - 1)  # 随州市 -> 随州
    short = sa.func.replace(units.c.name, stem, "")
    by_short = sa.and_(
        units.c.region_code == rounds.c.scope_region_code,
        sa.func.substr(units.c.name, 1, sa.func.length(stem)) == stem,
        sa.func.length(short) >= MIN_SHORT_NAME,
        _contains(narratives.c.body, short),
    )
    placeless = sa.func.substr(units.c.name, 1, 1).in_(PLACELESS_PREFIXES)
    by_full_name = sa.and_(
        _contains(narratives.c.body, units.c.name),
        sa.or_(sa.not_(placeless), units.c.region_code == rounds.c.scope_region_code),
    )
    base = (
        sa.select(
            narratives.c.id.label("narrative_id"),
            units.c.id.label("unit_id"),
            units.c.name.label("unit_name"),
            units.c.region_code,
        )
        .select_from(narratives)
        .join(rounds, rounds.c.id == narratives.c.round_id)
        .join(place, place.c.code == rounds.c.scope_region_code)
    )
    by_name = (
        base.join(units, sa.true())
        .join(home, home.c.code == units.c.region_code)
        .where(
            _rounds_of(scope, period, region),
            under_round,
            region_filter(units.c.region_code, scope.region_code),
            sa.or_(by_full_name, by_short),
        )
    )
    by_alias = (
        base.join(unit_aliases, sa.true())
        .join(home, home.c.code == unit_aliases.c.region_code)
        .join(
            units, sa.and_(units.c.region_code == unit_aliases.c.region_code, units.c.name == unit_aliases.c.unit_name)
        )
        .where(
            _rounds_of(scope, period, region),
            under_round,
            region_filter(units.c.region_code, scope.region_code),
            _contains(narratives.c.body, unit_aliases.c.alias),
        )
    )
    union = sa.union(by_name, by_alias).subquery()
    query = sa.select(union).order_by(union.c.narrative_id, union.c.unit_name)
    return read_frame(conn, query)
