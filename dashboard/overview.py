"""The overview: whose figures these are, a headline row per kind, the trend, sub-regions and the notice's words.

Reported figures keep the digits the notice printed; a figure we compute
(from complete check results, or from a notice's own counts) keeps two
decimals and says it is computed. A quarter that only holds a city's round
is never shown as the country's or the province's own figures: the scope
line names where the figures come from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

import pandas as pd
import streamlit as st

from dashboard import charts, labels, regions, store
from dashboard.compare import LINK_NAME_REGEX
from dashboard.downloads import PageDownloads
from dashboard.export import Table
from dashboard.filters import Filters, drill_to, page_target
from dashboard.formatting import (
    DASH,
    computed_percent,
    count,
    percent,
    plain,
    points_change,
    printed_counting_word,
    stated_change,
)
from dashboard.tables import table_height
from data_access.breakdown import deeper_reported_regions, registry_by_child
from data_access.checks import (
    HIGH_SCORER_ROW_CAP,
    computed_by_subregion,
    high_scorers,
    item_counts,
    periods_with_data,
    problems_by_category,
)
from data_access.compare import COMPUTED, REPORTED, across_periods, reported_by_region
from data_access.figures import CHANGE_MEASURES, PERCENT_MEASURES, region_figures
from data_access.notices import named_units, region_narratives, view_sources
from data_access.periods import parse_period, period_label, round_name
from data_access.regions import Region, ancestors, children, get_region, region_names
from data_access.schema import TARGET_KINDS
from data_access.scope import Scope

KPI_KINDS = TARGET_KINDS
PERIOD_KEY = "overview_period"
_PERIOD_CHOICE = "_overview_period_choice"
NAME_COLUMN_WIDTH = 140  # px: 省政府及省直各部门 and 新疆维吾尔自治区 whole, the pass rates beside them on a phone
TABLE_MAX_ROWS = 33  # 31 provinces, the own-level row and 合计 fit without scrolling inside the table
SCOPE_NAMES_SHOWN = 8
NARRATIVE_SOURCES_SHOWN = 3
BELOW_TARGET_STYLE = "color: #b71c1c"
REPORTED_RATE_FORMAT = "%g%%"  # the digits the notice printed: 99.60 shows as 99.6%
COMPUTED_RATE_FORMAT = "%.2f%%"
NARRATIVE_SECTIONS = ("practice", "highlight", "problem", "requirement")
# A computed change is against the previous comparable round: the quarter before (环比), else a year before (同比).
COMPUTED_CHANGES = (("qoq_points", "pass_rate_qoq", 1), ("yoy_points", "pass_rate_yoy", 4))


def _present(value: object) -> bool:
    return value is not None and not pd.isna(value)  # type: ignore[call-overload]


def _text(value: object) -> str:
    """A text cell as shown: empty for NULL (which a frame may hold as NaN)."""
    return str(value) if _present(value) else ""


# ---------------------------------------------------------------- the quarter, reachable on a phone


def _remember_period() -> None:
    st.session_state[_PERIOD_CHOICE] = st.session_state[PERIOD_KEY]


def period_picker(scope: Scope, filters: Filters) -> None:
    """The quarter filter in the page itself, so a phone reaches it without opening the sidebar."""
    choice = st.session_state.pop(_PERIOD_CHOICE, None)
    if choice and choice != filters.period:
        drill_to(filters.with_period(choice))
    periods = store.run(periods_with_data, scope=scope, region=filters.region)
    if len(periods) < 2:
        return
    st.session_state[PERIOD_KEY] = filters.period
    st.selectbox(
        labels.FILTER_PERIOD,
        options=periods,
        format_func=period_label,
        key=PERIOD_KEY,
        on_change=_remember_period,
        width=240,
    )


# ---------------------------------------------------------------- whose figures these are


@dataclass(frozen=True)
class ViewScope:
    """Where the view's figures come from.

    own: the region has figures of its own this quarter (a notice reports on
    it); computed: figures computed from complete rounds under it; sources:
    the regions whose notices hold the figures, top-most under the region;
    line: the scope line to show, None when the region's own figures speak
    for themselves.
    """

    own: bool
    computed: bool
    sources: tuple[str, ...]
    line: str | None


def _region_name(region: Region | None) -> str:
    return region.name if region else labels.NATIONAL


def _path_name(code: str, region: Region | None) -> str:
    """'湖北省 › 随州市' for 421300 seen from the whole country: the names below ``region`` down to ``code``."""
    found = store.run(get_region, code=code)
    if found is None:
        return code
    if region is not None and found.code == region.code:
        return region.name
    above = {region.code, *ancestors(region)} if region else set()
    chain = [c for c in dict.fromkeys([*ancestors(found), found.code]) if c not in above]
    names = store.run(region_names, codes=tuple(chain))
    return labels.OVERVIEW_PATH_SEPARATOR.join(names.get(c, c) for c in chain)


def _within(code: str | None, region: Region | None) -> str | None:
    """The region a round's scope stands for in this view: itself when under ``region``, else ``region``."""
    if region is None:
        return code
    if code is None:
        return region.code
    found = store.run(get_region, code=code)
    if found is not None and (found.code == region.code or region.code in ancestors(found)):
        return code
    return region.code


