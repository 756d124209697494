"""store.prefetch: a page's independent queries run at once, land in the cache, and a failure is left to the page."""

from __future__ import annotations

import threading
import time

import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

# What the queries below did, read by the test after the page ran (AppTest runs the page in this process).
RUNS: list[tuple[str, int, float, float, str]] = []
_LOCK = threading.Lock()
HOLD_S = 0.3  # each query holds its connection this long, so that two at once overlap


def _held(name: str, conn: sa.Connection, x: int) -> int:
    started = time.perf_counter()
    value = int(conn.execute(sa.text("select count(*) from rounds")).scalar_one()) + x
    time.sleep(HOLD_S)
    with _LOCK:
        RUNS.append((name, x, started, time.perf_counter(), threading.current_thread().name))
    return value


def first(conn: sa.Connection, *, x: int) -> int:
    return _held("first", conn, x)


def second(conn: sa.Connection, *, x: int) -> int:
    return _held("second", conn, x)


def broken(conn: sa.Connection) -> int:
    raise sa.exc.OperationalError("select 1", {}, Exception("down"))


def _page() -> None:
    import streamlit as st

    from dashboard import store
    from tests.test_prefetch import broken, first, second

    store.prefetch((first, {"x": 1}), (second, {"x": 2}), (broken, {}))
    st.write(f"{store.run(first, x=1)} {store.run(second, x=2)}")


def test_prefetched_queries_run_at_once_and_once(app_env: str) -> None:
    RUNS.clear()
    app = AppTest.from_function(_page, default_timeout=30).run()
    assert not app.exception
    (first_run,) = [run for run in RUNS if run[0] == "first"]
    (second_run,) = [run for run in RUNS if run[0] == "second"]
    # Both ran in prefetch threads, at the same time, and the page's own run found them cached.
    assert first_run[4].startswith("prefetch") and second_run[4].startswith("prefetch")
    assert first_run[2] < second_run[3] and second_run[2] < first_run[3]
    got_first, got_second = app.markdown[0].value.split()
    assert int(got_second) == int(got_first) + 1  # rounds + 1, rounds + 2
    # Cached: a second run of the page runs neither again.
    app.run()
    assert len(RUNS) == 2 and not app.exception
