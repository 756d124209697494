"""账号管理 (administrators only, checked by the router): accounts, and the audit log."""

import streamlit as st

from dashboard import accounts, auth, labels
from dashboard.downloads import PageDownloads
from pages import run_the_router


def render() -> None:
    """The accounts and the audit log."""
    admin = auth.account()
    st.title(labels.AUTH_ACCOUNTS_TITLE)
    accounts.show_result()
    downloads = PageDownloads(labels.AUTH_ACCOUNTS_PAGE, [])
    names = accounts.account_list(downloads)
    add, change = st.columns(2)
    with add:
        accounts.add_form(admin)
    with change:
        accounts.change_form(admin, names)
    accounts.audit_log(downloads)
    downloads.workbook(key="accounts_workbook")


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
