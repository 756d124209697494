"""The administrators' page: accounts (list, add, disable or enable, new password) and the audit log.

No password or hash is ever read into a frame here: data_access.users.list_accounts leaves them out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import labels, store
from dashboard.downloads import PageDownloads
from dashboard.export import Table
from dashboard.formatting import plain
from dashboard.tables import table_height, whole_numbers
from data_access import audit, users
from data_access.clock import beijing_texts
from data_access.schema import USER_ROLES
from data_access.users import Account

_COLUMNS = labels.AUTH_ACCOUNT_COLUMNS
_AUDIT = labels.AUTH_AUDIT_COLUMNS


def _beijing(values: pd.Series) -> pd.Series:
    """Times the store keeps in UTC, as Beijing time text to the second (blank when missing)."""
    return beijing_texts(values, "%Y-%m-%d %H:%M:%S")


def accounts_frame() -> pd.DataFrame:
    """Every account with Chinese headers, as the page shows and downloads it."""
    with store.engine().connect() as conn:
        frame = users.list_accounts(conn)
    now = users.utc_now()
    locked = [
        labels.AUTH_LOCKED_UNTIL.format(until=_beijing(pd.Series([until])).iloc[0])
        if until is not None and not pd.isna(until) and until > now
        else ""
        for until in frame["locked_until"]
    ]
    region = [
        f"{name}（{code}）" if isinstance(code, str) and code else labels.NATIONAL
        for code, name in zip(frame["region_code"], frame["region_name"], strict=True)
    ]
    return pd.DataFrame(
        {
            _COLUMNS["user_name"]: frame["user_name"].astype(str),
            _COLUMNS["display_name"]: frame["display_name"].fillna("").astype(str),
            _COLUMNS["role"]: [labels.AUTH_ROLE_LABELS.get(role, role) for role in frame["role"]],
            _COLUMNS["region"]: region,
            _COLUMNS["state"]: [labels.AUTH_STATE_ACTIVE if a else labels.AUTH_STATE_DISABLED for a in frame["active"]],
            _COLUMNS["lock"]: locked,
            _COLUMNS["created_at"]: _beijing(frame["created_at"]),
            _COLUMNS["password_changed_at"]: _beijing(frame["password_changed_at"]),
        }
    )


def account_list(downloads: PageDownloads) -> list[str]:
    """The accounts table with its downloads; returns the account names."""
    st.subheader(labels.AUTH_ACCOUNTS_LIST)
    frame = accounts_frame()
    st.dataframe(frame, hide_index=True, width="stretch", height=table_height(len(frame)), key="accounts_table")
    downloads.table(
        Table(labels.AUTH_ACCOUNTS_LIST, frame, text_columns=(_COLUMNS["user_name"],)), key="accounts_download"
    )
    return list(frame[_COLUMNS["user_name"]])


def _done(message: str) -> None:
    st.session_state["accounts_message"] = message


def show_result() -> None:
    """The outcome of the last change, once."""
    message = st.session_state.pop("accounts_message", None)
    if message:
        st.success(plain(message))


def add_form(admin: Account) -> None:
    """A form that creates an account; a refusal reads as one Chinese line."""
    st.subheader(labels.AUTH_ADD_TITLE)
    with st.form("account_add", clear_on_submit=False):
        name = st.text_input(labels.AUTH_USER_NAME, key="account_add_name", max_chars=64)
        display = st.text_input(labels.AUTH_DISPLAY_NAME, key="account_add_display", max_chars=64)
        role = st.selectbox(
            labels.AUTH_ROLE,
            USER_ROLES,
            format_func=lambda value: labels.AUTH_ROLE_LABELS[value],
            key="account_add_role",
        )
        region = st.text_input(labels.AUTH_REGION, key="account_add_region", max_chars=6)
        password = st.text_input(labels.AUTH_PASSWORD, type="password", key="account_add_password", max_chars=200)
        submitted = st.form_submit_button(labels.AUTH_ADD_BUTTON)
    if not submitted:
        return
    try:
        with store.engine().begin() as conn:
            users.add_account(
                conn,
                user_name=name.strip(),
                password=password,
                role=role,
                region_code=region.strip() or None,
                display_name=display,
                actor=admin.user_name,
            )
    except users.AccountError as refused:
        st.error(plain(str(refused)))
        return
    _done(labels.AUTH_ADDED.format(name=name.strip()))
    st.rerun()


def change_form(admin: Account, names: list[str]) -> None:
    """Disable, enable or give a new password to one account."""
    st.subheader(labels.AUTH_CHANGE_TITLE)
    if not names:
        return
    with st.form("account_change"):
        name = st.selectbox(labels.AUTH_CHOOSE_ACCOUNT, names, key="account_change_name")
        password = st.text_input(
            labels.AUTH_NEW_PASSWORD, type="password", key="account_change_password", max_chars=200
        )
        with st.container(horizontal=True, gap="small"):
            disable = st.form_submit_button(labels.AUTH_DISABLE_BUTTON)
            enable = st.form_submit_button(labels.AUTH_ENABLE_BUTTON)
            reset = st.form_submit_button(labels.AUTH_RESET_BUTTON)
    if not (disable or enable or reset) or not name:
        return
    try:
        with store.engine().begin() as conn:
            if reset:
                users.set_password(conn, user_name=name, password=password, actor=admin.user_name)
                message = labels.AUTH_RESET_DONE
            else:
                users.set_active(conn, user_name=name, active=enable, actor=admin.user_name)
                message = labels.AUTH_ENABLED_DONE if enable else labels.AUTH_DISABLED_DONE
    except users.AccountError as refused:
        st.error(plain(str(refused)))
        return
    _done(message.format(name=name))
    st.rerun()


def audit_frame() -> pd.DataFrame:
    """The newest audit entries with Chinese headers."""
    with store.engine().connect() as conn:
        frame = audit.recent(conn)
    return pd.DataFrame(
        {
            _AUDIT["at"]: _beijing(frame["at"]),
            _AUDIT["user_name"]: frame["user_name"].fillna("").astype(str),
            _AUDIT["action"]: [labels.AUTH_ACTION_LABELS.get(action, action) for action in frame["action"]],
            _AUDIT["detail"]: frame["detail"].fillna("").astype(str),
            _AUDIT["import_id"]: whole_numbers(frame["import_id"]),
        }
    )


def audit_log(downloads: PageDownloads) -> None:
    """The audit log, newest first, with its downloads."""
    st.subheader(labels.AUTH_AUDIT_TITLE)
    frame = audit_frame()
    st.caption(labels.AUTH_AUDIT_CAPTION.format(count=f"{len(frame):,}"))
    st.dataframe(frame, hide_index=True, width="stretch", height=table_height(len(frame)), key="audit_table")
    downloads.table(Table(labels.AUTH_AUDIT_TITLE, frame, text_columns=(_AUDIT["user_name"],)), key="audit_download")
