"""The drill-down: country → province → city → county → unit → one site or account."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, labels, maps, store
from dashboard.downloads import PageDownloads
from dashboard.export import Table
from dashboard.filters import Filters, drill_to, page_target, selection_key
from dashboard.formatting import computed_percent, percent, plain
from dashboard.tables import given, table_height
from data_access.breakdown import (
    COMPUTED_SOURCE,
    PERCENT_PARTS,
    RATE_PARTS,
    TABLE_KINDS,
    TOTAL_SOURCE,
    children_rows,
    deeper_reported_regions,
    registry_by_child,
    reported_children,
)
from data_access.checks import computed_by_subregion
from data_access.periods import period_label, round_name
from data_access.regions import Region, get_region, region_names
from data_access.scope import Scope
from data_access.targets import FAILING_ROW_CAP, Target, count_failing, failing_targets, target_history
from data_access.units import Unit, departments_across_regions, region_units, unit_history, unit_targets

PAGE = "regions"
CODE = "code"  # the hidden key column of the children table
SOURCE = "source"  # the hidden source column: the round a row's figures come from, or COMPUTED_SOURCE
PERCENT_FORMAT = "%.2f%%"
REPORTED_PERCENT_FORMAT = "%g%%"  # the digits the notice printed: 99.60 shows as 99.6%
COUNT_FORMAT = "%,d"  # 14,000: thousands separated, as everywhere else
HIDDEN = (CODE, SOURCE)


def column_name(kind: str, part: str) -> str:
    """The children table's header for one kind and measure, e.g. 网站抽查数, 网站合格率（计算值）."""
    return labels.KIND_SHORT[kind] + labels.PART_LABELS[part]


def context(filters: Filters, trail: Sequence[str]) -> list[tuple[str, str]]:
    period = period_label(filters.period) if filters.period else labels.NONE_TEXT
    return [(labels.FILTER_PERIOD, period), (labels.REGION_NAME, " / ".join(trail))]


# ---------------------------------------------------------------- breadcrumb


def _trail(region: Region | None) -> list[tuple[str | None, str]]:
    """(code, name) from the country down to ``region``."""
    trail: list[tuple[str | None, str]] = [(None, labels.NATIONAL)]
    if region is None:
        return trail
    codes = [code for code in (region.province_code, region.city_code) if code and code != region.code]
    names = store.run(region_names, codes=tuple(codes)) if codes else {}
    trail += [(code, names.get(code, code)) for code in codes]
    trail.append((region.code, region.name))
    return trail


def breadcrumb(
    scope: Scope, filters: Filters, region: Region | None, tail: Sequence[tuple[Filters, str]] = ()
) -> list[str]:
    """A row of links from the top of ``scope`` (the country, or the account's region) down to the current level;
    returns the names shown."""
    trail = _trail(region)
    codes = [code for code, _ in trail]
    if scope.region_code in codes:  # nothing above the account's own region: it may not open it
        trail = trail[codes.index(scope.region_code) :]
    steps = [(filters.with_region(code), name) for code, name in trail] + list(tail)
    row = st.container(horizontal=True, gap="small", vertical_alignment="center")
    for index, (target, name) in enumerate(steps):
        if index == len(steps) - 1:
            row.markdown(f"**{plain(name)}**", width="content")
        else:
            row.page_link(
                page_target(PAGE), label=plain(name), query_params=target.query_params(), help=labels.BREADCRUMB_HELP
            )
            row.markdown("›", width="content")
    return [name for _, name in steps]


# ---------------------------------------------------------------- children table