def _names(codes: list[str], region: Region | None, scope: Scope, notes: dict[str, str] | None = None) -> str:
    """The regions named in a scope line: all the children at once, or each with its path, capped."""
    notes = notes or {}
    kids = store.run(children, scope=scope, parent_code=region.code if region else None)
    if not notes and len(codes) > 1 and set(codes) == set(kids["code"]):
        level = labels.OVERVIEW_SCOPE_LEVELS.get(str(kids["level"].iloc[0]), "")
        return labels.OVERVIEW_SCOPE_ALL.format(count=len(codes), level=level)
    shown = [_path_name(code, region) + notes.get(code, "") for code in codes[:SCOPE_NAMES_SHOWN]]
    text = labels.OVERVIEW_LIST_SEPARATOR.join(shown)
    if len(codes) > SCOPE_NAMES_SHOWN:
        text += labels.OVERVIEW_SCOPE_MORE.format(count=len(codes))
    return text


def view_scope(scope: Scope, filters: Filters, region: Region | None) -> ViewScope:
    """Whether the region has figures of its own this quarter, and if not, whose figures the page holds."""
    assert filters.period is not None
    rows = _period_rows(scope, filters)
    own = bool((rows["source"] == REPORTED).any())
    computed = bool((rows["source"] == COMPUTED).any())
    if own:
        return ViewScope(True, computed, (filters.region or "",), None)
    sources = store.run(view_sources, scope=scope, period=filters.period, region=filters.region)
    if computed:
        complete = sources[sources["items_complete"] & sources["with_checks"]]
        codes = [c for c in dict.fromkeys(_within(code, region) for code in complete["scope_region_code"]) if c]
        regions_text = _names(codes, region, scope) if codes else _region_name(region)
        return ViewScope(False, True, tuple(codes), labels.OVERVIEW_SCOPE_COMPUTED.format(regions=regions_text))
    reported = store.run(reported_by_region, scope=scope, period=filters.period, region=filters.region)
    codes = list(dict.fromkeys(str(code) for code in reported["region_code"]))
    lists = sources[~sources["with_figures"] & sources["with_checks"]]
    listed = [c for c in dict.fromkeys(_within(code, region) for code in lists["scope_region_code"]) if c]
    notes = {code: labels.OVERVIEW_SCOPE_LISTS_ONLY for code in listed if code not in codes}
    codes += list(notes)
    if not codes:
        return ViewScope(False, False, (), None)
    line = labels.OVERVIEW_SCOPE_NO_OWN.format(region=_region_name(region), regions=_names(codes, region, scope, notes))
    return ViewScope(False, False, tuple(codes), line)


# ---------------------------------------------------------------- headline cards


@dataclass(frozen=True)
class Card:
    """One metric card: a label, the value as shown, and an optional change with its wording."""

    label: str
    value: str
    help: str | None = None
    delta: str | None = None
    direction: int = 0  # +1 up, -1 down, 0 flat
    delta_note: str | None = None


