"""The audit log: who logged in (or failed to), imported, undid or changed an account, and when."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from data_access.clock import utc_now
from data_access.db import read_frame
from data_access.schema import audit_log


def record(
    conn: sa.Connection,
    *,
    user: str | None,
    action: str,
    detail: str | None = None,
    import_id: int | None = None,
) -> None:
    """Add one entry, inside the caller's transaction (an import and its entry commit together)."""
    conn.execute(
        audit_log.insert().values(at=utc_now(), user_name=user, action=action, detail=detail, import_id=import_id)
    )


AUDIT_ROW_CAP = 2000


def recent(conn: sa.Connection, *, limit: int = AUDIT_ROW_CAP) -> pd.DataFrame:
    """The newest entries first, at most ``limit``.

    Grain: one row per entry; columns at, user_name, action, detail, import_id.
    """
    query = (
        sa.select(audit_log.c.at, audit_log.c.user_name, audit_log.c.action, audit_log.c.detail, audit_log.c.import_id)
        .order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
        .limit(limit)
    )
    return read_frame(conn, query)
