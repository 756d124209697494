"""Rectification (整改) and re-check (复查): deadlines, status counts, re-checks, overdue problems, repeat offenders.

A problem's status is decided in ``data_access.problem_lists`` (see
RECTIFICATION_STATUSES there); every query here takes the same filters as
the problem list, so both pages count the same problems.
"""

from __future__ import annotations

import datetime as dt
from typing import Unpack

import pandas as pd
import sqlalchemy as sa

from data_access.db import read_frame
from data_access.problem_lists import (
    ROW_JOINS,
    ListFilters,
    deadline_column,
    in_rounds_up_to,
    kind_order_column,
    problem_select,
    row_columns,
    rows_of,
    status_column,
    unit_name_column,
)
from data_access.regions import Region, child_group_key
from data_access.schema import check_results, rectifications, rounds, targets
from data_access.scope import Scope, scoped_filter

LIST_ROW_CAP = 500  # rows of the overdue and re-check lists
OFFENDER_ROW_CAP = 200  # repeat offenders listed, most rounds first
UNIT_BAR_CAP = 20  # units in the status chart, most problems first
ID_LIST_CAP = 10_000  # ids a statement names at most (SQLite takes 32,766 bound values)
OVERDUE_STATUSES = ("overdue", "not_rectified")

_checks = check_results