def _period_rows(scope: Scope, filters: Filters) -> pd.DataFrame:
    """The region's headline figures in the chosen quarter, reported and computed, with their changes."""
    frame = store.run(across_periods, scope=scope, region=filters.region)
    return frame[frame["period"] == filters.period]


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def _with_change(card: Card, row: pd.Series, period: str, rate_column: str) -> Card:
    """``card`` with the pass rate's change: as the notice words it, else in points against the previous round."""
    for measure in ("pass_rate_yoy", "pass_rate_qoq"):
        if rate_column == "pass_rate" and _present(row.get(measure)):
            delta = stated_change(labels.CHANGE_LABELS[measure], row[measure])
            note, help_ = labels.OVERVIEW_STATED_CHANGE, labels.OVERVIEW_STATED_CHANGE_HELP
            return replace(card, delta=delta, direction=_sign(float(row[measure])), delta_note=note, help=help_)
    for column, measure, lag in COMPUTED_CHANGES:
        if _present(row.get(column)):
            value = round(float(row[column]), 2)
            earlier = period_label(parse_period(period).shifted(-lag).key)
            help_ = " ".join(
                part for part in (card.help, labels.OVERVIEW_COMPUTED_CHANGE_HELP.format(period=earlier)) if part
            )
            delta = points_change(labels.CHANGE_LABELS[measure], value)
            return replace(
                card, delta=delta, direction=_sign(value), delta_note=labels.OVERVIEW_COMPUTED_CHANGE, help=help_
            )
    return card


def reported_cards(
    row: pd.Series, kind: str, period: str, listed: int | None, texts: dict[str, str] | None = None
) -> list[Card]:
    """The cards of one kind from a notice's figures: rate and change first, then the counts, each with its unit.

    ``texts`` holds the sentence each measure was read from: a count keeps the notice's counting word
    (政务新媒体共1308家, 存在突出问题的政务新媒体57个), else the kind's usual one.
    """
    default = labels.KIND_UNITS.get(kind, "")

    def counted(measure: str, value: object) -> str:
        return count(value, printed_counting_word(value, (texts or {}).get(measure), default))

    cards: list[Card] = []
    if _present(row["pass_rate"]):
        rate = Card(labels.MEASURE_LABELS["pass_rate"], percent(row["pass_rate"]))
        cards.append(_with_change(rate, row, period, "pass_rate"))
    elif _present(row["computed_pass_rate"]):
        cards.append(
            Card(
                labels.PASS_RATE_COMPUTED,
                computed_percent(row["computed_pass_rate"]),
                labels.OVERVIEW_RATE_FROM_COUNTS_HELP,
            )
        )
    if _present(row["pass_rate_after_rectification"]):
        measure = "pass_rate_after_rectification"
        cards.append(Card(labels.MEASURE_LABELS[measure], percent(row[measure])))
    if _present(row["running"]):
        cards.append(Card(labels.MEASURE_LABELS["running"], counted("running", row["running"])))
    elif _present(row["count"]):
        label = labels.OVERVIEW_COUNT_LABEL.format(kind=labels.KIND_SHORT[kind])
        cards.append(Card(label, counted("count", row["count"]), labels.OVERVIEW_COUNT_HELP))
    if _present(row["checked"]):
        cards.append(Card(labels.MEASURE_LABELS["checked"], counted("checked", row["checked"])))
    if _present(row["sampling_share"]):
        cards.append(Card(labels.MEASURE_LABELS["sampling_share"], percent(row["sampling_share"])))
    elif _present(row["running"]) and _present(row["checked"]) and row["running"]:
        share = 100 * float(row["checked"]) / float(row["running"])
        cards.append(Card(labels.OVERVIEW_SHARE_COMPUTED, computed_percent(round(share, 2)), labels.COMPUTED_HELP))
    if _present(row["failed"]):
        cards.append(Card(labels.MEASURE_LABELS["failed"], counted("failed", row["failed"])))
    elif listed:
        cards.append(Card(labels.LISTED, count(listed, default), labels.LISTED_HELP))
    return cards


