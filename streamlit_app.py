"""The router: registers the pages, opens the store, lets in only a logged-in account, runs the chosen page
and turns any fault into Chinese."""

import importlib
from collections.abc import Callable

import sqlalchemy as sa
import streamlit as st

from dashboard import auth, chrome, labels, not_found, store
from dashboard.filters import PAGES
from dashboard.logs import logger
from data_access.db import APP_DIR
from data_access.sessions import MIN_SECRET_LENGTH, SecretTooShort

log = logger("router")
st.set_page_config(page_title=labels.APP_TITLE, page_icon=str(APP_DIR / "assets" / "favicon.png"), layout="wide")
chrome.chinese_widgets()  # Streamlit's English widget words, drawn in Chinese


def render(path: str) -> Callable[[], None]:
    """Draw the page at url path ``path``: render() of pages/<path>.py, imported when the page runs, so that a
    fault in it is caught below like any fault of a page."""

    def run() -> None:
        importlib.import_module(f"pages.{path}").render()

    return run


# Who is logged in is settled before anything else; a store that cannot be read logs no one in.
store_failed = False
secret_bad = False
try:
    account = auth.session_account()
except SecretTooShort:
    log.error("DASHBOARD_SECRET_KEY is shorter than %d characters", MIN_SECRET_LENGTH)
    account, secret_bad = None, True
except Exception:  # any failure to open the store gets the same message below, the cause goes to the log
    log.exception("cannot open the store")
    account, store_failed = None, True

# Every page is registered, so a deep link survives the login; a page the account may not open is not listed.
pages = [
    st.Page(
        render(path),
        title=title,
        icon=icon,
        url_path=path,
        default=index == 0,
        visibility="visible" if auth.allowed(account, path) else "hidden",
    )
    for index, (path, (title, icon)) in enumerate(PAGES.items())
]
page_paths = {page.url_path: path for page, path in zip(pages, PAGES, strict=True)}
unknown = not_found.unknown_path()
if unknown:
    pages.append(not_found.page([p for p in pages if auth.allowed(account, page_paths[p.url_path])], unknown))
# Streamlit's own page list is off (client.showSidebarNavigation in .streamlit/config.toml): in the first run
# after a start it would list the files of pages/ by their English names. The menu is drawn here instead.
page = st.navigation(pages, position="hidden")
st.sidebar.caption(labels.APP_TITLE)

if store_failed or secret_bad:
    st.error(labels.AUTH_SECRET_TOO_SHORT if secret_bad else labels.MSG_DB_ERROR)
    st.stop()
if account is None:  # nothing of the data, not even the regions, before a login
    try:
        auth.login_screen()
    except Exception:
        log.exception("the login failed")
        st.error(labels.MSG_DB_ERROR)
    st.stop()
menu = st.sidebar.container(key="menu")  # the pages this account may open
for item in pages:
    if item.visibility == "visible":
        menu.page_link(item, label=item.title, icon=item.icon)
auth.sidebar(account)
if not auth.allowed(account, page_paths.get(page.url_path, "")):
    st.error(labels.AUTH_FORBIDDEN)
    st.stop()

# An empty store is checked after the login; the engine is not cached on failure, so the next page
# load tries again and recovers by itself once the store is back.
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
