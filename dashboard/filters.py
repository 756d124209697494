"""The filters (period, region, and the drill's unit and target): read from and written to the URL here only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st

from dashboard import labels, store
from dashboard.formatting import plain
from data_access.checks import periods_with_data
from data_access.periods import parse_period, period_label
from data_access.regions import Region, children, get_region, in_scope
from data_access.scope import NATIONAL, Scope
from data_access.targets import get_target
from data_access.units import get_unit

# Every page of the app: its URL path and its file, registered by the router. The folder is not called
# pages/: with a pages/ folder Streamlit serves a deep link opened first after start-up outside the router.
PAGE_FILES = {
    "overview": "app_pages/overview.py",
    "regions": "app_pages/regions.py",
    "compare": "app_pages/compare.py",
}

PERIOD_PARAM = "period"
REGION_PARAM = "region"
UNIT_PARAM = "unit"
TARGET_PARAM = "target"
FILTER_PARAMS = (PERIOD_PARAM, REGION_PARAM, UNIT_PARAM, TARGET_PARAM)
MAX_PARAM_LENGTH = 40  # longer URL values are cut before they are looked up or quoted
_DRILL_NONCE = "_drill_nonce"
_LEVELS = ("province", "city", "county")
_LEVEL_TITLES = {
    "province": labels.FILTER_PROVINCE,
    "city": labels.FILTER_CITY,
    "county": labels.FILTER_COUNTY,
}


@dataclass(frozen=True)
class Filters:
    """What a page shows: one quarter ('2022Q3', None when there is no data), one region (None: all),
    and on the drill-down a unit (host department) or one target (site, account or platform), by id."""

    period: str | None
    region: str | None
    unit: int | None = None
    target: int | None = None

    def query_params(self) -> dict[str, str]:
        """The URL parameters that reproduce this view."""
        params = {}
        if self.period:
            params[PERIOD_PARAM] = self.period
        if self.region:
            params[REGION_PARAM] = self.region
        if self.unit is not None:
            params[UNIT_PARAM] = str(self.unit)
        if self.target is not None:
            params[TARGET_PARAM] = str(self.target)
        return params

    def url(self, page: str = "") -> str:
        """A link to ``page`` (its url_path) showing this view; every drill-down link is built here."""
        query = urlencode(self.query_params())
        return f"/{page}" + (f"?{query}" if query else "")

    def with_region(self, region: str | None) -> Filters:
        """The same period for another region (leaving any unit or target)."""
        return Filters(self.period, region)

    def with_period(self, period: str) -> Filters:
        """The same view in another quarter."""
        return Filters(period, self.region, self.unit, self.target)

    def with_unit(self, unit: int, region: str) -> Filters:
        """One host unit of ``region``."""
        return Filters(self.period, region, unit=unit)

    def with_target(self, target: int, region: str) -> Filters:
        """One site, account or platform of ``region``."""
        return Filters(self.period, region, target=target)


def _drill_id(raw: str | None) -> int | None:
    """A unit or target id from the URL; None for anything but a plain positive number."""
    text = (raw or "").strip()
    return int(text) if text.isdigit() and len(text) <= 12 else None


def resolve(
    raw_period: str | None,
    raw_region: str | None,
    *,
    scope: Scope,
    lookup_region: Callable[[str], Region | None],
    periods_for: Callable[[str | None], list[str]],
    raw_unit: str | None = None,
    raw_target: str | None = None,
    unit_region: Callable[[int], str | None] | None = None,
    target_region: Callable[[int], str | None] | None = None,
) -> tuple[Filters, Region | None, list[str]]:
    """Turn URL values into valid filters, with a Chinese message for each value that was replaced.

    A unit or target (read only when its lookup is given) brings its own region:
    the region in the URL is settled to the one it belongs to.
    """
    messages: list[str] = []
    raw_period, raw_region = _cut(raw_period), _cut(raw_region)
    unit = target = None
    for raw, lookup, message in (
        (_cut(raw_target), target_region, labels.MSG_BAD_TARGET),
        (_cut(raw_unit), unit_region, labels.MSG_BAD_UNIT),
    ):
        if not raw or lookup is None or unit is not None or target is not None:
            continue
        drill_id = _drill_id(raw)
        owner = lookup(drill_id) if drill_id is not None else None
        if owner is None:
            messages.append(message.format(value=raw))
            continue
        raw_region = owner
        if lookup is target_region:
            target = drill_id
        else:
            unit = drill_id
    region = lookup_region(scope.region_code) if scope.region_code else None
    if raw_region:
        found = lookup_region(raw_region.strip())
        fallback = region.name if region else labels.NATIONAL
        if found is None:
            messages.append(labels.MSG_BAD_REGION.format(value=raw_region, fallback=fallback))
        elif not in_scope(found, scope):
            messages.append(labels.MSG_REGION_OUT_OF_SCOPE.format(value=raw_region, fallback=fallback))
        else:
            region = found
    region_name = region.name if region else labels.NATIONAL
    periods = periods_for(region.code if region else None)
    latest = periods[0] if periods else None
    fallback = labels.LATEST_PERIOD.format(period=period_label(latest)) if latest else ""
    period = latest
    if raw_period:
        try:
            asked = parse_period(raw_period).key
        except ValueError:
            if latest:
                messages.append(labels.MSG_BAD_PERIOD.format(value=raw_period, fallback=fallback))
        else:
            if asked in periods:
                period = asked
            elif latest:
                messages.append(
                    labels.MSG_PERIOD_NO_DATA.format(region=region_name, period=period_label(asked), fallback=fallback)
                )
    if region is None or (unit is None and target is None):
        unit = target = None
    return Filters(period, region.code if region else None, unit=unit, target=target), region, messages


def _cut(value: str | None) -> str | None:
    """A URL value cut to a sane length, so a 10,000-character parameter is never echoed whole."""
    if value is None:
        return None
    return value if len(value) <= MAX_PARAM_LENGTH else value[:MAX_PARAM_LENGTH] + "…"


def _lookup_region(code: str) -> Region | None:
    return store.run(get_region, code=code)


def _widget_key(level: str) -> str:
    return f"filter_{level}"


def _on_region_change(level: str) -> None:
    chosen = st.session_state[_widget_key(level)]
    if not chosen:
        index = _LEVELS.index(level)
        parents = [st.session_state.get(_widget_key(up)) for up in _LEVELS[:index]]
        chosen = next((code for code in reversed(parents) if code), None)
    for name in (UNIT_PARAM, TARGET_PARAM):
        if name in st.query_params:
            del st.query_params[name]
    if chosen:
        st.query_params[REGION_PARAM] = chosen
    else:
        del st.query_params[REGION_PARAM]


def _on_period_change() -> None:
    st.query_params[PERIOD_PARAM] = st.session_state[_widget_key("period")]


def _namer(names: dict[str, str]) -> Callable[[str], str]:
    return lambda code: names.get(code, labels.ALL_OPTION)


def _region_pickers(region: Region | None, scope: Scope) -> None:
    path = {level: "" for level in _LEVELS}
    if region is not None:
        path.update(province=region.province_code, city=region.city_code or "")
        path[region.level] = region.code
    parent: str | None = None
    for level in _LEVELS:
        if level != "province" and not parent:
            break
        options = store.run(children, scope=scope, parent_code=parent)
        if options.empty:
            break
        names = dict(zip(options["code"], options["name"], strict=True))
        key = _widget_key(level)
        st.session_state[key] = path[level] if path[level] in names else ""
        choices: list[str] = ["", *names]
        st.sidebar.selectbox(
            _LEVEL_TITLES[level],
            options=choices,
            format_func=_namer(names),
            key=key,
            on_change=_on_region_change,
            args=(level,),
        )
        parent = path[level]


def _target_region(scope: Scope) -> Callable[[int], str | None]:
    def lookup(target_id: int) -> str | None:
        target = store.run(get_target, scope=scope, target_id=target_id)
        return target.region_code if target else None

    return lookup


def _unit_region(scope: Scope) -> Callable[[int], str | None]:
    def lookup(unit_id: int) -> str | None:
        unit = store.run(get_unit, scope=scope, unit_id=unit_id)
        return unit.region_code if unit else None

    return lookup


def _write_url(filters: Filters) -> None:
    """Make the URL say exactly ``filters``: settled values written, unknown or dropped ones removed."""
    params = filters.query_params()
    for name in FILTER_PARAMS:
        if name not in params and name in st.query_params:
            del st.query_params[name]
        elif name in params and st.query_params.get(name) != params[name]:
            st.query_params[name] = params[name]


def sidebar_filters(scope: Scope = NATIONAL, *, drill: bool = False) -> tuple[Filters, Region | None]:
    """Render the sidebar filters and return the valid filters, normalising the URL to them.

    ``drill`` reads the unit and target parameters too (the drill-down page);
    other pages drop them from the URL.
    """
    filters, region, messages = resolve(
        st.query_params.get(PERIOD_PARAM),
        st.query_params.get(REGION_PARAM),
        scope=scope,
        lookup_region=_lookup_region,
        periods_for=lambda code: store.run(periods_with_data, scope=scope, region=code),
        raw_unit=st.query_params.get(UNIT_PARAM),
        raw_target=st.query_params.get(TARGET_PARAM),
        unit_region=_unit_region(scope) if drill else None,
        target_region=_target_region(scope) if drill else None,
    )
    for message in messages:
        st.warning(plain(message))
    _write_url(filters)

    periods = store.run(periods_with_data, scope=scope, region=filters.region)
    if periods:
        st.session_state[_widget_key("period")] = filters.period
        st.sidebar.selectbox(
            labels.FILTER_PERIOD,
            options=periods,
            format_func=period_label,
            key=_widget_key("period"),
            on_change=_on_period_change,
        )
    _region_pickers(region, scope)
    return filters, region


def drill_to(filters: Filters) -> None:
    """Go to the view ``filters`` describes: a new URL (a browser history entry) and a fresh run."""
    st.session_state[_DRILL_NONCE] = st.session_state.get(_DRILL_NONCE, 0) + 1
    _write_url(filters)
    st.rerun()


def selection_key(name: str) -> str:
    """A widget key for a clickable table or chart that forgets its selection after each drill.

    A row picked on one level must not fire again when the user comes back to
    that level; a new key per drill starts every selectable widget empty.
    """
    return f"{name}_{st.session_state.get(_DRILL_NONCE, 0)}"
