"""The comparison page: regions side by side in one quarter, and one region across quarters.

Tables keep numbers as numbers (so a column sorts numerically) and format
them through ``st.column_config``. Reported percentages use ``%g``, which
prints the digits the notice printed (99.6 stays 99.6%); computed ones use
two decimals. Reported and computed figures sit in different columns, and
every row says which source it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pandas as pd
import streamlit as st

from dashboard import charts, labels, store
from dashboard.downloads import PageDownloads
from dashboard.export import Table
from dashboard.filters import Filters
from dashboard.formatting import DASH, percent, stated_change
from dashboard.tables import table_height
from data_access.compare import COMPUTED, COUNT_MEASURES, HEADLINE_KINDS, REPORTED, across_periods, side_by_side
from data_access.periods import period_label, round_name
from data_access.regions import Region
from data_access.scope import Scope

REGIONS_PAGE = "regions"
COUNT_FORMAT = "%,d"
REPORTED_RATE_FORMAT = "%g%%"  # shortest digits: 99.60 shows as 99.6%, as notices print it
COMPUTED_RATE_FORMAT = "%.2f%%"
# A link cell shows what this regex captures from its URL: the region's name,
# carried in the URL's fragment, which the linked page ignores.
LINK_NAME_REGEX = r"#(.+)$"
SOURCE_LABELS = {REPORTED: labels.REPORTED, COMPUTED: labels.COMPUTED}
CHANGE_NAMES = labels.CHANGE_LABELS  # pass_rate_yoy -> 同比, pass_rate_qoq -> 环比


@dataclass(frozen=True)
class _Figure:
    """One figure column: the frame's column, its Chinese header, how it is shown."""

    column: str
    label: str
    number_format: str
    help: str | None = None
    is_percent: bool = True  # in percent points (94.75 is 94.75%), for the Excel export
    stated_as: str | None = None  # a change shown in the notice's words under this name (同比下降1.12%), as text


_COMPUTED_HELP = labels.COMPUTED_COLUMN_HELP
FIGURES = (
    *(
        _Figure(m, labels.MEASURE_LABELS[m], COUNT_FORMAT, is_percent=False)
        for m in ("running", "count", "checked", "failed")
    ),
    *(
        _Figure(m, labels.MEASURE_LABELS[m], REPORTED_RATE_FORMAT)
        for m in ("pass_rate", "sampling_share", "pass_rate_after_rectification")
    ),
    *(
        _Figure(
            m,
            labels.STATED_CHANGE.format(change=CHANGE_NAMES[m]),
            "",
            labels.STATED_CHANGE_HELP,
            is_percent=False,
            stated_as=CHANGE_NAMES[m],
        )
        for m in ("pass_rate_yoy", "pass_rate_qoq")
    ),
    _Figure("computed_checked", labels.CHECKED_COMPUTED, COUNT_FORMAT, _COMPUTED_HELP, is_percent=False),
    _Figure("computed_failed", labels.FAILED_COMPUTED, COUNT_FORMAT, _COMPUTED_HELP, is_percent=False),
    _Figure("computed_pass_rate", labels.PASS_RATE_COMPUTED, COMPUTED_RATE_FORMAT, _COMPUTED_HELP),
)
CHANGES = tuple(
    _Figure(column, labels.POINTS_CHANGE.format(change=change), labels.POINTS_FORMAT, labels.POINTS_CHANGE_HELP, False)
    for column, change in (("yoy_points", CHANGE_NAMES["pass_rate_yoy"]), ("qoq_points", CHANGE_NAMES["pass_rate_qoq"]))
)
SOURCE_ORDER = {REPORTED: 0, COMPUTED: 1}


@dataclass(frozen=True)
class ShownTable:
    """A table as the page shows it: the frame, its column configuration, and which columns are what."""

    frame: pd.DataFrame
    column_config: dict[str, Any]
    percent_columns: tuple[str, ...]
    text_columns: tuple[str, ...]
    computed_columns: tuple[str, ...] = ()  # percent columns of computed rates, two decimals in the files too

    def export(self, title: str) -> Table:
        """The table for the CSV and Excel downloads: the same columns, names as text, not links."""
        return Table(
            title,
            self.frame,
            percent_columns=self.percent_columns,
            text_columns=self.text_columns,
            computed_columns=self.computed_columns,
        )


def context(filters: Filters, region: Region | None) -> list[tuple[str, str]]:
    """What the page's downloads record about the view: 期次 and 地区."""
    period = period_label(filters.period) if filters.period else ""
    return [(labels.FILTER_PERIOD, period), (labels.REGION_NAME, region.name if region else labels.NATIONAL)]


def _origin(round_key: object, title: object, notice_number: object) -> str | None:
    """Where a reported row comes from: the notice number, else the round's title."""
    if round_key is None:
        return None
    return str(notice_number or title or round_key)


