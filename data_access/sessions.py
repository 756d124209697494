"""Session tokens: an account's name, its session version and an expiry, signed with HMAC-SHA256.

A token is what a browser keeps in its session cookie and what a session
keeps after a login. It is valid while its signature matches, it has not
expired, and the account is active with the same session version (a logout,
a new password or disabling raises the version and ends every session).

The key is ``DASHBOARD_SECRET_KEY`` when set (at least 32 characters);
otherwise one generated at first use and kept in the store's
``app_settings``, so every process of one store shares it and a restart
keeps sessions.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets

import sqlalchemy as sa

from data_access.clock import utc_now
from data_access.schema import app_settings
from data_access.users import Account, get_account

SECRET_ENV = "DASHBOARD_SECRET_KEY"
SECRET_SETTING = "session_secret"
MIN_SECRET_LENGTH = 32
SESSION_HOURS = 12  # a login lasts a working day


class SecretTooShort(ValueError):
    """DASHBOARD_SECRET_KEY is set but too short to sign with."""


def session_secret(conn: sa.Connection) -> bytes:
    """The signing key: DASHBOARD_SECRET_KEY, or the store's generated one (created on first use)."""
    configured = os.environ.get(SECRET_ENV, "")
    if configured:
        if len(configured) < MIN_SECRET_LENGTH:
            raise SecretTooShort(f"{SECRET_ENV} must be at least {MIN_SECRET_LENGTH} characters")
        return configured.encode("utf-8")
    query = sa.select(app_settings.c.value).where(app_settings.c.name == SECRET_SETTING)
    stored = conn.execute(query).scalar()
    if stored is None:
        # Two processes may race here: the loser's insert fails on the primary key and it reads the winner's.
        try:
            with conn.begin_nested():
                conn.execute(app_settings.insert().values(name=SECRET_SETTING, value=secrets.token_hex(32)))
        except sa.exc.IntegrityError:
            pass
        stored = conn.execute(query).scalar_one()
    return str(stored).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, payload: str) -> str:
    return hmac.new(secret, payload.encode("ascii"), hashlib.sha256).hexdigest()


def issue_token(conn: sa.Connection, account: Account, *, now: dt.datetime | None = None) -> str:
    """A signed token for ``account``, valid SESSION_HOURS from ``now``."""
    expires = (now or utc_now()) + dt.timedelta(hours=SESSION_HOURS)
    body = {
        "u": account.user_name,
        "v": account.session_version,
        "exp": int(expires.replace(tzinfo=dt.UTC).timestamp()),
    }
    payload = _b64(json.dumps(body, separators=(",", ":")).encode("utf-8"))
    return f"{payload}.{_sign(session_secret(conn), payload)}"


def expires_at(token: str) -> dt.datetime | None:
    """When ``token`` expires (not checking its signature), or None when it cannot be read."""
    body = _body(token)
    return dt.datetime.fromtimestamp(body["exp"], dt.UTC).replace(tzinfo=None) if body else None


def _body(token: str) -> dict | None:
    payload, _, _signature = token.partition(".")
    try:
        body = json.loads(_unb64(payload))
    except (ValueError, UnicodeDecodeError):
        return None
    ok = isinstance(body, dict) and isinstance(body.get("u"), str)
    return body if ok and isinstance(body.get("v"), int) and isinstance(body.get("exp"), int) else None


def account_for_token(conn: sa.Connection, token: str | None, *, now: dt.datetime | None = None) -> Account | None:
    """The active account ``token`` was issued to, or None when it is forged, expired, or ended."""
    if not token or len(token) > 1000:
        return None
    payload, _, signature = token.partition(".")
    if not hmac.compare_digest(_sign(session_secret(conn), payload), signature):
        return None
    body = _body(token)
    if body is None or body["exp"] <= (now or utc_now()).replace(tzinfo=dt.UTC).timestamp():
        return None
    account = get_account(conn, body["u"])
    if account is None or not account.active or account.session_version != body["v"]:
        return None
    return account
