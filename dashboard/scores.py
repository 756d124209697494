"""Score analysis (/scores): per region and per unit, which indicators cost points, how scores spread, why
checks were vetoed; every figure computed from recorded scores and marked 计算值, every table downloadable."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, labels, store
from dashboard.downloads import PageDownloads
from dashboard.export import Table
from dashboard.filters import (
    Filters,
    ScoreFilters,
    apply_score_filters,
    drill_to,
    open_target,
    page_target,
    selection_key,
)
from dashboard.formatting import computed_percent, plain
from dashboard.tables import given, table_height
from data_access.periods import period_label
from data_access.regions import Region, region_names
from data_access.scope import Scope
from data_access.scores import (
    HISTOGRAM_STEP,
    LOSER_ROW_CAP,
    UNIT_ROW_CAP,
    band_counts,
    indicator_losers,
    indicator_of,
    indicator_totals,
    points_by_child_indicator,
    printed_bands,
    score_counts,
    score_summary,
    scored_periods,
    scores_by_child,
    unit_scores,
    unit_top_indicators,
    veto_reasons,
)
from data_access.scoring import BANDS

PAGE = "scores"
SCORE_FORMAT = "%.1f"
AVERAGE_FORMAT = "%.2f"
PERCENT_FORMAT = "%.2f%%"
TOP_INDICATORS = 3  # named per child region
CHART_INDICATORS = 15


def context(filters: Filters, region: Region | None, chosen: ScoreFilters) -> list[tuple[str, str]]:
    period = period_label(filters.period) if filters.period else labels.NONE_TEXT
    return [
        (labels.FILTER_PERIOD, period),
        (labels.REGION_NAME, region.name if region else labels.NATIONAL),
        (labels.SCORES_KIND, labels.TARGET_KIND_SET_LABELS[chosen.kind]),
    ]


def topic_periods(scope: Scope, kind: str) -> Any:
    """The periods the page has something for in a region: scored checks, or a notice's printed bands."""
    return lambda code: store.run(scored_periods, scope=scope, region=code, kind=kind)


def _number(value: Any, digits: int = 1) -> str:
    return f"{float(value):.{digits}f}" if given(value) else labels.NONE_TEXT