def computed_cards(row: pd.Series, kind: str, period: str, running: int | None) -> list[Card]:
    """The cards of one kind computed from complete rounds, each labelled 计算值, the running count registered now.

    The scope line above says the row is computed; only the rate, with its
    change, and the registered count carry a tooltip, so the short cards fit
    two to a row on a phone.
    """
    unit = labels.KIND_UNITS.get(kind, "")
    rate = Card(labels.PASS_RATE_COMPUTED, computed_percent(row["computed_pass_rate"]), labels.COMPUTED_HELP)
    cards = [_with_change(rate, row, period, "computed_pass_rate")]
    if running:
        cards.append(Card(labels.OVERVIEW_RUNNING_REGISTERED, count(running, unit), labels.OVERVIEW_RUNNING_HELP))
    cards.append(Card(labels.CHECKED_COMPUTED, count(row["computed_checked"], unit)))
    if running:
        share = round(100 * float(row["computed_checked"]) / running, 2)
        cards.append(Card(labels.OVERVIEW_SHARE_COMPUTED, computed_percent(share)))
    cards.append(Card(labels.FAILED_COMPUTED, count(row["computed_failed"], unit)))
    return cards


def _kind_row(heading: str, cards: list[Card]) -> None:
    """A heading and the kind's cards in a row that wraps: two cards a row on a phone."""
    if not cards:
        return
    st.markdown(f"**{plain(heading)}**")
    with st.container(horizontal=True, gap="small"):
        for card in cards:
            colour = {1: "green", -1: "red"}.get(card.direction, "gray")
            arrow = {1: "up", -1: "down"}.get(card.direction, "off")
            st.metric(
                card.label,
                card.value,
                delta=card.delta,
                delta_color=colour,  # type: ignore[arg-type]
                delta_arrow=arrow,  # type: ignore[arg-type]
                delta_description=card.delta_note,
                help=card.help,
                border=True,
            )


def _round_caption(source: pd.Series) -> None:
    """The notice a set of figures comes from; each fact on its own, so a date never wraps in the middle."""
    parts = [labels.SOURCE.format(title=_text(source["round_title"]) or _text(source["issuer"]))]
    if _text(source["notice_number"]):
        parts.append(_text(source["notice_number"]))
    for column, label in (
        ("issued_on", labels.ISSUED_ON),
        ("rectification_due", labels.RECTIFICATION_DUE),
        ("report_due", labels.OVERVIEW_REPORT_DUE),
    ):
        if _present(source[column]):
            parts.append(label.format(date=source[column]))
    with st.container(horizontal=True, gap="small"):
        for part in parts:
            st.caption(plain(part), width="content")


def _source_texts(figures: pd.DataFrame, round_key: str, kind: str) -> dict[str, str]:
    """The sentence of the notice each headline measure of one round and kind was read from."""
    rows = figures[
        (figures["round_key"] == round_key) & (figures["target_kind"] == kind) & (figures["segment"] == "all")
    ]
    return {str(m): str(t) for m, t in zip(rows["measure"], rows["source_text"], strict=True) if isinstance(t, str)}


def headline(
    scope: Scope, filters: Filters, region: Region | None, view: ViewScope, downloads: PageDownloads
) -> dict[str, float]:
    """The scope line and one row of cards per kind; returns the region's pass rate per kind (for colouring)."""
    assert filters.period is not None
    rows = _period_rows(scope, filters)
    figures = store.run(region_figures, scope=scope, period=filters.period, region=filters.region)
    name = _region_name(region)
    benchmarks: dict[str, float] = {}
    if view.line:
        st.caption(plain(view.line))
    reported = rows[rows["source"] == REPORTED]
    if view.own:
        items = store.run(item_counts, scope=scope, period=filters.period, region=filters.region)
        single = reported["round_key"].nunique() == 1
        listed = {str(k): int(f) for k, f in zip(items["target_kind"], items["failed"], strict=True)} if single else {}
        sources = store.run(view_sources, scope=scope, period=filters.period, region=filters.region)
        for round_key in dict.fromkeys(reported["round_key"]):
            source = sources[sources["round_key"] == round_key]
            if not source.empty:
                _round_caption(source.iloc[0])
            for kind in KPI_KINDS:
                found = reported[(reported["round_key"] == round_key) & (reported["target_kind"] == kind)]
                if found.empty:
                    continue
                row = found.iloc[0]
                rate = row["pass_rate"] if _present(row["pass_rate"]) else row["computed_pass_rate"]
                if _present(rate):
                    benchmarks.setdefault(kind, float(rate))
                heading = labels.OVERVIEW_KIND_HEADING.format(region=name, kind=labels.KIND_LABELS[kind])
                texts = _source_texts(figures, str(round_key), kind)
                _kind_row(heading, reported_cards(row, kind, filters.period, listed.get(kind), texts))
    elif view.computed:
        running = _running(scope, region)
        computed = rows[rows["source"] == COMPUTED]
        for kind in KPI_KINDS:
            found = computed[computed["target_kind"] == kind]
            if found.empty:
                continue
            row = found.iloc[0]
            benchmarks[kind] = float(row["computed_pass_rate"])
            heading = labels.OVERVIEW_KIND_HEADING.format(region=name, kind=labels.KIND_LABELS[kind])
            _kind_row(heading, computed_cards(row, kind, filters.period, running.get(kind)))
    elif not view.sources:
        st.info(labels.MSG_NO_DATA.format(region=plain(name)))
    _other_figures(figures, downloads)
    return benchmarks


