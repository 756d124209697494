"""Plotly figures built from query frames: DataFrame in, Figure out."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard import labels

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"

# One colour per target kind, on every chart of every page. Red stays free for "bad".
KIND_COLORS = {"site": "#1f4e9c", "account": "#e08a00", "platform": "#2a9d8f"}
KIND_LABEL_COLORS = {labels.KIND_LABELS[kind]: color for kind, color in KIND_COLORS.items()}


def _style(figure: go.Figure, height: int) -> go.Figure:
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font_family=FONT,
        legend_title_text="",
    )
    return figure


def pass_rate_trend(trend: pd.DataFrame) -> go.Figure:
    """Lines of pass rate per period; columns period_label, series, value (percent)."""
    figure = px.line(
        trend,
        x="period_label",
        y="value",
        color="series",
        markers=True,
        labels={"period_label": "", "value": labels.PASS_RATE_AXIS, "series": ""},
    )
    figure.update_yaxes(ticksuffix="%")
    figure.update_xaxes(type="category")
    return _style(figure, 320)


def problem_categories(frame: pd.DataFrame) -> go.Figure:
    """Horizontal bars of failing targets per category; columns category_label, kind_label, targets."""
    figure = px.bar(
        frame,
        x="targets",
        y="category_label",
        color="kind_label",
        orientation="h",
        labels={"targets": labels.PROBLEM_TARGETS, "category_label": "", "kind_label": ""},
    )
    figure.update_yaxes(categoryorder="total ascending")
    return _style(figure, 80 + 28 * frame["category_label"].nunique())


def region_pass_rates(frame: pd.DataFrame, *, code_column: str, name_column: str) -> go.Figure:
    """Grouped bars of pass rate per region and kind; columns code, name, value (percent), kind_label.

    Each bar carries its region code in customdata, so a click can drill down.
    """
    figure = px.bar(
        frame,
        x=name_column,
        y="value",
        color="kind_label",
        barmode="group",
        custom_data=[code_column],
        color_discrete_map=KIND_LABEL_COLORS,
        labels={name_column: "", "value": labels.PASS_RATE_AXIS, "kind_label": ""},
    )
    low = float(frame["value"].min())
    figure.update_yaxes(ticksuffix="%", range=[max(0.0, min(low - 5, 90.0)), 100.5])
    figure.update_traces(hovertemplate="%{x}<br>%{y:.2f}%<extra></extra>")
    figure.update_layout(legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0})
    return _style(figure, 340)


def pass_rate_by_region(frame: pd.DataFrame) -> go.Figure:
    """Grouped bars of pass rate per region, one colour per target kind, computed rates hatched.

    Columns: region_label, kind_label, source_label (labels.REPORTED or
    labels.COMPUTED), pass_rate (percent), shown (the rate as displayed).
    One bar group per region, one bar per kind and source.
    """
    figure = go.Figure()
    regions = list(dict.fromkeys(frame["region_label"]))
    for kind, color in KIND_LABEL_COLORS.items():
        for source, shape in ((labels.REPORTED, ""), (labels.COMPUTED, "/")):
            bars = frame[(frame["kind_label"] == kind) & (frame["source_label"] == source)]
            if bars.empty:
                continue
            name = f"{kind}（{source}）"
            figure.add_bar(
                x=bars["region_label"].tolist(),
                y=bars["pass_rate"].tolist(),
                name=name,
                offsetgroup=name,
                # Computed bars keep their kind's colour, striped white so they read as "not official".
                marker={"color": color, "pattern": {"shape": shape, "fillmode": "overlay", "fgcolor": "white"}},
                customdata=bars[["shown"]].to_numpy().tolist(),
                hovertemplate="%{x}<br>" + name + "<br>%{customdata[0]}<extra></extra>",
            )
    figure.update_layout(barmode="group", showlegend=True)  # a lone trace still names its kind and source
    figure.update_yaxes(title_text=labels.PASS_RATE_AXIS, ticksuffix="%", range=[0, 100])
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=regions)
    return _style(figure, 380)
