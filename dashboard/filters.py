"""The filters (period, region, and the drill's unit and target): read from and written to the URL here only."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from dashboard import labels, store
from dashboard.formatting import plain
from data_access.checks import periods_with_data
from data_access.notices import own_round_names
from data_access.periods import parse_period, period_label
from data_access.problem_lists import RECTIFICATION_STATUSES, UNIT_OPTION_CAP, unit_options
from data_access.problems import CATEGORIES
from data_access.regions import Region, children, get_region, in_scope
from data_access.schema import REGION_LEVELS, TARGET_KINDS
from data_access.scope import Scope
from data_access.targets import PLATFORM_CODES, get_target
from data_access.units import Unit, get_unit

# Every page of the app by url path, the first the default: its title and icon in the menu. Each is drawn by
# render() of pages/<url path>.py, which the router registers; pages/__init__.py says why a top-level pages/
# folder cannot be reached outside the router.
PAGES = {
    "overview": (labels.PAGE_OVERVIEW, ":material/dashboard:"),
    "regions": (labels.PAGE_REGIONS, ":material/account_tree:"),
    "compare": (labels.PAGE_COMPARE, ":material/compare_arrows:"),
    "content": (labels.CONTENT_PAGE, ":material/edit_note:"),
    "disclosure": (labels.DISC_PAGE, ":material/forum:"),
    "problems": (labels.PROBLEMS_PAGE, ":material/report:"),
    "rectification": (labels.RECT_PAGE, ":material/task_alt:"),
    "tasks": (labels.TASKS_PAGE, ":material/assignment_turned_in:"),
    "scores": (labels.SCORES_PAGE, ":material/leaderboard:"),
    "report": (labels.REPORT_PAGE, ":material/description:"),
    "inspect": (labels.INSPECT_PAGE, ":material/fact_check:"),
    "data": (labels.DATA_PAGE, ":material/upload_file:"),
    "indicators": (labels.INDICATORS_PAGE, ":material/rule:"),
    "accounts": (labels.AUTH_ACCOUNTS_PAGE, ":material/manage_accounts:"),
}
DEFAULT_PAGE = next(iter(PAGES))
# Each page's file, as AppTest.switch_page takes it (before a first run it finds the page by the file's name,
# which is the url path).
PAGE_FILES = {path: f"pages/{path}.py" for path in PAGES}
# The least role that may open a page, by url path; a page not named here is open to every account.
# The router checks it before it runs a page.
PAGE_ROLES = {
    # Every account sees its region's tasks; who may act on one is decided per task in data_access.tasks.
    "tasks": "viewer",
    "inspect": "editor",
    "data": "editor",
    "indicators": "admin",
    "accounts": "admin",
}


def page_role(page: str) -> str:
    """The least role that may open the page at url path ``page``."""
    return PAGE_ROLES.get(page, "viewer")


def page_target(path: str) -> st.Page:
    """The page at url path ``path`` as st.page_link and st.switch_page take it.

    Streamlit finds a page registered with a function by its url path alone, so this stand-in never runs;
    the router registered the page itself.
    """
    title, _ = PAGES[path]  # no icon: a link shows only its label
    return st.Page(_registered_by_the_router, title=title, url_path=path, default=path == DEFAULT_PAGE)


def _registered_by_the_router() -> None:
    """Never runs (see page_target)."""


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
    # A scoped account's own region and the regions above it are fixed: it offers nothing outside its scope.
    home = _lookup_region(scope.region_code) if scope.region_code else None
    fixed = _LEVELS[: _LEVELS.index(home.level) + 1] if home else ()
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
        choices: list[str] = [path[level]] if level in fixed else ["", *names]
        st.sidebar.selectbox(
            _LEVEL_TITLES[level],
            options=choices,
            format_func=_namer(names),
            key=key,
            on_change=_on_region_change,
            args=(level,),
            disabled=level in fixed,
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
        elif name in params and st.query_params.get_all(name) != [params[name]]:
            # Also a repeated parameter (?region=a&region=b): the URL keeps only the value shown.
            st.query_params[name] = params[name]


def period_name(scope: Scope, filters: Filters) -> str:
    """The chosen quarter as titles and downloads name it, with the region's own round by its own name where
    that is not a quarter's: 2024年第一季度（2024年第一次）."""
    if filters.period is None:
        return labels.NONE_TEXT
    quarter = period_label(filters.period)
    own = store.run(own_round_names, scope=scope, region=filters.region).get(filters.period)
    return labels.PERIOD_WITH_ROUND.format(quarter=quarter, round=own) if own else quarter