def _origin_if_any(table: pd.DataFrame) -> pd.DataFrame:
    """The 出处 column blank for computed rows, and left out when no row has a notice to name."""
    origin = table[labels.ORIGIN_COLUMN].fillna("")
    if not origin.astype(bool).any():
        return table.drop(columns=labels.ORIGIN_COLUMN)
    return table.assign(**{labels.ORIGIN_COLUMN: origin})


def _computed_rates(figures: dict[str, _Figure]) -> tuple[str, ...]:
    return tuple(column for column, figure in figures.items() if figure.number_format == COMPUTED_RATE_FORMAT)


def _kind_order(kind: str) -> int:
    return HEADLINE_KINDS.index(kind) if kind in HEADLINE_KINDS else len(HEADLINE_KINDS)


def _typed(table: pd.DataFrame, figures: dict[str, _Figure]) -> pd.DataFrame:
    """Count columns as nullable integers, stated changes as the notice's words, the rest of the figures as floats."""
    for column, figure in figures.items():
        numbers = pd.to_numeric(table[column], errors="coerce")
        if figure.stated_as is not None:
            name = figure.stated_as
            table[column] = [stated_change(name, value) if pd.notna(value) else None for value in numbers]
        elif figure.column in COUNT_MEASURES:
            table[column] = numbers.round().astype("Int64")
        else:
            table[column] = numbers.astype(float)
    return table


def _config(figures: dict[str, _Figure]) -> dict[str, Any]:
    config: dict[str, Any] = {
        column: (
            st.column_config.TextColumn(column, help=figure.help)
            if figure.stated_as is not None
            else st.column_config.NumberColumn(column, format=figure.number_format, help=figure.help)
        )
        for column, figure in figures.items()
    }
    config[labels.ORIGIN_COLUMN] = st.column_config.TextColumn(labels.ORIGIN_COLUMN, width="medium")
    return config


def _row_name(row: pd.Series, region: Region | None) -> str:
    if bool(row["own_level"]) and region is not None:
        return labels.OWN_LEVEL.get(region.level, region.name)
    return str(row["region_name"])


def side_by_side_table(frame: pd.DataFrame, region: Region | None) -> ShownTable:
    """One row per region and source (each round's reported figures, or computed), columns per kind.

    The 地区 column holds the region's name; ``region_links`` turns it into links.
    """
    rows: dict[tuple[str, str, str], dict[str, object]] = {}
    figures: dict[str, _Figure] = {}
    ordered = frame.assign(
        _source=frame["source"].map(SOURCE_ORDER), _kind=frame["target_kind"].map(_kind_order)
    ).sort_values(["region_code", "_source", "round_key", "_kind"], na_position="first")
    for _, row in ordered.iterrows():
        key = (str(row["region_code"]), str(row["source"]), str(row["round_key"] or ""))
        entry = rows.setdefault(
            key,
            {
                labels.REGION_CODE: row["region_code"],
                labels.REGION_NAME: _row_name(row, region),
                labels.LEVEL_COLUMN: labels.LEVEL_LABELS.get(str(row["level"]), ""),
                labels.SOURCE_COLUMN: SOURCE_LABELS[str(row["source"])],
                labels.ORIGIN_COLUMN: _origin(row["round_key"], row["round_title"], row["notice_number"]),
            },
        )
        kind = labels.KIND_LABELS[str(row["target_kind"])]
        for figure in FIGURES:
            if pd.notna(row[figure.column]):
                column = f"{kind}{figure.label}"
                entry[column] = row[figure.column]
                figures[column] = figure
    base = [labels.REGION_CODE, labels.REGION_NAME, labels.LEVEL_COLUMN, labels.SOURCE_COLUMN, labels.ORIGIN_COLUMN]
    order = [
        f"{labels.KIND_LABELS[kind]}{figure.label}"
        for kind in HEADLINE_KINDS
        for figure in FIGURES
        if f"{labels.KIND_LABELS[kind]}{figure.label}" in figures
    ]
    table = pd.DataFrame(list(rows.values()), columns=[*base, *order])
    shown = {column: figures[column] for column in order}
    return ShownTable(
        frame=_typed(_origin_if_any(table), shown),
        column_config=_config(shown),
        percent_columns=tuple(column for column in order if shown[column].is_percent),
        text_columns=(labels.REGION_CODE,),
        computed_columns=_computed_rates(shown),
    )


def region_links(table: pd.DataFrame, filters: Filters) -> list[str]:
    """For each row, the link to that region on the regions page, its name in the fragment."""
    return [
        f"{filters.with_region(str(code)).url(REGIONS_PAGE)}#{quote(str(name))}"
        for code, name in zip(table[labels.REGION_CODE], table[labels.REGION_NAME], strict=True)
    ]