def _share(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def metrics(summary: pd.Series) -> None:
    """The region's scored checks in six figures, the computed ones marked."""
    names = labels.SCORES_METRICS
    checks = int(summary["checks"])
    values = {
        "scored": f"{checks:,}",
        "average": _number(summary["average"], 2),
        "passed_share": computed_percent(_share(float(summary["passed"]), checks)) if checks else labels.NONE_TEXT,
        "vetoed": f"{int(summary['vetoed']):,}",
        "below_60": f"{int(summary['below_60']):,}",
        "bonus": f"{int(summary['with_bonus']):,}",
    }
    for column, (key, value) in zip(st.columns(len(values)), values.items(), strict=True):
        column.metric(names[key], value, help=labels.SCORES_METRIC_HELP)


# ---------------------------------------------------------------- per child region


def children_frame(scope: Scope, filters: Filters, region: Region | None, kind: str) -> pd.DataFrame:
    """The children table: one row per child region with its scores and the indicators that cost it most."""
    assert filters.period is not None
    frame = store.run(scores_by_child, scope=scope, period=filters.period, region=region, kind=kind)
    if frame.empty:
        return frame
    points = store.run(points_by_child_indicator, scope=scope, period=filters.period, region=region, kind=kind)
    points = points[points["part"] == "deduct"]
    top = {
        code: "、".join(f"{name} {value:g}" for name, value in zip(rows["name"], rows["points"], strict=True))
        for code, rows in points.groupby("region_code", sort=False)
        if len(rows)
        for rows in [rows.head(TOP_INDICATORS)]
    }
    names = store.run(region_names, codes=tuple(frame["region_code"]))
    own = labels.OWN_ROW.get(region.level, "") if region else ""
    columns = labels.SCORES_CHILD_COLUMNS
    shown = pd.DataFrame(
        {
            "code": frame["region_code"],
            columns["region_name"]: [
                own if region is not None and code == region.code else names.get(code, code)
                for code in frame["region_code"]
            ],
            columns["checks"]: frame["checks"].astype(int),
            columns["scored"]: frame["scored"].astype(int),
            columns["average"]: pd.to_numeric(frame["average"]).round(2),
            columns["lowest"]: pd.to_numeric(frame["lowest"]).astype(float),
            columns["highest"]: pd.to_numeric(frame["highest"]).astype(float),
            columns["vetoed"]: frame["vetoed"].astype(int),
            columns["below_60"]: frame["below_60"].astype(int),
            columns["top_indicators"]: [top.get(code, "") for code in frame["region_code"]],
        }
    )
    return shown.sort_values(columns["average"], na_position="last", kind="stable").reset_index(drop=True)


def children(scope: Scope, filters: Filters, region: Region | None, kind: str, downloads: PageDownloads) -> None:
    if region is not None and region.level == "county":
        return
    table = children_frame(scope, filters, region, kind)
    if table.empty or (len(table) < 2 and region is not None and table["code"].iloc[0] == region.code):
        return
    st.subheader(labels.SCORES_CHILDREN)
    st.caption(labels.SCORES_CHILDREN_HELP)
    columns = labels.SCORES_CHILD_COLUMNS
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=table_height(len(table)),
        placeholder=labels.NONE_TEXT,
        column_config={
            "code": None,
            columns["average"]: st.column_config.NumberColumn(format=AVERAGE_FORMAT, help=labels.COMPUTED_COLUMN_HELP),
            columns["lowest"]: st.column_config.NumberColumn(format=SCORE_FORMAT),
            columns["highest"]: st.column_config.NumberColumn(format=SCORE_FORMAT),
        },
        on_select="rerun",
        selection_mode="single-row",
        key=selection_key("scores_children"),
    )
    picked = event.selection.rows if event is not None else []
    if picked:
        code = str(table.iloc[picked[0]]["code"])
        if code != (region.code if region else None):
            drill_to(filters.with_region(code))
    downloads.table(Table(labels.SCORES_CHILDREN, table.drop(columns=["code"])), key="scores_children_download")


# ---------------------------------------------------------------- indicators


def indicator_table(frame: pd.DataFrame, scored: int) -> pd.DataFrame:
    """Deduction indicators ranked by points counted, with the average per scored check and the share of checks."""
    columns = labels.SCORES_INDICATOR_COLUMNS
    deduct = frame[frame["part"] == "deduct"].sort_values(["points", "name"], ascending=[False, True], kind="stable")
    return pd.DataFrame(
        {
            "indicator_id": deduct["indicator_id"].astype(int),
            columns["rank"]: range(1, len(deduct) + 1),
            columns["group_name"]: deduct["group_name"].fillna("").astype(str),
            columns["name"]: deduct["name"].astype(str),
            columns["cap"]: deduct["cap"],
            columns["points"]: deduct["points"].round(1),
            columns["average"]: (deduct["points"] / scored).round(2) if scored else None,
            columns["checks"]: deduct["checks"].astype(int),
            columns["share"]: (100 * deduct["checks"] / scored).round(2) if scored else None,
        }
    ).reset_index(drop=True)


