"""Where the data lives: one engine factory, migrations, and reading query results into frames."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

APP_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = APP_DIR / "data" / "dashboard.db"
URL_ENV = "DASHBOARD_DATABASE_URL"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def database_url() -> str:
    """The store's URL: ``DASHBOARD_DATABASE_URL`` or the embedded SQLite file."""
    return os.environ.get(URL_ENV) or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def is_default_store(url: str) -> bool:
    """True for the embedded SQLite file, the only store filled automatically."""
    return url == f"sqlite:///{DEFAULT_SQLITE_PATH}"


def read_frame(conn: sa.Connection, query: sa.Select) -> pd.DataFrame:
    """The rows of ``query`` as a DataFrame with the query's column names."""
    result = conn.execute(query)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str | None = None) -> sa.Engine:
    """An engine for ``url`` (default: ``database_url()``), pooled, with SQLite pragmas set."""
    url = url or database_url()
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _alembic_config(engine: sa.Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def migrate(engine: sa.Engine) -> None:
    """Bring the schema up to the newest migration."""
    command.upgrade(_alembic_config(engine), "head")


def is_empty(engine: sa.Engine) -> bool:
    """True when the store holds no inspection rounds yet."""
    with engine.connect() as conn:
        return conn.execute(sa.text("select count(*) from rounds")).scalar_one() == 0
