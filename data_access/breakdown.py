"""A region's children side by side, in the shape of notice 002's 附件1.

Two sources, never mixed in one number: the figures a notice reports for each
child region (and for the region's own departments, "省政府及省直各部门"), and
figures computed from complete rounds' check results with the registry's
running targets. The page decides how to show each, marked.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from data_access.db import read_frame
from data_access.regions import Region, child_group_key
from data_access.schema import TARGET_KINDS, regions, reported_figures, rounds, targets
from data_access.scope import Scope, region_filter, region_subquery

# Breakdown segments of 附件1, as the notices' data files label them, and the
# part of the table each fills: 市级政府网站数 (门户 / 部门) and 县级及以下 (县级门户 / 县级以下).
SITE_PARTS = ("portal", "department", "county_portal", "below_county")
BREAKDOWN_SEGMENTS = {
    "市级政府门户": "portal",
    "市级政府部门": "department",
    "县级门户": "county_portal",
    "县级以下": "below_county",
}
# Segments that report the region's own level (its government and departments) as one row of the table.
OWN_SEGMENTS = ("省政府及省直各部门", "市政府及市直各部门")
TABLE_MEASURES = ("running", "count", "checked", "failed", "pass_rate", "sampling_share")
TABLE_KINDS = TARGET_KINDS  # a column group for every kind


def _children_of(region: str | None) -> sa.ColumnElement[bool]:
    return regions.c.parent_code.is_(None) if region is None else regions.c.parent_code == region


def reported_children(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """Figures reported in ``period`` for each direct child of ``region`` and for ``region``'s own level.

    Grain: one row per round, region, target kind, part and measure. Columns:
    round_key, round_title, notice_number, region_code, region_name, own (True
    for the region's own level), target_kind, part ('all' or a SITE_PARTS
    code), measure, value.
    """
    segment = reported_figures.c.segment
    child_rows = sa.and_(_children_of(region), segment.in_(("all", *BREAKDOWN_SEGMENTS)))
    own = reported_figures.c.region_code == region if region else sa.false()
    own_rows = sa.and_(own, segment.in_(OWN_SEGMENTS))
    part = sa.case(
        *((segment == label, sa.literal(code)) for label, code in BREAKDOWN_SEGMENTS.items()),
        else_=sa.literal("all"),
    )
    query = (
        sa.select(
            rounds.c.key.label("round_key"),
            rounds.c.title.label("round_title"),
            rounds.c.notice_number,
            reported_figures.c.region_code,
            regions.c.name.label("region_name"),
            own.label("own"),
            reported_figures.c.target_kind,
            part.label("part"),
            reported_figures.c.measure,
            reported_figures.c.value,
        )
        .join(rounds, rounds.c.id == reported_figures.c.round_id)
        .join(regions, regions.c.code == reported_figures.c.region_code)
        .where(
            rounds.c.period == period,
            reported_figures.c.target_kind.in_(TABLE_KINDS),
            reported_figures.c.measure.in_(TABLE_MEASURES),
            sa.or_(child_rows, own_rows),
            region_filter(reported_figures.c.region_code, scope.region_code),
        )
        .order_by(reported_figures.c.region_code, rounds.c.key, reported_figures.c.id)
    )
    frame = read_frame(conn, query)
    frame["own"] = frame["own"].astype(bool)
    return frame


def deeper_reported_regions(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """Regions below the children of ``region`` that have their own reported headline figures in ``period``.

    A county's or a city's round cannot be summed into its parent, so the page
    points to them instead. Grain: one row per region. Columns: code, name, level.
    """
    below = region_subquery(region)
    query = (
        sa.select(regions.c.code, regions.c.name, regions.c.level)
        .where(
            regions.c.code.in_(
                sa.select(reported_figures.c.region_code)
                .join(rounds, rounds.c.id == reported_figures.c.round_id)
                .where(
                    rounds.c.period == period,
                    reported_figures.c.segment == "all",
                    reported_figures.c.target_kind.in_(TABLE_KINDS),
                )
            ),
            sa.not_(_children_of(region)),
            regions.c.code != (region or ""),
            regions.c.code.in_(below) if below is not None else sa.true(),
            region_filter(regions.c.code, scope.region_code),
        )
        .order_by(regions.c.code)
    )
    return read_frame(conn, query)


def _site_part(site_kind: sa.ColumnElement[str | None]) -> sa.ColumnElement[str]:
    """The 附件1 column a running site falls in, from its kind and its region's level."""
    upper = regions.c.level.in_(("province", "city"))
    return sa.case(
        (sa.and_(site_kind == "portal", upper), sa.literal("portal")),
        (sa.and_(site_kind == "department", upper), sa.literal("department")),
        (site_kind == "portal", sa.literal("county_portal")),
        else_=sa.literal("below_county"),
    )


def registry_by_child(conn: sa.Connection, *, scope: Scope, region: Region | None) -> pd.DataFrame:
    """Running targets in the registry now, rolled up to the children of ``region``.

    Grain: one row per child region, target kind and part (sites by SITE_PARTS,
    other kinds 'all'). Columns: region_code, target_kind, part, running.
    """
    # Count per region, kind and site kind first (the (region_code, kind) index), then join the
    # few thousand groups to regions: joining every one of 100k targets is three times slower.
    per_region = (
        sa.select(
            targets.c.region_code,
            targets.c.kind,
            targets.c.site_kind,
            sa.func.count().label("running"),
        )
        .where(
            targets.c.status == "running",
            region_filter(targets.c.region_code, region.code if region else None),
            region_filter(targets.c.region_code, scope.region_code),
        )
        .group_by(targets.c.region_code, targets.c.kind, targets.c.site_kind)
        .subquery()
    )
    key = child_group_key(region).label("region_code")
    part = sa.case((per_region.c.kind == "site", _site_part(per_region.c.site_kind)), else_=sa.literal("all")).label(
        "part"
    )
    query = (
        sa.select(key, per_region.c.kind.label("target_kind"), part, sa.func.sum(per_region.c.running).label("running"))
        .join(regions, regions.c.code == per_region.c.region_code)
        .group_by(key, per_region.c.kind, part)
        .order_by(key, per_region.c.kind, part)
    )
    return read_frame(conn, query)