def children_table(
    reported: pd.DataFrame,
    computed: pd.DataFrame,
    registry: pd.DataFrame,
    names: dict[str, str],
    region: Region | None,
) -> pd.DataFrame:
    """breakdown.children_rows as the page shows it: Chinese headers and names, worst pass rate first, then 合计.

    Every row says where its figures come from (数据口径), naming the notice when the
    table holds more than one source; a rate the notice did not print sits in the
    合格率（计算值） column.
    """
    rows = children_rows(reported, computed, registry, region)
    if rows.empty:
        return pd.DataFrame()
    body = rows[rows["source"] != TOTAL_SOURCE]
    several = body["source"].nunique() > 1
    own_label = labels.OWN_ROW.get(region.level, "") if region else ""

    def name(row: pd.Series) -> str:
        if row["source"] == TOTAL_SOURCE:
            origin = row["origin"] if isinstance(row["origin"], str) else labels.TOTAL_COMPUTED_ORIGIN
            return labels.TOTAL_ROW_OF.format(origin=origin) if several else labels.TOTAL_ROW
        return own_label if row["own"] else names.get(str(row["code"]), str(row["code"]))

    def source(row: pd.Series) -> str:
        if row["source"] == TOTAL_SOURCE:
            return labels.SOURCE_TOTAL
        if row["source"] == COMPUTED_SOURCE:
            return labels.SOURCE_COMPUTED
        return labels.SOURCE_REPORTED_NAMED.format(origin=row["origin"]) if several else labels.SOURCE_REPORTED

    measures = [column for column in rows.columns if ":" in str(column)]
    table = pd.DataFrame(
        {
            CODE: rows["code"],
            labels.REGION_NAME: rows.apply(name, axis=1),
            **{column_name(*str(column).split(":")): rows[column] for column in measures},
            labels.DATA_SOURCE_COLUMN: rows.apply(source, axis=1),
            SOURCE: rows["source"],
        }
    )
    totals = table[table[SOURCE] == TOTAL_SOURCE]
    return pd.concat([_sort_worst_first(table[table[SOURCE] != TOTAL_SOURCE]), totals], ignore_index=True)


def rate_columns(table: pd.DataFrame, kind: str) -> list[str]:
    """The pass-rate columns of ``kind`` in ``table``: the printed one first, then the computed one."""
    return [column_name(kind, part) for part in RATE_PARTS if column_name(kind, part) in table]


def row_rate(table: pd.DataFrame, kind: str) -> pd.Series:
    """Each row's pass rate of ``kind``: the printed one, else the computed one (NaN for neither)."""
    rate = pd.Series(float("nan"), index=table.index)
    for column in reversed(rate_columns(table, kind)):
        values = pd.to_numeric(table[column], errors="coerce")
        rate = values.where(values.notna(), rate)
    return rate


def _sort_worst_first(table: pd.DataFrame) -> pd.DataFrame:
    keys = {f"_rate_{kind}": row_rate(table, kind) for kind in TABLE_KINDS if rate_columns(table, kind)}
    if not keys:
        return table.reset_index(drop=True)
    ordered = table.assign(**keys).sort_values([*keys, CODE], na_position="last", kind="stable")
    return ordered.drop(columns=list(keys)).reset_index(drop=True)


def sources_apart(table: pd.DataFrame) -> bool:
    """True when the table's rows come from more than one source (and so have a 合计 per source)."""
    return len(set(table[SOURCE]) - {TOTAL_SOURCE}) > 1 if SOURCE in table else False


def _is_percent(column: str) -> bool:
    return any(column == column_name(k, p) for k in TABLE_KINDS for p in PERCENT_PARTS)


def _is_computed_rate(column: str) -> bool:
    return any(column == column_name(k, "computed_pass_rate") for k in TABLE_KINDS)


def children_column_config(table: pd.DataFrame) -> dict[str, Any]:
    """Numbers stay numbers (so sorting sorts), shown as counts or percents; the hidden columns hidden.

    A printed percentage shows the notice's digits (99.6%), a computed one two decimals (99.60%).
    """
    config: dict[str, Any] = {column: None for column in HIDDEN}
    for column in table.columns:
        if column in (*HIDDEN, labels.REGION_NAME, labels.DATA_SOURCE_COLUMN):
            continue
        if _is_percent(column):
            number_format = PERCENT_FORMAT if _is_computed_rate(column) else REPORTED_PERCENT_FORMAT
            help_ = labels.COMPUTED_COLUMN_HELP if _is_computed_rate(column) else None
        else:
            number_format, help_ = COUNT_FORMAT, None
        config[column] = st.column_config.NumberColumn(column, format=number_format, help=help_)
    config[labels.DATA_SOURCE_COLUMN] = st.column_config.TextColumn(labels.DATA_SOURCE_COLUMN, help=labels.SOURCE_HELP)
    return config


def _percent_columns(table: pd.DataFrame) -> tuple[str, ...]:
    return tuple(column for column in table.columns if _is_percent(column))


def _drill_region(filters: Filters, region: Region | None, code: str) -> None:
    if code and code != (region.code if region else None):
        drill_to(filters.with_region(code))


