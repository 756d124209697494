"""通报起草: the quarter's notice drafted from the store, edited, checked against its annexes, downloaded."""

import streamlit as st

from dashboard import auth, labels, report
from dashboard.downloads import PageDownloads
from dashboard.filters import sidebar_filters
from dashboard.formatting import plain
from data_access.periods import period_label
from pages import run_the_router


def render() -> None:
    """The draft's head and sections to edit, its annexes, the check, and the .docx and PDF buttons."""
    scope = auth.scope()
    filters, region = sidebar_filters(scope)
    st.title(report.title(scope, filters, region))
    name = region.name if region else labels.NATIONAL
    if filters.period is None:
        st.info(labels.MSG_NO_DATA.format(region=plain(name)))
        return
    generated = report.draft(scope, filters)
    if generated is None:
        st.info(labels.REPORT_NOTHING.format(region=plain(name), period=period_label(filters.period)))
        return
    st.caption(labels.REPORT_HELP)
    for note in generated.notes:
        st.info(plain(note))
    draft = report.edited(generated, filters)
    downloads = PageDownloads(labels.REPORT_PAGE, report.context(scope, filters, region))
    report.annexes(draft, downloads)
    findings = report.checked(draft)
    st.subheader(labels.REPORT_DOWNLOAD)
    report.download_buttons(draft, findings, filters)


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