def _running(scope: Scope, region: Region | None) -> dict[str, int]:
    """Running targets per kind under ``region``, as registered now."""
    registry = store.run(registry_by_child, scope=scope, region=region)
    return {str(kind): int(total) for kind, total in registry.groupby("target_kind")["running"].sum().items()}


def _other_figures(figures: pd.DataFrame, downloads: PageDownloads) -> None:
    """Every other figure the notice reports for this region: breakdowns, disclosure, messages, content."""
    rest = figures[(figures["segment"] != "all") | (~figures["target_kind"].isin(KPI_KINDS))]
    rest = rest[~rest["measure"].isin(CHANGE_MEASURES)]
    if rest.empty:
        return
    shown = [
        percent(value) if measure in PERCENT_MEASURES else count(value)
        for measure, value in zip(rest["measure"], rest["value"], strict=True)
    ]
    columns = [
        rest["target_kind"].map(labels.KIND_LABELS),
        rest["segment"].replace({"all": labels.SEGMENT_ALL}),
        rest["measure"].map(labels.MEASURE_LABELS),
        shown,
        rest["source_text"].fillna(""),
    ]
    table = pd.DataFrame(dict(zip(labels.OTHER_FIGURE_COLUMNS, columns, strict=True)))
    with st.expander(labels.OTHER_FIGURES, expanded=False):
        st.dataframe(table, hide_index=True, width="stretch", key="overview_other_figures")
        downloads.table(Table(labels.OTHER_FIGURES, table), key="overview_other_figures_dl")


# ---------------------------------------------------------------- the notice's own words


def notice_words(scope: Scope, filters: Filters, region: Region | None, view: ViewScope) -> None:
    """主要成效, 主要问题 and 工作要求 of the notices behind the view: headings shown, text on demand."""
    assert filters.period is not None
    frames = [(filters.region, store.run(region_narratives, scope=scope, period=filters.period, region=filters.region))]
    if frames[0][1].empty and not view.own:
        frames = [
            (code, store.run(region_narratives, scope=scope, period=filters.period, region=code))
            for code in view.sources[:NARRATIVE_SOURCES_SHOWN]
        ]
    frames = [(code, frame) for code, frame in frames if not frame.empty]
    if not frames:
        return
    st.subheader(labels.OVERVIEW_NARRATIVES, anchor=False)
    for code, frame in frames:
        named = store.run(named_units, scope=scope, period=filters.period, region=code) if code else pd.DataFrame()
        for round_key in dict.fromkeys(frame["round_key"]):
            _round_words(filters, frame[frame["round_key"] == round_key], named)


def _round_words(filters: Filters, frame: pd.DataFrame, named: pd.DataFrame) -> None:
    first = frame.iloc[0]
    title = " ".join(
        part for part in (_text(first["round_title"]) or _text(first["issuer"]), _text(first["notice_number"])) if part
    )
    st.caption(plain(labels.OVERVIEW_NARRATIVE_SOURCE.format(title=title)))
    sections = [section for section in NARRATIVE_SECTIONS if (frame["section"] == section).any()]
    tabs = st.tabs([labels.OVERVIEW_NARRATIVE_SECTIONS[section] for section in sections])
    for tab, section in zip(tabs, sections, strict=True):
        with tab:
            for _, item in frame[frame["section"] == section].iterrows():
                heading = item["heading"] if _present(item["heading"]) else labels.OVERVIEW_NARRATIVE_UNTITLED
                with st.expander(plain(str(heading))):
                    st.markdown(plain(str(item["body"])))
                    units = named[named["narrative_id"] == item["narrative_id"]] if not named.empty else named
                    if not units.empty:
                        _unit_links(filters, units)


