"""The router: registers the pages, opens the store, runs the chosen page and turns any fault into Chinese."""

import sqlalchemy as sa
import streamlit as st

from dashboard import labels, not_found, store
from dashboard.filters import PAGE_FILES
from dashboard.logs import logger
from data_access.db import APP_DIR

log = logger("router")
st.set_page_config(page_title=labels.APP_TITLE, page_icon=str(APP_DIR / "assets" / "favicon.png"), layout="wide")

pages = [
    st.Page(
        PAGE_FILES["overview"],
        title=labels.PAGE_OVERVIEW,
        icon=":material/dashboard:",
        url_path="overview",
        default=True,
    ),
    st.Page(PAGE_FILES["regions"], title=labels.PAGE_REGIONS, icon=":material/account_tree:", url_path="regions"),
    st.Page(PAGE_FILES["compare"], title=labels.PAGE_COMPARE, icon=":material/compare_arrows:", url_path="compare"),
    st.Page(PAGE_FILES["content"], title=labels.CONTENT_PAGE, icon=":material/edit_note:", url_path="content"),
    st.Page(PAGE_FILES["disclosure"], title=labels.DISC_PAGE, icon=":material/forum:", url_path="disclosure"),
    st.Page(PAGE_FILES["problems"], title=labels.PROBLEMS_PAGE, icon=":material/report:", url_path="problems"),
    st.Page(PAGE_FILES["rectification"], title=labels.RECT_PAGE, icon=":material/task_alt:", url_path="rectification"),
    st.Page(PAGE_FILES["data"], title=labels.DATA_PAGE, icon=":material/upload_file:", url_path="data"),
]
unknown = not_found.unknown_path()
if unknown:
    pages.append(not_found.page(list(pages), unknown))
page = st.navigation(pages)
st.sidebar.caption(labels.APP_TITLE)

# The store is opened after st.navigation, so that a store that is down or empty still leaves
# the app's own navigation in place; the engine is not cached on failure, so the next page load
# tries again and recovers by itself once the store is back.
try:
    store.open_run()
    if store.is_empty():
        st.warning(labels.MSG_EMPTY_STORE)
        st.code(labels.EMPTY_STORE_COMMANDS, language="bash")
        if page.url_path != "data":  # the import page is how an empty store gets its data
            st.stop()
except Exception:  # any failure to open the store gets the same message, the cause goes to the log
    log.exception("cannot open the store")
    st.error(labels.MSG_DB_ERROR)
    st.stop()

try:
    page.run()
except sa.exc.SQLAlchemyError:
    log.exception("a query failed")
    st.error(labels.MSG_QUERY_ERROR)
except Exception:  # any other fault of a page: a Chinese message for the user, the cause in the log
    log.exception("a page failed")
    st.error(labels.MSG_PAGE_ERROR)