def round_deadlines(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """The rounds of ``period`` with problems under ``region``, with both deadlines.

    Grain: one row per round. Columns: round_key, title, issuer,
    notice_number, issued_on, rectification_due (整改, fix by), report_due
    (报送, report the rectification by), problems.
    """
    query = (
        sa.select(
            rounds.c.key.label("round_key"),
            rounds.c.title,
            rounds.c.issuer,
            rounds.c.notice_number,
            rounds.c.issued_on,
            rounds.c.rectification_due,
            rounds.c.report_due,
            sa.func.count().label("problems"),
        )
        .select_from(_checks)
        .join(rounds, rounds.c.id == _checks.c.round_id)
        .where(
            rounds.c.period == period,
            _checks.c.passed.is_(False),
            scoped_filter(_checks.c.region_code, scope, region),
        )
        .group_by(
            rounds.c.key,
            rounds.c.title,
            rounds.c.issuer,
            rounds.c.notice_number,
            rounds.c.issued_on,
            rounds.c.rectification_due,
            rounds.c.report_due,
        )
        .order_by(rounds.c.key)
    )
    return read_frame(conn, query)


def status_by_subregion(
    conn: sa.Connection,
    *,
    scope: Scope,
    period: str,
    region: Region | None,
    as_of: dt.date,
    **filters: Unpack[ListFilters],
) -> pd.DataFrame:
    """``period``'s problems per child region of ``region`` and status on ``as_of``.

    Grain: one row per child region and status. Columns: region_code, status, problems.
    """
    key = child_group_key(region).label("region_code")
    state = status_column(as_of).label("status")
    query = (
        problem_select(
            scope,
            region.code if region else None,
            as_of=as_of,
            **filters,
            need=("region", "status"),
        )
        .add_columns(key, state, sa.func.count().label("problems"))
        .where(rounds.c.period == period)
        .group_by(key, state)
        .order_by(key, state)
    )
    return read_frame(conn, query)


def status_by_unit(
    conn: sa.Connection,
    *,
    scope: Scope,
    period: str,
    region: str | None,
    as_of: dt.date,
    **filters: Unpack[ListFilters],
) -> pd.DataFrame:
    """``period``'s problems per host unit and status, for the UNIT_BAR_CAP units with most problems.

    Rows whose notice names no unit are one group per region with
    unit_name NULL. Grain: one row per (region, unit) and status. Columns:
    region_code, unit_name, status, problems.
    """

    def rows(*need: str) -> sa.Select:
        return problem_select(
            scope,
            region,
            as_of=as_of,
            **filters,
            need=need,
        ).where(rounds.c.period == period)

    name = unit_name_column.label("unit_name")
    top = (
        rows("unit")
        .add_columns(_checks.c.region_code, name, sa.func.count().label("total"))
        .group_by(_checks.c.region_code, unit_name_column)
        .order_by(sa.desc("total"), _checks.c.region_code, unit_name_column)
        .limit(UNIT_BAR_CAP)
        .cte("top_units")
    )
    state = status_column(as_of).label("status")
    same_unit = sa.or_(
        top.c.unit_name == unit_name_column, sa.and_(top.c.unit_name.is_(None), unit_name_column.is_(None))
    )
    query = (
        rows("unit", "status")
        .join(top, sa.and_(top.c.region_code == _checks.c.region_code, same_unit))
        .add_columns(_checks.c.region_code, name, state, sa.func.count().label("problems"))
        .group_by(_checks.c.region_code, unit_name_column, state)
        .order_by(_checks.c.region_code, unit_name_column, state)
    )
    return read_frame(conn, query)


def rechecked_problems(
    conn: sa.Connection,
    *,
    scope: Scope,
    period: str,
    region: str | None,
    as_of: dt.date,
    **filters: Unpack[ListFilters],
) -> pd.DataFrame:
    """Problems of earlier rounds that a round of ``period`` re-checked (复查), at most LIST_ROW_CAP.

    Grain: one row per problem re-checked. Columns: those of
    ``problem_lists.problem_rows`` (``status`` the latest finding), then
    recheck_status and recheck_text, the finding of this period's re-check.
    """
    # This period's re-checks (their re-check round index) are looked up first and their checks named
    # by id: a few thousand nationally. As a subquery, PostgreSQL misjudged it and went through every
    # earlier failing check (sixty thousand) before keeping the re-checked ones; it stays the way for
    # more ids than a statement should carry.
    recheck = rectifications.alias("this_recheck")
    recheck_round = rounds.alias("this_recheck_round")
    this_period = sa.select(recheck_round.c.id).where(recheck_round.c.period == period)
    mine = sa.and_(recheck.c.check_id == _checks.c.id, recheck.c.recheck_round_id.in_(this_period))
    rechecked_ids = sa.select(recheck.c.check_id).where(recheck.c.recheck_round_id.in_(this_period))
    named = sorted(set(conn.execute(rechecked_ids.limit(ID_LIST_CAP + 1)).scalars()))
    rechecked = _checks.c.id.in_(named) if len(named) <= ID_LIST_CAP else _checks.c.id.in_(rechecked_ids)

    def finding(column: sa.ColumnElement[str]) -> sa.ScalarSelect[str]:
        return sa.select(column).where(mine).order_by(recheck.c.id.desc()).limit(1).scalar_subquery()

    query = (
        problem_select(
            scope,
            region,
            as_of=as_of,
            **filters,
            need=ROW_JOINS,
        )
        .add_columns(
            *row_columns(as_of),
            finding(recheck.c.status).label("recheck_status"),
            finding(recheck.c.status_text).label("recheck_text"),
        )
        .where(in_rounds_up_to(conn, period, inclusive=False), rechecked)
        .order_by(kind_order_column, _checks.c.region_code, rounds.c.key, _checks.c.seq, _checks.c.id)
        .limit(LIST_ROW_CAP)
    )
    return read_frame(conn, query)


def overdue_problems(
    conn: sa.Connection,
    *,
    scope: Scope,
    period: str,
    region: str | None,
    as_of: dt.date,
    **filters: Unpack[ListFilters],
) -> pd.DataFrame:
    """Problems of ``period`` and before still not fixed past their deadline, oldest deadline first.

    Not fixed: a re-check found it not rectified, or nothing was found and
    the deadline is past ``as_of`` (``status`` narrows to one of the two).
    At most LIST_ROW_CAP rows. Grain: one row per problem. Columns: those of
    ``problem_lists.problem_rows``, then total (how many there are, uncapped).
    """
    # Pick the page of check ids first: sorting whole rows would compute every row's columns
    # (its categories among them) for all the overdue problems of the country, not just the page's.
    order = (deadline_column.asc().nulls_last(), rounds.c.period, rounds.c.key, _checks.c.seq, _checks.c.id)
    page = (
        problem_select(
            scope,
            region,
            as_of=as_of,
            **filters,
            need=("status",),
        )
        .add_columns(
            _checks.c.id.label("check_id"),
            sa.func.row_number().over(order_by=order).label("place"),
            sa.func.count().over().label("total"),  # before the cap: one pass gives the page and the count
        )
        .where(in_rounds_up_to(conn, period), status_column(as_of).in_(OVERDUE_STATUSES))
        .order_by(*order)
        .limit(LIST_ROW_CAP)
        .subquery("overdue_page")
    )
    query = rows_of(page, as_of).add_columns(page.c.total).order_by(page.c.place)
    return read_frame(conn, query)


def repeat_offenders(
    conn: sa.Connection,
    *,
    scope: Scope,
    period: str,
    region: str | None,
    as_of: dt.date,
    kind: str | None = None,
    category: str | None = None,
    platform: str | None = None,
    level: str | None = None,
    unit: int | None = None,
    search: str | None = None,
) -> pd.DataFrame:
    """Targets found failing in two or more rounds up to ``period``, most rounds first, at most OFFENDER_ROW_CAP.

    A round finds a target failing when it lists a problem of it, or when its re-check finds an earlier
    problem of it not rectified (未整改, which also reopens that problem's rectification task).

    Grain: one row per target and round that found it failing (the listed targets only). Columns: target_id,
    kind, code, name, region_code, rounds (how many rounds found it failing), period, round_label,
    round_title, problem_text (the problem, or the re-check's words), status, finding (None for a problem
    the round listed, 'not_rectified' for a re-check's finding).
    """

    def rows(*need: str) -> sa.Select:
        return problem_select(
            scope,
            region,
            as_of=as_of,
            kind=kind,
            category=category,
            platform=platform,
            level=level,
            unit=unit,
            search=search,
            need=need,
        ).where(in_rounds_up_to(conn, period))

    recheck = rectifications.alias("offender_recheck")
    recheck_round = rounds.alias("offender_recheck_round")

    def rechecks(select: sa.Select) -> sa.Select:
        """Re-checks up to ``period`` that found the selected problems not rectified."""
        # The re-checks are reached from the selected problems by check_id: "+ 0" keeps SQLite from reading every
        # re-check of the country and looking each problem up by its id, "|| ''" from the status index. The rounds
        # are bounded by their period, not by a list of round ids: with a list, SQLite searched the (check_id,
        # recheck_round_id) index once per round for every failing check, 2.2 s nationally instead of 43 ms.
        finding = recheck.c.status + sa.literal_column("''")
        return (
            select.join(recheck, recheck.c.check_id == _checks.c.id + sa.literal_column("0"))
            .join(recheck_round, recheck_round.c.id == recheck.c.recheck_round_id)
            .where(finding == "not_rectified", recheck_round.c.period <= period)
        )

    # "+ 0" keeps SQLite off the target_id index, which it would scan whole (every check of the country)
    # to group in order; seeking the failing rows of each round and sorting them is five times faster.
    target = (_checks.c.target_id + sa.literal_column("0")).label("target_id")
    # UNION ALL: a round counted twice for a target (listed and re-checked) is still one round to count(DISTINCT),
    # and the de-duplication of UNION cost PostgreSQL a hash of every failing check of the country.
    found = sa.union_all(
        rows().add_columns(target, _checks.c.round_id.label("round_id"), rounds.c.period.label("period")),
        rechecks(rows()).add_columns(
            target, recheck.c.recheck_round_id.label("round_id"), recheck_round.c.period.label("period")
        ),
    ).subquery("found_failing")
    failed_rounds = sa.func.count(sa.distinct(found.c.round_id))
    offenders = conn.execute(
        sa.select(found.c.target_id, failed_rounds.label("rounds"), sa.func.max(found.c.period).label("last_period"))
        .group_by(found.c.target_id)
        .having(failed_rounds >= 2)
        .order_by(failed_rounds.desc(), sa.desc("last_period"), found.c.target_id)
        .limit(OFFENDER_ROW_CAP)
    ).all()
    # The listed targets' checks in a second query: joined to the grouping above, SQLite took twice as long.
    place = {row.target_id: (index, row.rounds) for index, row in enumerate(offenders)}
    listed = _checks.c.target_id.in_(list(place))
    common = (
        _checks.c.target_id,
        _checks.c.target_kind.label("kind"),
        targets.c.code,
        targets.c.name,
        targets.c.region_code,
    )
    listed_rows = (
        rows("target", "status")
        .add_columns(
            *common,
            rounds.c.period,
            rounds.c.period_label.label("round_label"),
            rounds.c.title.label("round_title"),
            _checks.c.problem_text,
            status_column(as_of).label("status"),
            sa.null().label("finding"),
        )
        .where(listed)
        .order_by(_checks.c.target_id, rounds.c.period, _checks.c.id)
    )
    rechecked_rows = rechecks(rows("target", "status")).add_columns(
        *common,
        recheck_round.c.period,
        recheck_round.c.period_label.label("round_label"),
        recheck_round.c.title.label("round_title"),
        recheck.c.status_text.label("problem_text"),
        status_column(as_of).label("status"),
        recheck.c.status.label("finding"),
    )
    rechecked_rows = rechecked_rows.where(listed).order_by(_checks.c.target_id, recheck_round.c.period, recheck.c.id)
    frame = pd.concat([read_frame(conn, listed_rows), read_frame(conn, rechecked_rows)], ignore_index=True)
    frame.insert(5, "rounds", [place[target_id][1] for target_id in frame["target_id"]])
    order = frame["target_id"].map(lambda target_id: place[target_id][0])
    rechecked = frame["finding"].notna()
    return (
        frame.assign(_order=order, _rechecked=rechecked)
        .sort_values(["_order", "period", "_rechecked"], kind="stable")
        .drop(columns=["_order", "_rechecked"])
        .reset_index(drop=True)
    )