def sidebar_filters(scope: Scope, *, drill: bool = False) -> tuple[Filters, Region | None]:
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
    return _settled(filters, region, scope, messages, store.run(periods_with_data, scope=scope, region=filters.region))


def _settled(
    filters: Filters, region: Region | None, scope: Scope, messages: list[str], periods: list[str]
) -> tuple[Filters, Region | None]:
    """Say what was corrected, write the URL, and draw the quarter picker (``periods``) and the region pickers."""
    for message in messages:
        st.warning(plain(message))
    _write_url(filters)
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


def not_in_periods(
    page: str, filters: Filters, region: Region | None, periods: list[str], *, none: str, others: str
) -> bool:
    """False when ``filters``' quarter is one of ``periods`` (the page's own); else say so and link those that are.

    ``none`` is the message, with {region} and {period}; ``others`` the caption over the links.
    """
    assert filters.period is not None
    if filters.period in periods:
        return False
    name = region.name if region else labels.NATIONAL
    st.info(none.format(region=plain(name), period=period_label(filters.period)))
    if periods:
        st.caption(others)
        row = st.container(horizontal=True, gap="small")
        for period in periods:
            row.page_link(
                page_target(page), label=period_label(period), query_params=filters.with_period(period).query_params()
            )
    return True


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


# ---------------------------------------------------------------- the problem and rectification lists

KIND_PARAM = "kind"
CATEGORY_PARAM = "category"
PLATFORM_PARAM = "platform"
LEVEL_PARAM = "level"
HOST_UNIT_PARAM = "host_unit"  # not "unit": that one opens a unit on the drill-down
STATUS_PARAM = "status"
SEARCH_PARAM = "q"
# Each field of ProblemFilters and its URL parameter.
PROBLEM_PARAMS = {
    "kind": KIND_PARAM,
    "category": CATEGORY_PARAM,
    "platform": PLATFORM_PARAM,
    "level": LEVEL_PARAM,
    "unit": HOST_UNIT_PARAM,
    "status": STATUS_PARAM,
    "search": SEARCH_PARAM,
}
PROBLEM_CHOICES: dict[str, tuple[str, ...]] = {
    "kind": TARGET_KINDS,
    "category": CATEGORIES,
    "platform": PLATFORM_CODES,
    "level": REGION_LEVELS,
    "status": RECTIFICATION_STATUSES,
}
_LIST_RETURN = "_problem_list_return"  # session key: the list filters a target was opened from