def children_frame(scope: Scope, filters: Filters, region: Region | None) -> pd.DataFrame:
    """The children table of ``region`` in ``filters.period`` (see children_table); empty for a county."""
    assert filters.period is not None
    if region is not None and region.level == "county":
        return pd.DataFrame()
    reported = store.run(reported_children, scope=scope, period=filters.period, region=filters.region)
    computed = store.run(computed_by_subregion, scope=scope, period=filters.period, region=region)
    registry = (
        store.run(registry_by_child, scope=scope, region=region)
        if not computed.empty
        else pd.DataFrame(columns=["region_code", "target_kind", "part", "running"])
    )
    codes = tuple(sorted(set(reported["region_code"]) | set(computed["region_code"])))
    names = store.run(region_names, codes=codes) if codes else {}
    return children_table(reported, computed, registry, names, region)


def children_export(title: str, table: pd.DataFrame) -> Table:
    """The children table as a download: the hidden columns dropped, rates as percent cells."""
    export = table.drop(columns=[column for column in HIDDEN if column in table])
    computed = tuple(column for column in export.columns if _is_computed_rate(column))
    return Table(title, export, percent_columns=_percent_columns(export), computed_columns=computed)


def deeper_links(scope: Scope, filters: Filters, page: str) -> None:
    """Links to regions further down that have their own figures this period, which the table cannot hold."""
    assert filters.period is not None
    deeper = store.run(deeper_reported_regions, scope=scope, period=filters.period, region=filters.region)
    if deeper.empty:
        return
    st.caption(labels.DEEPER_FIGURES)
    row = st.container(horizontal=True, gap="small")
    for code, name in zip(deeper["code"], deeper["name"], strict=True):
        row.page_link(page_target(page), label=plain(name), query_params=filters.with_region(code).query_params())


