"""整改跟踪: each problem's rectification status and deadlines, re-checks, overdue problems and repeat offenders."""

import streamlit as st

from dashboard import auth, labels, problems, rectification
from dashboard.downloads import PageDownloads
from dashboard.filters import kind_switch, problem_filters, restore_list_filters, sidebar_filters
from pages import run_the_router


def render() -> None:
    """Deadlines, statuses, current problems, re-checks, overdue problems and repeat offenders."""
    scope = auth.scope()
    today = problems.as_of()
    restore_list_filters()
    filters, region = sidebar_filters(scope)
    chosen = problem_filters(scope, filters, region, as_of=today)
    st.title(problems.title(scope, filters, region, labels.RECT_TITLE, labels.RECT_NO_PERIOD))
    if filters.period is None:
        st.info(labels.MSG_NO_DATA.format(region=region.name if region else labels.NATIONAL))
        return

    downloads = PageDownloads(labels.RECT_PAGE, problems.context(scope, filters, region, chosen))
    rectification.prefetch(scope, filters, region, chosen, today)
    kind_switch(chosen, problems.kind_counts(scope, filters, chosen, today), key="rectification")
    rectification.deadlines(scope, filters, downloads)
    rectification.status_overview(scope, filters, region, chosen, today)
    rectification.current_problems(scope, filters, chosen, today, downloads)
    rectification.rechecks(scope, filters, chosen, today, downloads)
    rectification.overdue(scope, filters, chosen, today, downloads)
    rectification.offenders(scope, filters, chosen, today, downloads)
    downloads.workbook(key="rectification_workbook")


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
