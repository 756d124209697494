"""The overview: reported figures, what the lists hold, trend, sub-regions and problem categories."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

from dashboard import charts, labels, regions, store
from dashboard.downloads import PageDownloads
from dashboard.export import Table
from dashboard.filters import Filters
from dashboard.formatting import DASH, count, percent, rate, signed_percent
from data_access.checks import (
    HIGH_SCORER_ROW_CAP,
    computed_trend,
    high_scorers,
    item_counts,
    problems_by_category,
)
from data_access.figures import CHANGE_MEASURES, PERCENT_MEASURES, region_figures, reported_trend
from data_access.periods import period_label
from data_access.regions import Region
from data_access.scope import Scope

KPI_KINDS = ("site", "account", "platform")
KPI_MEASURES = (
    "running",
    "count",
    "checked",
    "sampling_share",
    "failed",
    "pass_rate",
    "pass_rate_after_rectification",
)


def _fit_height(rows: int) -> int:
    """A table height that shows ``rows`` rows without scrolling, up to about 15."""
    return min(35 * (rows + 1) + 3, 563)


def _show(measure: str, value: object) -> str:
    return percent(value) if measure in PERCENT_MEASURES else count(value)


def _round_caption(figures: pd.DataFrame) -> str:
    first = figures.iloc[0]
    parts = [labels.SOURCE.format(title=first["round_title"] or first["issuer"])]
    if first["notice_number"]:
        parts.append(str(first["notice_number"]))
    if first["issued_on"]:
        parts.append(labels.ISSUED_ON.format(date=first["issued_on"]))
    if first["rectification_due"]:
        parts.append(labels.RECTIFICATION_DUE.format(date=first["rectification_due"]))
    return " · ".join(parts)


def _metric(column: st.delta_generator.DeltaGenerator, label: str, value: str, **kwargs: object) -> None:
    column.metric(label, value, border=True, **kwargs)  # type: ignore[arg-type]


def _kind_kpis(kind: str, reported: dict[str, Decimal], items: pd.Series | None) -> None:
    """One row of metric cards for one target kind."""
    cards: list[tuple[str, str, dict[str, object]]] = []
    for measure in KPI_MEASURES:
        if measure not in reported:
            continue
        extra: dict[str, object] = {}
        if measure == "pass_rate":
            changes = [m for m in ("pass_rate_yoy", "pass_rate_qoq") if m in reported]
            if changes:
                change = changes[0]
                extra["delta"] = f"{signed_percent(reported[change])}（{labels.CHANGE_LABELS[change]}）"
        cards.append((labels.MEASURE_LABELS[measure], _show(measure, reported[measure]), extra))
    if "pass_rate" not in reported and "checked" in reported and "failed" in reported:
        checked, failed = int(reported["checked"]), int(reported["failed"])
        computed = rate(checked - failed, checked)
        cards.append((labels.PASS_RATE_COMPUTED, percent(computed), {"help": labels.COMPUTED_HELP}))
    if items is not None and not reported and int(items["complete"]):
        checked, failed = int(items["checked"]), int(items["failed"])
        help_: dict[str, object] = {"help": labels.COMPUTED_HELP}
        cards.append((labels.CHECKED_COMPUTED, count(checked), help_))
        cards.append((labels.FAILED_COMPUTED, count(failed), help_))
        cards.append((labels.PASS_RATE_COMPUTED, percent(rate(checked - failed, checked)), help_))
    if items is not None and not int(items["complete"]) and int(items["failed"]):
        cards.append((labels.LISTED, count(items["failed"]), {"help": labels.LISTED_HELP}))
    if not cards:
        return
    st.markdown(f"**{labels.KIND_LABELS[kind]}**")
    for column, (label, value, extra) in zip(st.columns(len(cards)), cards, strict=True):
        _metric(column, label, value, **extra)


def headline(scope: Scope, filters: Filters, region: Region | None, downloads: PageDownloads) -> None:
    """Metric cards per target kind: reported figures first, computed ones marked."""
    assert filters.period is not None
    figures = store.run(region_figures, scope=scope, period=filters.period, region=filters.region)
    items = store.run(item_counts, scope=scope, period=filters.period, region=filters.region)
    items_by_kind = {row["target_kind"]: row for _, row in items.iterrows()}
    # Each source's figures stay together under its own caption: two notices
    # reporting on one region and quarter are never merged into one row of cards.
    sources = [figures[figures["round_key"] == key] for key in figures["round_key"].unique()] or [figures]
    for index, source in enumerate(sources):
        if not source.empty:
            st.caption(_round_caption(source))
        headline_rows = source[source["segment"] == "all"]
        for kind in KPI_KINDS:
            rows = headline_rows[headline_rows["target_kind"] == kind]
            reported = dict(zip(rows["measure"], rows["value"], strict=True))
            _kind_kpis(kind, reported, items_by_kind.get(kind) if index == 0 else None)
    if figures.empty and items.empty:
        st.info(labels.MSG_NO_DATA.format(region=region.name if region else labels.NATIONAL))
    _other_figures(figures, downloads)


def _other_figures(figures: pd.DataFrame, downloads: PageDownloads) -> None:
    """Every other figure the notice reports for this region: breakdowns, disclosure, messages, content."""
    rest = figures[(figures["segment"] != "all") | (~figures["target_kind"].isin(KPI_KINDS))]
    rest = rest[~rest["measure"].isin(CHANGE_MEASURES)]
    if rest.empty:
        return
    columns = [
        rest["target_kind"].map(labels.KIND_LABELS),
        rest["segment"].replace({"all": labels.SEGMENT_ALL}),
        rest["measure"].map(labels.MEASURE_LABELS),
        [_show(m, v) for m, v in zip(rest["measure"], rest["value"], strict=True)],
        rest["source_text"].fillna(""),
    ]
    table = pd.DataFrame(dict(zip(labels.OTHER_FIGURE_COLUMNS, columns, strict=True)))
    with st.expander(labels.OTHER_FIGURES, expanded=False):
        st.dataframe(table, hide_index=True, width="stretch", key="overview_other_figures")
        downloads.table(Table(labels.OTHER_FIGURES, table), key="overview_other_figures_dl")


def trend(scope: Scope, filters: Filters, downloads: PageDownloads) -> None:
    """Pass rate over every period the region has: reported, and computed where rounds are complete."""
    reported = store.run(reported_trend, scope=scope, region=filters.region)
    computed = store.run(computed_trend, scope=scope, region=filters.region)
    series = []
    for _, row in reported.iterrows():
        name = labels.KIND_LABELS.get(row["target_kind"], row["target_kind"])
        if row["measure"] == "pass_rate_after_rectification":
            name += labels.AFTER_RECTIFICATION
        series.append((row["period"], name, float(row["value"]), labels.REPORTED))
    for _, row in computed.iterrows():
        name = f"{labels.KIND_LABELS[row['target_kind']]}（{labels.COMPUTED}）"
        series.append((row["period"], name, float(row["pass_rate"]), labels.COMPUTED))
    st.subheader(labels.TREND)
    if not series:
        st.info(labels.TREND_NONE)
        return
    frame = pd.DataFrame(series, columns=["period", "series", "value", "source"]).sort_values("period")
    frame["period_label"] = frame["period"].map(period_label)
    st.plotly_chart(charts.pass_rate_trend(frame), key="overview_trend", width="stretch")
    table = frame.pivot_table(index="period_label", columns="series", values="value", aggfunc="first", sort=False)
    with st.expander(labels.TREND_DATA, expanded=False):
        st.dataframe(table.map(percent), width="stretch", key="overview_trend_table")
        export = table.reset_index().rename(columns={"period_label": labels.PERIOD_COLUMN})
        rate_columns = tuple(str(column) for column in table.columns)
        downloads.table(Table(labels.TREND_DATA, export, percent_columns=rate_columns), key="overview_trend_dl")


def subregions(scope: Scope, filters: Filters, region: Region | None, downloads: PageDownloads) -> None:
    """The direct children of the chosen region (and its own departments), each a link to its own overview."""
    assert filters.period is not None
    if region is not None and region.level == "county":
        return
    table = regions.children_frame(scope, filters, region)
    if table.empty:
        regions.deeper_links(scope, filters, "overview")
        return
    codes = table[regions.CODE]
    links = [filters.with_region(code).url() if code and code != filters.region else None for code in codes]
    table.insert(2, labels.DRILL, links)
    config = regions.children_column_config(table)
    config[labels.DRILL] = st.column_config.LinkColumn(labels.DRILL, display_text=labels.DRILL_LINK)
    st.subheader(labels.SUBREGIONS)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="overview_subregions",
        height=_fit_height(len(table)),
        column_config=config,
    )
    downloads.table(
        regions.children_export(labels.SUBREGIONS, table.drop(columns=[labels.DRILL])), key="overview_subregions_dl"
    )
    regions.deeper_links(scope, filters, "overview")


def problem_categories(scope: Scope, filters: Filters) -> None:
    """Failing targets per standard problem category."""
    assert filters.period is not None
    frame = store.run(problems_by_category, scope=scope, period=filters.period, region=filters.region)
    if frame.empty:
        return
    frame["category_label"] = frame["category"].map(labels.CATEGORY_LABELS)
    frame["kind_label"] = frame["target_kind"].map(labels.KIND_LABELS)
    st.subheader(labels.PROBLEM_CATEGORIES)
    st.caption(labels.PROBLEM_CATEGORIES_HELP)
    st.plotly_chart(charts.problem_categories(frame), key="overview_categories", width="stretch")


def high_scoring_sites(scope: Scope, filters: Filters, downloads: PageDownloads) -> None:
    """Sites the notice names as scoring high, by score band."""
    assert filters.period is not None
    frame = store.run(high_scorers, scope=scope, period=filters.period, region=filters.region)
    if frame.empty:
        return
    st.subheader(labels.HIGH_SCORERS)
    if len(frame) == HIGH_SCORER_ROW_CAP:
        st.caption(labels.HIGH_SCORERS_CAPPED.format(cap=HIGH_SCORER_ROW_CAP))
    scores = [str(score) if score is not None and not pd.isna(score) else DASH for score in frame["score"]]
    columns = [frame["score_band"], frame["name"], frame["region_name"], scores]
    table = pd.DataFrame(dict(zip(labels.HIGH_SCORER_COLUMNS, columns, strict=True)))
    st.dataframe(table, hide_index=True, width="stretch", key="overview_high_scorers", height=_fit_height(len(table)))
    downloads.table(Table(labels.HIGH_SCORERS, table), key="overview_high_scorers_dl")
