"""检查评分: record a check of a site or account against the round's indicator set, see the verdict live, save."""

import streamlit as st

from dashboard import inspect, labels
from dashboard.downloads import PageDownloads
from dashboard.filters import drop_malformed_inspect_choice
from dashboard.formatting import plain
from pages import run_the_router


def render() -> None:
    """The round, the target, the check's veto items and findings with the live verdict, and the round's checks."""
    for message in drop_malformed_inspect_choice():
        st.warning(plain(message))
    st.title(labels.INSPECT_TITLE)
    st.caption(labels.INSPECT_INTRO)
    downloads = PageDownloads(labels.INSPECT_PAGE, [])
    inspect.page(downloads)
    downloads.workbook(key="inspect_workbook")


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
