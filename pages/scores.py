"""评分分析: per region and unit, the indicators that cost points, the spread of scores and the veto reasons."""

import streamlit as st

from dashboard import auth, labels, scores
from dashboard.downloads import PageDownloads
from dashboard.filters import score_filters, score_kind_switch, topic_filters
from dashboard.formatting import plain
from data_access.periods import period_label
from pages import run_the_router


def render() -> None:
    """The kind, the region's figures, its children, indicators, distribution, units and the printed bands."""
    scope = auth.scope()
    chosen, messages = score_filters()
    filters, region = topic_filters(scope, scores.topic_periods(scope, chosen.kind))
    for message in messages:
        st.warning(plain(message))
    st.title(scores.title(filters, region))
    name = region.name if region else labels.NATIONAL
    if filters.period is None:
        st.info(labels.MSG_NO_DATA.format(region=name))
        return
    st.caption(labels.SCORES_INTRO)
    score_kind_switch(chosen)
    scores.prefetch(scope, filters, region, chosen)
    downloads = PageDownloads(labels.SCORES_PAGE, scores.context(filters, region, chosen))
    summary = scores.summary_of(scope, filters, chosen.kind)
    if summary is None:
        kind = labels.TARGET_KIND_SET_LABELS[chosen.kind]
        st.info(labels.SCORES_NONE.format(region=plain(name), period=period_label(filters.period), kind=kind))
        scores.other_periods(scope, filters, chosen)
    else:
        scores.metrics(summary)
        scores.children(scope, filters, region, chosen.kind, downloads)
        scores.indicators_section(scope, filters, region, chosen, summary, downloads)
        scores.losers_section(scope, filters, chosen, downloads)
        scores.distribution_section(scope, filters, chosen, summary, downloads)
        scores.units_section(scope, filters, chosen, downloads)
    scores.printed_section(scope, filters, downloads)
    downloads.workbook(key="scores_workbook")


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
