"""Who is looking: the login and first-administrator screens, the session cookie, and the account's scope.

The router calls ``session_account`` before it runs any page; a page gets
the logged-in account's Scope from ``scope()``, the only place a Scope is
made from an account. A session is a signed token (data_access.sessions)
kept in the session state and in a cookie, so a reload stays logged in.
"""

from __future__ import annotations

import re

import streamlit as st

from dashboard import labels, store
from dashboard.filters import page_role
from dashboard.formatting import plain
from data_access import sessions, users
from data_access.regions import get_region
from data_access.scope import Scope
from data_access.users import Account

COOKIE_NAME = "dashboard_session"
TOKEN_KEY = "auth_token"  # session state: the signed token of this session's login
_ACCOUNT_KEY = "_auth_account"  # session state: the account the router checked on this run
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[0-9a-f]{64}")  # what may go into the cookie script


def session_account() -> Account | None:
    """The account this session is logged in as (from its token or its cookie), checked against the store.

    Also remembers it for ``scope()`` and ``account()`` during this run.
    """
    st.session_state.pop(_ACCOUNT_KEY, None)
    candidates = [st.session_state.get(TOKEN_KEY), st.context.cookies.get(COOKIE_NAME)]
    with store.engine().begin() as conn:
        for token in candidates:
            found = sessions.account_for_token(conn, token) if isinstance(token, str) else None
            if found is not None:
                st.session_state[TOKEN_KEY] = token
                st.session_state[_ACCOUNT_KEY] = found
                return found
    st.session_state.pop(TOKEN_KEY, None)
    return None


def account() -> Account:
    """The account the router let in on this run; fails closed when there is none."""
    found = st.session_state.get(_ACCOUNT_KEY)
    if not isinstance(found, Account):
        raise PermissionError("no logged-in account on this run")
    return found


def scope() -> Scope:
    """The logged-in account's scope: what every query of every page may return."""
    return account().scope


def allowed(found: Account | None, page: str) -> bool:
    """True when ``found`` may open the page at url path ``page`` (see filters.PAGE_ROLES)."""
    return found is not None and found.has_role(page_role(page))


def log_in(token: str) -> None:
    """Start this session's login with a token issued by data_access.sessions."""
    st.session_state[TOKEN_KEY] = token


def _login_form() -> None:
    st.title(labels.AUTH_LOGIN_TITLE)
    st.caption(labels.AUTH_LOGIN_INTRO)
    with st.form("login", enter_to_submit=True, clear_on_submit=True):  # the password is not kept
        name = st.text_input(labels.AUTH_USER_NAME, key="login_user", max_chars=64)
        password = st.text_input(labels.AUTH_PASSWORD, type="password", key="login_password", max_chars=200)
        submitted = st.form_submit_button(labels.AUTH_LOGIN_BUTTON, type="primary")
    if not submitted:
        return
    if not name.strip() or not password:
        st.error(labels.AUTH_EMPTY_FIELDS)
        return
    with store.engine().begin() as conn:
        result = users.authenticate(conn, name, password)
        token = sessions.issue_token(conn, result.account) if result.account else None
    if token:
        log_in(token)
        st.rerun()
    elif result.reason == "locked":
        st.error(labels.AUTH_LOCKED.format(minutes=result.minutes_left()))
    elif result.reason == "disabled":
        st.error(labels.AUTH_DISABLED)
    else:
        st.error(labels.AUTH_WRONG)


def _first_admin_form() -> None:
    st.title(labels.AUTH_FIRST_TITLE)
    st.info(labels.AUTH_FIRST_INTRO)
    with st.form("first_admin", clear_on_submit=True):
        name = st.text_input(labels.AUTH_USER_NAME, key="first_user", max_chars=64)
        display = st.text_input(labels.AUTH_DISPLAY_NAME, key="first_display", max_chars=64)
        password = st.text_input(labels.AUTH_PASSWORD, type="password", key="first_password", max_chars=200)
        again = st.text_input(labels.AUTH_PASSWORD_AGAIN, type="password", key="first_again", max_chars=200)
        submitted = st.form_submit_button(labels.AUTH_FIRST_BUTTON, type="primary")
    if not submitted:
        return
    if password != again:
        st.error(labels.AUTH_PASSWORDS_DIFFER)
        return
    try:
        with store.engine().begin() as conn:
            created = users.create_first_admin(conn, user_name=name.strip(), password=password, display_name=display)
            users.authenticate(conn, created.user_name, password)  # the first login, recorded like any other
            token = sessions.issue_token(conn, created)
    except users.AccountError as refused:
        st.error(plain(str(refused)))
        return
    log_in(token)
    st.rerun()


def login_screen() -> None:
    """The only thing a session that has not logged in sees: the login form, or the first administrator's."""
    _forget_cookie()
    with store.engine().connect() as conn:
        first = not users.has_accounts(conn)
    if first:
        _first_admin_form()
    else:
        _login_form()


def _cookie_script(value: str, max_age: int) -> None:
    # Streamlit cannot set a cookie from the server; the page's own script does, with the token only.
    secure = "(location.protocol==='https:'?'; Secure':'')"
    st.sidebar.html(
        f"<script>document.cookie='{COOKIE_NAME}={value}; Path=/; Max-Age={max_age}; SameSite=Strict'+{secure};"
        "</script>",
        unsafe_allow_javascript=True,
        width=1,
    )


def _keep_cookie(token: str) -> None:
    """Put this session's token in the browser's cookie, unless the browser already sent it."""
    if st.context.cookies.get(COOKIE_NAME) != token and _TOKEN_SHAPE.fullmatch(token):
        _cookie_script(token, sessions.SESSION_HOURS * 3600)


def _forget_cookie() -> None:
    """Remove a cookie the browser sent that no longer logs anyone in (after a logout or when it expired)."""
    if COOKIE_NAME in st.context.cookies:
        _cookie_script("", 0)


def _log_out() -> None:
    found = st.session_state.get(_ACCOUNT_KEY)
    if isinstance(found, Account):
        with store.engine().begin() as conn:
            users.end_sessions(conn, user_name=found.user_name)
    st.session_state.pop(TOKEN_KEY, None)
    st.session_state.pop(_ACCOUNT_KEY, None)


def sidebar(found: Account) -> None:
    """Who is logged in, with what role and scope, and the logout button; keeps the session cookie."""
    where = labels.NATIONAL
    if found.region_code:
        region = store.run(get_region, code=found.region_code)
        where = region.name if region else found.region_code
    name = found.display_name or found.user_name
    role = labels.AUTH_ROLE_LABELS.get(found.role, found.role)
    st.sidebar.caption(plain(labels.AUTH_SIGNED_IN_AS.format(name=name, role=role, scope=where)))
    st.sidebar.button(labels.AUTH_LOGOUT_BUTTON, key="logout", on_click=_log_out)
    _keep_cookie(st.session_state.get(TOKEN_KEY, ""))
