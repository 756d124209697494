"""问题清单: every failing site, account and platform of a quarter, with its problems, filtered and downloadable."""

import streamlit as st

from dashboard import auth, labels, problems
from dashboard.downloads import PageDownloads
from dashboard.filters import problem_filters, restore_list_filters, sidebar_filters
from pages import run_the_router


def render() -> None:
    """The counts per kind, the charts by category and sub-region, and the problem list."""
    scope = auth.scope()
    today = problems.as_of()
    restore_list_filters()
    filters, region = sidebar_filters(scope)
    chosen = problem_filters(scope, filters, region, as_of=today)
    st.title(problems.title(scope, filters, region, labels.PROBLEMS_TITLE, labels.PROBLEMS_NO_PERIOD))
    if filters.period is None:
        st.info(labels.MSG_NO_DATA.format(region=region.name if region else labels.NATIONAL))
        return

    downloads = PageDownloads(labels.PROBLEMS_PAGE, problems.context(scope, filters, region, chosen))
    problems.headline(problems.kind_counts(scope, filters, chosen, today), chosen, key="problems")
    by_category, by_region = st.columns(2)
    with by_category:
        problems.category_chart(scope, filters, chosen, today)
    with by_region:
        problems.subregion_chart(scope, filters, region, chosen, today, "problems")
    problems.problem_list(scope, filters, chosen, today, downloads)
    downloads.workbook(key="problems_workbook")


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
