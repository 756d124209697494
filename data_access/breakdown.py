"""A region's children side by side, in the shape of notice 002's 附件1.

Two sources, never mixed in one number: the figures a notice reports for each
child region (and for the region's own departments, "省政府及省直各部门"), and
figures computed from complete rounds' check results with the registry's
running targets. The page decides how to show each, marked.
"""

from __future__ import annotations

from typing import Any

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
# The parts of a row in children_rows, per kind: the measures of notice 002's 附件1. A rate a notice printed
# (pass_rate) and a rate computed from counts or check results (computed_pass_rate) never share a column.
KIND_PARTS = {
    "site": ("running", *SITE_PARTS, "count", "checked", "failed", "pass_rate", "computed_pass_rate"),
    "account": ("running", "count", "checked", "sampling_share", "failed", "pass_rate", "computed_pass_rate"),
    "platform": ("running", "checked", "failed", "pass_rate", "computed_pass_rate"),
}
RATE_PARTS = ("pass_rate", "computed_pass_rate")
PERCENT_PARTS = ("pass_rate", "computed_pass_rate", "sampling_share")
COMPUTED_SOURCE = ""  # the source of a row computed from check results and the registry
TOTAL_SOURCE = "total"  # the source of a 合计 row


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
        .order_by(rounds.c.key, reported_figures.c.id)  # each notice's rows in the order it printed them
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


# ---------------------------------------------------------------- the children table, as data


def part_column(kind: str, part: str) -> str:
    """The column of one kind's part in children_rows: 'site:checked'."""
    return f"{kind}:{part}"


def _number(value: Any) -> float:
    return float(value)


def _origin(title: object, notice_number: object, round_key: object) -> str:
    """How a source is named: the notice number, else the notice's title, else the round's key."""
    return next(str(value) for value in (notice_number, title, round_key) if isinstance(value, str) and value)


def children_rows(
    reported: pd.DataFrame, computed: pd.DataFrame, registry: pd.DataFrame, region: Region | None
) -> pd.DataFrame:
    """The children of ``region`` in the shape of 附件1: a row per child (and the region's own level) and source.

    ``reported`` is reported_children, ``computed`` checks.computed_by_subregion and
    ``registry`` registry_by_child. A child a notice reports takes its row from the
    notice, in the order the notice printed it; the others are computed from complete
    rounds and the registry, by code. A row never mixes two sources; a rate the notice
    did not print is computed from its counts into computed_pass_rate. Then the 合计
    rows (see ``total_rows``). Columns: code, own (the region's own level), source (a
    round key, COMPUTED_SOURCE or TOTAL_SOURCE), origin (how the source is named; None
    for computed rows), then part_column(kind, part) for the KIND_PARTS present (floats).
    """
    rows: dict[tuple[str, str], dict[str, object]] = {}
    own_code = region.code if region else None
    for record in reported.itertuples(index=False):
        code, source = str(record.region_code), str(record.round_key)
        origin = _origin(record.round_title, record.notice_number, source)
        row = rows.setdefault((code, source), {"code": code, "source": source, "origin": origin})
        part = str(record.measure) if record.part == "all" else str(record.part)
        if part == "running" and record.part != "all":
            continue
        row[part_column(str(record.target_kind), part)] = _number(record.value)
    reported_codes = {code for code, _ in rows}
    computed_rows: dict[str, dict[str, object]] = {}
    for record in computed.itertuples(index=False):
        code = str(record.region_code)
        if code in reported_codes:
            continue
        row = computed_rows.setdefault(code, {"code": code, "source": COMPUTED_SOURCE, "origin": None})
        kind = str(record.target_kind)
        row[part_column(kind, "checked")] = _number(record.checked)
        row[part_column(kind, "failed")] = _number(record.failed)
        row[part_column(kind, "computed_pass_rate")] = _number(record.pass_rate)
    for record in registry.itertuples(index=False):
        row = computed_rows.get(str(record.region_code), {})
        if not row:
            continue
        kind = str(record.target_kind)
        running = part_column(kind, "running")
        row[running] = _number(row.get(running, 0)) + _number(record.running)
        if kind == "site":
            row[part_column(kind, str(record.part))] = _number(record.running)
    body = [*rows.values(), *(computed_rows[code] for code in sorted(computed_rows))]
    for row in body:
        _fill_pass_rates(row)
        row["own"] = row["code"] == own_code
    table = pd.DataFrame(body)
    if table.empty:
        return table
    table = table.sort_values("own", ascending=False, kind="stable")  # the region's own level first, as 附件1
    ordered = ["code", "own", "source", "origin"]
    ordered += [part_column(k, p) for k in TABLE_KINDS for p in KIND_PARTS[k] if part_column(k, p) in table]
    table = table[ordered]
    return pd.concat([table, total_rows(table)], ignore_index=True)


def _fill_pass_rates(row: dict[str, object]) -> None:
    """A reported row without a printed pass rate gets one computed from its reported counts, in its own column."""
    for kind in TABLE_KINDS:
        rate, computed, checked, failed = (
            part_column(kind, m) for m in ("pass_rate", "computed_pass_rate", "checked", "failed")
        )
        if rate in row or computed in row or checked not in row or failed not in row:
            continue
        total = float(row[checked])  # type: ignore[arg-type]
        if total:
            row[computed] = round(100 * (total - float(row[failed])) / total, 2)  # type: ignore[arg-type]


def total_rows(table: pd.DataFrame) -> pd.DataFrame:
    """合计, computed: counts summed over the rows of one source, the rate recomputed from the sums.

    Figures of two notices (a survey of provinces beside one province's own
    notice) or of a notice and of check results are never added together: with
    several sources there is one 合计 per source of two rows or more (its
    origin the source's), and a source of one row has none.
    """
    groups = list(dict.fromkeys(table["source"]))
    totals = []
    for source in groups:
        part = table[table["source"] == source]
        if len(groups) > 1 and len(part) < 2:
            continue
        total: dict[str, object] = {
            "code": "",
            "own": False,
            "source": TOTAL_SOURCE,
            "origin": part["origin"].iloc[0] if len(groups) > 1 else None,
        }
        for column in table.columns:
            kind, _, name = str(column).partition(":")
            if not name or name in PERCENT_PARTS:
                continue
            values = pd.to_numeric(part[column], errors="coerce")
            if values.notna().any():
                total[column] = float(values.sum())
        for kind in TABLE_KINDS:
            checked, failed = total.get(part_column(kind, "checked")), total.get(part_column(kind, "failed"))
            if checked and failed is not None:
                rate = 100 * (float(checked) - float(failed)) / float(checked)  # type: ignore[arg-type]
                total[part_column(kind, "computed_pass_rate")] = round(rate, 2)
        totals.append(total)
    return pd.DataFrame(totals, columns=list(table.columns))
