"""Plotly figures built from query frames: DataFrame in, Figure out."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import labels
from data_access.periods import Period, parse_period

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"

# One colour per target kind, on every chart of every page. Red stays free for "bad".
KIND_COLORS = {"site": "#1f4e9c", "account": "#e08a00", "platform": "#2a9d8f"}
KIND_LABEL_COLORS = {labels.KIND_LABELS[kind]: color for kind, color in KIND_COLORS.items()}

# What st.plotly_chart passes to Plotly in the browser: its own texts in Chinese
# (the locale goes with the chart, nothing is fetched), no logo, and only the
# tools a reader needs; zooming by drag is off so a phone scrolls the page.
PLOTLY_CONFIG = {
    "locale": "zh-CN",
    "locales": {"zh-CN": labels.OVERVIEW_PLOTLY_ZH_CN},
    "displaylogo": False,
    "modeBarButtonsToRemove": ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d"],
}
# A legend under the plot, left-aligned: on a phone a legend beside the plot takes half its width.
# It sits at the bottom of the figure, under the axis, in room kept free by the bottom margin.
LEGEND_BELOW = {"orientation": "h", "x": 0, "xanchor": "left", "yref": "container", "y": 0, "yanchor": "bottom"}
LEGEND_ROW_HEIGHT = 22
LEGEND_ROWS_ON_A_PHONE = 2  # entries a row at 390 px


def _legend_below(figure: go.Figure, *, entries: int, axis_room: int) -> None:
    """Put the legend under the plot, with a bottom margin for the axis (``axis_room`` px) and the legend's rows."""
    rows = -(-entries // LEGEND_ROWS_ON_A_PHONE)
    figure.update_layout(
        showlegend=True,
        legend={**LEGEND_BELOW, "title_text": "", "traceorder": "normal"},
        margin={"b": axis_room + LEGEND_ROW_HEIGHT * rows + 8},
    )


def _style(figure: go.Figure, height: int) -> go.Figure:
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font_family=FONT,
        legend_title_text="",
    )
    return figure


# How each series of the trend is drawn: reported rates solid, computed ones
# dashed with open markers, post-rectification rates as lone diamonds.
TREND_STYLES: dict[str, dict[str, Any]] = {
    "reported": {"mode": "lines+markers", "line": {"width": 2.5}, "marker": {"size": 8, "symbol": "circle"}},
    "computed": {
        "mode": "lines+markers",
        "line": {"width": 2, "dash": "dash"},
        "marker": {"size": 8, "symbol": "circle-open", "line": {"width": 2}},
    },
    "after": {"mode": "markers", "marker": {"size": 12, "symbol": "diamond-open", "line": {"width": 2}}},
}
QUARTER_HALF_WIDTH = timedelta(days=45)


def quarter_date(key: str) -> pd.Timestamp:
    """The first day of a quarter: '2024Q1' -> 2024-01-01, the point a trend draws it at."""
    period = parse_period(key)
    return pd.Timestamp(period.year, 3 * period.quarter - 2, 1)


def short_quarter(key: str) -> str:
    """'2024Q1' -> '24Q1', the trend's tick label."""
    period = parse_period(key)
    return f"{period.year % 100:02d}Q{period.quarter}"


def _quarters(first: Period, last: Period) -> list[Period]:
    count = (last.year - first.year) * 4 + last.quarter - first.quarter + 1
    return [first.shifted(step) for step in range(count)]


def _tick_quarters(quarters: list[Period]) -> list[Period]:
    """Labelled ticks: every quarter when few, else every other, else one a year, so labels never overlap."""
    if len(quarters) <= 6:
        return quarters
    shown = (1, 3) if len(quarters) <= 12 else (1,)
    ticks = [quarter for quarter in quarters if quarter.quarter in shown]
    return ticks or quarters[:1]


def _rate_axis_floor(low: float) -> int:
    """Where a pass-rate axis starts: ten points under the lowest rate, rounded, and never above 90%."""
    return max(0, min(90, int(math.floor((low - 1) / 10.0) * 10)))


def whole_number_step(high: float) -> int | None:
    """A tick step for a count axis that only ever lands on whole numbers; None lets Plotly choose (above 50)."""
    for limit, step in ((10, 1), (20, 2), (50, 5)):
        if high <= limit:
            return step
    return None


