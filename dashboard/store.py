"""The app's one engine and cached query results; the only UI module that talks to data_access."""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import sqlalchemy as sa
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from data_access.db import database_url
from data_access.db import is_empty as db_is_empty
from data_access.startup import prepare_store
from data_access.versioning import current_version

CACHE_TTL_SECONDS = 600
CACHE_MAX_ENTRIES = 512
EMPTY_CHECK_TTL_SECONDS = 30
PREFETCH_WORKERS = 3  # queries of one page run at once; each holds a connection of the engine's pool

_LOG = logging.getLogger(__name__)

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> sa.Engine:
    return prepare_store(url)


def engine() -> sa.Engine:
    """The migrated store named by DASHBOARD_DATABASE_URL (filled on first start if it is the default)."""
    return _engine(database_url())


# The store's data version as read at the start of this page run (see open_run).
_VERSION_KEY = "_store_data_version"


def open_run() -> int:
    """Read the store's data version, once per page run: every cached result is keyed by it.

    An import or undo raises the version in its own transaction, from this
    process, the command line or another app process alike, so the next
    page load anywhere reads new data without a restart or a cache clear.
    """
    with engine().connect() as conn:
        version = current_version(conn)
    st.session_state[_VERSION_KEY] = version
    return version


def data_version() -> int:
    """The version read by this run's ``open_run`` (read now when the run did not)."""
    version = st.session_state.get(_VERSION_KEY)
    return int(version) if version is not None else open_run()


@st.cache_data(ttl=EMPTY_CHECK_TTL_SECONDS, show_spinner=False)
def _is_empty(url: str, version: int) -> bool:
    return db_is_empty(_engine(url))


def is_empty() -> bool:
    """True when the store holds no inspection round yet (checked again after an import or half a minute)."""
    return _is_empty(database_url(), data_version())


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _run(url: str, version: int, name: str, kwargs: tuple[tuple[str, Any], ...]) -> Any:
    module, _, function = name.rpartition(".")
    query = getattr(importlib.import_module(module), function)
    with _engine(url).connect() as conn:
        return query(conn, **dict(kwargs))


def run(query: Callable[..., T], **kwargs: Any) -> T:
    """``query(conn, **kwargs)`` from data_access, cached by its name, every argument and the data version.

    Scope, period and region are ordinary arguments, so a result is never
    shared between callers that asked for different scopes.
    """
    name = f"{query.__module__}.{query.__name__}"
    return _run(database_url(), data_version(), name, tuple(sorted(kwargs.items())))


Call = tuple[Callable[..., Any], dict[str, Any]]


def prefetch(*calls: Call) -> None:
    """Run a page's independent queries at once, each on its own connection, into the cache.

    The ``run`` calls the page makes next with the same arguments find them
    there: a cold page waits for its slowest query, not for their sum (the
    database works on them in parallel). Cached queries return at once. A
    query that fails here is left for the page's own ``run``, which shows the
    failure the usual way.
    """
    context = get_script_run_ctx()
    if context is None or len(calls) < 2:
        return
    data_version()  # read once, in the page's own thread

    def one(call: Call) -> None:
        add_script_run_ctx(threading.current_thread(), context)
        query, kwargs = call
        try:
            run(query, **kwargs)
        except Exception:  # noqa: BLE001 - the page's own run of this query reports it
            _LOG.debug("prefetch of %s failed", query.__name__, exc_info=True)

    with ThreadPoolExecutor(max_workers=min(len(calls), PREFETCH_WORKERS), thread_name_prefix="prefetch") as pool:
        list(pool.map(one, calls))
