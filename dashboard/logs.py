"""The app's log: the cause of every fault a user only sees as a Chinese message, passwords masked."""

from __future__ import annotations

import logging
import re
import sys

# scheme://user:password@host -> scheme://user:***@host, wherever a URL appears in a message or traceback.
_URL_PASSWORD = re.compile(r"(\b[a-zA-Z][\w+.-]*://[^:/@\s]+:)[^@\s]+@")
# psycopg and libpq spell it out in connection strings too: password=secret
_KEYWORD_PASSWORD = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)


def mask(text: str) -> str:
    """``text`` with any password in a database URL or connection string replaced by ***."""
    return _KEYWORD_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1***@", text))


class _MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


def logger(name: str = "dashboard") -> logging.Logger:
    """The dashboard's logger, writing to standard error through the masking formatter."""
    log = logging.getLogger("dashboard").getChild(name) if name != "dashboard" else logging.getLogger("dashboard")
    root = logging.getLogger("dashboard")
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        root.propagate = False
    return log
