"""Time every page of the app on the national dataset and on the demo data, and print one table per engine.

    python -m benchmarks.pages [--scale 1.0] [--repeat 3] [--sessions 10] [--keep DIR] [--pages a,b]

Builds the synthetic national dataset (``data_access.synthetic``) and the
notices' demo data (``data_access.sample_data``) into SQLite and, when
``TEST_DATABASE_URL`` is set, into PostgreSQL (one schema each). ``--keep
DIR`` keeps the SQLite files (and the PostgreSQL schemas) and reuses them on
the next run. Then, for every page in ``dashboard.filters.PAGE_FILES`` at the
national scope, one province and one city, in the newest period (the page's
default), in milliseconds:

- cold: the page's run in AppTest with Streamlit's query cache empty (the
  engine stays open and the installed components are scanned once, as in a
  running server); warm: the same run again, cache filled; median of
  ``--repeat`` runs each;
- sql: the data_access calls the page made (recorded by wrapping
  ``dashboard.store.run``), run directly on a connection, summed;
- naive: ``pd.read_sql`` of every whole fact table the page's SQL reads
  (a table counted from one, such as check_counts, stands for it), each
  table timed once per engine: the peer that loads the data and filters
  in pandas;
- chromium: the page served by ``streamlit run`` on 127.0.0.1, from
  navigation to the script's state ``notRunning`` with the page's title,
  charts, tables and metrics drawn, cache warm; and the same on the demo data,
  in the demo's quarter in which the page draws most nearly the charts,
  tables and metrics it draws nationally (so that the ratio measures the
  scale of the data, not a page that draws nothing on the demo's newest
  quarter).

Then ``--sessions`` browser sessions open the national overview at once (one
Chromium, one context each), against one new session alone. All traffic goes
to 127.0.0.1; every loop is bounded; servers and browser are stopped at the end,
also on error or Ctrl-C. Timings share the machine with everything else on it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from data_access.db import URL_ENV, make_engine, migrate
from data_access.synthetic import KEPT_REGIONS

APP_DIR = Path(__file__).resolve().parent.parent
APP = APP_DIR / "streamlit_app.py"
PG_ENV = "TEST_DATABASE_URL"
LOG_LEVEL_ENV = "STREAMLIT_LOGGER_LEVEL"
FACT_TABLES = (
    "check_results",
    "problems",
    "rectifications",
    "targets",
    "content_submissions",
    "findings",
    "check_scores",
)
# Tables counted from a fact table (data_access.check_counts): a page that reads one reads that fact
# table as far as the naive peer is concerned, which would count from the facts themselves.
DERIVED_FROM = {"check_counts": "check_results"}
# Jiujiang (kept in every synthetic subset) and its province: both stores have them, so each page is
# compared with itself on the demo data at the same scope.
DEFAULT_CITY = KEPT_REGIONS[0]
DEFAULT_PROVINCE = DEFAULT_CITY[:2] + "0000"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    # Any host name but the loopback address fails to resolve: nothing leaves the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
VIEWPORT_WIDTH, VIEWPORT_HEIGHT = 1440, 2400  # tall: Streamlit scrolls inside its own container
SERVER_START_TIMEOUT_S = 90
PAGE_TIMEOUT_MS = 180_000
SETTLE_POLLS = 6  # the content counts must hold this many polls in a row (250 ms apart) on the untimed visit
SETTLE_MAX_POLLS = 60
LOG_TAIL_LINES = 30

TARGETS = {"cold_vs_naive": 10.0, "national_vs_demo": 1.5, "sql_share": 1 / 3}

# What the page shows once drawn: its error boxes, and its title, charts, tables and metrics.
_CONTENT_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const error = document.querySelector('[data-testid="stException"], [data-testid="stAlertContentError"]');
  const h1 = document.querySelector('h1');
  return {
    state: app ? app.getAttribute('data-test-script-state') : null,
    error: error ? error.innerText.slice(0, 200) : null,
    title: h1 ? h1.innerText : '',
    charts: [...document.querySelectorAll('.js-plotly-plot')].filter(e => e.querySelector('.main-svg')).length,
    frames: document.querySelectorAll('[data-testid="stDataFrame"]').length,
    metrics: document.querySelectorAll('[data-testid="stMetric"]').length,
  };
}
"""
_READY_JS = f"""
(want) => {{
  const got = ({_CONTENT_JS})();
  if (got.error) return got;
  if (got.state !== 'notRunning' || !got.title.includes(want.title)) return false;
  return got.charts >= want.charts && got.frames >= want.frames && got.metrics >= want.metrics ? got : false;
}}
"""


# --- stores -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stores:
    """One engine's two stores: the national synthetic dataset and the notices' demo data."""

    engine: str
    national: str
    demo: str


def _pg_schema_url(base: str, schema: str) -> str:
    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _marker(scale: float | None) -> tuple[str, str]:
    """What ``imports`` holds in a complete store: the synthetic load of ``scale``, or the notices (None)."""
    if scale is None:
        return "notice_data", ""
    return "synthetic", f"scale={scale:g},"


