"""The app's one engine and cached query results; the only UI module that talks to data_access."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
import streamlit as st

from data_access.db import database_url
from data_access.db import is_empty as db_is_empty
from data_access.startup import prepare_store

CACHE_TTL_SECONDS = 600
CACHE_MAX_ENTRIES = 512
EMPTY_CHECK_TTL_SECONDS = 30

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> sa.Engine:
    return prepare_store(url)


def engine() -> sa.Engine:
    """The migrated store named by DASHBOARD_DATABASE_URL (filled on first start if it is the default)."""
    return _engine(database_url())


@st.cache_data(ttl=EMPTY_CHECK_TTL_SECONDS, show_spinner=False)
def _is_empty(url: str) -> bool:
    return db_is_empty(_engine(url))


def is_empty() -> bool:
    """True when the store holds no inspection round yet (checked again every half minute)."""
    return _is_empty(database_url())


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _run(url: str, name: str, kwargs: tuple[tuple[str, Any], ...]) -> Any:
    module, _, function = name.rpartition(".")
    query = getattr(importlib.import_module(module), function)
    with _engine(url).connect() as conn:
        return query(conn, **dict(kwargs))


def run(query: Callable[..., T], **kwargs: Any) -> T:
    """``query(conn, **kwargs)`` from data_access, cached by its name and every argument.

    Scope, period and region are ordinary arguments, so a result is never
    shared between callers that asked for different scopes.
    """
    name = f"{query.__module__}.{query.__name__}"
    return _run(database_url(), name, tuple(sorted(kwargs.items())))


def clear_caches() -> None:
    """Forget cached results, e.g. after an import changed the data."""
    _run.clear()
    _is_empty.clear()
