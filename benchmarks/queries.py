"""Time the queries of the overview and the drill-down on a store and print the figures.

    python -m benchmarks.queries --url sqlite:///national.db [--repeat 5]

Each query runs once to warm the cache, then ``--repeat`` times; the median
and the slowest run are printed in milliseconds, for the whole country, the
first province and the first city of that province, in the newest period.
"""

from __future__ import annotations

import argparse
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
from data_access.db import make_engine
from data_access.figures import region_figures, reported_trend, subregion_figures
from data_access.regions import children, get_region
from data_access.schema import targets
from data_access.scope import NATIONAL
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
            ]
            found = _unit_and_target(conn, city) if code == city else None
            if found:
                unit_id, target_id = found
                cases += [
                    ("unit_targets", unit_targets, {"unit_id": unit_id, "period": period}),
                    ("unit_history", unit_history, {"unit_id": unit_id}),
                    ("target_history", target_history, {"target_id": target_id}),
                ]
            for name, query, kwargs in cases:
                median, slowest = _time(conn, query, args.repeat, scope=NATIONAL, **kwargs)
                print(f"  {label:9} {name:24} {median:8.1f} {slowest:8.1f}")
    engine.dispose()


if __name__ == "__main__":
    main()
