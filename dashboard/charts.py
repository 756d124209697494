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
