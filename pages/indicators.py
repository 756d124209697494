"""指标体系: the indicator sets and their versions; a set downloaded as XLSX, edited or imported as a new version."""

import streamlit as st

from dashboard import indicator_admin, labels
from dashboard.downloads import PageDownloads
from pages import run_the_router


def render() -> None:
    """The sets, the chosen set's indicators and its next version, and the import of a set."""
    st.title(labels.INDICATORS_TITLE)
    st.caption(labels.INDICATORS_INTRO)
    downloads = PageDownloads(labels.INDICATORS_PAGE, [])
    indicator_admin.page(downloads)
    downloads.workbook(key="indicators_workbook")


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
