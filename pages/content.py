"""内容保障: who feeds the portal — each unit's submissions, the totals, and the rankings."""

import streamlit as st

from dashboard import auth, content, labels
from dashboard.downloads import PageDownloads
from dashboard.filters import history_target, period_name, topic_filters
from dashboard.formatting import plain
from pages import run_the_router


def render() -> None:
    """The totals, each unit's submissions, one unit's history, and the rankings."""
    scope = auth.scope()
    filters, region = topic_filters(scope, content.periods_for(scope))
    region_name = region.name if region else labels.NATIONAL

    if filters.period is None:
        st.title(labels.CONTENT_NO_PERIOD.format(region=region_name))
        st.info(labels.MSG_NO_DATA.format(region=plain(region_name)))
        return

    st.title(labels.CONTENT_TITLE.format(region=region_name, period=period_name(scope, filters)))
    if content.no_data(scope, filters, region):
        return
    downloads = PageDownloads(labels.CONTENT_PAGE, content.context(filters, region))
    content.totals(scope, filters, region, downloads)
    content.units(scope, filters, region, downloads)
    unit = history_target(scope, region, labels.CONTENT_MSG_BAD_HISTORY)
    if unit is not None:
        content.history(scope, unit, downloads)
    content.rankings(scope, filters, region, downloads)
    downloads.workbook(key="content_workbook")


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