def _unit_links(filters: Filters, units: pd.DataFrame) -> None:
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.caption(labels.OVERVIEW_NAMED_UNITS, width="content")
        for unit_id, name, code in zip(units["unit_id"], units["unit_name"], units["region_code"], strict=True):
            st.page_link(
                page_target("regions"),
                label=plain(str(name)),
                query_params=filters.with_unit(int(unit_id), str(code)).query_params(),
            )


# ---------------------------------------------------------------- trend


def trend_points(frame: pd.DataFrame) -> pd.DataFrame:
    """The rates the trend draws, from across_periods: columns period, label, kind, series, value, shown.

    series: reported (a notice's rate), computed (complete rounds, or a
    notice's own checked and failed counts), after (整改后合格率); label: the
    round's own name for a notice's rates (2024年第一次), else the quarter's.
    """
    points = []
    for _, row in frame.iterrows():
        kind, period = str(row["target_kind"]), str(row["period"])
        if row["source"] == REPORTED:
            label = round_name(period, row["round_label"])
            if _present(row["pass_rate"]):
                points.append((period, label, kind, "reported", float(row["pass_rate"]), percent(row["pass_rate"])))
            elif _present(row["computed_pass_rate"]):
                rate = row["computed_pass_rate"]
                points.append((period, label, kind, "computed", float(rate), computed_percent(rate)))
            if _present(row["pass_rate_after_rectification"]):
                rate = row["pass_rate_after_rectification"]
                points.append((period, label, kind, "after", float(rate), percent(rate)))
        elif _present(row["computed_pass_rate"]):
            rate = row["computed_pass_rate"]
            points.append((period, period_label(period), kind, "computed", float(rate), computed_percent(rate)))
    return pd.DataFrame(points, columns=["period", "label", "kind", "series", "value", "shown"])


def _period_names(points: pd.DataFrame) -> dict[str, str]:
    """Each quarter of the trend by the name of its one round (2024年第一次), else by the quarter's own."""
    names = points.groupby("period")["label"].unique()
    return {
        str(period): str(found[0]) if len(found) == 1 else period_label(str(period)) for period, found in names.items()
    }


def _trend_table(points: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any], Table]:
    """One row per quarter, one number column per series; its column config; its download."""
    names = [
        labels.OVERVIEW_SERIES[series].format(kind=labels.KIND_LABELS[kind])
        for kind, series in zip(points["kind"], points["series"], strict=True)
    ]
    shaped = points.assign(name=names)
    table = shaped.pivot_table(index="period", columns="name", values="value", aggfunc="first", sort=False)
    ordered = [
        labels.OVERVIEW_SERIES[series].format(kind=labels.KIND_LABELS[kind])
        for kind in charts.KIND_COLORS
        for series in charts.TREND_STYLES
        if labels.OVERVIEW_SERIES[series].format(kind=labels.KIND_LABELS[kind]) in table.columns
    ]
    table = table[ordered].sort_index(key=lambda index: index.map(parse_period), ascending=False)
    formats = dict(zip(names, points["series"], strict=True))
    config: dict[str, Any] = {
        column: st.column_config.NumberColumn(
            column, format=COMPUTED_RATE_FORMAT if formats[column] == "computed" else REPORTED_RATE_FORMAT
        )
        for column in ordered
    }
    shown = table.reset_index()
    shown.insert(0, labels.PERIOD_COLUMN, shown.pop("period").map(_period_names(points)))
    computed = tuple(column for column in ordered if formats[column] == "computed")
    export = Table(labels.TREND_DATA, shown, percent_columns=tuple(ordered), computed_columns=computed)
    return shown, config, export


