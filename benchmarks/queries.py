"""Time the queries of the pages (overview, drill-down, lists, content, disclosure, scores) and print the figures.

    python -m benchmarks.queries --url sqlite:///national.db [--repeat 5]

Each query runs once to warm the cache, then ``--repeat`` times; the median
and the slowest run are printed in milliseconds, for the whole country, the
first province and the first city of that province, in the newest period.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from data_access.breakdown import deeper_reported_regions, registry_by_child, reported_children
from data_access.checks import (
    computed_by_subregion,
    computed_trend,
    item_counts,
    periods_with_data,
    problems_by_category,
)
from data_access.content import (
    submission_periods,
    submission_ranking,
    submission_rows,
    submission_totals,
    unit_submission_history,
)
from data_access.db import make_engine
from data_access.disclosure import (
    disclosure_by_child,
    disclosure_periods,
    disclosure_rows,
    disclosure_totals,
    message_rows,
    message_totals,
    unit_disclosure_history,
)
from data_access.figures import region_figures, reported_trend, subregion_figures
from data_access.problem_lists import (
    count_problems,
    problem_rows,
    problems_by_kind,
    problems_per_category,
    problems_per_subregion,
    unit_options,
)
from data_access.rectification import (
    overdue_problems,
    rechecked_problems,
    repeat_offenders,
    round_deadlines,
    status_by_subregion,
    status_by_unit,
)
from data_access.regions import children, get_region
from data_access.registry_changes import registry_change_counts, registry_change_periods, registry_change_rows
from data_access.schema import content_submissions, disclosure_stats, targets, units
from data_access.scope import NATIONAL
from data_access.scores import (
    band_counts,
    points_by_child_indicator,
    printed_bands,
    score_counts,
    score_summary,
    scored_periods,
    scores_by_child,
    unit_scores,
    veto_reasons,
)
from data_access.targets import count_failing, failing_targets, target_history
from data_access.units import region_units, unit_history, unit_targets


def _time(conn: sa.Connection, query: Callable[..., Any], repeat: int, **kwargs: Any) -> tuple[float, float]:
    query(conn, **kwargs)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        query(conn, **kwargs)
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), max(runs)


def _unit_and_target(conn: sa.Connection, region: str) -> tuple[int, int] | None:
    """A unit of ``region`` that hosts a target, and that target; None when there is none."""
    row = conn.execute(
        sa.select(targets.c.unit_id, targets.c.id)
        .where(targets.c.region_code == region, targets.c.unit_id.isnot(None))
        .order_by(targets.c.id)
        .limit(1)
    ).first()
    return (int(row.unit_id), int(row.id)) if row else None


def _unit_in(conn: sa.Connection, table: sa.Table, region: str) -> int | None:
    """A unit of ``region`` with a row in ``table`` (content submissions, disclosure counts); None when none has."""
    found = conn.execute(
        sa.select(table.c.unit_id)
        .join(units, units.c.id == table.c.unit_id)
        .where(units.c.region_code == region)
        .order_by(table.c.unit_id)
        .limit(1)
    ).scalar()
    return int(found) if found is not None else None


def _listed(period: str, region: object, **extra: object) -> dict[str, Any]:
    """Arguments of a problem-list or rectification query: today decides which problems are overdue."""
    return {"period": period, "region": region, "as_of": dt.date.today(), **extra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    engine = make_engine(args.url)
    with engine.connect() as conn:
        rows = {
            table: conn.execute(sa.text(f"select count(*) from {table}")).scalar_one()
            for table in ("targets", "check_results", "problems", "rectifications")
        }
        print(
            f"store: {engine.url.render_as_string(hide_password=True)}  "
            + "  ".join(f"{k}={v:,}" for k, v in rows.items())
        )
        period = periods_with_data(conn, scope=NATIONAL, region=None)[0]
        province = str(children(conn, scope=NATIONAL, parent_code=None)["code"].iloc[0])
        cities = children(conn, scope=NATIONAL, parent_code=province)
        city = str(cities["code"].iloc[0]) if not cities.empty else province
        print(f"period {period}; province {province}; city {city}; median / max of {args.repeat} runs, ms")
        for label, code in (("national", None), ("province", province), ("city", city)):
            region = get_region(conn, code) if code else None
            in_period = {"period": period, "region": code}
            cases: list[tuple[str, Callable[..., Any], dict[str, Any]]] = [
                ("periods_with_data", periods_with_data, {"region": code}),
                ("region_figures", region_figures, {"period": period, "region": code}),
                ("item_counts", item_counts, {"period": period, "region": code}),
                ("reported_trend", reported_trend, {"region": code}),
                ("computed_trend", computed_trend, {"region": code}),
                ("subregion_figures", subregion_figures, {"period": period, "region": code}),
                ("computed_by_subregion", computed_by_subregion, {"period": period, "region": region}),
                ("problems_by_category", problems_by_category, {"period": period, "region": code}),
                ("reported_children", reported_children, {"period": period, "region": code}),
                ("deeper_reported_regions", deeper_reported_regions, {"period": period, "region": code}),
                ("registry_by_child", registry_by_child, {"region": region}),
                ("failing_targets", failing_targets, {"period": period, "region": code}),
                ("count_failing", count_failing, {"period": period, "region": code}),
                ("region_units", region_units, {"period": period, "region": code}),
                ("submission_periods", submission_periods, {"region": code}),
                ("submission_totals", submission_totals, {"period": period, "region": region}),
                ("submission_rows", submission_rows, {"period": period, "region": region}),
                ("submission_ranking", submission_ranking, {"period": period, "region": region}),
                ("disclosure_periods", disclosure_periods, {"region": code}),
                ("disclosure_totals", disclosure_totals, {"period": period, "region": code}),
                ("disclosure_by_child", disclosure_by_child, {"period": period, "region": region}),
                ("disclosure_rows", disclosure_rows, {"period": period, "region": region}),
                ("message_rows suggestion", message_rows, {**in_period, "channel": "governor_suggestion"}),
                ("message_rows error", message_rows, {**in_period, "channel": "site_error_report"}),
                ("message_totals", message_totals, {"period": period, "region": code}),
                ("registry_change_periods", registry_change_periods, {"region": code}),
                ("registry_change_counts", registry_change_counts, {"period": period, "region": code}),
                ("registry_change_rows", registry_change_rows, {"period": period, "region": code}),
                ("problems_by_kind", problems_by_kind, _listed(period, code)),
                ("problems_per_category", problems_per_category, _listed(period, code)),
                ("problems_per_subregion", problems_per_subregion, _listed(period, region)),
                ("count_problems", count_problems, _listed(period, code)),
                ("problem_rows", problem_rows, _listed(period, code)),
                ("problem_rows last page", problem_rows, _listed(period, code, offset=4000)),
                ("problem_rows search", problem_rows, _listed(period, code, search="栏目")),
                ("unit_options", unit_options, _listed(period, code)),
                ("round_deadlines", round_deadlines, {"period": period, "region": code}),
                ("status_by_subregion", status_by_subregion, _listed(period, region)),
                ("status_by_unit", status_by_unit, _listed(period, code)),
                ("rechecked_problems", rechecked_problems, _listed(period, code)),
                ("overdue_problems", overdue_problems, _listed(period, code)),
                ("repeat_offenders", repeat_offenders, _listed(period, code)),
                ("score_summary", score_summary, {"period": period, "region": code, "kind": "site"}),
                ("scores_by_child", scores_by_child, {"period": period, "region": region, "kind": "site"}),
                (
                    "points_by_child_indicator",
                    points_by_child_indicator,
                    {"period": period, "region": region, "kind": "site"},
                ),
                ("score_counts", score_counts, {"period": period, "region": code, "kind": "site"}),
                ("band_counts", band_counts, {"period": period, "region": code, "kind": "site"}),
                ("veto_reasons", veto_reasons, {"period": period, "region": code, "kind": "site"}),
                ("unit_scores", unit_scores, {"period": period, "region": code, "kind": "site"}),
                ("scored_periods", scored_periods, {"region": code, "kind": "site"}),
                ("printed_bands", printed_bands, {"period": period, "region": code}),
            ]
            found = _unit_and_target(conn, city) if code == city else None
            if found:
                unit_id, target_id = found
                cases += [
                    ("unit_targets", unit_targets, {"unit_id": unit_id, "period": period}),
                    ("unit_history", unit_history, {"unit_id": unit_id}),
                    ("target_history", target_history, {"target_id": target_id}),
                ]
            for name, table, history in (
                ("unit_submission_history", content_submissions, unit_submission_history),
                ("unit_disclosure_history", disclosure_stats, unit_disclosure_history),
            ):
                unit = _unit_in(conn, table, city) if code == city else None
                if unit is not None:
                    cases.append((name, history, {"unit_id": unit}))
            for name, query, kwargs in cases:
                median, slowest = _time(conn, query, args.repeat, scope=NATIONAL, **kwargs)
                print(f"  {label:9} {name:24} {median:8.1f} {slowest:8.1f}")
    engine.dispose()


if __name__ == "__main__":
    main()