def pass_rate_trend(trend: pd.DataFrame, *, selected: str, periods: Sequence[str] = ()) -> go.Figure:
    """Pass rate per quarter on a time axis, one colour per kind; the ``selected`` quarter marked.

    Columns: period ('2022Q3'), kind (site | account | platform), series
    (reported | computed | after: see TREND_STYLES), value (percent), shown
    (the rate as displayed), and optionally label (the round's name the hover
    shows, 2024年第一次; else the quarter's). A quarter a series has no rate for is a gap;
    ``periods`` are quarters the axis spans even where no series has a rate.
    """
    figure = go.Figure()
    keys = {*trend["period"], selected, *periods}
    quarters = _quarters(min(map(parse_period, keys)), max(map(parse_period, keys)))
    for kind, color in KIND_COLORS.items():
        for series, style in TREND_STYLES.items():
            rows = trend[(trend["kind"] == kind) & (trend["series"] == series)]
            if rows.empty:
                continue
            by_period = rows.groupby("period")
            x: list[pd.Timestamp] = []
            y: list[float | None] = []
            custom: list[list[str]] = []
            for quarter in quarters:
                found = by_period.get_group(quarter.key) if quarter.key in by_period.groups else None
                if found is None:
                    x.append(quarter_date(quarter.key))
                    y.append(None)
                    custom.append(["", ""])
                    continue
                names = found["label"] if "label" in found else [quarter.label] * len(found)
                for value, shown, label in zip(found["value"], found["shown"], names, strict=True):
                    x.append(quarter_date(quarter.key))
                    y.append(float(value))
                    custom.append([str(label), str(shown)])
            name = labels.OVERVIEW_SERIES[series].format(kind=labels.KIND_LABELS[kind])
            marker = {**style["marker"], "color": color}
            figure.add_scatter(
                x=x,
                y=y,
                name=name,
                mode=style["mode"],
                line={**style.get("line", {}), "color": color},
                marker=marker,
                connectgaps=False,
                customdata=custom,
                hovertemplate="%{customdata[0]}<br>" + name + "：%{customdata[1]}<extra></extra>",
            )
    ticks = _tick_quarters(quarters)
    figure.update_xaxes(
        type="date",
        range=[quarter_date(quarters[0].key) - QUARTER_HALF_WIDTH, quarter_date(quarters[-1].key) + QUARTER_HALF_WIDTH],
        tickmode="array",
        tickvals=[quarter_date(quarter.key) for quarter in ticks],
        ticktext=[short_quarter(quarter.key) for quarter in ticks],
        tickangle=0,
        minor={"tickvals": [quarter_date(quarter.key) for quarter in quarters], "ticks": "outside", "ticklen": 3},
        showgrid=False,
        fixedrange=True,
    )
    low = _rate_axis_floor(float(trend["value"].min()))
    step = 5 if 100 - low <= 20 else 10
    figure.update_yaxes(
        title_text=labels.PASS_RATE_AXIS,
        range=[low, 101],
        tickmode="array",
        tickvals=list(range(low, 101, step)),
        ticktext=[f"{value}%" for value in range(low, 101, step)],
        fixedrange=True,
    )
    middle = quarter_date(selected)
    figure.add_vrect(
        x0=middle - QUARTER_HALF_WIDTH, x1=middle + QUARTER_HALF_WIDTH, fillcolor="#000000", opacity=0.07, line_width=0
    )
    # The label leans inwards at either end of the axis, so a phone never cuts it off.
    place = [quarter.key for quarter in quarters].index(selected)
    anchor = "left" if place == 0 else ("right" if place == len(quarters) - 1 else "center")
    figure.add_annotation(
        x=middle,
        y=1,
        yref="paper",
        yanchor="bottom",
        xanchor=anchor,
        showarrow=False,
        text=f"{labels.OVERVIEW_TREND_SELECTED} {short_quarter(selected)}",
    )
    figure.update_layout(dragmode=False, hovermode="closest")
    _style(figure, 360)
    _legend_below(figure, entries=len(figure.data), axis_room=30)
    return figure


def problem_categories(frame: pd.DataFrame) -> go.Figure:
    """Horizontal bars of failing targets per category, stacked by kind; columns category_label, target_kind, targets.

    Counts are whole numbers, and so is every tick of the count axis.
    """
    figure = go.Figure()
    totals = frame.groupby("category_label")["targets"].sum().sort_values()
    for kind, color in KIND_COLORS.items():
        bars = frame[frame["target_kind"] == kind]
        if bars.empty:
            continue
        name = labels.KIND_LABELS[kind]
        unit = labels.KIND_UNITS.get(kind, "")
        figure.add_bar(
            x=bars["targets"].tolist(),
            y=bars["category_label"].tolist(),
            orientation="h",
            name=name,
            marker_color=color,
            hovertemplate="%{y}<br>" + name + "：%{x}" + unit + "<extra></extra>",
        )
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=list(totals.index), fixedrange=True)
    step = whole_number_step(float(totals.max()) if len(totals) else 0)
    figure.update_xaxes(
        title_text=labels.PROBLEM_TARGETS,
        tickformat=",d",
        rangemode="tozero",
        fixedrange=True,
        **({"dtick": step, "tick0": 0} if step else {}),
    )
    figure.update_layout(barmode="stack", dragmode=False)
    _style(figure, 150 + 28 * len(totals))
    _legend_below(figure, entries=len(figure.data), axis_room=55)
    return figure


