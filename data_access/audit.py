"""The audit log: who logged in (or failed to), imported, undid or changed an account, and when."""

from __future__ import annotations

import sqlalchemy as sa

from data_access.clock import utc_now
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
