"""Fixtures: a store filled with the notices' data, on SQLite always and PostgreSQL when configured."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa

from data_access.db import URL_ENV, make_engine, migrate
from data_access.sample_data import load_notices

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

APP_DIR = Path(__file__).resolve().parent.parent
APP = str(APP_DIR / "streamlit_app.py")
PG_ENV = "TEST_DATABASE_URL"

# The accounts every test store gets: a national administrator (what most page tests log in as), a
# viewer of Jiujiang (360400), an editor of Jiujiang (who may import into it and answers its rectification
# tasks) and an editor of Jiangxi (360000, who publishes the province's rounds and reviews the answers).
# Their password is only ever used by the tests that log in through the form.
TEST_ADMIN = "test-admin"
TEST_VIEWER = "jiujiang-viewer"
TEST_EDITOR = "jiujiang-editor"
TEST_PROVINCE_EDITOR = "jiangxi-editor"
TEST_PASSWORD = "test-password-1"
TEST_ACCOUNTS = {
    TEST_ADMIN: ("admin", None, "测试管理员"),
    TEST_VIEWER: ("viewer", "360400", "九江查看员"),
    TEST_EDITOR: ("editor", "360400", "九江数据维护员"),
    TEST_PROVINCE_EDITOR: ("editor", "360000", "江西省数据维护员"),
}


@pytest.fixture(autouse=True, scope="session")
def _components_scanned_once() -> None:
    """Every new AppTest scans the installed packages for Streamlit components; once per session is enough."""
    from benchmarks.pages import scan_components_once

    scan_components_once()


def _backends() -> list[str]:
    backends = ["sqlite"]
    if os.environ.get(PG_ENV):
        backends.append("postgresql")
    elif os.environ.get("CI") == "true":
        raise RuntimeError(f"CI=true but {PG_ENV} is not set: the PostgreSQL tests must run in CI")
    return backends


def fresh_store_url(backend: str, tmp_path: Path, name: str = "scratch") -> str:
    """The URL of an empty store of ``backend``; on PostgreSQL, its own schema ``name``."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / f'{name}.db'}"
    url = sa.make_url(os.environ[PG_ENV])
    engine = make_engine(url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        conn.execute(sa.text(f'drop schema if exists "{name}" cascade'))
        conn.execute(sa.text(f'create schema "{name}"'))
    engine.dispose()
    scoped = url.update_query_dict({"options": f"-csearch_path={name}"})
    return scoped.render_as_string(hide_password=False)


@pytest.fixture(scope="session", params=_backends())
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def notices_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated store holding the five notices' data, shared by the read-only tests."""
    url = fresh_store_url(backend, tmp_path_factory.mktemp(backend), name="notices")
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    engine.dispose()
    yield url


@pytest.fixture(scope="session")
def synthetic_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store holding a small national synthetic dataset (scale 0.01), on ``backend``."""
    from data_access.synthetic import generate

    url = fresh_store_url(backend, tmp_path_factory.mktemp(f"{backend}-synthetic"), name="synthetic")
    engine = make_engine(url)
    migrate(engine)
    generate(engine, scale=0.01)
    engine.dispose()
    yield url


@pytest.fixture(scope="session")
def notices_engine(notices_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(notices_url)
    yield engine
    engine.dispose()


@pytest.fixture
def conn(notices_engine: sa.Engine) -> Iterator[sa.Connection]:
    with notices_engine.connect() as connection:
        yield connection


def ensure_test_accounts(url: str) -> None:
    """Give the store at ``url`` the test accounts (TEST_ACCOUNTS) it does not have yet."""
    from data_access import users
    from data_access.regions import get_region

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for name, (role, region, display) in TEST_ACCOUNTS.items():
                if region is not None and get_region(conn, region) is None:
                    continue  # an empty store has no regions yet: only the national admin
                if users.get_account(conn, name) is None:
                    users.add_account(
                        conn,
                        user_name=name,
                        password=TEST_PASSWORD,
                        role=role,
                        region_code=region,
                        display_name=display,
                        actor="tests",
                    )
    finally:
        engine.dispose()


def logged_in(app: AppTest, user: str = TEST_ADMIN) -> AppTest:
    """Log ``app``'s session in as ``user`` of the store DASHBOARD_DATABASE_URL names.

    The session gets a token signed with the store's key by data_access.sessions,
    exactly what the login form puts in the session after a right password;
    the router checks it as it checks any session. There is no other way in.
    """
    from dashboard import auth
    from data_access import sessions, users

    url = os.environ[URL_ENV]
    ensure_test_accounts(url)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            account = users.get_account(conn, user)
            assert account is not None, user
            app.session_state[auth.TOKEN_KEY] = sessions.issue_token(conn, account)
    finally:
        engine.dispose()
    return app


def app_test(user: str | None = TEST_ADMIN, *, timeout: float = 60) -> AppTest:
    """An AppTest of the router, its session logged in as ``user`` (None: not logged in)."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(APP, default_timeout=timeout)
    return app if user is None else logged_in(app, user)


def serve(url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the app at the store ``url`` with Streamlit's caches empty, and empty them again afterwards."""
    import streamlit as st

    monkeypatch.setenv(URL_ENV, url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield url
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app_env(notices_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the app at the notices store, with Streamlit's caches empty."""
    yield from serve(notices_url, monkeypatch)


@pytest.fixture
def synthetic_app_env(synthetic_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the app at the synthetic national store, with Streamlit's caches empty."""
    yield from serve(synthetic_url, monkeypatch)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Every table handed to a download button and every page workbook's bytes, as the page builds them."""
    from dashboard.downloads import PageDownloads

    captured: dict[str, list[Any]] = {"tables": [], "workbooks": []}
    table, workbook = PageDownloads.table, PageDownloads.workbook

    def capture_table(self, item, *, key):  # type: ignore[no-untyped-def]
        captured["tables"].append(item)
        return table(self, item, key=key)

    def capture_workbook(self, *, key):  # type: ignore[no-untyped-def]
        if self._tables:
            captured["workbooks"].append(self._workbook_bytes(tuple(self._tables)))
        return workbook(self, key=key)

    monkeypatch.setattr(PageDownloads, "table", capture_table)
    monkeypatch.setattr(PageDownloads, "workbook", capture_workbook)
    return captured