# Computed bars keep their kind's colour, striped white so they read as "not official".
SOURCE_PATTERNS = {labels.REPORTED: "", labels.COMPUTED: "/"}


def _source_marker(color: str, source: str) -> dict[str, Any]:
    return {"color": color, "pattern": {"shape": SOURCE_PATTERNS[source], "fillmode": "overlay", "fgcolor": "white"}}


def _bars_by_source(
    figure: go.Figure, frame: pd.DataFrame, *, x: str, y: str, custom: list[str], one_slot_per_kind: bool
) -> None:
    """One bar trace per kind and source (printed or computed, striped), named so in legend and hover.

    ``custom`` are the columns each bar carries, the last the rate as shown. With ``one_slot_per_kind`` a
    printed and a computed bar of a kind share a slot (a row has one or the other); else each has its own.
    """
    for kind, color in KIND_LABEL_COLORS.items():
        for source in SOURCE_PATTERNS:
            bars = frame[(frame["kind_label"] == kind) & (frame["source_label"] == source)]
            if bars.empty:
                continue
            name = f"{kind}（{source}）"
            figure.add_bar(
                x=bars[x].tolist(),
                y=bars[y].tolist(),
                name=name,
                offsetgroup=kind if one_slot_per_kind else name,
                marker=_source_marker(color, source),
                customdata=bars[custom].to_numpy().tolist(),
                hovertemplate="%{x}<br>" + name + f"：%{{customdata[{len(custom) - 1}]}}<extra></extra>",
            )


def region_pass_rates(frame: pd.DataFrame) -> go.Figure:
    """Grouped bars of pass rate per region and kind, computed rates striped and named 计算值.

    Columns: code, name, kind_label, source_label (labels.REPORTED or
    labels.COMPUTED), value (percent), shown (the rate as displayed). Each bar
    carries its region code in customdata, so a click can drill down.
    """
    figure = go.Figure()
    _bars_by_source(figure, frame, x="name", y="value", custom=["code", "shown"], one_slot_per_kind=True)
    low = float(frame["value"].min())
    figure.update_yaxes(title_text=labels.PASS_RATE_AXIS, ticksuffix="%", range=[max(0.0, min(low - 5, 90.0)), 100.5])
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=list(dict.fromkeys(frame["name"])))
    figure.update_layout(
        barmode="group", showlegend=True, legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}
    )
    return _style(figure, 340)


def pass_rate_by_region(frame: pd.DataFrame) -> go.Figure:
    """Grouped bars of pass rate per region, one colour per target kind, computed rates striped.

    Columns: region_label, kind_label, source_label (labels.REPORTED or
    labels.COMPUTED), pass_rate (percent), shown (the rate as displayed).
    One bar group per region, one bar per kind and source.
    """
    figure = go.Figure()
    _bars_by_source(figure, frame, x="region_label", y="pass_rate", custom=["shown"], one_slot_per_kind=False)
    figure.update_layout(barmode="group", showlegend=True)  # a lone trace still names its kind and source
    figure.update_yaxes(title_text=labels.PASS_RATE_AXIS, ticksuffix="%", range=[0, 100])
    regions = list(dict.fromkeys(frame["region_label"]))
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=regions)
    return _style(figure, 380)


# ---------------------------------------------------------------- problem list and rectification

# One colour per rectification status: done in greens, not done in warm colours, red for overdue.
RECT_STATUS_COLORS = {
    "pending": "#9aa5b1",
    "overdue": "#c0392b",
    "no_record": "#d5d8dc",
    "not_rectified": "#e67e22",
    "rectified": "#27ae60",
    "passed_after_rectification": "#1e8449",
    # A task's steps: blue while it waits on someone, green once the province confirmed it.
    "unanswered": "#5d8aa8",
    "submitted": "#2e86c1",
    "returned": "#af7ac5",
    "confirmed": "#52be80",
}


