"""The store's data version: a counter every write the pages show raises in its own transaction.

The app keys its cached query results by it (dashboard.store), so every process sees an import, an undo
or a rectification task's step on its next page load, whoever wrote it.
"""

from __future__ import annotations

import sqlalchemy as sa

from data_access.schema import data_version


def current_version(conn: sa.Connection) -> int:
    """The store's data version: raised by every import, undo and task step, so caches keyed by it see new data."""
    return int(conn.execute(sa.select(data_version.c.version).where(data_version.c.id == 1)).scalar() or 0)


def bump_version(conn: sa.Connection) -> None:
    """Raise the data version, inside the caller's transaction."""
    raised = data_version.update().where(data_version.c.id == 1).values(version=data_version.c.version + 1)
    updated = conn.execute(raised)
    if updated.rowcount == 0:
        conn.execute(data_version.insert().values(id=1, version=1))