def indicators_section(
    scope: Scope,
    filters: Filters,
    region: Region | None,
    chosen: ScoreFilters,
    summary: pd.Series,
    downloads: PageDownloads,
) -> None:
    """Which indicators cost most: a clickable bar chart and the ranked table; the bonus points apart."""
    assert filters.period is not None
    frame = indicator_totals(
        store.run(points_by_child_indicator, scope=scope, period=filters.period, region=region, kind=chosen.kind)
    )
    scored = int(summary["scored"])
    table = indicator_table(frame, scored)
    if table.empty:
        return
    columns = labels.SCORES_INDICATOR_COLUMNS
    st.subheader(labels.SCORES_INDICATORS)
    st.caption(labels.SCORES_INDICATORS_HELP)
    top = table.head(CHART_INDICATORS)
    bars = pd.DataFrame(
        {
            "indicator_id": top["indicator_id"],
            "label": top[columns["name"]],
            "points": top[columns["points"]],
            "shown": [
                labels.COMPUTED_LABEL.format(label=labels.POINTS_TEXT.format(points=f"{value:g}"))
                for value in top[columns["points"]]
            ],
        }
    )
    clicked = charts.clicked_code(
        charts.draw(
            charts.indicator_points(bars, kind=chosen.kind), key=selection_key("scores_indicator_chart"), clickable=True
        )
    )
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=table_height(len(table), max_rows=12),
        column_config={
            "indicator_id": None,
            columns["cap"]: st.column_config.NumberColumn(format="%g"),
            columns["points"]: st.column_config.NumberColumn(format=SCORE_FORMAT, help=labels.COMPUTED_COLUMN_HELP),
            columns["average"]: st.column_config.NumberColumn(format=AVERAGE_FORMAT, help=labels.COMPUTED_COLUMN_HELP),
            columns["share"]: st.column_config.NumberColumn(format=PERCENT_FORMAT, help=labels.COMPUTED_COLUMN_HELP),
        },
        on_select="rerun",
        selection_mode="single-row",
        key=selection_key("scores_indicators"),
    )
    picked = event.selection.rows if event is not None else []
    if picked:
        clicked = str(table.iloc[picked[0]]["indicator_id"])
    if clicked and clicked.isdigit() and int(clicked) != chosen.indicator:
        apply_score_filters(ScoreFilters(chosen.kind, int(clicked)))
    downloads.table(
        Table(
            labels.SCORES_INDICATORS,
            table.drop(columns=["indicator_id"]),
            percent_columns=(columns["share"],),
            computed_columns=(columns["share"],),
        ),
        key="scores_indicators_download",
    )
    bonus = frame[frame["part"] == "bonus"]
    if not bonus.empty:
        names = labels.SCORES_BONUS_COLUMNS
        shown = pd.DataFrame(
            {
                names["group_name"]: bonus["group_name"].fillna("").astype(str),
                names["name"]: bonus["name"].astype(str),
                names["cap"]: bonus["cap"],
                names["points"]: bonus["points"].round(1),
                names["checks"]: bonus["checks"].astype(int),
            }
        ).reset_index(drop=True)
        st.markdown(f"**{labels.SCORES_BONUS}**")
        st.dataframe(shown, hide_index=True, width="stretch", height=table_height(len(shown)), key="scores_bonus")
        downloads.table(Table(labels.SCORES_BONUS, shown), key="scores_bonus_download")


def losers_section(scope: Scope, filters: Filters, chosen: ScoreFilters, downloads: PageDownloads) -> None:
    """The checks one indicator (the URL's) counted in; a row opens the target's history."""
    assert filters.period is not None
    if chosen.indicator is None:
        return
    wanted = store.run(indicator_of, indicator_id=chosen.indicator)
    if wanted is None:
        st.warning(plain(labels.SCORES_MSG_UNKNOWN_INDICATOR.format(value=chosen.indicator)))
        return
    frame = store.run(
        indicator_losers,
        scope=scope,
        period=filters.period,
        region=filters.region,
        kind=chosen.kind,
        indicator_id=chosen.indicator,
    )
    title = labels.SCORES_LOSERS.format(indicator=wanted["name"])
    head, close = st.columns([5, 1], vertical_alignment="bottom")
    head.subheader(plain(title))
    if close.button(labels.SCORES_LOSERS_CLOSE, key="scores_losers_close"):
        apply_score_filters(ScoreFilters(chosen.kind))
    if frame.empty:
        st.caption(labels.NONE_TEXT)
        return
    st.caption(labels.SCORES_LOSERS_HELP)
    if len(frame) >= LOSER_ROW_CAP:
        st.caption(labels.SCORES_LOSERS_CAPPED.format(cap=LOSER_ROW_CAP))
    names = labels.SCORES_LOSER_COLUMNS
    shown = pd.DataFrame(
        {
            "target_id": frame["target_id"].astype(int),
            "region_code": frame["region_code"].astype(str),
            names["code"]: frame["code"].fillna("").astype(str),
            names["name"]: frame["name"].astype(str),
            names["unit_name"]: frame["unit_name"].fillna("").astype(str),
            names["region_name"]: frame["region_name"].astype(str),
            names["points"]: frame["points"].round(1),
            names["note"]: frame["note"].fillna("").astype(str),
            names["score"]: pd.to_numeric(frame["score"]).astype(float),
        }
    )
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=table_height(len(shown)),
        column_config={
            "target_id": None,
            "region_code": None,
            names["score"]: st.column_config.NumberColumn(format=SCORE_FORMAT),
            names["points"]: st.column_config.NumberColumn(format=SCORE_FORMAT),
        },
        on_select="rerun",
        selection_mode="single-row",
        key=selection_key("scores_losers"),
    )
    picked = event.selection.rows if event is not None else []
    if picked:
        row = shown.iloc[picked[0]]
        open_target(filters.with_target(int(row["target_id"]), str(row["region_code"])))
    downloads.table(
        Table(title, shown.drop(columns=["target_id", "region_code"]), text_columns=(names["code"],)),
        key="scores_losers_download",
    )