def problem_category_bars(frame: pd.DataFrame) -> go.Figure:
    """Horizontal bars of problems per category, stacked by kind; columns category, category_label, kind, problems.

    Each bar carries its category code in customdata, so a click can filter by it.
    """
    figure = go.Figure()
    totals = frame.groupby("category_label")["problems"].sum().sort_values()
    for kind, color in KIND_COLORS.items():
        bars = frame[frame["kind"] == kind]
        if bars.empty:
            continue
        figure.add_bar(
            x=bars["problems"].tolist(),
            y=bars["category_label"].tolist(),
            orientation="h",
            name=labels.KIND_LABELS[kind],
            marker_color=color,
            customdata=bars[["category"]].to_numpy().tolist(),
            hovertemplate="%{y}<br>" + labels.KIND_LABELS[kind] + "：%{x}<extra></extra>",
        )
    figure.update_layout(barmode="stack", showlegend=True, legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"})
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=list(totals.index))
    figure.update_xaxes(title_text=labels.PROBLEMS_COUNT_AXIS)
    return _style(figure, 110 + 30 * len(totals))


def region_problem_bars(frame: pd.DataFrame) -> go.Figure:
    """Vertical bars of problems per region, stacked by kind; columns region_code, region_label, kind, problems.

    Regions come in the frame's order; each bar carries its region code in customdata.
    """
    figure = go.Figure()
    order = list(dict.fromkeys(frame["region_label"]))
    for kind, color in KIND_COLORS.items():
        bars = frame[frame["kind"] == kind]
        if bars.empty:
            continue
        figure.add_bar(
            x=bars["region_label"].tolist(),
            y=bars["problems"].tolist(),
            name=labels.KIND_LABELS[kind],
            marker_color=color,
            customdata=bars[["region_code"]].to_numpy().tolist(),
            hovertemplate="%{x}<br>" + labels.KIND_LABELS[kind] + "：%{y}<extra></extra>",
        )
    figure.update_layout(barmode="stack", showlegend=True, legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"})
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=order)
    figure.update_yaxes(title_text=labels.PROBLEMS_COUNT_AXIS)
    return _style(figure, 340)


def status_bars(frame: pd.DataFrame, *, horizontal: bool = False) -> go.Figure:
    """Bars of problems per group, stacked by rectification status; columns code, group_label, status, problems.

    Groups come in the frame's order; each bar carries its group code in customdata.
    """
    figure = go.Figure()
    order = list(dict.fromkeys(frame["group_label"]))
    for status, color in RECT_STATUS_COLORS.items():
        bars = frame[frame["status"] == status]
        if bars.empty:
            continue
        name = labels.RECT_STATUS_LABELS[status]
        groups, counts = bars["group_label"].tolist(), bars["problems"].tolist()
        figure.add_bar(
            x=counts if horizontal else groups,
            y=groups if horizontal else counts,
            orientation="h" if horizontal else "v",
            name=name,
            marker_color=color,
            customdata=bars[["code"]].to_numpy().tolist(),
            hovertemplate=("%{y}<br>" + name + "：%{x}" if horizontal else "%{x}<br>" + name + "：%{y}")
            + "<extra></extra>",
        )
    figure.update_layout(barmode="stack", showlegend=True, legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"})
    group_axis = {"type": "category", "categoryorder": "array", "categoryarray": order[::-1] if horizontal else order}
    count_axis = {"title_text": labels.PROBLEMS_COUNT_AXIS}
    if horizontal:
        figure.update_yaxes(**group_axis)
        figure.update_xaxes(**count_axis)
        return _style(figure, 110 + 26 * len(order))
    figure.update_xaxes(**group_axis)
    figure.update_yaxes(**count_axis)
    return _style(figure, 340)


# ---------------------------------------------------------------- rankings (content guarantee, disclosure)

# One colour per topic of the content and disclosure pages, apart from the target kinds' and from red.
TOPIC_COLORS = {"content": "#6c5ba7", "disclosure": "#3c8d5a", "message": "#b07c2b"}


def ranking_bars(frame: pd.DataFrame, *, topic: str, axis_title: str, percent_axis: bool = False) -> go.Figure:
    """Horizontal bars, the first row of ``frame`` on top; columns key, name, value, shown (the value as displayed).

    Each bar carries its row's key in customdata, so a click can open what it names.
    """
    order = list(frame["name"])
    figure = go.Figure(
        go.Bar(
            x=frame["value"].tolist(),
            y=order,
            orientation="h",
            marker_color=TOPIC_COLORS[topic],
            text=frame["shown"].tolist(),
            textposition="outside",
            textangle=0,
            cliponaxis=False,
            customdata=frame[["key", "shown"]].to_numpy().tolist(),
            hovertemplate="%{y}<br>%{customdata[1]}<extra></extra>",
        )
    )
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=order[::-1])
    figure.update_xaxes(title_text=axis_title, ticksuffix="%" if percent_axis else "")
    figure.update_layout(showlegend=False)
    return _style(figure, 80 + 28 * len(order))


