"""Choropleth maps of pass rates on the offline geometry in ``assets/geo/`` (see its README).

``geometry(parent)`` is the GeoJSON of ``parent``'s children, one feature per
region with ``properties.code`` and ``properties.name``; ``pass_rate_map``
draws a frame of per-region values on it. A click on a region comes back from
``st.plotly_chart(figure, on_select="rerun")`` as a selected point whose
``location`` (and ``customdata[0]``) is the region's code. ``region_map``
is the same figure for the children of one region, built once per set of values.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboard.charts import FONT
from dashboard.formatting import percent

GEO_DIR = Path(__file__).resolve().parent.parent / "assets" / "geo"
COUNTRY_FILE = "000000"
NO_DATA = "暂无数据"
NO_DATA_COLOR = "#d9d9d9"
# Red for a low pass rate, through yellow, to green for 100%.
PASS_RATE_SCALE = ["#c0392b", "#f1c40f", "#27ae60"]
MAP_HEIGHT = 460
ASSUMED_WIDTH = 640  # the container's width is unknown here; zoom is fitted to this
TILE_SIZE = 512  # MapLibre's world is 512 px wide at zoom 0
FIGURE_CACHE_ENTRIES = 64  # figures kept built: maps (sharing the cached geometry) and /regions' bars
FIGURE_CACHE_TTL_SECONDS = 600


@st.cache_data(max_entries=64, show_spinner=False)
def geometry(parent_code: str | None) -> dict[str, Any] | None:
    """GeoJSON of the children of ``parent_code`` (provinces when None); None when there is no map."""
    name = COUNTRY_FILE if parent_code is None else parent_code
    if not re.fullmatch(r"\d{6}", name):
        return None
    path = GEO_DIR / f"{name}.json"
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _points(coordinates: Any) -> Iterator[tuple[float, float]]:
    if isinstance(coordinates[0], float | int):
        yield float(coordinates[0]), float(coordinates[1])
        return
    for part in coordinates:
        yield from _points(part)


def _mercator(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def view(geojson: dict[str, Any], *, height: int = MAP_HEIGHT) -> tuple[dict[str, float], float]:
    """Centre and zoom that fit every feature of ``geojson`` into a map ``height`` px tall."""
    lons, lats = zip(*(p for f in geojson["features"] for p in _points(f["geometry"]["coordinates"])), strict=True)
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    y_south, y_north = _mercator(south), _mercator(north)
    centre_lat = math.degrees(2 * math.atan(math.exp((y_south + y_north) / 2)) - math.pi / 2)
    lon_zoom = math.log2(ASSUMED_WIDTH * 360 / (TILE_SIZE * max(east - west, 1e-6)))
    lat_zoom = math.log2(height * 2 * math.pi / (TILE_SIZE * max(y_north - y_south, 1e-6)))
    zoom = min(lon_zoom, lat_zoom) - 0.15  # a margin around the outline
    return {"lon": (west + east) / 2, "lat": centre_lat}, round(zoom, 2)


def _features(geojson: dict[str, Any], codes: pd.Series) -> dict[str, Any]:
    """``geojson`` with only the features of ``codes``: each trace carries the outlines it draws, not all of them."""
    wanted = set(codes)
    return {**geojson, "features": [f for f in geojson["features"] if f["properties"]["code"] in wanted]}


def _frame(frame: pd.DataFrame, geojson: dict[str, Any]) -> pd.DataFrame:
    """One row per feature: code, name, value (float or NaN), rate (as text: ``frame``'s shown, else the percent)."""
    features = pd.DataFrame(
        [(f["properties"]["code"], f["properties"]["name"]) for f in geojson["features"]],
        columns=["code", "feature_name"],
    )
    columns = ["code", "name", "value", *(["shown"] if "shown" in frame else [])]
    values = frame[columns].drop_duplicates("code")
    merged = features.merge(values, on="code", how="left")
    merged["name"] = merged["name"].fillna(merged["feature_name"])
    merged["value"] = pd.to_numeric(merged["value"], errors="coerce").astype(float)
    shown = merged["shown"] if "shown" in merged else pd.Series(None, index=merged.index, dtype=object)
    merged["rate"] = [
        NO_DATA if pd.isna(v) else (str(text) if isinstance(text, str) else percent(v))
        for v, text in zip(merged["value"], shown, strict=True)
    ]
    return merged[["code", "name", "value", "rate"]]


def pass_rate_map(
    frame: pd.DataFrame, geojson: dict[str, Any], *, value_label: str, height: int = MAP_HEIGHT
) -> go.Figure:
    """A choropleth of pass rates; ``frame`` has code, name, value (percent points, may be missing) and
    optionally shown (the rate as the hover shows it, e.g. marked 计算值).

    Every feature of ``geojson`` is drawn: those without a value in grey. The
    colour runs red to green from the lower of 90% and the lowest rate (rounded
    down to 5) up to 100%.
    """
    data = _frame(frame, geojson)
    known = data[data["value"].notna()]
    missing = data[data["value"].isna()]
    low = min(90.0, 5 * math.floor(known["value"].min() / 5)) if len(known) else 90.0
    centre, zoom = view(geojson, height=height)
    hover = "<b>%{customdata[1]}</b><br>" + value_label + "：%{customdata[2]}<extra></extra>"
    figure = px.choropleth_map(
        known,
        geojson=_features(geojson, known["code"]),
        locations="code",
        featureidkey="properties.code",
        color="value",
        color_continuous_scale=PASS_RATE_SCALE,
        range_color=(low, 100.0),
        custom_data=["code", "name", "rate"],
        map_style="white-bg",
        center=centre,
        zoom=zoom,
        opacity=0.85,
        height=height,
    )
    figure.update_traces(hovertemplate=hover, marker_line_color="white", marker_line_width=0.8)
    if len(missing):
        figure.add_trace(
            go.Choroplethmap(
                geojson=_features(geojson, missing["code"]),
                featureidkey="properties.code",
                locations=missing["code"],
                z=[0] * len(missing),
                customdata=missing[["code", "name", "rate"]].to_numpy(),
                colorscale=[[0, NO_DATA_COLOR], [1, NO_DATA_COLOR]],
                showscale=False,
                marker_opacity=0.85,
                marker_line_color="white",
                marker_line_width=0.8,
                hovertemplate=hover,
                name=NO_DATA,
            )
        )
    figure.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        font_family=FONT,
        coloraxis_colorbar={"title": {"text": value_label}, "ticksuffix": "%", "thickness": 12},
    )
    return figure


@st.cache_resource(max_entries=FIGURE_CACHE_ENTRIES, ttl=FIGURE_CACHE_TTL_SECONDS, show_spinner=False)
def region_map(frame: pd.DataFrame, parent_code: str | None, *, value_label: str) -> go.Figure | None:
    """``pass_rate_map`` of ``frame`` on the children of ``parent_code``; None when there is no map.

    Built once per set of values and shared (``st.plotly_chart`` copies a figure, never changes it):
    building a map walks every vertex of the outlines, which took longer than the page's queries.
    """
    geojson = geometry(parent_code)
    if geojson is None:
        return None
    return pass_rate_map(frame, geojson, value_label=value_label)