def trend(scope: Scope, filters: Filters, region: Region | None, downloads: PageDownloads) -> None:
    """Pass rates over the quarters on a time axis: reported, computed and post-rectification apart."""
    assert filters.period is not None
    points = trend_points(store.run(across_periods, scope=scope, region=filters.region))
    name = _region_name(region)
    st.subheader(labels.TREND, anchor=False)
    if points.empty:
        st.info(plain(labels.TREND_NONE.format(region=name)))
        return
    st.caption(labels.OVERVIEW_TREND_HELP)
    periods = store.run(periods_with_data, scope=scope, region=filters.region)
    figure = charts.pass_rate_trend(points, selected=filters.period, periods=periods)
    charts.draw(figure, key="overview_trend")
    without = [period_label(p) for p in sorted(set(periods) - set(points["period"]), key=parse_period)]
    if without:
        text = labels.OVERVIEW_TREND_LISTS_ONLY.format(
            region=name, periods=labels.OVERVIEW_LIST_SEPARATOR.join(without)
        )
        st.caption(plain(text))
    table, config, export = _trend_table(points)
    with st.expander(labels.TREND_DATA, expanded=False):
        st.dataframe(
            table, hide_index=True, width="stretch", key="overview_trend_table", column_config=config, placeholder=DASH
        )
        downloads.table(export, key="overview_trend_dl")


# ---------------------------------------------------------------- sub-regions


def _name_links(table: pd.DataFrame, filters: Filters, region: Region | None) -> list[str]:
    """Each row's name as a link carrying the name in its fragment: a child to its overview, the rest to /regions."""
    here = filters.region
    links = []
    for code, name in zip(table[regions.CODE], table[labels.REGION_NAME], strict=True):
        if code and code != here:
            url = filters.with_region(str(code)).url()
        else:  # the region's own departments and 合计: the drill-down lists them
            url = filters.with_region(here).url("regions")
        links.append(f"{url}#{quote(str(name))}")
    return links


def _column_order(table: pd.DataFrame) -> list[str]:
    """Name first, then the pass rates, then checked and failed, the rest after: a phone sees the essentials."""
    rates = [column for kind in KPI_KINDS for column in regions.rate_columns(table, kind)]
    counts = [regions.column_name(kind, part) for kind in KPI_KINDS for part in ("checked", "failed")]
    first = [labels.REGION_NAME, *[c for c in (*rates, *counts) if c in table.columns]]
    rest = [c for c in table.columns if c not in first and c not in regions.HIDDEN]
    return first + rest


def _styled(table: pd.DataFrame, benchmarks: dict[str, float]) -> pd.DataFrame | pd.io.formats.style.Styler:
    """The table with each child's pass rate in red where it is below the region's own rate for that kind."""
    styled = table.style
    children_rows = regions.body_rows(table).index  # not the 合计 rows
    coloured = False
    for kind, target in benchmarks.items():
        columns = regions.rate_columns(table, kind)
        if not columns:
            continue
        coloured = True
        styled = styled.map(
            lambda value, target=target: BELOW_TARGET_STYLE if _present(value) and float(value) < target else "",
            subset=pd.IndexSlice[children_rows, columns],
        )
    return styled if coloured else table


def prefetch(scope: Scope, filters: Filters, region: Region | None) -> None:
    """Start the page's heavier queries together (store.prefetch): trend, registry, sub-regions, lists."""
    assert filters.period is not None
    here = {"scope": scope, "period": filters.period, "region": filters.region}
    calls: list[store.Call] = [
        (across_periods, {"scope": scope, "region": filters.region}),
        (registry_by_child, {"scope": scope, "region": region}),
        (high_scorers, here),
        (problems_by_category, here),
        (deeper_reported_regions, here),
    ]
    if region is None or region.level != "county":
        calls.append((computed_by_subregion, {**here, "region": region}))
    store.prefetch(*calls)