# ---------------------------------------------------------------- score analysis (/scores)

VETO_COLOR = "#c0392b"  # red: a vetoed check is "bad"


def indicator_points(frame: pd.DataFrame, *, kind: str) -> go.Figure:
    """Horizontal bars of the points each indicator cost, most on top; computed, so striped and named 计算值.

    Columns: indicator_id, label, points, shown (the points as displayed). Each bar carries its indicator id in
    customdata, so a click can list the checks that lost points on it.
    """
    order = list(frame["label"])
    name = labels.SCORES_POINTS_AXIS
    figure = go.Figure(
        go.Bar(
            x=frame["points"].tolist(),
            y=order,
            orientation="h",
            name=name,
            marker=_source_marker(KIND_COLORS[kind], labels.COMPUTED),
            customdata=frame[["indicator_id", "shown"]].to_numpy().tolist(),
            hovertemplate="%{y}<br>" + name + "：%{customdata[1]}<extra></extra>",
        )
    )
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=order[::-1], fixedrange=True)
    figure.update_xaxes(title_text=name, rangemode="tozero", fixedrange=True)
    figure.update_layout(showlegend=False, dragmode=False)
    return _style(figure, 90 + 26 * len(order))


def score_histogram(frame: pd.DataFrame, *, kind: str, vetoed: int) -> go.Figure:
    """Checks per score bin (computed, striped) and, apart and in red, the vetoed checks that have no score.

    Columns: low (the bin's lowest score), label (the bin as shown: 80–85), checks.
    """
    figure = go.Figure()
    name = labels.COMPUTED_LABEL.format(label=labels.SCORES_COUNT_AXIS)
    figure.add_bar(
        x=frame["label"].tolist(),
        y=frame["checks"].tolist(),
        name=name,
        marker=_source_marker(KIND_COLORS[kind], labels.COMPUTED),
        hovertemplate=labels.SCORES_HISTOGRAM_AXIS + " %{x}<br>" + name + "：%{y}<extra></extra>",
    )
    categories = list(frame["label"])
    if vetoed:
        veto = labels.SCORE_BAND_LABELS["veto"]
        figure.add_bar(
            x=[veto],
            y=[vetoed],
            name=veto,
            marker_color=VETO_COLOR,
            hovertemplate="%{x}：%{y}<extra></extra>",
        )
        categories.append(veto)
    figure.update_xaxes(
        type="category", categoryorder="array", categoryarray=categories, title_text=labels.SCORES_HISTOGRAM_AXIS
    )
    high = float(max([*frame["checks"], vetoed, 0]))
    step = whole_number_step(high)
    figure.update_yaxes(
        title_text=labels.SCORES_COUNT_AXIS, rangemode="tozero", tickformat=",d", **({"dtick": step} if step else {})
    )
    figure.update_layout(barmode="overlay", dragmode=False, bargap=0.1)
    _style(figure, 340)
    _legend_below(figure, entries=len(figure.data), axis_room=55)
    return figure


def draw(figure: go.Figure, *, key: str, clickable: bool = False) -> dict[str, Any] | None:
    """Draw ``figure`` the app's one way (PLOTLY_CONFIG: Plotly's own texts in Chinese, no logo).

    When ``clickable``, a click on a bar or a region reruns the page and the
    point clicked is returned (its customdata, and location on a map); None
    when nothing is clicked. ``key`` of a clickable chart should come from
    filters.selection_key, so that the click is not replayed after a drill.
    """
    if not clickable:
        st.plotly_chart(figure, key=key, width="stretch", config=PLOTLY_CONFIG)
        return None
    event = st.plotly_chart(
        figure, key=key, on_select="rerun", selection_mode="points", width="stretch", config=PLOTLY_CONFIG
    )
    points = event.selection.points if event is not None else []
    return dict(points[0]) if points else None


def clicked_code(point: dict[str, Any] | None) -> str:
    """The code of a clicked point: the region of a map's point, else the first of its customdata ('' when none)."""
    if not point:
        return ""
    return str(point.get("location") or (point.get("customdata") or [""])[0])
