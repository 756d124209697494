"""How numbers read on screen (the wording of data_access.wording, shared with the notice writer), and text from a
URL or a file made safe to quote in Markdown."""

from __future__ import annotations

import re

from data_access.wording import (
    DASH,
    computed_percent,
    count,
    percent,
    percent_as_printed,
    points_change,
    printed_counting_word,
    rate,
    signed_percent,
    stated_change,
)

__all__ = [
    "DASH",
    "computed_percent",
    "count",
    "percent",
    "percent_as_printed",
    "plain",
    "points_change",
    "printed_counting_word",
    "rate",
    "signed_percent",
    "stated_change",
]

_MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()<>#+-.!|~$:=")


# GitHub-flavoured Markdown links bare URLs, www. names and e-mail addresses even when every
# punctuation mark is escaped; a zero-width space inside the marker stops it and is invisible.
_AUTOLINK = re.compile(r"://|www\.|@", re.IGNORECASE)
_ZERO_WIDTH_SPACE = "\u200b"


def plain(text: str) -> str:
    """``text`` escaped so that Markdown shows it as typed: no link, image, HTML or formatting.

    st.warning, st.info, st.caption and friends render Markdown; a value from a
    URL or a file goes through here before it is quoted in one.
    """
    text = _AUTOLINK.sub(lambda match: match.group(0)[0] + _ZERO_WIDTH_SPACE + match.group(0)[1:], text)
    return "".join("\\" + char if char in _MARKDOWN_SPECIALS else char for char in text)
