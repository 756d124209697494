"""Times in the store are UTC without a zone (the same on SQLite and PostgreSQL, whatever the server's zone);
users read them in Beijing time."""

from __future__ import annotations

import datetime as dt

import pandas as pd

BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")


def utc_now() -> dt.datetime:
    """Now, in UTC, without a zone: what every time column of the store holds."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def beijing_today() -> dt.date:
    """Today's date in Beijing."""
    return dt.datetime.now(BEIJING).date()


def beijing(stored: dt.datetime) -> dt.datetime:
    """A stored (UTC, zoneless) time in Beijing time."""
    return stored.replace(tzinfo=dt.UTC).astimezone(BEIJING)


def beijing_texts(values: pd.Series, pattern: str = "%Y-%m-%d %H:%M") -> pd.Series:
    """Stored (UTC) times as Beijing time text in ``pattern``; empty where there is none."""
    moments = pd.to_datetime(values, utc=True, errors="coerce").dt.tz_convert(BEIJING)
    return moments.dt.strftime(pattern).fillna("").astype(str)


def beijing_text(stored: dt.datetime) -> str:
    """'2026-11-26 03:12' for a stored time, in Beijing time."""
    return f"{beijing(stored):%Y-%m-%d %H:%M}"
