"""Query plans: page queries reach the fact tables through an index on a region, period or id, never whole.

What is checked, on the small synthetic store (SQLite always, PostgreSQL when configured):

- The statements: every SELECT that the queries timed by ``benchmarks/queries.py`` send (the main page
  queries, captured while that benchmark runs once), and every SELECT that any page in ``PAGE_FILES`` sends
  in AppTest at the national scope, one province, one city, and that city with a unit and with a target chosen.
- The rule, for each access to a fact table (FACT_TABLES) in a statement's plan: it is an index lookup whose
  condition names one of the table's KEY_COLUMNS (its region, its round, i.e. the period, or an id).
  Violations: SQLite ``SCAN t`` (a pass over the whole table or a whole index), ``SEARCH t USING AUTOMATIC
  ... INDEX`` (a transient index built from the whole table), or a ``SEARCH`` on other columns only;
  PostgreSQL a ``Seq Scan``, an ``Index Scan`` / ``Index Only Scan`` without ``Index Cond``, or an index
  condition (also under a bitmap scan) on other columns only, such as ``passed = false``.
- The exceptions, WHOLE_TABLE_AT_NATIONAL: queries that by design count every row of the country, and only
  when their ``region`` argument is None (the whole country). Each entry says why.

Why it fails for real reasons and does not flake: the store is deterministic (fixed seed and scale), and the
planners are made to plan as for a national-size table whatever the size of the test store. On SQLite the
store's ANALYZE statistics are set aside (in a transaction rolled back), so the planner assumes large tables;
with the statistics of a store this small it would rather scan where the national store uses an index. On
PostgreSQL sequential scans, hash and merge joins and parallel plans are off (PG_LARGE_TABLE_SETTINGS), so an
index lookup is taken wherever one can serve the condition: what still reads a fact table whole has no index
for its condition, or no condition. The rule judges the access path, not the rows read: a national roll-up that
visits every region or every round through a key index passes; how fast it is, ``python -m benchmarks.pages``
and ``benchmarks/queries.py`` measure.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from data_access.db import make_engine
from tests.conftest import APP_DIR, app_test

FACT_TABLES = (
    "check_results",
    "problems",
    "rectifications",
    "targets",
    "content_submissions",
    "findings",
    "check_scores",
)
# The conditions a fact table may be reached by: region, round (the period) or an id of its own or of its parent.
KEY_COLUMNS = {
    "check_results": {"id", "rowid", "round_id", "region_code", "target_id"},
    "problems": {"id", "rowid", "check_id"},
    "rectifications": {"id", "rowid", "check_id", "recheck_round_id"},
    "targets": {"id", "rowid", "region_code", "unit_id", "code"},
    "content_submissions": {"id", "rowid", "round_id", "unit_id"},
    "findings": {"id", "rowid", "check_id"},
    "check_scores": {"rowid", "check_id", "set_id"},  # set_id: its indicator set, a parent
}
# Queries that read a whole fact table on purpose when asked for the whole country (region None), and why.
WHOLE_TABLE_AT_NATIONAL = {
    "data_access.checks.computed_trend": (
        "the national pass-rate trend counts every check result of every quarter into one row per quarter and kind"
    ),
    "data_access.breakdown.registry_by_child": (
        "the national registry counts every running target into one row per province, kind and part"
    ),
    "data_access.rectification.overdue_problems": (
        "the national overdue list looks at every failed check of every round up to the period, oldest first"
    ),
    "data_access.rectification.rechecked_problems": (
        "the national re-check list looks at every earlier failed check that a round of the period re-checked"
    ),
    "data_access.rectification.repeat_offenders": (
        "national repeat offenders count every failed check of every round up to the period per target"
    ),
}
APP = str(APP_DIR / "streamlit_app.py")
# PostgreSQL plans as for a large table of which a page reads a small part: an index lookup wherever one serves
# the condition, joined by nested loops, never a hash or merge join over a whole table, no parallel workers.
PG_LARGE_TABLE_SETTINGS = {
    "enable_seqscan": "off",
    "enable_hashjoin": "off",
    "enable_mergejoin": "off",
    "max_parallel_workers_per_gather": "0",
}


@dataclass(frozen=True)
class Statement:
    """One SELECT as the driver received it, and the data_access function that sent it."""

    function: str  # module.name of the innermost public data_access function; "" when sent from elsewhere
    national: bool  # that function's ``region`` argument was None
    sql: str
    params: Any


def _sender() -> tuple[str, bool]:
    """The innermost public data_access function on the stack, and whether its ``region`` is None."""
    frame = sys._getframe(2)
    while frame is not None:
        module, name = frame.f_globals.get("__name__", ""), frame.f_code.co_name
        public = name.isidentifier() and not name.startswith("_")
        if public and module.startswith("data_access.") and module != "data_access.db":
            return f"{module}.{name}", frame.f_locals.get("region", ...) is None
        frame = frame.f_back  # type: ignore[assignment]
    return "", False


@pytest.fixture
def capture() -> Iterator[dict[tuple[str, str], Statement]]:
    """Every SELECT any engine sends while the test runs, once per (statement, parameters)."""
    seen: dict[tuple[str, str], Statement] = {}

    def record(_conn: Any, _cursor: Any, sql: str, params: Any, _context: Any, _many: bool) -> None:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            function, national = _sender()
            seen.setdefault((sql, repr(params)), Statement(function, national, sql, params))

    sa.event.listen(sa.Engine, "before_cursor_execute", record)
    yield seen
    sa.event.remove(sa.Engine, "before_cursor_execute", record)


# --- reading plans ----------------------------------------------------------------------------------

_ALIAS = re.compile(rf"\b({'|'.join(FACT_TABLES)})\s+AS\s+\"?(\w+)\"?", re.IGNORECASE)
_SQLITE_ACCESS = re.compile(r"^(SCAN|SEARCH) (\S+)(.*)$")
# The column left of a comparison, after PostgreSQL's casts are dropped: "((region_code)::text = ...)" -> region_code.
_CAST = re.compile(r"::\w+(?: varying)?(?:\[\])?")
_CONDITION_COLUMN = re.compile(r"(?:\b\w+\.)?\b(\w+)\)*\s*(?:=|<>|<=|>=|<|>|\bIN\b|~~)", re.IGNORECASE)


def _fact_aliases(sql: str) -> dict[str, str]:
    """Names a fact table goes by in ``sql`` (its own name and any alias) -> the table."""
    names = {table: table for table in FACT_TABLES}
    names.update({alias: table for table, alias in _ALIAS.findall(sql)})
    return names


def _condition_columns(condition: str) -> set[str]:
    return {column.lower() for column in _CONDITION_COLUMN.findall(_CAST.sub("", condition))}


def _why_bad(table: str, columns: set[str]) -> str:
    return "" if columns & KEY_COLUMNS[table] else f"{table} reached by {sorted(columns) or 'nothing'} only"


def sqlite_violations(conn: sa.Connection, statement: Statement) -> list[str]:
    """What in the SQLite plan of ``statement`` reads a fact table other than by region, period or id."""
    rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement.sql, statement.params).all()
    names, found = _fact_aliases(statement.sql), []
    for row in rows:
        detail = str(row[3])
        match = _SQLITE_ACCESS.match(detail)
        if not match or match.group(2) not in names:
            continue
        table, rest = names[match.group(2)], match.group(3)
        if match.group(1) == "SCAN":
            found.append(f"{table}: whole pass ({detail})")
        elif "AUTOMATIC" in rest:
            found.append(f"{table}: transient index built from the whole table ({detail})")
        else:
            condition = rest[rest.find("(") :] if "(" in rest else ""
            why = _why_bad(table, _condition_columns(condition))
            if why:
                found.append(f"{why} ({detail})")
    return found


def _pg_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _pg_nodes(child)


def pg_violations(conn: sa.Connection, statement: Statement) -> list[str]:
    """What in the PostgreSQL plan of ``statement`` reads a fact table other than by region, period or id."""
    plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement.sql, statement.params).scalar_one()
    found = []
    for node in _pg_nodes(plan[0]["Plan"]):
        table, kind = node.get("Relation Name"), node["Node Type"]
        if table not in FACT_TABLES:
            continue
        if kind in ("Seq Scan", "Parallel Seq Scan"):
            found.append(f"{table}: {kind}")
            continue
        if kind == "Bitmap Heap Scan":
            conditions = [n.get("Index Cond", "") for n in _pg_nodes(node) if n["Node Type"] == "Bitmap Index Scan"]
        else:
            conditions = [node.get("Index Cond", "")]
        for condition in conditions:
            if not condition:
                found.append(f"{table}: {kind} using {node.get('Index Name')} without a condition")
                continue
            why = _why_bad(table, _condition_columns(condition))
            if why:
                found.append(f"{why}: {kind} {condition}")
    return found


@contextlib.contextmanager
def _planner(url: str) -> Iterator[sa.Connection]:
    """A connection whose planner plans as for large tables, whatever the size of the test store.

    PostgreSQL: sequential scans off (and parallel plans), so an index is taken whenever one serves the
    condition. SQLite: the store's ANALYZE statistics are set aside inside a transaction that is rolled
    back, so its planner assumes large tables as it does on a store never analysed; with the statistics of
    a store this small it would rather scan.
    """
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                for setting, value in PG_LARGE_TABLE_SETTINGS.items():
                    conn.exec_driver_sql(f"SET {setting} = {value}")
            elif conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
                conn.exec_driver_sql("DELETE FROM sqlite_stat1")
                conn.exec_driver_sql("ANALYZE sqlite_schema")  # reload the (now absent) statistics
            try:
                yield conn
            finally:
                conn.rollback()
    finally:
        engine.dispose()


@pytest.fixture
def explain(synthetic_url: str) -> Callable[[list[Statement]], list[str]]:
    """A function from statements to the fact-table reads in their plans that break the rule."""

    def check(statements: list[Statement]) -> list[str]:
        found = []
        with _planner(synthetic_url) as conn:
            read_plan = pg_violations if conn.dialect.name == "postgresql" else sqlite_violations
            for statement in statements:
                if statement.national and statement.function in WHOLE_TABLE_AT_NATIONAL:
                    continue
                for problem in read_plan(conn, statement):
                    sender = statement.function or "(not data_access)"
                    sender += " (whole country)" if statement.national else ""
                    found.append(f"{sender}: {problem}\n{statement.sql}\n{statement.params}")
        return found

    return check


def _fact_statements(capture: dict[tuple[str, str], Statement]) -> list[Statement]:
    names = re.compile(rf"\b({'|'.join(FACT_TABLES)})\b")
    return [statement for statement in capture.values() if names.search(statement.sql)]


# --- the tests --------------------------------------------------------------------------------------


def test_the_rules_catch_whole_table_reads(synthetic_url: str, explain: Callable[[list[Statement]], list[str]]) -> None:
    """The checker itself: it flags a whole-table read and a lookup by a non-key column, and passes a key lookup."""
    dialect = sa.make_url(synthetic_url).get_backend_name()
    mark = "?" if dialect == "sqlite" else "%(value)s"

    def statement(sql: str, value: Any = None) -> Statement:
        params = () if value is None else ((value,) if dialect == "sqlite" else {"value": value})
        return Statement("", False, sql, params)

    assert explain([statement("SELECT * FROM check_results")])
    assert explain([statement("SELECT count(*) FROM check_results AS c WHERE c.passed = false")])
    assert explain([statement(f"SELECT * FROM problems WHERE category = {mark}", "security")])
    assert not explain([statement(f"SELECT * FROM check_results WHERE round_id = {mark}", 1)])
    assert not explain([statement(f"SELECT * FROM problems AS p WHERE p.check_id = {mark}", 1)])


def test_the_main_queries_use_their_indexes(
    synthetic_url: str,
    capture: dict[tuple[str, str], Statement],
    explain: Callable[[list[Statement]], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Everything benchmarks/queries.py times reaches the fact tables by region, period or id."""
    from benchmarks import queries

    monkeypatch.setattr(sys, "argv", ["benchmarks.queries", "--url", synthetic_url, "--repeat", "1"])
    queries.main()
    # The benchmark's own row counts are not page queries: only what data_access sends is judged.
    statements = [statement for statement in _fact_statements(capture) if statement.function]
    assert len({statement.function for statement in statements}) >= 10, "the benchmark's queries were not captured"
    found = explain(statements)
    assert not found, "\n\n".join(found)


