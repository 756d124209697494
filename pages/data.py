"""数据导入: a file checked and written as one batch, the batches listed and undone, the templates."""

import streamlit as st

from dashboard import data_import, labels
from dashboard.downloads import PageDownloads
from dashboard.filters import import_filters
from pages import run_the_router


def render() -> None:
    """The upload, the batches and the templates."""
    suggested = import_filters()
    st.title(labels.DATA_TITLE)
    st.caption(labels.DATA_INTRO)
    downloads = PageDownloads(labels.DATA_PAGE, [])

    st.subheader(labels.DATA_UPLOAD_SECTION)
    data_import.import_section(suggested, downloads, data_import.today())
    st.subheader(labels.DATA_BATCHES_SECTION)
    data_import.batches_section(downloads)
    st.subheader(labels.DATA_TEMPLATES_SECTION)
    data_import.templates_section()


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
