"""公开与互动: departments' disclosure, netizen messages and filing-system changes of one quarter and region."""

import streamlit as st

from dashboard import auth, disclosure, labels
from dashboard.downloads import PageDownloads
from dashboard.filters import history_target, period_name, topic_filters
from dashboard.formatting import plain
from pages import run_the_router


def render() -> None:
    """Disclosure per department, one unit's history, messages and registry changes."""
    scope = auth.scope()
    filters, region = topic_filters(scope, disclosure.periods_for(scope))
    region_name = region.name if region else labels.NATIONAL

    if filters.period is None:
        st.title(labels.DISC_NO_PERIOD.format(region=region_name))
        st.info(labels.MSG_NO_DATA.format(region=plain(region_name)))
        return

    st.title(labels.DISC_TITLE.format(region=region_name, period=period_name(scope, filters)))
    if disclosure.no_data(scope, filters, region):
        return
    downloads = PageDownloads(labels.DISC_PAGE, disclosure.context(filters, region))
    disclosure.disclosure(scope, filters, region, downloads)
    unit = history_target(scope, region, labels.DISC_MSG_BAD_HISTORY)
    if unit is not None:
        disclosure.history(scope, unit, downloads)
    disclosure.messages(scope, filters, region, downloads)
    disclosure.registry(scope, filters, downloads)
    downloads.workbook(key="disclosure_workbook")


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