def subregions(
    scope: Scope, filters: Filters, region: Region | None, benchmarks: dict[str, float], downloads: PageDownloads
) -> None:
    """The direct children of the chosen region (and its own departments), worst first, each name a link."""
    assert filters.period is not None
    if region is not None and region.level == "county":
        return
    table = regions.children_frame(scope, filters, region)
    deeper = store.run(deeper_reported_regions, scope=scope, period=filters.period, region=filters.region)
    if table.empty and deeper.empty:
        return
    st.subheader(labels.SUBREGIONS, anchor=False)
    if not table.empty:
        shown_benchmarks = {k: v for k, v in benchmarks.items() if regions.rate_columns(table, k)}
        if shown_benchmarks:
            st.caption(plain(labels.OVERVIEW_SUBREGIONS_HELP.format(region=_region_name(region))))
        if regions.sources_apart(table):
            st.caption(labels.CHILDREN_SOURCES_APART)
        shown = table.copy()
        shown[labels.REGION_NAME] = _name_links(table, filters, region)
        config = regions.children_column_config(table)
        config[labels.REGION_NAME] = st.column_config.LinkColumn(
            labels.REGION_NAME,
            display_text=LINK_NAME_REGEX,
            help=labels.REGION_LINK_HELP,
            pinned=True,
            alignment="left",
            width=NAME_COLUMN_WIDTH,
        )
        st.dataframe(
            _styled(shown, shown_benchmarks),
            hide_index=True,
            width="stretch",
            key="overview_subregions",
            height=table_height(len(shown), max_rows=TABLE_MAX_ROWS),
            column_config=config,
            column_order=_column_order(shown),
            placeholder=DASH,
        )
        downloads.table(regions.children_export(labels.SUBREGIONS, table), key="overview_subregions_dl")
    _deeper_links(filters, region, deeper)


def _deeper_links(filters: Filters, region: Region | None, deeper: pd.DataFrame) -> None:
    """Regions further down with figures of their own this quarter, each under its real parent: 湖北省 › 随州市."""
    if deeper.empty:
        return
    st.caption(labels.OVERVIEW_DEEPER)
    above = {region.code, *ancestors(region)} if region else set()
    for code in deeper["code"]:
        found = store.run(get_region, code=str(code))
        if found is None:
            continue
        chain = [c for c in dict.fromkeys([*ancestors(found), found.code]) if c not in above]
        names = store.run(region_names, codes=tuple(chain))
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            for index, link in enumerate(chain):
                if index:
                    st.markdown(labels.OVERVIEW_PATH_SEPARATOR.strip(), width="content")
                st.page_link(
                    page_target("overview"),
                    label=plain(names.get(link, link)),
                    query_params=filters.with_region(link).query_params(),
                )


# ---------------------------------------------------------------- problem categories and high scorers


def problem_categories(scope: Scope, filters: Filters) -> None:
    """Failing targets per standard problem category, one colour per kind."""
    assert filters.period is not None
    frame = store.run(problems_by_category, scope=scope, period=filters.period, region=filters.region)
    if frame.empty:
        return
    frame = frame.assign(category_label=frame["category"].map(labels.CATEGORY_LABELS))
    st.subheader(labels.PROBLEM_CATEGORIES, anchor=False)
    st.caption(labels.PROBLEM_CATEGORIES_HELP)
    charts.draw(charts.problem_categories(frame), key="overview_categories")


def high_scoring_sites(scope: Scope, filters: Filters, downloads: PageDownloads) -> None:
    """Sites the notice names as scoring high, by score band; the score column only where a notice gives scores."""
    assert filters.period is not None
    frame = store.run(high_scorers, scope=scope, period=filters.period, region=filters.region)
    if frame.empty:
        return
    st.subheader(labels.HIGH_SCORERS, anchor=False)
    if len(frame) == HIGH_SCORER_ROW_CAP:
        st.caption(labels.HIGH_SCORERS_CAPPED.format(cap=HIGH_SCORER_ROW_CAP))
    columns = [frame["score_band"], frame["name"], frame["region_name"], pd.to_numeric(frame["score"], errors="coerce")]
    table = pd.DataFrame(dict(zip(labels.HIGH_SCORER_COLUMNS, columns, strict=True)))
    score = labels.HIGH_SCORER_COLUMNS[-1]
    if table[score].isna().all():
        table = table.drop(columns=[score])
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="overview_high_scorers",
        height=table_height(len(table), max_rows=TABLE_MAX_ROWS),
        placeholder=DASH,
    )
    downloads.table(Table(labels.HIGH_SCORERS, table), key="overview_high_scorers_dl")