def chart_frame(frame: pd.DataFrame, region: Region | None) -> pd.DataFrame:
    """The bars of the pass-rate chart: reported rates and computed rates, each marked.

    Columns: region_label, kind_label, source_label, pass_rate, shown.
    """
    bars = []
    rounds_per_region = frame[frame["source"] == REPORTED].groupby("region_code")["round_key"].nunique()
    for _, row in frame.iterrows():
        label = _row_name(row, region)
        if row["source"] == REPORTED and rounds_per_region.get(row["region_code"], 0) > 1:
            label += f"（{_origin(row['round_key'], row['round_title'], row['notice_number'])}）"
        kind = labels.KIND_LABELS[str(row["target_kind"])]
        if pd.notna(row["pass_rate"]):
            bars.append((label, kind, labels.REPORTED, float(row["pass_rate"]), percent(row["pass_rate"])))
        if pd.notna(row["computed_pass_rate"]):
            rate = float(row["computed_pass_rate"])
            bars.append((label, kind, labels.COMPUTED, rate, f"{rate:.2f}%"))
    return pd.DataFrame(bars, columns=["region_label", "kind_label", "source_label", "pass_rate", "shown"])


def regions_side_by_side(
    scope: Scope, filters: Filters, region: Region | None, downloads: PageDownloads
) -> ShownTable | None:
    """The regions under the chosen one in the chosen quarter: a sortable table and a bar chart."""
    assert filters.period is not None
    region_name = region.name if region else labels.NATIONAL
    st.subheader(labels.COMPARE_REGIONS.format(period=period_label(filters.period)))
    if region is not None and region.level == "county":
        st.info(labels.COMPARE_COUNTY)
        return None
    frame = store.run(side_by_side, scope=scope, period=filters.period, region=filters.region)
    if frame.empty:
        st.info(labels.COMPARE_NO_REGIONS.format(region=region_name, period=period_label(filters.period)))
        return None
    st.caption(labels.COMPARE_REGIONS_HELP)
    table = side_by_side_table(frame, region)
    shown = table.frame.copy()
    shown[labels.REGION_NAME] = region_links(shown, filters)
    config = dict(table.column_config)
    config[labels.REGION_NAME] = st.column_config.LinkColumn(
        labels.REGION_NAME, display_text=LINK_NAME_REGEX, help=labels.REGION_LINK_HELP
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key="compare_regions",
        height=table_height(len(shown), max_rows=15),
        column_config=config,
        placeholder=DASH,
    )
    downloads.table(table.export(labels.COMPARE_SIDE_BY_SIDE_TABLE), key="compare_regions_download")
    bars = chart_frame(frame, region)
    if not bars.empty:
        st.markdown(f"**{labels.COMPARE_CHART}**")
        charts.draw(charts.pass_rate_by_region(bars), key="compare_chart")
    return table


def periods_table(frame: pd.DataFrame) -> ShownTable:
    """One row per period, source and kind, newest first, with the stated and computed changes."""
    ordered = frame.assign(
        _source=frame["source"].map(SOURCE_ORDER), _kind=frame["target_kind"].map(_kind_order)
    ).sort_values(["period", "_source", "round_key", "_kind"], ascending=[False, True, True, True], na_position="first")
    figures = {figure.label: figure for figure in (*FIGURES, *CHANGES) if ordered[figure.column].notna().any()}
    base = {
        labels.PERIOD_COLUMN: [
            round_name(p, label) for p, label in zip(ordered["period"], ordered["round_label"], strict=True)
        ],
        labels.KIND_COLUMN: ordered["target_kind"].map(labels.KIND_LABELS),
        labels.SOURCE_COLUMN: ordered["source"].map(SOURCE_LABELS),
        labels.ORIGIN_COLUMN: [
            _origin(key, title, number) or ""
            for key, title, number in zip(
                ordered["round_key"], ordered["round_title"], ordered["notice_number"], strict=True
            )
        ],
    }
    values = {label: ordered[figure.column] for label, figure in figures.items()}
    table = pd.DataFrame({**base, **values}).reset_index(drop=True)
    return ShownTable(
        frame=_typed(_origin_if_any(table), figures),
        column_config=_config(figures),
        percent_columns=tuple(label for label, figure in figures.items() if figure.is_percent),
        text_columns=(),
        computed_columns=_computed_rates(figures),
    )


def region_across_periods(
    scope: Scope, filters: Filters, region: Region | None, downloads: PageDownloads
) -> ShownTable | None:
    """The chosen region's headline figures in every quarter, with 同比 and 环比."""
    region_name = region.name if region else labels.NATIONAL
    st.subheader(labels.COMPARE_PERIODS.format(region=region_name))
    frame = store.run(across_periods, scope=scope, region=filters.region)
    if frame.empty:
        st.info(labels.COMPARE_NO_PERIODS.format(region=region_name))
        return None
    st.caption(labels.COMPARE_PERIODS_HELP)
    table = periods_table(frame)
    st.dataframe(
        table.frame,
        hide_index=True,
        width="stretch",
        key="compare_periods",
        height=table_height(len(table.frame), max_rows=15),
        column_config=table.column_config,
        placeholder=DASH,
    )
    downloads.table(table.export(labels.COMPARE_PERIODS_TABLE), key="compare_periods_download")
    return table
