"""Serving as an operator sees it: concurrent start-up, an empty store, a store that is down, masked logs."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.filters import PAGE_FILES, PAGES
from dashboard.logs import mask
from data_access.db import URL_ENV, make_engine, migrate
from tests.conftest import APP_DIR, app_test, fresh_store_url, serve

APP = str(APP_DIR / "streamlit_app.py")
TRIES = 5

# One start-up as an app process does it, with the embedded store's path moved to argv[1]
# (only the default store is filled automatically) or an explicit store URL.
_START = """
import sys
from pathlib import Path
from data_access import db
from data_access.startup import prepare_store
if sys.argv[1].startswith("sqlite"):
    db.DEFAULT_SQLITE_PATH = Path(sys.argv[1].removeprefix("sqlite:///"))
    engine = prepare_store(sys.argv[1])
else:
    engine = prepare_store(sys.argv[1])
with engine.connect() as conn:
    print(conn.execute(db.sa.text("select count(*) from rounds")).scalar_one())
"""


def _start_two_at_once(url: str) -> list[tuple[int, str]]:
    env = {**os.environ, "PYTHONPATH": str(APP_DIR)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _START, url],
            cwd=APP_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append((process.returncode, out.strip() or err[-400:]))
    return results


def test_two_processes_starting_at_once_on_a_fresh_sqlite_store(tmp_path: Path) -> None:
    for attempt in range(TRIES):
        store = tmp_path / f"try{attempt}" / "dashboard.db"
        results = _start_two_at_once(f"sqlite:///{store}")
        rounds = {out for _, out in results}
        assert [code for code, _ in results] == [0, 0], results
        assert len(rounds) == 1 and int(rounds.pop()) > 0, results  # filled once, and both see it


def test_two_processes_starting_at_once_on_a_fresh_postgresql_schema(backend: str, tmp_path: Path) -> None:
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    for attempt in range(TRIES):
        url = fresh_store_url(backend, tmp_path, name=f"startup_race_{attempt}")
        results = _start_two_at_once(url)
        assert results == [(0, "0"), (0, "0")], (
            results
        )  # both migrated, neither failed; PostgreSQL is never auto-filled


@pytest.fixture
def empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate(make_engine(url))
    yield from serve(url, monkeypatch)


@pytest.mark.parametrize("page", ["overview", "regions", "compare"])
def test_an_empty_store_says_so_with_the_command_that_fills_it(empty_store: str, page: str) -> None:
    app = app_test()
    app.switch_page(PAGE_FILES[page])
    app.run()
    assert not app.exception
    assert "还没有检查数据" in app.warning[0].value
    assert "python -m data_access.sample_data" in app.code[0].value


def test_a_store_that_comes_back_is_used_without_a_restart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    from data_access.sample_data import load_notices

    store = tmp_path / "later.db"
    store.parent.mkdir(exist_ok=True)
    store.write_text("not a database")  # unreadable, as a broken or half-copied file is
    monkeypatch.setenv(URL_ENV, f"sqlite:///{store}")
    st.cache_data.clear()
    st.cache_resource.clear()
    down = AppTest.from_file(APP, default_timeout=60).run()
    assert not down.exception
    assert "暂时无法连接数据库" in down.error[0].value
    store.unlink()
    engine = make_engine(f"sqlite:///{store}")
    migrate(engine)
    load_notices(engine)
    engine.dispose()
    up = app_test()
    up.query_params["period"] = "2022Q3"
    up.query_params["region"] = "360000"
    up.run()
    st.cache_data.clear()
    st.cache_resource.clear()
    assert not up.exception and not up.error
    assert ("合格率", "94.75%") in [(m.label, m.value) for m in up.metric]


def test_logs_mask_passwords() -> None:
    assert mask("postgresql+psycopg://dash:s3cret@db:5432/x failed") == "postgresql+psycopg://dash:***@db:5432/x failed"
    assert mask("connection to host=db user=dash password=s3cret") == "connection to host=db user=dash password=***"
    assert "s3cret" not in mask("(psycopg.OperationalError) url=postgresql://u:s3cret@h/d")
    assert mask("no secret here") == "no secret here"


def test_the_router_never_shows_error_details() -> None:
    config = (APP_DIR / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'showErrorDetails = "none"' in config


def _runs_the_router(statement: ast.stmt) -> bool:
    """True for ``if __name__ == "__main__": run_the_router()`` and nothing else."""
    return ast.unparse(statement) == "if __name__ == '__main__':\n    run_the_router()"


def test_a_page_file_run_as_a_script_runs_only_the_router() -> None:
    """Streamlit may run any pages/*.py as a script before the router has run (pages/__init__.py says when).

    So a page file only imports, defines render() and, run as a script, runs the router in its place:
    nothing of a page is drawn but by the router, after the login.
    """
    files = {path.stem: path for path in (APP_DIR / "pages").glob("*.py") if path.name != "__init__.py"}
    assert set(files) == set(PAGES)
    for name, path in files.items():
        body = ast.parse(path.read_text(encoding="utf-8")).body
        docstring, *rest, last = body
        assert isinstance(docstring, ast.Expr) and isinstance(docstring.value, ast.Constant), name
        assert _runs_the_router(last), name
        assert all(isinstance(statement, (ast.Import, ast.ImportFrom, ast.FunctionDef)) for statement in rest), name
        assert [s.name for s in rest if isinstance(s, ast.FunctionDef)] == ["render"], name
    _, *package = ast.parse((APP_DIR / "pages" / "__init__.py").read_text(encoding="utf-8")).body
    assert all(isinstance(s, (ast.Import, ast.ImportFrom, ast.Assign, ast.FunctionDef)) for s in package)
