"""The global filters (period, region): read from and written to the URL here and nowhere else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st

from dashboard import labels, store
from data_access.checks import periods_with_data
from data_access.periods import parse_period, period_label
from data_access.regions import Region, children, get_region, in_scope
from data_access.scope import NATIONAL, Scope

PERIOD_PARAM = "period"
REGION_PARAM = "region"
_LEVELS = ("province", "city", "county")
_LEVEL_TITLES = {
    "province": labels.FILTER_PROVINCE,
    "city": labels.FILTER_CITY,
    "county": labels.FILTER_COUNTY,
}


@dataclass(frozen=True)
class Filters:
    """What every page shows: one quarter ('2022Q3', None when there is no data) and one region (None: all)."""

    period: str | None
    region: str | None

    def query_params(self) -> dict[str, str]:
        """The URL parameters that reproduce this view."""
        params = {}
        if self.period:
            params[PERIOD_PARAM] = self.period
        if self.region:
            params[REGION_PARAM] = self.region
        return params

    def url(self, page: str = "") -> str:
        """A link to ``page`` (its url_path) showing this view; every drill-down link is built here."""
        query = urlencode(self.query_params())
        return f"/{page}" + (f"?{query}" if query else "")

    def with_region(self, region: str | None) -> Filters:
        """The same period for another region."""
        return Filters(self.period, region)


def resolve(
    raw_period: str | None,
    raw_region: str | None,
    *,
    scope: Scope,
    lookup_region: Callable[[str], Region | None],
    periods_for: Callable[[str | None], list[str]],
) -> tuple[Filters, Region | None, list[str]]:
    """Turn URL values into valid filters, with a Chinese message for each value that was replaced."""
    messages: list[str] = []
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
    return Filters(period, region.code if region else None), region, messages


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


def sidebar_filters(scope: Scope = NATIONAL) -> tuple[Filters, Region | None]:
    """Render the sidebar filters and return the valid filters, normalising the URL to them."""
    filters, region, messages = resolve(
        st.query_params.get(PERIOD_PARAM),
        st.query_params.get(REGION_PARAM),
        scope=scope,
        lookup_region=_lookup_region,
        periods_for=lambda code: store.run(periods_with_data, scope=scope, region=code),
    )
    for message in messages:
        st.warning(message)
    params = filters.query_params()
    for name in (PERIOD_PARAM, REGION_PARAM):
        if name not in params and name in st.query_params:
            del st.query_params[name]
        elif name in params and st.query_params.get(name) != params[name]:
            st.query_params[name] = params[name]

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
