"""Fixtures: a store filled with the notices' data, on SQLite always and PostgreSQL when configured."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from data_access.db import URL_ENV, make_engine, migrate
from data_access.sample_data import load_notices

APP_DIR = Path(__file__).resolve().parent.parent
PG_ENV = "TEST_DATABASE_URL"


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
