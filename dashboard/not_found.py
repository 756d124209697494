"""A Chinese page for an unknown path, registered under that path so Streamlit's English modal never shows."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import streamlit as st

from dashboard import labels
from dashboard.filters import PAGES

# A path Streamlit could take as a page name: one segment of plain characters.
_PAGE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def unknown_path() -> str | None:
    """The requested path when it names no page of the app (and could be a page name), else None."""
    try:
        url = st.context.url or ""
    except (AttributeError, KeyError, RuntimeError):  # no browser context, e.g. under AppTest
        return None
    path = urlparse(url).path.strip("/")
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    if base and path.startswith(base):
        path = path[len(base) :].strip("/")
    if not path or path in PAGES or not _PAGE_NAME.match(path):
        return None
    return path


def page(pages: list[st.Page], path: str) -> st.Page:
    """A hidden page at ``path`` that says the page does not exist and links to every page of ``pages``."""

    def render() -> None:
        st.title(labels.NOT_FOUND_TITLE)
        st.info(labels.NOT_FOUND_TEXT)
        for known in pages:
            st.page_link(known)

    return st.Page(render, title=labels.NOT_FOUND_TITLE, url_path=path, visibility="hidden")
