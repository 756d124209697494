"""The app's log: the cause of every fault a user only sees as a Chinese message, passwords masked."""

from __future__ import annotations

import logging
import sys

from data_access.redact import mask


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
