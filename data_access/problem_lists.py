"""Problem lists: every failing site, account and platform of a quarter, filtered and counted in SQL.

One row of a notice's problem annex is one problem (one failing check
result): it keeps its own printed host unit and its own text, even when a
notice lists one account twice under two units. A problem's rectification
status is decided here, once, for every page, download and the notice
writer (``status_column``), in this order, the first that applies:

1. A task (data_access.tasks) whose place still owes an answer (未反馈 or
   已退回) past the round's deadline: ``overdue`` (逾期（计算值）).
2. A task otherwise: its state, which its newest step set. ``unanswered``
   (未反馈: published, no answer yet), ``submitted`` (已反馈), ``returned``
   (已退回), ``confirmed`` (已确认), or what the newest re-check found, for a
   re-check is a step of the task too: ``rectified`` / ``passed_after_
   rectification`` close it, ``not_rectified`` (未整改) reopens it for an
   answer. So whatever happened last wins: a re-check after a confirmation,
   an answer after a re-check that found it not rectified.
3. No task: what the latest re-check or the notice found, ``rectified``
   (已整改), ``passed_after_rectification`` (整改后合格), ``not_rectified``.
4. No task, a record of rectification under way (整改中): ``overdue`` once
   the deadline is past, else ``pending`` (待整改).
5. No task, no record: ``pending`` while the deadline is ahead, and
   ``no_record`` (无整改记录) after it or when the round gives none. The
   notices list problems, not whether they were fixed: none of theirs is
   called overdue.

A round's deadline is its rectification deadline (整改), or, when the notice
gives only a date to report the rectification by (报送), that date. A task
of a round without either is never overdue: it stays 未反馈 or 已退回. A task
reopened by a re-check is not overdue by its round's old deadline either:
the next re-check decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypedDict, Unpack

import pandas as pd
import sqlalchemy as sa

from data_access.db import read_frame
from data_access.regions import Region, child_group_key
from data_access.schema import (
    TARGET_KINDS,
    check_results,
    problems,
    rectification_tasks,
    rectifications,
    regions,
    rounds,
    targets,
    unit_aliases,
    units,
)
from data_access.scope import Scope, scoped_filter

# The statuses a task gives a problem beside those of a notice (see the module's docstring).
TASK_STATUSES = ("unanswered", "submitted", "returned", "confirmed")
RECTIFICATION_STATUSES = (
    "pending",
    "overdue",
    "no_record",
    "not_rectified",
    "rectified",
    "passed_after_rectification",
    *TASK_STATUSES,
)
RECHECK_FINDINGS = ("rectified", "passed_after_rectification", "not_rectified")
# Task states in which the problem's place owes an answer by the round's deadline.
OWED_STATES = ("open", "returned")
PAGE_SIZE = 200  # rows of the problem list fetched per page
EXPORT_ROW_CAP = 10_000  # rows a download holds at most
UNIT_OPTION_CAP = 300  # units offered in the unit filter, most problems first

_checks = check_results


class ListFilters(TypedDict, total=False):
    """The list filters every problem query takes (dashboard.filters.ProblemFilters.criteria()); None: no filter.

    kind (site, account, platform), category (a standard problem category),
    platform (an account's platform), level (the region level of the row),
    unit (a units.id: rows printed with one of its spellings), status (one of
    RECTIFICATION_STATUSES on the day ``as_of``), search (text in the name,
    code, problem or printed unit).
    """

    kind: str | None
    category: str | None
    platform: str | None
    level: str | None
    unit: int | None
    status: str | None
    search: str | None


_latest = rectifications.alias("latest_rectification")
# The problem's task, if its round was published (one per check): data_access.tasks reads it through this alias.
task_of_check = rectification_tasks.alias("task")
_newer = rectifications.alias("newer_rectification")
_recheck_round = rounds.alias("recheck_round")
_printed_alias = unit_aliases.alias("printed_alias")
_row_unit = units.alias("row_unit")
_category_filter = problems.alias("category_filter")

# The standard name of the unit a row prints (its alias resolved); NULL when the notice names none.
unit_name_column = sa.func.coalesce(_printed_alias.c.unit_name, _checks.c.host_unit_text)
deadline_column = sa.func.coalesce(rounds.c.rectification_due, rounds.c.report_due)
kind_order_column = sa.case(*((_checks.c.target_kind == kind, index) for index, kind in enumerate(TARGET_KINDS)))


def in_rounds_up_to(conn: sa.Connection, period: str, *, inclusive: bool = True) -> sa.ColumnElement[bool]:
    """Checks of the rounds up to ``period`` (before it when not ``inclusive``), for the history queries.

    The rounds are looked up first and named by id, so that both planners reach the checks round
    by round through their (round, kind, passed) index; PostgreSQL otherwise read the index by
    ``passed`` alone. A few hundred ids nationally (one round per province and quarter).
    """
    earlier = rounds.c.period <= period if inclusive else rounds.c.period < period
    ids = list(conn.execute(sa.select(rounds.c.id).where(earlier).order_by(rounds.c.id)).scalars())
    return _checks.c.round_id.in_(ids)


def status_column(as_of: dt.date) -> sa.ColumnElement[str]:
    """A problem's rectification status on ``as_of`` (one of RECTIFICATION_STATUSES), ordered as the module says.

    The select needs the ``status`` join (problem_select).
    """
    task = task_of_check
    recorded = _latest.c.id.is_not(None)
    past_due = deadline_column < as_of  # NULL, so never true, when the round gives no deadline
    return sa.case(
        (sa.and_(task.c.state.in_(OWED_STATES), past_due), sa.literal("overdue")),
        (task.c.state == "open", sa.literal("unanswered")),
        (task.c.id.is_not(None), task.c.state),
        (_latest.c.status.in_(RECHECK_FINDINGS), _latest.c.status),
        (sa.and_(recorded, past_due), sa.literal("overdue")),
        (recorded, sa.literal("pending")),
        (deadline_column >= as_of, sa.literal("pending")),
        else_=sa.literal("no_record"),
    )


def categories_column() -> sa.ColumnElement[str]:
    """A row's standard categories, comma-separated."""
    return (
        sa.select(sa.func.aggregate_strings(problems.c.category, ","))
        .where(problems.c.check_id == _checks.c.id)
        .scalar_subquery()
    )


def _unit_filter(unit: int) -> sa.ColumnElement[bool]:
    """Rows printed with one of the unit's spellings, in the unit's own region."""
    owner_region = sa.select(units.c.region_code).where(units.c.id == unit).scalar_subquery()
    spellings = sa.union(
        sa.select(units.c.name).where(units.c.id == unit),
        sa.select(unit_aliases.c.alias).where(
            unit_aliases.c.region_code == owner_region,
            unit_aliases.c.unit_name == sa.select(units.c.name).where(units.c.id == unit).scalar_subquery(),
        ),
    )
    return sa.and_(_checks.c.region_code == owner_region, _checks.c.host_unit_text.in_(spellings))


def _search_filter(search: str) -> sa.ColumnElement[bool]:
    """Names, codes, problem text and printed unit containing ``search``, ignoring case; wildcards taken literally."""
    needle = search.strip().lower()
    columns = (targets.c.name, targets.c.code, _checks.c.problem_text, _checks.c.host_unit_text)
    return sa.or_(*(sa.func.lower(column).contains(needle, autoescape=True) for column in columns))


def _with_joins(joined: sa.Join, wanted: set[str]) -> sa.Join:
    """``joined`` (check_results and rounds) with the joins ``wanted`` (see ``problem_select``)."""
    if "target" in wanted:
        joined = joined.join(targets, targets.c.id == _checks.c.target_id)
    if "region" in wanted:
        joined = joined.join(regions, regions.c.code == _checks.c.region_code)
    if "status" in wanted:
        # The latest finding: the check's rectification with none newer, as two outer joins and "no
        # newer one found" (problem_select), which PostgreSQL runs as one anti-join for a whole history
        # and SQLite as an index lookup per row. "None newer exists" in the join ran once per row on
        # PostgreSQL (0.15 s for the national history), "id = the max id" twice (0.7 s).
        joined = (
            joined.outerjoin(_latest, _latest.c.check_id == _checks.c.id)
            .outerjoin(_newer, sa.and_(_newer.c.check_id == _checks.c.id, _newer.c.id > _latest.c.id))
            .outerjoin(_recheck_round, _recheck_round.c.id == _latest.c.recheck_round_id)
            .outerjoin(task_of_check, task_of_check.c.check_id == _checks.c.id)
        )
    if "unit" in wanted:
        joined = joined.outerjoin(
            _printed_alias,
            sa.and_(
                _printed_alias.c.region_code == _checks.c.region_code,
                _printed_alias.c.alias == _checks.c.host_unit_text,
            ),
        ).outerjoin(
            _row_unit, sa.and_(_row_unit.c.region_code == _checks.c.region_code, _row_unit.c.name == unit_name_column)
        )
    return joined


def problem_select(
    scope: Scope,
    region: str | None,
    *,
    as_of: dt.date,
    need: Sequence[str] = (),
    **filters: Unpack[ListFilters],
) -> sa.Select:
    """The failing check results under ``region`` that pass the filters, no period chosen, no columns yet.

    ``rounds`` is always joined; ``need`` names the other joins a caller's
    columns use: ``target`` (targets), ``region`` (regions), ``status``
    (the latest rectification and its re-check round, and the problem's
    task), ``unit`` (the row's
    standard unit, ``row_unit``). Filters bring the joins they need.
    """
    kind, category, platform = filters.get("kind"), filters.get("category"), filters.get("platform")
    level, unit, status, search = (
        filters.get("level"),
        filters.get("unit"),
        filters.get("status"),
        filters.get("search"),
    )
    wanted = set(need)
    if platform or search:
        wanted.add("target")
    if level:
        wanted.add("region")
    if status:
        wanted.add("status")
    joined = _with_joins(_checks.join(rounds, rounds.c.id == _checks.c.round_id), wanted)
    # "passed = false" and every kind spelled out let SQLite seek the (round, kind, passed) index to the
    # failing rows of each round; "passed IS 0" made it scan all checks (2.5 s for the national history).
    conditions = [
        _checks.c.passed == sa.false(),
        _checks.c.target_kind.in_([kind] if kind else TARGET_KINDS),
        scoped_filter(_checks.c.region_code, scope, region),
    ]
    if category:
        conditions.append(
            sa.exists().where(_category_filter.c.check_id == _checks.c.id, _category_filter.c.category == category)
        )
    if platform:
        conditions.append(targets.c.platform == platform)
    if level:
        conditions.append(regions.c.level == level)
    if unit is not None:
        conditions.append(_unit_filter(unit))
    if "status" in wanted:
        conditions.append(_newer.c.id.is_(None))
    if status:
        conditions.append(status_column(as_of) == status)
    if search and search.strip():
        conditions.append(_search_filter(search))
    return sa.select().select_from(joined).where(*conditions)


def row_columns(as_of: dt.date) -> list[sa.ColumnElement]:
    """The columns of one problem row; the select needs the target, region and status joins."""
    return [
        _checks.c.id.label("check_id"),
        _checks.c.target_id,
        _checks.c.target_kind.label("kind"),
        targets.c.code,
        targets.c.name,
        targets.c.url,
        targets.c.platform,
        targets.c.platform_label,
        _checks.c.region_code,
        regions.c.name.label("region_name"),
        regions.c.level,
        _checks.c.host_unit_text,
        _checks.c.problem_text,
        categories_column().label("categories"),
        _checks.c.list_label,
        _checks.c.seq,
        rounds.c.period,
        rounds.c.period_label.label("round_label"),
        rounds.c.key.label("round_key"),
        rounds.c.title.label("round_title"),
        rounds.c.notice_number,
        rounds.c.rectification_due,
        rounds.c.report_due,
        status_column(as_of).label("status"),
        _latest.c.status_text,
        _latest.c.rechecked_on,
        _recheck_round.c.period.label("recheck_period"),
        _recheck_round.c.period_label.label("recheck_label"),
        task_of_check.c.id.label("task_id"),
        task_of_check.c.state.label("task_state"),
    ]


ROW_JOINS = ("target", "region", "status")


def rows_of(page: sa.Subquery, as_of: dt.date) -> sa.Select:
    """The row columns of the checks a subquery picked (its ``check_id``), reached from it by id."""
    joined = _with_joins(
        page.join(_checks, _checks.c.id == page.c.check_id).join(rounds, rounds.c.id == _checks.c.round_id),
        set(ROW_JOINS),
    )
    return sa.select(*row_columns(as_of)).select_from(joined)


def problem_rows(
    conn: sa.Connection,
    *,
    scope: Scope,
    period: str,
    region: str | None,
    as_of: dt.date,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    **filters: Unpack[ListFilters],
) -> pd.DataFrame:
    """One page of ``period``'s problems under ``region``: kind, then region, then the annex's order.

    Grain: one row per problem (failing check result). Columns: check_id,
    target_id, kind, code, name, url, platform, platform_label, region_code,
    region_name, level, host_unit_text, problem_text, categories
    (comma-separated), list_label, seq, period, round_label (the round's own
    name: 2024年第一次), round_key, round_title, notice_number,
    rectification_due, report_due, status, status_text, rechecked_on,
    recheck_period, recheck_label, task_id and task_state (the problem's
    rectification task and its state; None when its round was not published).
    """
    query = (
        problem_select(
            scope,
            region,
            as_of=as_of,
            **filters,
            need=ROW_JOINS,
        )
        .add_columns(*row_columns(as_of))
        .where(rounds.c.period == period)
        .order_by(kind_order_column, _checks.c.region_code, rounds.c.key, _checks.c.seq, _checks.c.id)
        .offset(max(offset, 0))
        .limit(max(min(limit, EXPORT_ROW_CAP), 0))
    )
    return read_frame(conn, query)


def count_problems(
    conn: sa.Connection,
    *,
    scope: Scope,
    period: str,
    region: str | None,
    as_of: dt.date,
    **filters: Unpack[ListFilters],
) -> int:
    """How many problems of ``period`` under ``region`` pass the filters (the list's uncapped total)."""
    query = (
        problem_select(
            scope,
            region,
            as_of=as_of,
            **filters,
        )
        .add_columns(sa.func.count())
        .where(rounds.c.period == period)
    )
    return int(conn.execute(query).scalar_one())


def problems_by_kind(
    conn: sa.Connection,
    *,
    scope: Scope,
    period: str,
    region: str | None,
    as_of: dt.date,
    category: str | None = None,
    platform: str | None = None,
    level: str | None = None,
    unit: int | None = None,
    status: str | None = None,
    search: str | None = None,
) -> pd.DataFrame:
    """Problems per target kind, every filter but the kind applied.

    Grain: one row per target kind with problems. Columns: target_kind, problems.
    """
    query = (
        problem_select(
            scope,
            region,
            as_of=as_of,
            category=category,
            platform=platform,
            level=level,
            unit=unit,
            status=status,
            search=search,
        )
        .add_columns(_checks.c.target_kind, sa.func.count().label("problems"))
        .where(rounds.c.period == period)
        .group_by(_checks.c.target_kind)
        .order_by(_checks.c.target_kind)
    )
    return read_frame(conn, query)


def problems_per_category(
    conn: sa.Connection,
    *,
    scope: Scope,
    period: str,
    region: str | None,
    as_of: dt.date,
    kind: str | None = None,
    platform: str | None = None,
    level: str | None = None,
    unit: int | None = None,
    status: str | None = None,
    search: str | None = None,
) -> pd.DataFrame:
    """Problems per standard category and kind, every filter but the category applied.

    A problem naming two categories counts once in each. Grain: one row per
    target kind and category. Columns: target_kind, category, problems.
    """
    query = (
        problem_select(
            scope,
            region,
            as_of=as_of,
            kind=kind,
            platform=platform,
            level=level,
            unit=unit,
            status=status,
            search=search,
        )
        .join(problems, problems.c.check_id == _checks.c.id)
        .add_columns(_checks.c.target_kind, problems.c.category, sa.func.count().label("problems"))
        .where(rounds.c.period == period)
        .group_by(_checks.c.target_kind, problems.c.category)
        .order_by(_checks.c.target_kind, problems.c.category)
    )
    return read_frame(conn, query)


def problems_per_subregion(
    conn: sa.Connection,
    *,
    scope: Scope,
    period: str,
    region: Region | None,
    as_of: dt.date,
    **filters: Unpack[ListFilters],
) -> pd.DataFrame:
    """Problems per child region of ``region`` (its own level rolled up to itself) and kind.

    Grain: one row per child region and target kind. Columns: region_code, target_kind, problems.
    """
    key = child_group_key(region).label("region_code")
    query = (
        problem_select(
            scope,
            region.code if region else None,
            as_of=as_of,
            **filters,
            need=("region",),
        )
        .add_columns(key, _checks.c.target_kind, sa.func.count().label("problems"))
        .where(rounds.c.period == period)
        .group_by(key, _checks.c.target_kind)
        .order_by(key, _checks.c.target_kind)
    )
    return read_frame(conn, query)


def unit_options(
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
    status: str | None = None,
    search: str | None = None,
) -> pd.DataFrame:
    """The host units named by ``period``'s problems, most problems first, at most UNIT_OPTION_CAP.

    Rows whose notice names no host unit are left out. Grain: one row per
    unit. Columns: unit_id, name, region_code, region_name, problems.
    """
    query = problem_select(
        scope,
        region,
        as_of=as_of,
        kind=kind,
        category=category,
        platform=platform,
        level=level,
        status=status,
        search=search,
        need=("unit",),
    )
    counted = (
        query.add_columns(_row_unit.c.id.label("unit_id"), sa.func.count().label("problems"))
        .where(rounds.c.period == period, _row_unit.c.id.isnot(None))
        .group_by(_row_unit.c.id)
        .order_by(sa.desc("problems"), _row_unit.c.id)
        .limit(UNIT_OPTION_CAP)
        .subquery()
    )
    named = (
        sa.select(
            counted.c.unit_id,
            units.c.name,
            units.c.region_code,
            regions.c.name.label("region_name"),
            counted.c.problems,
        )
        .join(units, units.c.id == counted.c.unit_id)
        .join(regions, regions.c.code == units.c.region_code)
        .order_by(counted.c.problems.desc(), units.c.region_code, units.c.name)
    )
    return read_frame(conn, named)
