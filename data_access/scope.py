"""Access scope: the regions a query may return, filtered in SQL."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from data_access.schema import regions


class OutOfScope(ValueError):
    """A region was asked for that the scope does not cover."""


@dataclass(frozen=True)
class Scope:
    """What an account may see: one region and everything under it; None is the whole country."""

    region_code: str | None = None


NATIONAL = Scope(None)


def region_subquery(region_code: str | None) -> sa.Select[tuple[str]] | None:
    """Codes of ``region_code`` and every region under it; None when unrestricted."""
    if region_code is None:
        return None
    return sa.select(regions.c.code).where(
        sa.or_(
            regions.c.code == region_code,
            regions.c.province_code == region_code,
            regions.c.city_code == region_code,
        )
    )


def region_filter(column: sa.ColumnElement[str], region_code: str | None) -> sa.ColumnElement[bool]:
    """A WHERE clause keeping rows whose region ``column`` lies in ``region_code``."""
    codes = region_subquery(region_code)
    return sa.true() if codes is None else column.in_(codes)


def scoped_filter(column: sa.ColumnElement[str], scope: Scope, region_code: str | None) -> sa.ColumnElement[bool]:
    """Rows in the chosen region, and never outside the account's scope."""
    return sa.and_(region_filter(column, scope.region_code), region_filter(column, region_code))
