"""Opening the store at start-up: migrate, and fill the embedded store once, under a lock.

Several app processes (and several sessions of one process) may start at the
same moment on a fresh store. Migration and the first-start fill run under
one lock per store, so exactly one of them creates the tables and loads the
notices, and the others wait and then find the work done: a lock file beside
the SQLite file, ``pg_advisory_lock`` on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from data_access.db import database_url, is_default_store, is_empty, make_engine, migrate
from data_access.indicator_sets import install_shipped
from data_access.users import ADMIN_PASSWORD_ENV, ADMIN_USER_ENV, AccountError, ensure_admin_from_env

log = logging.getLogger(__name__)

# An arbitrary, fixed key: every process of this app takes the same advisory lock.
PG_LOCK_KEY = 2_026_112_506


@contextlib.contextmanager
def store_lock(engine: sa.Engine) -> Iterator[None]:
    """Hold the store's start-up lock for the duration of the block."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(sa.text("select pg_advisory_lock(:key)"), {"key": PG_LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(sa.text("select pg_advisory_unlock(:key)"), {"key": PG_LOCK_KEY})
                conn.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def prepare_store(url: str | None = None) -> sa.Engine:
    """Open the store, migrate it, and fill the embedded SQLite file on first start.

    Only the default SQLite file is filled automatically; any other store
    (PostgreSQL in production) gets data only through an explicit command
    (``python -m data_access.sample_data --url URL``). When
    DASHBOARD_ADMIN_USER and DASHBOARD_ADMIN_PASSWORD are set, that
    administrator is created or reset here, on every start.
    """
    url = url or database_url()
    engine = make_engine(url)
    with store_lock(engine):
        migrate(engine)
        with engine.begin() as conn:  # indicator sets shipped after the store's migration 0011
            install_shipped(conn)
        if is_default_store(url) and is_empty(engine):
            from data_access.sample_data import load_notices

            load_notices(engine)
        try:
            with engine.begin() as conn:
                ensure_admin_from_env(conn)
        except AccountError as refused:  # a bad setting must not keep the app down: say so, and go on
            log.error("%s/%s not applied: %s", ADMIN_USER_ENV, ADMIN_PASSWORD_ENV, refused)
    return engine
