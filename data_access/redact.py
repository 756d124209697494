"""Passwords out of anything printed or logged."""

from __future__ import annotations

import re

# scheme://user:password@host -> scheme://user:***@host, wherever a URL appears in a message or traceback.
_URL_PASSWORD = re.compile(r"(\b[a-zA-Z][\w+.-]*://[^:/@\s]+:)[^@\s]+@")
# libpq connection strings spell it out too: password=secret
_KEYWORD_PASSWORD = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)


def mask(text: str) -> str:
    """``text`` with any password in a database URL or connection string replaced by ***."""
    return _KEYWORD_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1***@", text))
