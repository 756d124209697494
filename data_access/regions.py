"""Regions (行政区划): lookup, the tree for the region picker, and children for roll-ups."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from data_access.db import read_frame
from data_access.schema import regions
from data_access.scope import Scope, region_filter


@dataclass(frozen=True)
class Region:
    """One administrative region."""

    code: str
    name: str
    level: str
    parent_code: str | None
    province_code: str
    city_code: str | None


def get_region(conn: sa.Connection, code: str) -> Region | None:
    """The region with GB/T 2260 ``code``, or None."""
    fields = [regions.c[name] for name in Region.__dataclass_fields__]
    row = conn.execute(sa.select(*fields).where(regions.c.code == code)).mappings().first()
    return Region(**row) if row else None


def ancestors(region: Region) -> list[str]:
    """Codes above ``region``, top first."""
    chain = [region.province_code, region.city_code]
    return [code for code in chain if code and code != region.code]


def in_scope(region: Region, scope: Scope) -> bool:
    """True when ``region`` lies inside ``scope``."""
    return scope.region_code is None or scope.region_code in (region.code, *ancestors(region))


def children(conn: sa.Connection, *, scope: Scope, parent_code: str | None) -> pd.DataFrame:
    """Regions directly under ``parent_code`` (provinces when None) inside ``scope``.

    Grain: one row per region; columns code, name, level.
    """
    parent = regions.c.parent_code.is_(None) if parent_code is None else regions.c.parent_code == parent_code
    query = (
        sa.select(regions.c.code, regions.c.name, regions.c.level)
        .where(parent, region_filter(regions.c.code, scope.region_code) | _is_ancestor_of(scope))
        .order_by(regions.c.code)
    )
    return read_frame(conn, query)


def _is_ancestor_of(scope: Scope) -> sa.ColumnElement[bool]:
    # A scoped account still needs the regions above its own to reach it in the picker.
    if scope.region_code is None:
        return sa.true()
    above = sa.select(regions.c.province_code, regions.c.city_code).where(regions.c.code == scope.region_code)
    cte = above.cte()
    return regions.c.code.in_(sa.select(cte.c.province_code)) | regions.c.code.in_(sa.select(cte.c.city_code))


def child_group_key(region: Region | None) -> sa.ColumnElement[str]:
    """For rows joined to ``regions``: the code of the child of ``region`` they roll up to.

    Rows at ``region``'s own level (a provincial department in a province)
    roll up to ``region`` itself, shown as 省本级 / 市本级.
    """
    if region is None:
        return regions.c.province_code
    if region.level == "province":
        return sa.func.coalesce(regions.c.city_code, regions.c.code)
    if region.level == "city":
        return sa.case((regions.c.level == "county", regions.c.code), else_=sa.literal(region.code))
    return sa.literal(region.code)


def region_names(conn: sa.Connection, *, codes: tuple[str, ...]) -> dict[str, str]:
    """Names of the regions with ``codes``, by code."""
    query = sa.select(regions.c.code, regions.c.name).where(regions.c.code.in_(codes))
    return {code: name for code, name in conn.execute(query).all()}
