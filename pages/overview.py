"""概况: whose figures these are, the headline per kind, the notice's words, trend, sub-regions, problem categories."""

import streamlit as st

from dashboard import auth, labels, overview, problems, tasks
from dashboard.downloads import PageDownloads
from dashboard.filters import period_name, sidebar_filters
from pages import run_the_router


def render() -> None:
    """The headline, the notice's words, trend, sub-regions, problem categories and high scorers."""
    scope = auth.scope()
    filters, region = sidebar_filters(scope)
    region_name = region.name if region else labels.NATIONAL

    if filters.period is None:
        st.title(labels.OVERVIEW_NO_PERIOD.format(region=region_name))
        st.info(labels.MSG_NO_DATA.format(region=region_name))
        return

    period = period_name(scope, filters)
    st.title(f"{region_name} · {period}")
    overview.prefetch(scope, filters, region)
    downloads = PageDownloads(
        labels.PAGE_OVERVIEW, [(labels.FILTER_PERIOD, period), (labels.REGION_NAME, region_name)]
    )
    tasks.overview_panel(scope, problems.as_of(), downloads)  # an account with a region: its open tasks first
    overview.period_picker(scope, filters)
    view = overview.view_scope(scope, filters, region)
    benchmarks = overview.headline(scope, filters, region, view, downloads)
    if view.own or view.computed:
        overview.notice_words(scope, filters, region, view)
        overview.trend(scope, filters, region, downloads)
        overview.subregions(scope, filters, region, benchmarks, downloads)
    else:  # no figures of its own this quarter: the sub-regions that have them come first
        overview.subregions(scope, filters, region, benchmarks, downloads)
        overview.notice_words(scope, filters, region, view)
        overview.trend(scope, filters, region, downloads)
    overview.problem_categories(scope, filters)
    overview.high_scoring_sites(scope, filters, downloads)
    downloads.workbook(key="overview_workbook")


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
