"""Time the overview's queries on a store and print the figures.

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
from data_access.scope import NATIONAL


def _time(conn: sa.Connection, query: Callable[..., Any], repeat: int, **kwargs: Any) -> tuple[float, float]:
    query(conn, **kwargs)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        query(conn, **kwargs)
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), max(runs)


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
            ]
            for name, query, kwargs in cases:
                median, slowest = _time(conn, query, args.repeat, scope=NATIONAL, **kwargs)
                print(f"  {label:9} {name:22} {median:8.1f} {slowest:8.1f}")
    engine.dispose()


if __name__ == "__main__":
    main()