def body_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The children table without its 合计 rows."""
    return table[table[SOURCE] != TOTAL_SOURCE]


def children(scope: Scope, filters: Filters, region: Region | None, downloads: PageDownloads) -> None:
    """The children of ``region`` in one table, a bar chart and a map; each drills down on click."""
    assert filters.period is not None
    if region is not None and region.level == "county":
        return
    table = children_frame(scope, filters, region)
    st.subheader(labels.CHILDREN)
    if table.empty:
        name = region.name if region else labels.NATIONAL
        st.info(labels.CHILDREN_NONE.format(region=plain(name), period=period_label(filters.period)))
    else:
        st.caption(labels.CHILDREN_HELP)
        if sources_apart(table):
            st.caption(labels.CHILDREN_SOURCES_APART)
        event = st.dataframe(
            table,
            hide_index=True,
            placeholder=labels.NONE_TEXT,
            width="stretch",
            height=table_height(len(table)),
            column_config=children_column_config(table),
            on_select="rerun",
            selection_mode="single-row",
            key=selection_key("regions_children"),
        )
        picked = event.selection.rows if event is not None else []
        if picked:
            _drill_region(filters, region, str(table.iloc[picked[0]][CODE]))
        downloads.table(children_export(labels.CHILDREN, table), key="regions_children_download")
        _children_chart(filters, region, body_rows(table))
        _children_map(filters, region, body_rows(table))
    deeper_links(scope, filters, PAGE)


def rates_long(table: pd.DataFrame) -> pd.DataFrame:
    """Every pass rate of the table's rows, marked printed or computed.

    Columns: code, name (the row's name), kind, kind_label, value (percent
    points), source_label (labels.REPORTED or labels.COMPUTED), shown (the rate
    as the table shows it: the notice's digits, or two decimals and 计算值).
    """
    frames = []
    for kind in TABLE_KINDS:
        for part in RATE_PARTS:
            column = column_name(kind, part)
            if column not in table:
                continue
            rows = table[[CODE, labels.REGION_NAME, column]].dropna()
            computed = part == "computed_pass_rate"
            frames.append(
                pd.DataFrame(
                    {
                        "code": rows[CODE],
                        "name": rows[labels.REGION_NAME],
                        "kind": kind,
                        "kind_label": labels.KIND_LABELS[kind],
                        "value": rows[column].astype(float),
                        "source_label": labels.COMPUTED if computed else labels.REPORTED,
                        "shown": [
                            labels.COMPUTED_LABEL.format(label=computed_percent(v)) if computed else percent(v)
                            for v in rows[column]
                        ],
                    }
                )
            )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


@st.cache_resource(max_entries=maps.FIGURE_CACHE_ENTRIES, ttl=maps.FIGURE_CACHE_TTL_SECONDS, show_spinner=False)
def _children_bars(rates: pd.DataFrame) -> Any:
    """The children's pass-rate bars, built once per set of rates and shared (st.plotly_chart copies a figure)."""
    return charts.region_pass_rates(rates)


def _children_chart(filters: Filters, region: Region | None, table: pd.DataFrame) -> None:
    rates = rates_long(table)
    if rates.empty:
        return
    figure = _children_bars(rates)
    code = charts.clicked_code(charts.draw(figure, key=selection_key("regions_children_chart"), clickable=True))
    if code:
        _drill_region(filters, region, code)


def map_frame(table: pd.DataFrame, kind: str) -> tuple[pd.DataFrame, str]:
    """The map's values for one kind (code, name, value, shown) and its colour bar's title.

    A region's printed rate where the notice has one, else its computed rate, marked 计算值 in the
    hover text; the title says 计算值 when every rate is computed.
    """
    rates = rates_long(table)
    rates = rates[rates["kind"] == kind].drop_duplicates("code")  # printed rates come first
    sources = set(rates["source_label"])
    if sources == {labels.COMPUTED}:
        title = labels.MAP_VALUE_COMPUTED
    elif sources == {labels.REPORTED}:
        title = labels.MAP_VALUE
    else:
        title = labels.MAP_VALUE_MIXED
    return rates[["code", "name", "value", "shown"]].reset_index(drop=True), title


def _children_map(filters: Filters, region: Region | None, table: pd.DataFrame) -> None:
    parent = region.code if region else None
    geojson = maps.geometry(parent)
    if geojson is None:
        return
    kind = next((k for k in TABLE_KINDS if row_rate(table, k).notna().any()), None) if len(table) else None
    if kind is None:
        return
    shown, title = map_frame(table, kind)
    known = {feature["properties"]["code"] for feature in geojson["features"]}
    shown = shown[shown["code"].isin(known)]
    if shown.empty:
        return
    figure = maps.region_map(shown.reset_index(drop=True), parent, value_label=title)
    if figure is None:
        return
    st.markdown(f"**{labels.CHILDREN_MAP.format(kind=labels.KIND_LABELS[kind])}**")
    code = charts.clicked_code(charts.draw(figure, key=selection_key("regions_children_map"), clickable=True))
    if code:
        _drill_region(filters, region, code)


# ---------------------------------------------------------------- units and failing targets


def units(scope: Scope, filters: Filters, region: Region | None, downloads: PageDownloads) -> None:
    """The host units registered in exactly this region; a row opens the unit."""
    assert filters.period is not None
    if region is None:
        return
    frame = store.run(region_units, scope=scope, period=filters.period, region=region.code)
    st.subheader(labels.UNITS)
    if frame.empty:
        st.caption(labels.UNITS_NONE)
        return
    st.caption(labels.UNITS_HELP)
    shown = frame.assign(dept_type=frame["dept_type"].map(labels.DEPT_TYPE_LABELS).fillna(labels.NONE_TEXT))
    shown = shown[["unit_id", *labels.UNIT_COLUMNS]].rename(columns=labels.UNIT_COLUMNS)
    event = st.dataframe(
        shown,
        hide_index=True,
        placeholder=labels.NONE_TEXT,
        width="stretch",
        height=table_height(len(shown)),
        column_config={"unit_id": None},
        on_select="rerun",
        selection_mode="single-row",
        key=selection_key("regions_units"),
    )
    picked = event.selection.rows if event is not None else []
    if picked:
        drill_to(filters.with_unit(int(shown.iloc[picked[0]]["unit_id"]), region.code))
    downloads.table(Table(labels.UNITS, shown.drop(columns=["unit_id"])), key="regions_units_download")


def _target_rows(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    shown = frame.assign(kind=frame["kind"].map(labels.KIND_LABELS))
    present = [column for column in columns if column in shown]
    texts = {column: shown[column].fillna("") for column in present if column not in ("seq",)}
    shown = shown.assign(**texts)
    if "seq" in shown:
        shown["seq"] = [str(int(value)) if pd.notna(value) else "" for value in shown["seq"]]
    return shown[["target_id", "region_code", *present]].rename(columns=columns)


def _target_table(filters: Filters, frame: pd.DataFrame, key: str) -> None:
    """A clickable table of targets: a row opens that target's history."""
    code_column = labels.TARGET_COLUMNS["code"]
    event = st.dataframe(
        frame,
        hide_index=True,
        placeholder=labels.NONE_TEXT,
        width="stretch",
        height=table_height(len(frame)),
        column_config={
            "target_id": None,
            "region_code": None,
            code_column: st.column_config.TextColumn(code_column, pinned=True),
        },
        on_select="rerun",
        selection_mode="single-row",
        key=selection_key(key),
    )
    picked = event.selection.rows if event is not None else []
    if picked:
        row = frame.iloc[picked[0]]
        drill_to(filters.with_target(int(row["target_id"]), str(row["region_code"])))


def _export_targets(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["target_id", "region_code"])


def failing(scope: Scope, filters: Filters, downloads: PageDownloads) -> None:
    """This period's failing sites, accounts and platforms under the region, capped in SQL."""
    assert filters.period is not None
    frame = store.run(failing_targets, scope=scope, period=filters.period, region=filters.region)
    st.subheader(labels.FAILING)
    if frame.empty:
        st.caption(labels.FAILING_NONE)
        return
    if len(frame) >= FAILING_ROW_CAP:
        total = store.run(count_failing, scope=scope, period=filters.period, region=filters.region)
        st.caption(labels.FAILING_CAPPED.format(total=f"{total:,}", cap=FAILING_ROW_CAP))
    st.caption(labels.FAILING_HELP)
    shown = _target_rows(frame, labels.TARGET_COLUMNS)
    _target_table(filters, shown, "regions_failing")
    code_column = labels.TARGET_COLUMNS["code"]
    downloads.table(
        Table(labels.FAILING, _export_targets(shown), text_columns=(code_column,)),
        key="regions_failing_download",
    )


# ---------------------------------------------------------------- one unit


def unit_view(scope: Scope, filters: Filters, region: Region, unit: Unit, downloads: PageDownloads) -> None:
    """One host unit: its sites and accounts with this period's result, and its history."""
    assert filters.period is not None
    st.title(labels.UNIT_TITLE.format(name=unit.name, region=region.name))
    if unit.dept_type:
        st.caption(labels.DEPT_TYPE_LABELS.get(unit.dept_type, unit.dept_type))
    frame = store.run(unit_targets, scope=scope, unit_id=unit.id, period=filters.period)
    st.subheader(labels.UNIT_TARGETS)
    if not frame.empty:
        result = [
            labels.UNIT_RESULT["unchecked"] if not checked else labels.UNIT_RESULT["passed" if ok else "failed"]
            for checked, ok in zip(frame["checked"], frame["passed"], strict=True)
        ]
        shown = _target_rows(
            frame.assign(result=result), {**labels.TARGET_COLUMNS, "result": labels.UNIT_RESULT_COLUMN}
        )
        _target_table(filters, shown, "regions_unit_targets")
        downloads.table(
            Table(labels.UNIT_TARGETS, _export_targets(shown), text_columns=(labels.TARGET_COLUMNS["code"],)),
            key="regions_unit_targets_download",
        )
    history = store.run(unit_history, scope=scope, unit_id=unit.id)
    if not history.empty:
        st.subheader(labels.UNIT_HISTORY)
        shown = history.assign(
            period=[round_name(p, name) for p, name in zip(history["period"], history["round_label"], strict=True)],
            target_kind=history["target_kind"].map(labels.KIND_LABELS),
        )[list(labels.UNIT_HISTORY_COLUMNS)].rename(columns=labels.UNIT_HISTORY_COLUMNS)
        st.dataframe(
            shown, hide_index=True, width="stretch", height=table_height(len(shown)), key="regions_unit_history"
        )
        downloads.table(Table(labels.UNIT_HISTORY, shown), key="regions_unit_history_download")
    _same_department_elsewhere(scope, filters, region, unit, downloads)


def _same_department_elsewhere(
    scope: Scope, filters: Filters, region: Region, unit: Unit, downloads: PageDownloads
) -> None:
    """The same kind of department across the unit's sibling regions, so a department can be compared."""
    assert filters.period is not None
    if not unit.dept_type or unit.dept_type == "other":
        return
    parent = store.run(get_region, code=region.parent_code) if region.parent_code else None
    frame = store.run(
        departments_across_regions, scope=scope, period=filters.period, region=parent, dept_type=unit.dept_type
    )
    if len(frame) < 2:
        return
    names = store.run(region_names, codes=tuple(frame["region_code"]))
    own = labels.OWN_ROW.get(parent.level, "") if parent else ""
    rate = [
        round(100 * (checked - failed) / checked, 2) if checked else None
        for checked, failed in zip(frame["checked"], frame["failed"], strict=True)
    ]
    shown = pd.DataFrame(
        {
            labels.REGION_NAME: [
                own if parent and code == parent.code else names.get(code, code) for code in frame["region_code"]
            ],
            labels.SAME_DEPT_COLUMNS["units"]: frame["units"],
            labels.SAME_DEPT_COLUMNS["checked"]: frame["checked"],
            labels.SAME_DEPT_COLUMNS["failed"]: frame["failed"],
            labels.SAME_DEPT_COLUMNS["pass_rate"]: rate,
        }
    ).sort_values(labels.SAME_DEPT_COLUMNS["pass_rate"], na_position="last", kind="stable")
    dept = labels.DEPT_TYPE_LABELS.get(unit.dept_type, unit.dept_type)
    st.subheader(labels.SAME_DEPT.format(dept=dept, region=parent.name if parent else labels.NATIONAL))
    st.caption(labels.SAME_DEPT_HELP)
    rate_column = labels.SAME_DEPT_COLUMNS["pass_rate"]
    st.dataframe(
        shown,
        hide_index=True,
        placeholder=labels.NONE_TEXT,
        width="stretch",
        height=table_height(len(shown)),
        key="regions_same_department",
        column_config={rate_column: st.column_config.NumberColumn(rate_column, format=PERCENT_FORMAT)},
    )
    downloads.table(
        Table(labels.SAME_DEPT_TABLE, shown, percent_columns=(rate_column,), computed_columns=(rate_column,)),
        key="regions_same_department_download",
    )


# ---------------------------------------------------------------- one target


def target_view(scope: Scope, target: Target, downloads: PageDownloads) -> None:
    """One site, account or platform: who it is, and every check of it with its notice."""
    st.title(target.name)
    identity = {
        "kind": labels.KIND_LABELS.get(target.kind, target.kind),
        "code": target.code,
        "url": target.url,
        "platform_label": target.platform_label,
        "unit_name": target.unit_name,
        "region_name": target.region_name,
        "status": labels.TARGET_STATUS.get(target.status, target.status),
    }
    facts = [(labels.TARGET_IDENTITY[key], value) for key, value in identity.items() if value]
    for column, (label, value) in zip(st.columns(min(len(facts), 4)) * 2, facts, strict=False):
        column.text(f"{label}：{value}")
    history = store.run(target_history, scope=scope, target_id=target.id)
    st.subheader(labels.TARGET_HISTORY)
    if history.empty:
        st.caption(labels.TARGET_HISTORY_NONE)
        return
    shown = history_table(history)
    st.dataframe(
        shown,
        hide_index=True,
        placeholder=labels.NONE_TEXT,
        width="stretch",
        height=table_height(len(shown)),
        key="regions_target_history",
    )
    downloads.table(Table(labels.TARGET_HISTORY, shown), key="regions_target_history_download")


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """The target's checks as the page shows them: Chinese labels, the notice named, categories beside the text."""

    def notice(row: pd.Series) -> str:
        parts = [str(row["round_title"]) if given(row["round_title"]) else str(row["round_key"])]
        if given(row["notice_number"]):
            parts.append(str(row["notice_number"]))
        return " ".join(parts)

    def result(row: pd.Series) -> str:
        if given(row["score_band"]):
            return f"{labels.RESULT_PASSED}（{row['score_band']}）"
        return labels.RESULT_PASSED if row["passed"] else labels.RESULT_FAILED

    def categories(text: object) -> str:
        if not given(text):
            return ""
        return "、".join(labels.CATEGORY_LABELS.get(code, code) for code in str(text).split(","))

    shown = pd.DataFrame(
        {
            "period": [round_name(p, n) for p, n in zip(history["period"], history["round_label"], strict=True)],
            "notice": history.apply(notice, axis=1),
            "list_label": history["list_label"].fillna(""),
            "seq": [str(int(value)) if pd.notna(value) else "" for value in history["seq"]],
            "result": history.apply(result, axis=1),
            "problem_text": history["problem_text"].fillna(""),
            "categories": history["categories"].map(categories),
            "host_unit_text": history["host_unit_text"].fillna(""),
            "rectification": history["rectification_text"].fillna(""),
            "recheck_period": [
                round_name(p, name) if given(p) else ""
                for p, name in zip(history["recheck_period"], history["recheck_label"], strict=True)
            ],
        }
    )
    return shown[list(labels.TARGET_HISTORY_COLUMNS)].rename(columns=labels.TARGET_HISTORY_COLUMNS)