def _is_complete(url: str, scale: float | None) -> bool:
    """True when the store at ``url`` holds exactly the load ``_marker(scale)`` names (loads are all or nothing)."""
    source, text = _marker(scale)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("select source, description from imports")).all()
        return len(rows) == 1 and rows[0][0] == source and text in (rows[0][1] or "")
    except sa.exc.SQLAlchemyError:
        return False
    finally:
        engine.dispose()


def _fill(url: str, scale: float | None) -> None:
    from data_access.sample_data import load_notices
    from data_access.synthetic import generate

    engine = make_engine(url)
    try:
        migrate(engine)
        if scale is None:
            load_notices(engine)
        else:
            generate(engine, scale=scale)
    finally:
        engine.dispose()


def _fingerprint(scale: float | None) -> str:
    """A hash of the loader and the data it reads: a kept store made by other code is built again."""
    data = APP_DIR / "data_access"
    if scale is None:
        paths = [data / "sample_data.py", *sorted((data / "notice_data").rglob("*"))]
    else:
        paths = [
            data / "synthetic.py",
            data / "problems.py",
            data / "units.py",
            data / "scoring.py",
            *sorted((data / "reference").rglob("*")),
            *sorted((data / "indicator_sets").rglob("*")),
        ]
    digest = hashlib.sha256(f"{scale}".encode())
    for path in paths:
        if path.is_file():
            digest.update(path.relative_to(APP_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class _Kept:
    """What ``DIR/stores.json`` says each kept store was built from."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "stores.json"
        self.built: dict[str, str] = json.loads(self.path.read_text()) if self.path.exists() else {}

    def reusable(self, key: str, url: str, scale: float | None) -> bool:
        return self.built.get(key) == _fingerprint(scale) and _is_complete(url, scale)

    def record(self, key: str, scale: float | None) -> None:
        self.built[key] = _fingerprint(scale)
        self.path.write_text(json.dumps(self.built, indent=1))


def _sqlite_store(kept: _Kept, name: str, scale: float | None) -> str:
    path = kept.path.parent / f"{name}.db"
    url = f"sqlite:///{path}"
    if path.exists() and kept.reusable(name, url, scale):
        _migrate(url)
        print(f"  reusing {path}")
        return url
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    _fill(url, scale)
    kept.record(name, scale)
    print(f"  built {path} in {time.perf_counter() - started:.0f} s")
    return url


def _pg_store(kept: _Kept, base: str, schema: str, scale: float | None) -> str:
    url = _pg_schema_url(base, schema)
    key = sa.make_url(base).set(password=None, query={}).render_as_string() + "#" + schema
    if kept.reusable(key, url, scale):
        _migrate(url)
        print(f"  reusing schema {schema}")
        return url
    _drop_schema(base, schema)
    engine = make_engine(base)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'create schema "{schema}"'))
    finally:
        engine.dispose()
    started = time.perf_counter()
    _fill(url, scale)
    kept.record(key, scale)
    print(f"  built schema {schema} in {time.perf_counter() - started:.0f} s")
    return url


def _drop_schema(base: str, schema: str) -> None:
    engine = make_engine(base)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'drop schema if exists "{schema}" cascade'))
    finally:
        engine.dispose()


def _migrate(url: str) -> None:
    engine = make_engine(url)
    try:
        migrate(engine)
    finally:
        engine.dispose()


def _scale_name(scale: float) -> str:
    return f"{scale:g}".replace(".", "_")


def build_stores(directory: Path, scale: float, pg_base: str | None) -> list[Stores]:
    """The stores of every engine, reused from ``directory`` (and its PostgreSQL schemas) when complete."""
    print(f"stores (national scale {scale:g}, demo = the notices' data):")
    kept = _Kept(directory)
    found = [
        Stores(
            "sqlite",
            _sqlite_store(kept, f"national-{_scale_name(scale)}", scale),
            _sqlite_store(kept, "demo", None),
        )
    ]
    if pg_base:
        national, demo = pg_schemas(scale)
        found.append(
            Stores("postgresql", _pg_store(kept, pg_base, national, scale), _pg_store(kept, pg_base, demo, None))
        )
    return found


def pg_schemas(scale: float) -> tuple[str, str]:
    """The PostgreSQL schemas of the national dataset at ``scale`` and of the demo data."""
    return f"bench_pages_national_{_scale_name(scale)}", "bench_pages_demo"


# --- AppTest runs and the page's SQL ----------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One page at one scope."""

    page: str  # url path, a key of PAGE_FILES
    file: str
    scope: str  # national | province | city
    region: str | None

    def path(self, period: str | None = None) -> str:
        """The page's URL path at this scope, in ``period`` (the page's newest by default)."""
        params = [f"region={self.region}"] if self.region else []
        params += [f"period={period}"] if period else []
        return f"/{self.page}" + (f"?{'&'.join(params)}" if params else "")


@dataclass
class Call:
    """One data_access call a page made through dashboard.store.run."""

    query: Callable[..., Any]
    kwargs: dict[str, Any]

    @property
    def name(self) -> str:
        return self.query.__name__

    def key(self) -> tuple[str, str]:
        return f"{self.query.__module__}.{self.query.__name__}", repr(sorted(self.kwargs.items()))


@dataclass
class AppResult:
    cold_ms: float = float("nan")
    warm_ms: float = float("nan")
    sql_ms: float = float("nan")
    slowest: tuple[str, float] = ("", float("nan"))
    calls: list[Call] = field(default_factory=list)
    tables: set[str] = field(default_factory=set)
    period: str = ""
    title: str = ""
    error: str = ""
    shown: tuple[int, int, int] = (0, 0, 0)  # charts, tables, metrics the page drew


@contextlib.contextmanager
def _recording(calls: list[Call]) -> Iterator[None]:
    """Record every ``dashboard.store.run`` call (the page's whole SQL) while the block runs."""
    from dashboard import store

    original = store.run

    def run(query: Callable[..., Any], **kwargs: Any) -> Any:
        calls.append(Call(query, dict(kwargs)))
        return original(query, **kwargs)

    store.run = run
    try:
        yield
    finally:
        store.run = original


BENCH_USER = "bench-admin"  # a national administrator the benchmark creates in its own stores, random password
_BROWSER_TOKENS: dict[str, str] = {}  # base URL of the benchmark's server -> its session token


def session_token(url: str) -> str:
    """A session token of BENCH_USER on the store at ``url``, as a login issues one (created on first use)."""
    import secrets

    from data_access import sessions, users

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            account = users.get_account(conn, BENCH_USER)
            if account is None:
                password = secrets.token_urlsafe(24)
                account = users.add_account(
                    conn, user_name=BENCH_USER, password=password, role="admin", region_code=None, actor="benchmark"
                )
            return sessions.issue_token(conn, account)
    finally:
        engine.dispose()


def _app_run(case: Case, period: str | None = None) -> tuple[float, Any]:
    from streamlit.testing.v1 import AppTest

    from dashboard.auth import TOKEN_KEY

    app = AppTest.from_file(str(APP), default_timeout=PAGE_TIMEOUT_MS / 1000)
    app.session_state[TOKEN_KEY] = session_token(os.environ[URL_ENV])
    app.switch_page(case.file)
    if case.region:
        app.query_params["region"] = case.region
    if period:
        app.query_params["period"] = period
    started = time.perf_counter()
    app.run()
    return (time.perf_counter() - started) * 1000, app


def _app_error(app: Any) -> str:
    if app.exception:
        return "exception: " + str(app.exception[0].value)[:120]
    if app.error:
        return "error: " + str(app.error[0].value)[:120]
    if not app.title:
        return "no title"
    return ""


_TABLE_IN_SQL = re.compile(r"\b(?:FROM|JOIN)\s+\"?([a-z_][a-z0-9_]*)\"?", re.IGNORECASE)


def _direct_sql(url: str, calls: list[Call], repeat: int) -> tuple[float, tuple[str, float], set[str]]:
    """Run the page's distinct calls directly: median total ms, the slowest call, the tables their SQL reads."""
    unique = list({call.key(): call for call in calls}.values())
    engine = make_engine(url)
    statements: list[str] = []

    def capture(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", capture)
    totals: list[float] = []
    per_call: list[list[float]] = [[] for _ in unique]
    try:
        for attempt in range(repeat + 1):  # the first pass warms the connection pool and the page cache
            total = 0.0
            for call, times in zip(unique, per_call, strict=True):
                started = time.perf_counter()
                with engine.connect() as conn:
                    call.query(conn, **call.kwargs)
                elapsed = (time.perf_counter() - started) * 1000
                total += elapsed
                if attempt:
                    times.append(elapsed)
            if attempt:
                totals.append(total)
            else:
                sa.event.remove(engine, "before_cursor_execute", capture)
    finally:
        engine.dispose()
    names = {name.lower() for statement in statements for name in _TABLE_IN_SQL.findall(statement)}
    tables = {DERIVED_FROM.get(name, name) for name in names}
    medians = [(call.name, statistics.median(times)) for call, times in zip(unique, per_call, strict=True)]
    slowest = max(medians, key=lambda item: item[1]) if medians else ("", 0.0)
    return statistics.median(totals), slowest, tables


def scan_components_once() -> None:
    """Scan the installed packages for Streamlit components once in this process, as a server does at start.

    The benchmark and the test session (tests/conftest.py) both call it.

    Every new AppTest scans them again (0.13 to 0.3 s of reading package metadata
    here), which is not the page's run and which a served page never pays.
    """
    from streamlit.components.v2 import manifest_scanner

    if getattr(manifest_scanner.scan_component_manifests, "scanned_once", False):
        return
    found = manifest_scanner.scan_component_manifests()

    def scanned(max_workers: int | None = None) -> list[Any]:
        return list(found)

    scanned.scanned_once = True  # type: ignore[attr-defined]
    manifest_scanner.scan_component_manifests = scanned


def _shown(app: Any) -> tuple[int, int, int]:
    """The charts, tables and metrics an AppTest run drew."""
    return len(app.get("plotly_chart")), len(app.dataframe), len(app.metric)


def like_for_like_periods(url: str, cases: list[Case], national: dict[Case, AppResult]) -> dict[Case, str]:
    """For each case, the quarter of the demo data in which the page draws most nearly what it draws nationally.

    The demo holds five notices, so in its newest quarter a page may draw no
    chart at all where the national page draws two; compared there, the ratio
    would measure the content, not the scale. Charts weigh most (they are what
    the browser spends its time on), then tables and metrics; ties go to the
    newer quarter.
    """
    os.environ[URL_ENV] = url
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            periods = list(conn.execute(sa.text("select distinct period from rounds order by period desc")).scalars())
    finally:
        engine.dispose()
    chosen: dict[Case, str] = {}
    for case in cases:
        want = national[case].shown
        best: tuple[int, str] | None = None
        for period in periods:
            try:
                got = _shown(_app_run(case, period)[1])
            except Exception:  # noqa: BLE001 - a quarter the page cannot show is simply not chosen
                continue
            distance = 100 * abs(got[0] - want[0]) + abs(got[1] - want[1]) + abs(got[2] - want[2])
            if best is None or distance < best[0]:
                best = (distance, period)
        if best is not None:
            chosen[case] = best[1]
    return chosen


def measure_apptest(
    url: str, cases: list[Case], repeat: int, periods: dict[Case, str] | None = None
) -> dict[Case, AppResult]:
    """Each case cold and warm in AppTest (in ``periods``' quarter, else the newest), and its SQL run directly."""
    scan_components_once()
    periods = periods or {}
    # Not the bare-mode warnings of clearing caches outside a running app: the level set now and on config reads.
    os.environ[LOG_LEVEL_ENV] = "error"
    import streamlit as st
    from streamlit.logger import set_log_level

    set_log_level("error")
    os.environ[URL_ENV] = url
    with contextlib.suppress(Exception):  # a page that fails is reported below, in its row
        _app_run(cases[0])  # untimed: the first run imports the app's modules and opens the engine
    results: dict[Case, AppResult] = {}
    for case in cases:
        result = results.setdefault(case, AppResult())
        try:
            cold, warm = [], []
            for attempt in range(repeat):
                st.cache_data.clear()
                calls: list[Call] = []
                with _recording(calls):
                    elapsed, app = _app_run(case, periods.get(case))
                cold.append(elapsed)
                if attempt == 0:
                    result.calls, result.error = calls, _app_error(app)
                    result.title = app.title[0].value if app.title else ""
                    result.shown = _shown(app)
            for _ in range(repeat):
                warm.append(_app_run(case, periods.get(case))[0])
            result.cold_ms, result.warm_ms = statistics.median(cold), statistics.median(warm)
            result.period = next((str(c.kwargs["period"]) for c in result.calls if c.kwargs.get("period")), "")
            result.sql_ms, result.slowest, result.tables = _direct_sql(url, result.calls, repeat)
        except Exception as exc:  # noqa: BLE001 - one failing page is reported in its row, the others still run
            result.error = result.error or f"{type(exc).__name__}: {str(exc)[:120]}"
    return results


def naive_loads(url: str, tables: set[str]) -> dict[str, tuple[float, int]]:
    """Each whole fact table read into pandas once: ms and rows."""
    engine = make_engine(url)
    loads = {}
    try:
        with engine.connect() as conn:  # the first connection's set-up is not the peer's load
            conn.execute(sa.text("select 1"))
        for table in sorted(tables & set(FACT_TABLES)):
            started = time.perf_counter()
            with engine.connect() as conn:
                frame = pd.read_sql(sa.text(f"select * from {table}"), conn)
            loads[table] = ((time.perf_counter() - started) * 1000, len(frame))
            del frame
    finally:
        engine.dispose()
    return loads


# --- the served app in Chromium ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(url: str, log_path: Path) -> Iterator[str]:
    """``streamlit run`` on a free loopback port serving ``url``, logging to ``log_path``, until the block ends."""
    port = _free_port()
    env = {**os.environ, URL_ENV: url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop(LOG_LEVEL_ENV, None)  # the server logs its errors
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(APP),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=APP_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"streamlit did not start on {base}:\n{tail}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass
class Visit:
    ms: float
    error: str = ""


@dataclass
class BrowserResults:
    pages: dict[Case, list[Visit]] = field(default_factory=dict)
    # The overview in new sessions: one alone, then all at once; each first with an empty browser
    # cache ("new"), then reloaded by the same sessions at once ("again").
    alone: dict[str, list[Visit]] = field(default_factory=lambda: {"new": [], "again": []})
    burst: dict[str, list[Visit]] = field(default_factory=lambda: {"new": [], "again": []})
    outside_requests: list[str] = field(default_factory=list)
    log_tail: list[str] = field(default_factory=list)  # the server's last lines when a visit failed

    def failed(self) -> bool:
        groups = [*self.alone.values(), *self.burst.values(), *self.pages.values()]
        return any(visit.error for visits in groups for visit in visits)


def _watch_requests(page: Any, base: str, outside: list[str]) -> None:
    def check(request: Any) -> None:
        if not request.url.startswith((base, "data:", "blob:", "about:")):
            outside.append(request.url)

    page.on("request", check)


async def _new_context(browser: Any, base: str) -> Any:
    """A new browser session: its own cookies (a logged-in session's among them), storage and cache."""
    from dashboard.auth import COOKIE_NAME

    context = await browser.new_context(viewport={"width": VIEWPORT_WIDTH, "height": VIEWPORT_HEIGHT})
    await context.add_cookies([{"name": COOKIE_NAME, "value": _BROWSER_TOKENS[base], "url": base}])
    return context


async def _visit(page: Any, url: str, want: dict[str, Any]) -> Visit:
    """Navigate to ``url`` and wait until the page is drawn (or shows an error); the time it took."""
    started = time.perf_counter()
    try:
        await page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT_MS)
        handle = await page.wait_for_function(_READY_JS, arg=want, polling="raf", timeout=PAGE_TIMEOUT_MS)
        got = await handle.json_value()
    except Exception as exc:  # noqa: BLE001 - a timeout or a crash is this visit's result
        return Visit((time.perf_counter() - started) * 1000, f"{type(exc).__name__}: {str(exc)[:100]}")
    elapsed = (time.perf_counter() - started) * 1000
    return Visit(elapsed, f"error shown: {got['error']}" if got.get("error") else "")


async def _settled_content(page: Any, url: str, title: str) -> dict[str, Any]:
    """Visit ``url`` untimed and return what it shows once the counts of charts, tables and metrics hold still."""
    visit = await _visit(page, url, {"title": title, "charts": 0, "frames": 0, "metrics": 0})
    if visit.error:
        raise RuntimeError(f"{url}: {visit.error}")
    last, steady = None, 0
    for _ in range(SETTLE_MAX_POLLS):
        got = await page.evaluate(_CONTENT_JS)
        counts = (got["charts"], got["frames"], got["metrics"])
        steady = steady + 1 if counts == last else 0
        last = counts
        if steady >= SETTLE_POLLS:
            break
        await asyncio.sleep(0.25)
    assert last is not None
    return {"title": title, "charts": last[0], "frames": last[1], "metrics": last[2]}


async def _browse(
    base: str, cases: list[Case], titles: dict[Case, str], repeat: int, burst: int, periods: dict[Case, str]
) -> BrowserResults:
    """Each case warm in one browser session; then, when ``burst``, the first case in new sessions alone and at once."""
    from playwright.async_api import async_playwright

    results = BrowserResults()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = await _new_context(browser, base)
            page = await context.new_page()
            _watch_requests(page, base, results.outside_requests)
            wants: dict[Case, dict[str, Any]] = {}
            for case in cases:
                url = base + case.path(periods.get(case))
                try:
                    wants[case] = await _settled_content(page, url, titles.get(case, ""))
                except Exception as exc:  # noqa: BLE001 - the page's row says it failed, the others still run
                    results.pages[case] = [Visit(float("nan"), str(exc)[:160])]
                    continue
                results.pages[case] = [await _visit(page, url, wants[case]) for _ in range(repeat)]
            await context.close()
            if burst and cases and cases[0] in wants:
                url, want = base + cases[0].path(), wants[cases[0]]
                for _ in range(repeat):
                    _extend(results.alone, await _sessions(browser, url, want, 1, base, results.outside_requests))
                _extend(results.burst, await _sessions(browser, url, want, burst, base, results.outside_requests))
        finally:
            await browser.close()
    return results


async def _sessions(
    browser: Any, url: str, want: dict[str, Any], count: int, base: str, outside: list[str]
) -> dict[str, list[Visit]]:
    """``count`` new browser sessions (contexts) open ``url`` at the same moment, then reload it at once."""
    contexts = [await _new_context(browser, base) for _ in range(count)]
    try:
        pages = [await context.new_page() for context in contexts]
        for page in pages:
            _watch_requests(page, base, outside)
        new = await asyncio.gather(*(_visit(page, url, want) for page in pages))
        again = await asyncio.gather(*(_visit(page, url, want) for page in pages))
        return {"new": list(new), "again": list(again)}
    finally:
        for context in contexts:
            await context.close()


def _extend(into: dict[str, list[Visit]], visits: dict[str, list[Visit]]) -> None:
    for key, more in visits.items():
        into[key] += more


def measure_browser(
    url: str,
    cases: list[Case],
    titles: dict[Case, str],
    repeat: int,
    burst: int,
    periods: dict[Case, str] | None = None,
) -> BrowserResults:
    """The cases in Chromium against ``streamlit run`` serving ``url``; server and browser stopped at the end."""
    with tempfile.TemporaryDirectory(prefix="bench-pages-server-") as log_dir:
        log_path = Path(log_dir) / "streamlit.log"
        with serve(url, log_path) as base:
            _BROWSER_TOKENS[base] = session_token(url)
            results = asyncio.run(_browse(base, cases, titles, repeat, burst, periods or {}))
        if results.failed():
            results.log_tail = log_path.read_text(errors="replace").splitlines()[-LOG_TAIL_LINES:]
        return results


# --- report -----------------------------------------------------------------------------------------


def _median(visits: list[Visit]) -> float:
    times = [visit.ms for visit in visits if not visit.error]
    return statistics.median(times) if times else float("nan")


def _ms(value: float) -> str:
    return "-" if value != value else f"{value:,.0f}"


def _ratio(value: float) -> str:
    return "-" if value != value else f"{value:.2f}"


@dataclass
class Row:
    case: Case
    app: AppResult
    demo_app: AppResult
    chromium_ms: float
    demo_chromium_ms: float
    naive_ms: float
    errors: list[str]

    @property
    def cold_vs_naive(self) -> float:
        return self.naive_ms / self.app.cold_ms if self.naive_ms == self.naive_ms else float("nan")

    @property
    def national_vs_demo(self) -> float:
        return self.chromium_ms / self.demo_chromium_ms

    @property
    def sql_share(self) -> float:
        return self.app.sql_ms / self.chromium_ms


def print_table(
    stores: Stores, rows: list[Row], naive: dict[str, tuple[float, int]], browsers: dict[str, BrowserResults]
) -> None:
    shown = sa.make_url(stores.national).render_as_string(hide_password=True)
    print(f"\n== {stores.engine}: {shown}")
    print(
        "naive peer, whole table into pandas (pd.read_sql), once each: "
        + ", ".join(f"{table} {ms:,.0f} ms ({rows:,} rows)" for table, (ms, rows) in naive.items())
    )
    print(
        "ms; median of the runs; cold/warm = AppTest, sql = the page's data_access calls run directly, "
        "chromium = served page, warm; demo chr = the same page on the notices' data in quarter 'demo q', the one "
        "in which it draws most nearly what it draws nationally; drawn = charts/tables/metrics"
    )
    header = (
        f"{'page':13} {'scope':8} {'region':6} {'period':6} {'calls':>5} {'cold':>6} {'warm':>6} {'sql':>6} "
        f"{'slowest call':>30} {'chromium':>8} {'demo chr':>8} {'demo q':>6} {'drawn':>7} {'demo':>7} {'naive':>7} "
        f"{'naive/cold':>10} {'chr/demo':>8} {'sql/chr':>7} {'sql/warm':>8}"
    )
    print(header)
    for row in rows:
        name, slow = row.app.slowest
        print(
            f"{row.case.page:13} {row.case.scope:8} {row.case.region or '-':6} {row.app.period or '-':6} "
            f"{len(row.app.calls):5} {_ms(row.app.cold_ms):>6} {_ms(row.app.warm_ms):>6} {_ms(row.app.sql_ms):>6} "
            f"{(name + ' ' + _ms(slow)) if name else '-':>30} {_ms(row.chromium_ms):>8} "
            f"{_ms(row.demo_chromium_ms):>8} {row.demo_app.period or '-':>6} {_drawn(row.app):>7} "
            f"{_drawn(row.demo_app):>7} {_ms(row.naive_ms):>7} {_ratio(row.cold_vs_naive):>10} "
            f"{_ratio(row.national_vs_demo):>8} {_ratio(row.sql_share):>7} "
            f"{_ratio(row.app.sql_ms / row.app.warm_ms):>8}"
        )
        for error in row.errors:
            print(f"    ! {error}")
    _print_targets(rows)
    _print_sessions(browsers["national"])
    outside = sorted({url for browser in browsers.values() for url in browser.outside_requests})
    print(f"requests to anything but 127.0.0.1: {len(outside)}" + (f" {outside[:5]}" if outside else ""))
    for store, browser in browsers.items():
        if browser.log_tail:
            print(f"server log ({store} store), last lines:")
            print("\n".join(f"    | {line}" for line in browser.log_tail))


def _drawn(result: AppResult) -> str:
    return "/".join(str(n) for n in result.shown)


def _verdict(rows: list[Row], value: Callable[[Row], float], holds: Callable[[float], bool], label: str) -> None:
    """One target: HOLDS when every page at every scope was measured without error and meets it."""
    clean = [row for row in rows if not row.errors]
    measured = [(row, value(row)) for row in clean if value(row) == value(row)]
    failing = [(row, v) for row, v in measured if not holds(v)]
    unmeasured = len(clean) - len(measured)
    complete = len(measured) == len(rows)
    verdict = "FAILS" if failing else "HOLDS" if complete else "NOT MEASURED"
    detail = ", ".join(f"{row.case.page}/{row.case.scope} {v:.2f}" for row, v in failing)
    print(
        f"  {label:46} {verdict:12} {len(measured) - len(failing)}/{len(rows)} hold"
        + (f"; {len(rows) - len(clean)} with errors (! lines)" if len(clean) < len(rows) else "")
        + (f"; {unmeasured} not measured" if unmeasured else "")
        + (f"; fails: {detail}" if detail else "")
    )


def _without_peer(row: Row) -> bool:
    """A page that ran cleanly and reads no fact table (/data, /accounts): no naive peer to be faster than."""
    return not row.errors and not row.app.tables & set(FACT_TABLES)


def _print_targets(rows: list[Row]) -> None:
    print("targets (issue 11):")
    no_peer = sorted({row.case.page for row in rows if _without_peer(row)})
    if no_peer:
        print(f"  (no naive peer, reading no fact table, left out of the first target: {', '.join(no_peer)})")
    _verdict(
        [row for row in rows if not _without_peer(row)],
        lambda r: r.cold_vs_naive,
        lambda v: v >= TARGETS["cold_vs_naive"],
        "cold >= 10x faster than naive load (naive/cold)",
    )
    _verdict(
        rows,
        lambda r: r.national_vs_demo,
        lambda v: v <= TARGETS["national_vs_demo"],
        "warm national <= 1.5x demo, Chromium (chr/demo)",
    )
    fewer = [row for row in rows if row.demo_app.shown[0] < row.app.shown[0]]
    if fewer:
        print(
            "  (the demo draws fewer charts than the national page in every quarter: "
            + ", ".join(
                f"{row.case.page}/{row.case.scope} {row.demo_app.shown[0]} vs {row.app.shown[0]}"
                f" ({_ratio(row.national_vs_demo)})"
                for row in fewer
            )
            + ")"
        )
    _verdict(
        rows,
        lambda r: r.sql_share,
        lambda v: v <= TARGETS["sql_share"],
        "SQL <= 1/3 of warm Chromium time (sql/chr)",
    )


def _print_sessions(browser: BrowserResults) -> None:
    count = len(browser.burst["new"])
    if not count:
        print("sessions at once: not measured")
        return
    print(f"{count} sessions at once on the national overview (one Chromium, one context each):")
    for key, label in (("new", "new sessions, empty browser cache"), ("again", "the same sessions reloading")):
        alone, visits = _median(browser.alone[key]), browser.burst[key]
        times = sorted(visit.ms for visit in visits if not visit.error)
        line = f"  {label:34} {len(times)}/{count} rendered without error"
        if times:
            median, slowest = statistics.median(times), times[-1]
            line += (
                f"; median {median:,.0f} ms, slowest {slowest:,.0f} ms; one session alone {alone:,.0f} ms "
                f"(median {median / alone:.1f}x, slowest {slowest / alone:.1f}x)"
            )
        print(line)
        for error in sorted({visit.error for visit in visits if visit.error}):
            print(f"    ! {error}")


# --- main -------------------------------------------------------------------------------------------


def _cases(province: str, city: str, pages: list[str] | None = None) -> list[Case]:
    from dashboard.filters import PAGE_FILES

    scopes = (("national", None), ("province", province), ("city", city))
    chosen = {page: file for page, file in PAGE_FILES.items() if pages is None or page in pages}
    return [Case(page, file, scope, region) for page, file in chosen.items() for scope, region in scopes]


DOCUMENT_TARGET_SECONDS = 5.0  # the national province's notice, drafted and written as .docx


def measure_documents(url: str, province: str, repeat: int) -> None:
    """The notice writer on the national store: the province's draft, its .docx and its PDF, timed."""
    from data_access.report.check import check
    from data_access.report.draft import build_draft
    from data_access.report.pdf import font_files, notice_pdf
    from data_access.report.word import notice_docx
    from data_access.scope import NATIONAL

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            period = conn.execute(sa.text("select max(period) from rounds")).scalar_one()
        timings: dict[str, list[float]] = {"draft": [], "docx": [], "pdf": []}
        sizes: dict[str, int] = {}
        for _ in range(repeat):
            started = time.perf_counter()
            with engine.connect() as conn:
                draft = build_draft(conn, scope=NATIONAL, period=period, region=province)
            findings = check(draft)
            timings["draft"].append(time.perf_counter() - started)
            started = time.perf_counter()
            sizes["docx"] = len(notice_docx(draft, findings=findings))
            timings["docx"].append(time.perf_counter() - started)
            if font_files() is not None:
                started = time.perf_counter()
                sizes["pdf"] = len(notice_pdf(draft, findings=findings))
                timings["pdf"].append(time.perf_counter() - started)
    finally:
        engine.dispose()
    rows = sum(len(annex.rows) for annex in draft.annexes)
    print(f"notice writer, {province} {period}: {len(draft.annexes)} annexes, {rows} rows; median of {repeat}")
    for step, values in timings.items():
        if values:
            print(
                f"  {step:<6} {_ms(1000 * statistics.median(values)):>8} ms"
                + (f"  ({sizes[step]:,} bytes)" if step in sizes else "")
            )
    document = statistics.median(timings["draft"]) + statistics.median(timings["docx"])
    verdict = "HOLDS" if document <= DOCUMENT_TARGET_SECONDS else "FAILS"
    print(f"  draft + .docx {document:.2f} s against {DOCUMENT_TARGET_SECONDS:.0f} s: {verdict}")


def _stop_on_sigterm(*_args: Any) -> None:
    raise SystemExit(143)


def run_engine(stores: Stores, cases: list[Case], repeat: int, sessions: int, province: str) -> None:
    """Measure every case on one engine's two stores and print its table."""
    started = time.perf_counter()
    print(f"\n-- {stores.engine}: AppTest and direct SQL, national and demo", flush=True)
    national = measure_apptest(stores.national, cases, repeat)
    demo_periods = like_for_like_periods(stores.demo, cases, national)
    demo = measure_apptest(stores.demo, cases, repeat, demo_periods)
    print(f"-- {stores.engine}: naive loads", flush=True)
    naive = naive_loads(stores.national, set(FACT_TABLES))
    print(f"-- {stores.engine}: Chromium, national and {sessions} sessions at once, then demo", flush=True)
    # The overview at national scope comes first: the sessions at once open it.
    ordered = sorted(cases, key=lambda case: case.page != "overview" or case.scope != "national")
    titles = {case: result.title for case, result in national.items()}
    national_browser = measure_browser(stores.national, ordered, titles, repeat, sessions)
    titles = {case: result.title for case, result in demo.items()}
    demo_browser = measure_browser(stores.demo, ordered, titles, repeat, 0, demo_periods)
    rows = [_row(case, national[case], demo[case], national_browser, demo_browser, naive) for case in cases]
    print_table(stores, rows, naive, {"national": national_browser, "demo": demo_browser})
    measure_documents(stores.national, province, repeat)
    print(f"({stores.engine} measured in {time.perf_counter() - started:.0f} s)")


def _row(
    case: Case,
    app: AppResult,
    demo_app: AppResult,
    browser: BrowserResults,
    demo_browser: BrowserResults,
    naive: dict[str, tuple[float, int]],
) -> Row:
    visits, demo_visits = browser.pages.get(case, []), demo_browser.pages.get(case, [])
    page_tables = app.tables & set(naive)
    errors = [f"national AppTest: {app.error}"] if app.error else []
    errors += [f"demo AppTest: {demo_app.error}"] if demo_app.error else []
    errors += sorted({f"national Chromium: {visit.error}" for visit in visits if visit.error})
    errors += sorted({f"demo Chromium: {visit.error}" for visit in demo_visits if visit.error})
    naive_ms = sum(naive[table][0] for table in page_tables) if page_tables else float("nan")
    return Row(case, app, demo_app, _median(visits), _median(demo_visits), naive_ms, errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="national dataset size (1.0 = national, default)")
    parser.add_argument("--sessions", type=int, default=10, help="browser sessions at once on the overview (10)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement, median shown (3)")
    parser.add_argument("--keep", type=Path, help="keep the stores in DIR (and PostgreSQL schemas) and reuse them")
    parser.add_argument("--province", default=DEFAULT_PROVINCE, help=f"province scope (default {DEFAULT_PROVINCE})")
    parser.add_argument("--city", default=DEFAULT_CITY, help=f"city scope (default {DEFAULT_CITY})")
    parser.add_argument("--pages", help="only these url paths, comma-separated (default: every page of PAGE_FILES)")
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.repeat < 1 or not 0 <= args.sessions <= 50:
        parser.error("--scale must be positive, --repeat at least 1, --sessions between 0 and 50")
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    pg_base = os.environ.get(PG_ENV)

    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)  # so that the cleanup below runs on kill too
    started = time.perf_counter()
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(signal.signal, signal.SIGTERM, previous)
        if args.keep:
            directory = args.keep
            directory.mkdir(parents=True, exist_ok=True)
        else:
            directory = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="bench-pages-")))
            if pg_base:
                for schema in pg_schemas(args.scale):
                    cleanup.callback(_drop_schema, pg_base, schema)
        all_stores = build_stores(directory, args.scale, pg_base)
        cases = _cases(args.province, args.city, args.pages.split(",") if args.pages else None)
        print(
            f"{len(cases) // 3} pages from PAGE_FILES x national / {args.province} / {args.city}, newest period; "
            f"median of {args.repeat}; a 2-core machine shared with other work: expect noise",
            flush=True,
        )
        for stores in all_stores:
            run_engine(stores, cases, args.repeat, args.sessions, args.province)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