@dataclass(frozen=True)
class ProblemFilters:
    """The problem and rectification lists' own filters, beside period and region; None keeps every value."""

    kind: str | None = None  # site | account | platform
    category: str | None = None  # a standard problem category
    platform: str | None = None  # a standard account platform
    level: str | None = None  # the region level of the target: province | city | county
    unit: int | None = None  # a host unit, by id
    status: str | None = None  # a rectification status
    search: str | None = None  # free text over names, codes, units and problem text

    def query_params(self) -> dict[str, str]:
        """The URL parameters that reproduce these filters."""
        params = {}
        for field, param in PROBLEM_PARAMS.items():
            value = getattr(self, field)
            if value is not None and value != "":
                params[param] = str(value)
        return params

    def query(self, scope: Scope, filters: Filters, as_of: dt.date, *leave_out: str) -> dict[str, Any]:
        """The arguments of a problem query: ``filters``' quarter and region on ``as_of``, and these list filters."""
        assert filters.period is not None
        return {
            "scope": scope,
            "period": filters.period,
            "region": filters.region,
            "as_of": as_of,
            **self.criteria(*leave_out),
        }

    def criteria(self, *leave_out: str) -> dict[str, str | int | None]:
        """Keyword filters for the data_access list queries, without the fields in ``leave_out``."""
        return {field: getattr(self, field) for field in PROBLEM_PARAMS if field not in leave_out}

    def replace(self, **changes: str | int | None) -> ProblemFilters:
        """The same filters with ``changes``."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def url(self, page: str, filters: Filters) -> str:
        """A link to ``page`` showing ``filters`` and these list filters."""
        query = urlencode({**filters.query_params(), **self.query_params()})
        return f"/{page}" + (f"?{query}" if query else "")


def resolve_problem_filters(
    raw: Mapping[str, str | None],
    *,
    region: Region | None,
    unit_place: Callable[[int], Region | None],
) -> tuple[ProblemFilters, list[str]]:
    """URL values (keyed by field) as valid list filters, with a Chinese message for each value dropped.

    ``unit_place`` gives a unit's region, None when there is no such unit in
    the scope; a unit must lie in ``region`` too.
    """
    messages: list[str] = []
    values: dict[str, str | int] = {}
    for field, choices in PROBLEM_CHOICES.items():
        text = (_cut(raw.get(field)) or "").strip()
        if not text:
            continue
        if text in choices:
            values[field] = text
        else:
            messages.append(labels.PROBLEMS_MSG_BAD_VALUE.format(name=labels.PROBLEMS_FILTER_NAMES[field], value=text))
    unit_text = (_cut(raw.get("unit")) or "").strip()
    if unit_text:
        unit_id = _drill_id(unit_text)
        place = unit_place(unit_id) if unit_id is not None else None
        if unit_id is None or place is None or (region is not None and not in_scope(place, Scope(region.code))):
            where = region.name if region else labels.NATIONAL
            messages.append(labels.PROBLEMS_MSG_UNIT_OUTSIDE.format(value=unit_text, region=where))
        else:
            values["unit"] = unit_id
    search = (raw.get("search") or "")[:MAX_PARAM_LENGTH].strip()
    if search:
        values["search"] = search
    return ProblemFilters(**values), messages  # type: ignore[arg-type]


def _unit_place(scope: Scope) -> Callable[[int], Region | None]:
    def lookup(unit_id: int) -> Region | None:
        unit = store.run(get_unit, scope=scope, unit_id=unit_id)
        return store.run(get_region, code=unit.region_code) if unit else None

    return lookup


def _write_problem_url(chosen: ProblemFilters) -> None:
    params = chosen.query_params()
    for param in PROBLEM_PARAMS.values():
        if param not in params and param in st.query_params:
            del st.query_params[param]
        elif param in params and st.query_params.get(param) != params[param]:
            st.query_params[param] = params[param]


def _problem_key(field: str) -> str:
    return f"problems_filter_{field}"


def _on_problem_change(field: str) -> None:
    value = str(st.session_state[_problem_key(field)] or "")
    if field == "search":
        value = value[:MAX_PARAM_LENGTH].strip()
    param = PROBLEM_PARAMS[field]
    if value:
        st.query_params[param] = value
    elif param in st.query_params:
        del st.query_params[param]


def _choice_box(field: str, chosen: ProblemFilters, title: str, names: Mapping[str, str]) -> None:
    key = _problem_key(field)
    value = getattr(chosen, field)
    st.session_state[key] = "" if value is None else str(value)
    st.sidebar.selectbox(
        title,
        options=["", *PROBLEM_CHOICES[field]],
        format_func=_namer(dict(names)),
        key=key,
        on_change=_on_problem_change,
        args=(field,),
    )


def _unit_box(scope: Scope, filters: Filters, chosen: ProblemFilters, as_of: dt.date) -> None:
    frame = store.run(unit_options, **chosen.query(scope, filters, as_of, "unit"))
    names = {
        str(unit_id): labels.PROBLEMS_UNIT_OPTION.format(name=name, region=region, count=count)
        for unit_id, name, region, count in zip(
            frame["unit_id"], frame["name"], frame["region_name"], frame["problems"], strict=True
        )
    }
    if chosen.unit is not None and str(chosen.unit) not in names:
        unit = store.run(get_unit, scope=scope, unit_id=chosen.unit)
        names[str(chosen.unit)] = unit.name if unit else str(chosen.unit)
    key = _problem_key("unit")
    st.session_state[key] = "" if chosen.unit is None else str(chosen.unit)
    st.sidebar.selectbox(
        labels.PROBLEMS_FILTER_UNIT,
        options=["", *names],
        format_func=_namer(names),
        key=key,
        on_change=_on_problem_change,
        args=("unit",),
    )
    if len(frame) >= UNIT_OPTION_CAP:
        st.sidebar.caption(labels.PROBLEMS_UNIT_CAPPED.format(cap=UNIT_OPTION_CAP))


def restore_list_filters() -> None:
    """Put back the list filters a target was opened from, when the browser's back button returns here.

    Streamlit's switch to the target page leaves a history entry of this page
    with the target's parameters only; the session remembers the rest. Call
    it before ``sidebar_filters``, which drops the target parameter.
    """
    remembered = st.session_state.pop(_LIST_RETURN, None)
    if not remembered or TARGET_PARAM not in st.query_params:
        return
    if any(param in st.query_params for param in PROBLEM_PARAMS.values()):
        return
    for param, value in remembered.items():
        st.query_params[param] = value


def problem_filters(scope: Scope, filters: Filters, region: Region | None, *, as_of: dt.date) -> ProblemFilters:
    """Read the list filters from the URL, say which values were dropped, rewrite the URL, render them in the sidebar.

    The kind is chosen on the page itself (``kind_switch``), with each kind's count.
    """
    raw = {field: st.query_params.get(param) for field, param in PROBLEM_PARAMS.items()}
    chosen, messages = resolve_problem_filters(raw, region=region, unit_place=_unit_place(scope))
    for message in messages:
        st.warning(plain(message))
    _write_problem_url(chosen)
    if filters.period is None:
        return chosen
    st.sidebar.divider()
    _choice_box("category", chosen, labels.PROBLEMS_FILTER_CATEGORY, labels.CATEGORY_LABELS)
    _choice_box("platform", chosen, labels.PROBLEMS_FILTER_PLATFORM, labels.PROBLEMS_PLATFORM_LABELS)
    _choice_box("level", chosen, labels.PROBLEMS_FILTER_LEVEL, labels.LEVEL_LABELS)
    _unit_box(scope, filters, chosen, as_of)
    _choice_box("status", chosen, labels.PROBLEMS_FILTER_STATUS, labels.RECT_STATUS_LABELS)
    key = _problem_key("search")
    st.session_state[key] = chosen.search or ""
    st.sidebar.text_input(
        labels.PROBLEMS_FILTER_SEARCH,
        key=key,
        max_chars=MAX_PARAM_LENGTH,
        help=labels.PROBLEMS_FILTER_SEARCH_HELP,
        on_change=_on_problem_change,
        args=("search",),
    )
    return chosen


def kind_switch(chosen: ProblemFilters, counts: Mapping[str, int], *, key: str) -> None:
    """The kind as a row of choices, each with its count ("政府网站（29）"); changing it rewrites the URL."""
    widget_key = f"{key}_kind"

    def name(kind: str) -> str:
        label = labels.KIND_LABELS[kind] if kind else labels.PROBLEMS_ALL_KINDS
        total = counts.get(kind, 0) if kind else sum(counts.values())
        return labels.PROBLEMS_KIND_OPTION.format(label=label, count=f"{total:,}")

    def changed() -> None:
        value = st.session_state[widget_key] or ""
        if value:
            st.query_params[KIND_PARAM] = value
        elif KIND_PARAM in st.query_params:
            del st.query_params[KIND_PARAM]

    st.session_state[widget_key] = chosen.kind or ""
    st.radio(
        labels.PROBLEMS_KIND,
        options=["", *TARGET_KINDS],
        format_func=name,
        key=widget_key,
        horizontal=True,
        on_change=changed,
        label_visibility="collapsed",
    )


def apply_problem_filters(chosen: ProblemFilters) -> None:
    """Show the list with ``chosen`` (a click on a chart): a new URL and a fresh run."""
    st.session_state[_DRILL_NONCE] = st.session_state.get(_DRILL_NONCE, 0) + 1
    _write_problem_url(chosen)
    st.rerun()


def open_target(filters: Filters, chosen: ProblemFilters | None = None) -> None:
    """Open the target page (the drill-down's bottom level) for ``filters.target``, as a new URL.

    ``chosen`` are the list filters to come back to with the browser's back button.
    """
    st.session_state[_DRILL_NONCE] = st.session_state.get(_DRILL_NONCE, 0) + 1
    st.session_state[_LIST_RETURN] = chosen.query_params() if chosen else {}
    st.switch_page(page_target("regions"), query_params=filters.query_params())


# ---------------------------------------------------------------- a unit's history (/content, /disclosure)

HISTORY_PARAM = "history"  # a unit id; not "unit", which opens the unit on the drill-down and moves the region


def history_unit() -> int | None:
    """The unit whose history the page shows under its tables, from the URL; None when absent or not an id."""
    return _drill_id(_cut(st.query_params.get(HISTORY_PARAM)))


def show_history(unit: int | None) -> None:
    """Open ``unit``'s history on the current page (None closes it): a new URL and a fresh run."""
    st.session_state[_DRILL_NONCE] = st.session_state.get(_DRILL_NONCE, 0) + 1
    if unit is not None:
        st.query_params[HISTORY_PARAM] = str(unit)
    elif HISTORY_PARAM in st.query_params:
        del st.query_params[HISTORY_PARAM]
    st.rerun()


def drop_history() -> None:
    """Take the history parameter out of the URL without a rerun (its unit is unknown or elsewhere)."""
    if HISTORY_PARAM in st.query_params:
        del st.query_params[HISTORY_PARAM]


def history_target(scope: Scope, region: Region | None, unknown_message: str) -> Unit | None:
    """The unit whose history the URL asks for, if it lies in the chosen region; an unknown one is dropped, said so."""
    unit_id = history_unit()
    if unit_id is None:
        return None
    unit = store.run(get_unit, scope=scope, unit_id=unit_id)
    if unit is None:
        st.warning(plain(unknown_message.format(value=unit_id)))
        drop_history()
        return None
    place = store.run(get_region, code=unit.region_code)
    if region is not None and (place is None or not in_scope(place, Scope(region.code))):
        drop_history()  # another region was chosen since: its history no longer belongs here
        return None
    return unit


def topic_filters(scope: Scope, topic_periods: Callable[[str | None], list[str]]) -> tuple[Filters, Region | None]:
    """The sidebar filters of a page about one topic beside the checks (/content, /disclosure).

    As sidebar_filters, but the quarters offered are those with check data
    or with the topic's own data (``topic_periods(region)``, newest first),
    and without a period in the URL the page opens on the topic's newest.
    """

    def periods(code: str | None) -> list[str]:
        checked = store.run(periods_with_data, scope=scope, region=code)
        return sorted({*checked, *topic_periods(code)}, reverse=True)

    raw_period = st.query_params.get(PERIOD_PARAM)
    filters, region, messages = resolve(
        raw_period, st.query_params.get(REGION_PARAM), scope=scope, lookup_region=_lookup_region, periods_for=periods
    )
    if not raw_period:
        newest = topic_periods(filters.region)
        if newest:
            filters = filters.with_period(newest[0])
    return _settled(filters, region, scope, messages, periods(filters.region))


# ---------------------------------------------------------------- rectification tasks (/tasks)

TASK_PARAM = "task"  # a task id: the task the page opens
DUE_PARAM = "due"  # the reminders' horizon in days
REMINDER_DAYS = (3, 7, 14, 30)
DEFAULT_REMINDER_DAYS = 7


def task_param() -> tuple[int | None, str | None]:
    """The task the URL opens: (its id, None), or (None, the value as given) when it is not an id; (None, None)."""
    raw = _cut(st.query_params.get(TASK_PARAM))
    if not raw:
        return None, None
    task = _drill_id(raw)
    return (task, None) if task is not None else (None, raw)


def open_task(task: int | None) -> None:
    """Open ``task`` on the task page (None: back to the lists): a new URL and a fresh run."""
    st.session_state[_DRILL_NONCE] = st.session_state.get(_DRILL_NONCE, 0) + 1
    drop_task()
    if task is not None:
        st.query_params[TASK_PARAM] = str(task)
    st.rerun()


def drop_task() -> None:
    """Take the task parameter out of the URL without a rerun (its task is unknown or out of reach)."""
    if TASK_PARAM in st.query_params:
        del st.query_params[TASK_PARAM]


def reminder_days() -> int:
    """The reminders' horizon from the URL, one of REMINDER_DAYS; a value that is not one is dropped, said so."""
    raw = (_cut(st.query_params.get(DUE_PARAM)) or "").strip()
    if raw.isdigit() and int(raw) in REMINDER_DAYS:
        return int(raw)
    if DUE_PARAM in st.query_params:
        if raw:
            st.warning(plain(labels.TASKS_MSG_BAD_DUE.format(value=raw, days=DEFAULT_REMINDER_DAYS)))
        del st.query_params[DUE_PARAM]
    return DEFAULT_REMINDER_DAYS


def reminder_picker(days: int) -> None:
    """The reminders' horizon as a row of choices; changing it rewrites the URL."""
    key = "tasks_reminder_days"

    def changed() -> None:
        chosen = int(st.session_state[key])
        if chosen == DEFAULT_REMINDER_DAYS:
            if DUE_PARAM in st.query_params:
                del st.query_params[DUE_PARAM]
        else:
            st.query_params[DUE_PARAM] = str(chosen)

    st.session_state[key] = days
    st.radio(
        labels.TASKS_REMINDER_DAYS,
        options=list(REMINDER_DAYS),
        format_func=lambda value: labels.TASKS_REMINDER_DAY_OPTION.format(days=value),
        key=key,
        horizontal=True,
        on_change=changed,
    )


# ---------------------------------------------------------------- the import page (/data)


def import_filters() -> Filters:
    """The period and region the URL suggests for an import (/data): any real quarter, any known region.

    Unlike the other pages, a quarter without data is fine (an import adds it).
    A value that is not a quarter or a region is dropped with a message, and
    the URL keeps only what was taken.
    """
    raw_period, raw_region = _cut(st.query_params.get(PERIOD_PARAM)), _cut(st.query_params.get(REGION_PARAM))
    period = region = None
    if raw_period:
        try:
            period = parse_period(raw_period).key
        except ValueError:
            st.warning(plain(labels.DATA_MSG_BAD_PERIOD.format(value=raw_period)))
    if raw_region:
        found = _lookup_region(raw_region.strip())
        if found is None:
            st.warning(plain(labels.DATA_MSG_BAD_REGION.format(value=raw_region)))
        else:
            region = found.code
    filters = Filters(period, region)
    _write_url(filters)
    return filters


# ---------------------------------------------------------------- recording a check (/inspect)

ROUND_PARAM = "round"  # a round id; the target is TARGET_PARAM


def inspect_choice() -> tuple[int | None, int | None]:
    """The round and target ids the URL names on /inspect (None for an absent or malformed value)."""
    return _drill_id(_cut(st.query_params.get(ROUND_PARAM))), _drill_id(_cut(st.query_params.get(TARGET_PARAM)))


def drop_malformed_inspect_choice() -> list[str]:
    """Drop a round or target value of /inspect's URL that is not an id at all; a Chinese message for each.

    (An id that names no round or target of the account is refused where the page looks it up.)
    """
    messages = []
    for param, message in ((ROUND_PARAM, labels.INSPECT_MSG_BAD_ROUND), (TARGET_PARAM, labels.INSPECT_MSG_BAD_TARGET)):
        raw = st.query_params.get(param)
        if raw is not None and _drill_id(raw) is None:
            messages.append(message.format(value=_cut(raw)))
            del st.query_params[param]
    return messages


def set_inspect_choice(round_id: int | None, target_id: int | None) -> None:
    """Make the URL name exactly this round and target (no rerun: call from a widget's callback or before one)."""
    for param, value in ((ROUND_PARAM, round_id), (TARGET_PARAM, target_id)):
        if value is None:
            if param in st.query_params:
                del st.query_params[param]
        elif st.query_params.get(param) != str(value):
            st.query_params[param] = str(value)
    for name in (PERIOD_PARAM, REGION_PARAM, UNIT_PARAM):
        if name in st.query_params:
            del st.query_params[name]


def open_inspect(round_id: int | None, target_id: int | None) -> None:
    """Show this round and target on /inspect: a new URL and a fresh run."""
    st.session_state[_DRILL_NONCE] = st.session_state.get(_DRILL_NONCE, 0) + 1
    set_inspect_choice(round_id, target_id)
    st.rerun()


# ---------------------------------------------------------------- score analysis (/scores)

SCORE_KIND_PARAM = "kind"  # site | account
INDICATOR_PARAM = "indicator"  # an indicator id: the checks that lost points on it
SCORE_KINDS = ("site", "account")


@dataclass(frozen=True)
class ScoreFilters:
    """/scores' own filters beside period and region: the kind scored and one indicator to list checks of."""

    kind: str = "site"
    indicator: int | None = None

    def query_params(self) -> dict[str, str]:
        params = {}
        if self.kind != "site":
            params[SCORE_KIND_PARAM] = self.kind
        if self.indicator is not None:
            params[INDICATOR_PARAM] = str(self.indicator)
        return params


def score_filters() -> tuple[ScoreFilters, list[str]]:
    """/scores' own filters from the URL, the URL rewritten to them, and a Chinese message per value dropped."""
    messages = []
    raw_kind = (_cut(st.query_params.get(SCORE_KIND_PARAM)) or "").strip()
    kind = raw_kind if raw_kind in SCORE_KINDS else "site"
    if raw_kind and raw_kind not in SCORE_KINDS:
        messages.append(labels.SCORES_MSG_BAD_KIND.format(value=raw_kind))
    raw_indicator = _cut(st.query_params.get(INDICATOR_PARAM))
    indicator = _drill_id(raw_indicator)
    if raw_indicator and indicator is None:
        messages.append(labels.SCORES_MSG_BAD_INDICATOR.format(value=raw_indicator))
    chosen = ScoreFilters(kind, indicator)
    _write_score_url(chosen)
    return chosen, messages


def _write_score_url(chosen: ScoreFilters) -> None:
    params = chosen.query_params()
    for param in (SCORE_KIND_PARAM, INDICATOR_PARAM):
        if param not in params and param in st.query_params:
            del st.query_params[param]
        elif param in params and st.query_params.get(param) != params[param]:
            st.query_params[param] = params[param]


def score_kind_switch(chosen: ScoreFilters) -> None:
    """The kind scored (网站 / 政务新媒体) as a row of choices; changing it rewrites the URL (no indicator kept)."""
    key = "scores_kind"

    def changed() -> None:
        _write_score_url(ScoreFilters(st.session_state[key]))

    st.session_state[key] = chosen.kind
    st.radio(
        labels.SCORES_KIND,
        SCORE_KINDS,
        format_func=labels.TARGET_KIND_SET_LABELS.__getitem__,
        key=key,
        horizontal=True,
        on_change=changed,
    )


def apply_score_filters(chosen: ScoreFilters) -> None:
    """Show /scores with ``chosen`` (a click on a bar, a kind switch): a new URL and a fresh run."""
    st.session_state[_DRILL_NONCE] = st.session_state.get(_DRILL_NONCE, 0) + 1
    _write_score_url(chosen)
    st.rerun()
