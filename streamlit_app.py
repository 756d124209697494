"""The router: opens the store, registers the pages, runs the chosen one."""

import logging

import sqlalchemy as sa
import streamlit as st

from dashboard import labels, store
from dashboard.filters import PAGE_FILES

st.set_page_config(page_title=labels.APP_TITLE, page_icon=":material/dashboard:", layout="wide")

try:
    store.engine()
except Exception:  # any failure to open the store gets the same message, the cause goes to the log
    logging.getLogger(__name__).exception("cannot open the store")
    st.error(labels.MSG_DB_ERROR)
    st.stop()

page = st.navigation(
    [
        st.Page(
            PAGE_FILES["overview"],
            title=labels.PAGE_OVERVIEW,
            icon=":material/dashboard:",
            url_path="overview",
            default=True,
        ),
        st.Page(PAGE_FILES["regions"], title=labels.PAGE_REGIONS, icon=":material/account_tree:", url_path="regions"),
        st.Page(PAGE_FILES["compare"], title=labels.PAGE_COMPARE, icon=":material/compare_arrows:", url_path="compare"),
    ]
)
st.sidebar.caption(labels.APP_TITLE)
try:
    page.run()
except sa.exc.SQLAlchemyError:
    logging.getLogger(__name__).exception("a query failed")
    st.error(labels.MSG_QUERY_ERROR)
except Exception:  # any other fault of a page: a Chinese message for the user, the cause in the log
    logging.getLogger(__name__).exception("a page failed")
    st.error(labels.MSG_PAGE_ERROR)
