"""Streamlit's own words on our pages: drawn in Chinese by a stylesheet the router sends on every run."""

import streamlit as st

from data_access.db import APP_DIR

STYLESHEET = APP_DIR / "assets" / "chinese_widgets.css"
_STYLE = f"<style>{STYLESHEET.read_text(encoding='utf-8')}</style>"  # read once per process, not on every run


def chinese_widgets() -> None:
    """Send the stylesheet that draws Streamlit's English widget words (the file uploader's) in Chinese; a
    style-only element takes no space on the page."""
    st.html(_STYLE)