@pytest.fixture(scope="module")
def views(synthetic_url: str) -> list[dict[str, str]]:
    """National, one province, one city, and the city with a unit and with a target of it chosen."""
    from data_access.synthetic import KEPT_REGIONS

    city = KEPT_REGIONS[0]
    engine = make_engine(synthetic_url)
    with engine.connect() as conn:
        row = conn.execute(
            sa.text("select unit_id, id from targets where region_code = :city and unit_id is not null order by id"),
            {"city": city},
        ).first()
    engine.dispose()
    assert row is not None, f"the synthetic store has no target in {city}"
    return [
        {},
        {"region": city[:2] + "0000"},
        {"region": city},
        {"region": city, "unit": str(row.unit_id)},
        {"region": city, "target": str(row.id)},
    ]


def test_no_page_query_reads_a_whole_fact_table(
    views: list[dict[str, str]],
    synthetic_app_env: str,
    capture: dict[tuple[str, str], Statement],
    explain: Callable[[list[Statement]], list[str]],
) -> None:
    """Every page, at every scope and drill level, reaches the fact tables by region, period or id."""
    import streamlit as st

    from dashboard.filters import PAGE_FILES

    failed = []
    for name, file in PAGE_FILES.items():
        for params in views:
            st.cache_data.clear()  # every view runs its SQL, none is served from another view's cache
            app = app_test(timeout=120)
            app.switch_page(file)
            for key, value in params.items():
                app.query_params[key] = value
            app.run()
            if app.exception or app.error:
                failed.append(f"{name} {params}: {[e.value for e in [*app.exception, *app.error]]}")
    assert not failed, "pages that did not run, so their queries were not checked:\n" + "\n".join(failed)
    statements = _fact_statements(capture)
    assert len(statements) >= 10, "the pages' queries were not captured"
    found = explain(statements)
    assert not found, "\n\n".join(found)
