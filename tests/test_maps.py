"""The offline map geometry agrees with the reference divisions, and the pass-rate map carries region codes."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from dashboard import maps
from tests.conftest import APP_DIR

DIVISIONS = APP_DIR / "data_access" / "reference" / "divisions.csv"
NOT_INSPECTED = {"710000", "810000", "820000"}  # drawn grey on the national map, not in divisions.csv


@pytest.fixture(scope="module")
def divisions() -> list[dict[str, str]]:
    with DIVISIONS.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _codes(geojson: dict | None) -> set[str]:
    assert geojson is not None
    return {feature["properties"]["code"] for feature in geojson["features"]}


def test_the_country_file_holds_the_31_provinces(divisions):
    country = maps.geometry(None)
    codes = _codes(country)
    provinces = {d["code"] for d in divisions if d["level"] == "province"}
    assert len(provinces) == 31
    assert codes - NOT_INSPECTED == provinces
    assert all(re.fullmatch(r"\d{6}", code) for code in codes)
    names = {f["properties"]["code"]: f["properties"]["name"] for f in country["features"]}
    assert names["360000"] == "江西省"
    assert names["710000"] == "台湾省"


def test_every_city_has_a_feature_in_its_province_file(divisions):
    for province in (d for d in divisions if d["level"] == "province"):
        cities = {d["code"] for d in divisions if d["parent_code"] == province["code"]}
        assert cities <= _codes(maps.geometry(province["code"])), province["name"]


def test_every_county_has_a_feature_in_its_city_file(divisions):
    counties_by_city: dict[str, set[str]] = {}
    for d in divisions:
        if d["level"] == "county":
            counties_by_city.setdefault(d["parent_code"], set()).add(d["code"])
    for city, counties in counties_by_city.items():
        assert counties == _codes(maps.geometry(city)), city


def test_the_tree_is_gb_t_2260_shaped(divisions):
    by_code = {d["code"]: d for d in divisions}
    assert len(by_code) == len(divisions)
    for d in divisions:
        parent = by_code.get(d["parent_code"])
        if d["level"] == "province":
            assert d["parent_code"] == "" and d["code"].endswith("0000")
        elif d["level"] == "city":
            assert parent and parent["level"] == "province" and d["code"][:2] == parent["code"][:2]
            assert d["code"].endswith("00")
        else:
            assert parent and parent["level"] == "city" and d["code"][:4] == parent["code"][:4]
    assert by_code["360400"]["name"] == "九江市"
    assert by_code["360426"]["name"] == "德安县"
    # Municipalities and province-run counties hang under GB/T 2260's own city-level groupings.
    assert by_code["110105"]["parent_code"] == "110100"
    assert by_code["500229"]["parent_code"] == "500200"
    assert by_code["429004"]["parent_code"] == "429000"


def test_missing_or_malformed_codes_have_no_geometry():
    assert maps.geometry("441900") is None  # 东莞市 has no county-level divisions
    assert maps.geometry("999999") is None
    assert maps.geometry("../geo/000000") is None


def test_the_map_carries_codes_and_chinese_hover():
    geojson = maps.geometry("360400")
    assert geojson is not None
    frame = pd.DataFrame({"code": ["360426", "360424"], "name": ["德安县", "修水县"], "value": [94.75, None]})
    figure = maps.pass_rate_map(frame, geojson, value_label="网站合格率")
    assert {trace.type for trace in figure.data} == {"choroplethmap"}
    rated, grey = figure.data
    assert list(rated.locations) == ["360426"]
    assert rated.featureidkey == "properties.code"
    assert [list(row) for row in rated.customdata] == [["360426", "德安县", "94.75%"]]
    assert "360424" in set(grey.locations)
    assert set(grey.locations) | {"360426"} == _codes(geojson)
    assert figure.layout.map.style == "white-bg"
    assert figure.layout.coloraxis.colorbar.title.text == "网站合格率"
    for trace in figure.data:
        assert not re.search(r"[A-Za-z]{2,}", re.sub(r"%\{[^}]*\}|<[^>]*>", "", trace.hovertemplate))
    centre = figure.layout.map.center
    assert 114 < centre.lon < 117 and 28.5 < centre.lat < 30.5
    assert 6 < figure.layout.map.zoom < 9


def test_the_national_view_fits_the_whole_country():
    centre, zoom = maps.view(maps.geometry(None))
    assert 100 < centre["lon"] < 110 and 25 < centre["lat"] < 38
    assert 1.5 < zoom < 3.5
