"""The router: opens the store, registers the pages, runs the chosen one."""

import streamlit as st

from dashboard import labels, store

st.set_page_config(page_title=labels.APP_TITLE, page_icon="📊", layout="wide")

try:
    store.engine()
except Exception:  # noqa: BLE001 - any failure to open the store gets the same message
    st.error(labels.MSG_DB_ERROR)
    st.stop()

page = st.navigation(
    [
        st.Page("pages/overview.py", title=labels.PAGE_OVERVIEW, icon="📊", url_path="overview", default=True),
    ]
)
st.sidebar.caption(labels.APP_TITLE)
page.run()
