"""Times in the store are UTC without a zone (the same on SQLite and PostgreSQL, whatever the server's zone);
users read them in Beijing time."""

from __future__ import annotations

import datetime as dt

BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")


def utc_now() -> dt.datetime:
    """Now, in UTC, without a zone: what every time column of the store holds."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def beijing(stored: dt.datetime) -> dt.datetime:
    """A stored (UTC, zoneless) time in Beijing time."""
    return stored.replace(tzinfo=dt.UTC).astimezone(BEIJING)


def beijing_text(stored: dt.datetime) -> str:
    """'2026-11-26 03:12' for a stored time, in Beijing time."""
    return f"{beijing(stored):%Y-%m-%d %H:%M}"
