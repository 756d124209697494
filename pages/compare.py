"""对比分析: the regions under the chosen one side by side, and the chosen region across quarters."""

import streamlit as st

from dashboard import auth, compare, labels
from dashboard.downloads import PageDownloads
from dashboard.filters import sidebar_filters
from pages import run_the_router


def render() -> None:
    """The regions side by side, and the region across quarters."""
    scope = auth.scope()
    filters, region = sidebar_filters(scope)
    region_name = region.name if region else labels.NATIONAL

    if filters.period is None:
        st.title(labels.COMPARE_NO_PERIOD.format(region=region_name))
        st.info(labels.MSG_NO_DATA.format(region=region_name))
        return

    st.title(labels.COMPARE_TITLE.format(region=region_name))
    downloads = PageDownloads(labels.PAGE_COMPARE, compare.context(filters, region))
    compare.regions_side_by_side(scope, filters, region, downloads)
    compare.region_across_periods(scope, filters, region, downloads)
    downloads.workbook(key="compare_workbook")


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