# ---------------------------------------------------------------- distribution, bands, vetoes


def histogram_frame(counts: pd.DataFrame) -> pd.DataFrame:
    """Checks per HISTOGRAM_STEP-point bin, every bin from the lowest to the highest score (empty ones too).

    Columns: low, label (80–85; the top bin of 130 reads 125–130), checks.
    """
    if counts.empty:
        return pd.DataFrame(columns=["low", "label", "checks"])
    low = (counts["score"] // HISTOGRAM_STEP * HISTOGRAM_STEP).astype(int)
    low = low.where(~((counts["score"] == low) & (low >= 130)), low - HISTOGRAM_STEP)  # 130 is in 125–130
    summed = counts.assign(low=low).groupby("low")["checks"].sum()
    bins = list(range(int(summed.index.min()), int(summed.index.max()) + 1, HISTOGRAM_STEP))
    checks = [int(summed.get(value, 0)) for value in bins]
    return pd.DataFrame(
        {"low": bins, "label": [f"{value}–{value + HISTOGRAM_STEP}" for value in bins], "checks": checks}
    )


def distribution_section(
    scope: Scope, filters: Filters, chosen: ScoreFilters, summary: pd.Series, downloads: PageDownloads
) -> None:
    """The histogram of scores, the bands and the veto reasons, each downloadable."""
    assert filters.period is not None
    query = {"scope": scope, "period": filters.period, "region": filters.region, "kind": chosen.kind}
    counts = store.run(score_counts, **query)
    vetoed = int(summary["vetoed"])
    histogram = histogram_frame(counts)
    chart, bands_column = st.columns([3, 2])
    with chart:
        if not histogram.empty or vetoed:
            st.subheader(labels.SCORES_DISTRIBUTION)
            st.caption(labels.SCORES_DISTRIBUTION_HELP)
            charts.draw(charts.score_histogram(histogram, kind=chosen.kind, vetoed=vetoed), key="scores_histogram")
            export = histogram.rename(
                columns={"label": labels.SCORES_HISTOGRAM_AXIS, "checks": labels.SCORES_COUNT_AXIS}
            )
            downloads.table(
                Table(labels.SCORES_DISTRIBUTION, export.drop(columns=["low"])), key="scores_histogram_download"
            )
    bands = store.run(band_counts, **query)
    total = int(bands["checks"].sum()) if not bands.empty else 0
    with bands_column:
        if total:
            names = labels.SCORES_BAND_COLUMNS
            held = dict(zip(bands["band"], bands["checks"], strict=True))
            rows = [(band, int(held[band])) for band in BANDS if band in held]
            shown = pd.DataFrame(
                {
                    names["band"]: [labels.SCORE_BAND_LABELS[band] for band, _ in rows],
                    names["checks"]: [n for _, n in rows],
                    names["share"]: [_share(n, total) for _, n in rows],
                }
            )
            st.subheader(labels.SCORES_BANDS)
            st.caption(labels.SCORES_BANDS_HELP)
            share = names["share"]
            st.dataframe(
                shown,
                hide_index=True,
                width="stretch",
                height=table_height(len(shown)),
                column_config={
                    share: st.column_config.NumberColumn(format=PERCENT_FORMAT, help=labels.COMPUTED_COLUMN_HELP)
                },
                key="scores_bands",
            )
            downloads.table(
                Table(labels.SCORES_BANDS, shown, percent_columns=(share,), computed_columns=(share,)),
                key="scores_bands_download",
            )
        reasons = store.run(veto_reasons, **query)
        if not reasons.empty:
            names = labels.SCORES_VETO_COLUMNS
            share = names["share"]
            shown = pd.DataFrame(
                {
                    "indicator_id": reasons["indicator_id"].astype(int),
                    names["name"]: reasons["name"].astype(str),
                    names["checks"]: reasons["checks"].astype(int),
                    share: [_share(int(n), vetoed) for n in reasons["checks"]],
                }
            )
            st.subheader(labels.SCORES_VETO)
            st.caption(labels.SCORES_VETO_HELP)
            event = st.dataframe(
                shown,
                hide_index=True,
                width="stretch",
                height=table_height(len(shown)),
                column_config={
                    "indicator_id": None,
                    share: st.column_config.NumberColumn(format=PERCENT_FORMAT, help=labels.COMPUTED_COLUMN_HELP),
                },
                on_select="rerun",
                selection_mode="single-row",
                key=selection_key("scores_veto"),
            )
            picked = event.selection.rows if event is not None else []
            if picked:
                picked_id = int(shown.iloc[picked[0]]["indicator_id"])
                if picked_id != chosen.indicator:
                    apply_score_filters(ScoreFilters(chosen.kind, picked_id))
            downloads.table(
                Table(
                    labels.SCORES_VETO,
                    shown.drop(columns=["indicator_id"]),
                    percent_columns=(share,),
                    computed_columns=(share,),
                ),
                key="scores_veto_download",
            )


# ---------------------------------------------------------------- per unit


def units_section(scope: Scope, filters: Filters, chosen: ScoreFilters, downloads: PageDownloads) -> None:
    """The host units of the region, vetoed and lowest average first; a row opens the unit on /regions."""
    assert filters.period is not None
    query = {"scope": scope, "period": filters.period, "region": filters.region, "kind": chosen.kind}
    frame = store.run(unit_scores, **query)
    if frame.empty:
        return
    points = store.run(unit_top_indicators, **query, unit_ids=tuple(int(unit) for unit in frame["unit_id"]))
    top: dict[int, str] = {}
    for unit, name, value in zip(points["unit_id"], points["name"], points["points"], strict=True):
        top.setdefault(int(unit), f"{name} {value:g}")  # rows come most points first within a unit
    names = labels.SCORES_UNIT_COLUMNS
    shown = pd.DataFrame(
        {
            "unit_id": frame["unit_id"].astype(int),
            "region_code": frame["region_code"].astype(str),
            names["unit_name"]: frame["unit_name"].astype(str),
            names["region_name"]: frame["region_name"].astype(str),
            names["checks"]: frame["checks"].astype(int),
            names["scored"]: frame["scored"].astype(int),
            names["average"]: pd.to_numeric(frame["average"]).round(2),
            names["lowest"]: pd.to_numeric(frame["lowest"]).astype(float),
            names["vetoed"]: frame["vetoed"].astype(int),
            names["points"]: frame["points"].round(1),
            names["top_indicator"]: [top.get(int(unit), "") for unit in frame["unit_id"]],
        }
    )
    st.subheader(labels.SCORES_UNITS)
    st.caption(labels.SCORES_UNITS_HELP)
    if len(shown) >= UNIT_ROW_CAP:
        st.caption(labels.SCORES_UNITS_CAPPED.format(cap=UNIT_ROW_CAP))
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=table_height(len(shown)),
        placeholder=labels.NONE_TEXT,
        column_config={
            "unit_id": None,
            "region_code": None,
            names["average"]: st.column_config.NumberColumn(format=AVERAGE_FORMAT, help=labels.COMPUTED_COLUMN_HELP),
            names["lowest"]: st.column_config.NumberColumn(format=SCORE_FORMAT),
            names["points"]: st.column_config.NumberColumn(format=SCORE_FORMAT, help=labels.COMPUTED_COLUMN_HELP),
        },
        on_select="rerun",
        selection_mode="single-row",
        key=selection_key("scores_units"),
    )
    picked = event.selection.rows if event is not None else []
    if picked:
        row = shown.iloc[picked[0]]
        unit_view = filters.with_unit(int(row["unit_id"]), str(row["region_code"]))
        st.switch_page(page_target("regions"), query_params=unit_view.query_params())
    downloads.table(
        Table(labels.SCORES_UNITS, shown.drop(columns=["unit_id", "region_code"])), key="scores_units_download"
    )


# ---------------------------------------------------------------- what notices printed


def printed_section(scope: Scope, filters: Filters, downloads: PageDownloads) -> bool:
    """The notices' own high-score bands for the period (通报公布, never computed); True when there are any."""
    assert filters.period is not None
    frame = store.run(printed_bands, scope=scope, period=filters.period, region=filters.region)
    if frame.empty:
        return False
    names = labels.SCORES_PRINTED_COLUMNS
    shown = pd.DataFrame(
        {
            names["score_band"]: frame["score_band"].astype(str),
            names["sites"]: frame["sites"].astype(int),
            names["source"]: frame["title"].fillna("").astype(str),
        }
    )
    st.subheader(labels.SCORES_PRINTED)
    st.caption(labels.SCORES_PRINTED_HELP)
    st.dataframe(shown, hide_index=True, width="stretch", height=table_height(len(shown)), key="scores_printed")
    downloads.table(Table(labels.SCORES_PRINTED, shown), key="scores_printed_download")
    return True


def prefetch(scope: Scope, filters: Filters, region: Region | None, chosen: ScoreFilters) -> None:
    """Start the page's queries together (store.prefetch): the national ones each read a quarter's findings."""
    assert filters.period is not None
    here = {"scope": scope, "period": filters.period, "region": filters.region, "kind": chosen.kind}
    by_child = {**here, "region": region}
    calls: list[store.Call] = [
        (score_summary, here),
        (score_counts, here),
        (band_counts, here),
        (veto_reasons, here),
        (unit_scores, here),
        (printed_bands, {key: value for key, value in here.items() if key != "kind"}),
    ]
    calls.append((points_by_child_indicator, by_child))
    if region is None or region.level != "county":
        calls.append((scores_by_child, by_child))
    store.prefetch(*calls)


def summary_of(scope: Scope, filters: Filters, kind: str) -> pd.Series | None:
    """The region's scored checks (score_summary's row), or None when it has none."""
    assert filters.period is not None
    frame = store.run(score_summary, scope=scope, period=filters.period, region=filters.region, kind=kind)
    if frame.empty or not int(frame["checks"].iloc[0] or 0):
        return None
    return frame.iloc[0]


def title(filters: Filters, region: Region | None) -> str:
    name = region.name if region else labels.NATIONAL
    if filters.period is None:
        return labels.SCORES_NO_PERIOD.format(region=name)
    return labels.SCORES_TITLE.format(region=name, period=period_label(filters.period))


def other_periods(scope: Scope, filters: Filters, chosen: ScoreFilters) -> None:
    periods = store.run(scored_periods, scope=scope, region=filters.region, kind=chosen.kind)
    if not periods:
        return
    st.caption(labels.SCORES_OTHER_PERIODS)
    row = st.container(horizontal=True, gap="small")
    for period in periods:
        row.page_link(
            page_target(PAGE),
            label=period_label(period),
            query_params={**filters.with_period(period).query_params(), **chosen.query_params()},
        )
