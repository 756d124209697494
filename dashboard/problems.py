"""The problem list (/problems): every failing site, account and platform, counted, charted, paged and downloadable."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from typing import Any

import pandas as pd
import streamlit as st
from st_aggrid import AgGrid, GridOptionsBuilder, JsCode

from dashboard import charts, labels, store
from dashboard.downloads import PageDownloads
from dashboard.export import Table
from dashboard.filters import (
    Filters,
    ProblemFilters,
    apply_problem_filters,
    drill_to,
    kind_switch,
    open_target,
    period_name,
    selection_key,
)
from dashboard.tables import given
from data_access.clock import beijing_today
from data_access.periods import period_label
from data_access.problem_lists import (
    EXPORT_ROW_CAP,
    PAGE_SIZE,
    count_problems,
    problem_rows,
    problems_by_kind,
    problems_per_category,
    problems_per_subregion,
)
from data_access.regions import Region, region_names
from data_access.schema import TARGET_KINDS
from data_access.scope import Scope
from data_access.units import get_unit

# Columns of the list per kind (the notices' own column order), "" for all kinds together.
LIST_COLUMNS = {
    "": ("kind", "code", "name", "url", "platform_label", "host_unit_text", "region_name"),
    "site": ("code", "name", "url", "host_unit_text", "region_name"),
    "account": ("code", "platform_label", "name", "host_unit_text", "region_name"),
    "platform": ("host_unit_text", "name", "region_name"),
}
DETAIL_COLUMNS = ("problem_text", "categories", "status", "list_label", "seq")
HIDDEN = ("target_id", "region_code")  # in the grid's data for a click, never shown or downloaded
PINNED = ("code", "name")
WIDE_TEXT = ("problem_text", "list_label")
MAX_WIDTH, MIN_WIDTH, WIDE_WIDTH = 320, 72, 340
GRID_MAX_HEIGHT = 620

# The URL column as a link, built with textContent and an http(s) href only, so no cell can inject markup.
LINK_RENDERER = JsCode(
    """
    class UrlCellRenderer {
      init(params) {
        const value = params.value == null ? "" : String(params.value);
        this.eGui = document.createElement("a");
        this.eGui.textContent = value;
        if (value) {
          const lower = value.toLowerCase();
          const web = lower.startsWith("http:") || lower.startsWith("https:");
          this.eGui.href = web ? value : "http:" + "/" + "/" + value;
          this.eGui.target = "_blank";
          this.eGui.rel = "noopener noreferrer";
          this.eGui.addEventListener("click", (event) => event.stopPropagation());
        }
      }
      getGui() { return this.eGui; }
      refresh() { return false; }
    }
    """
)


def as_of() -> dt.date:
    """Today in Beijing: the day statuses such as 逾期 are decided on."""
    return beijing_today()


def _text(values: pd.Series) -> pd.Series:
    """Text cells as the page shows them: a missing value (None or pandas' NaN) is an empty cell."""
    return values.map(lambda value: "" if value is None or (isinstance(value, float) and pd.isna(value)) else value)


def category_names(codes: object) -> str:
    """'serious_error,columns_not_updated' -> '严重表述错误、栏目不更新'."""
    if codes is None or (isinstance(codes, float) and pd.isna(codes)) or not codes:
        return ""
    return "、".join(labels.CATEGORY_LABELS.get(code, code) for code in str(codes).split(","))


def column_title(column: str, kind: str) -> str:
    """A list column's Chinese header; the code column is named after the kind shown."""
    if column == "code":
        return labels.PROBLEMS_CODE_COLUMNS.get(kind, labels.PROBLEMS_COLUMNS["code"])
    if column == "name" and kind == "platform":
        return labels.PROBLEMS_PLATFORM_NAME
    return labels.PROBLEMS_COLUMNS[column]


def list_frame(rows: pd.DataFrame, kind: str | None) -> pd.DataFrame:
    """The problem rows as the list shows them: Chinese headers, labels for codes, the hidden click columns first."""
    key = kind or ""
    values = {
        "kind": rows["kind"].map(labels.KIND_LABELS),
        "categories": rows["categories"].map(category_names),
        "status": rows["status"].map(labels.RECT_STATUS_LABELS),
    }
    shown = pd.DataFrame({column: rows[column] for column in HIDDEN})
    for column in (*LIST_COLUMNS[key], *DETAIL_COLUMNS):
        data = values.get(column, rows[column])
        shown[column_title(column, key)] = data if column == "seq" else _text(data).astype(str)
    return shown


def export_table(title: str, frame: pd.DataFrame, kind: str | None) -> Table:
    """A list as a download: the click columns dropped, codes kept as text."""
    export = frame.drop(columns=[column for column in HIDDEN if column in frame])
    code = column_title("code", kind or "")
    return Table(title, export, text_columns=(code,) if code in export else ())


def context(scope: Scope, filters: Filters, region: Region | None, chosen: ProblemFilters) -> list[tuple[str, str]]:
    """The filters a download was made with, in Chinese, for its information sheet and file name."""
    period = period_label(filters.period) if filters.period else labels.NONE_TEXT
    rows = [(labels.FILTER_PERIOD, period), (labels.REGION_NAME, region.name if region else labels.NATIONAL)]
    names = {
        "kind": labels.KIND_LABELS,
        "category": labels.CATEGORY_LABELS,
        "platform": labels.PROBLEMS_PLATFORM_LABELS,
        "level": labels.LEVEL_LABELS,
        "status": labels.RECT_STATUS_LABELS,
    }
    for field, mapping in names.items():
        value = getattr(chosen, field)
        if value:
            rows.append((labels.PROBLEMS_FILTER_NAMES[field], mapping.get(value, value)))
    if chosen.unit is not None:
        unit = store.run(get_unit, scope=scope, unit_id=chosen.unit)
        rows.append((labels.PROBLEMS_FILTER_UNIT, unit.name if unit else str(chosen.unit)))
    if chosen.search:
        rows.append((labels.PROBLEMS_FILTER_SEARCH, chosen.search))
    return rows


# ---------------------------------------------------------------- counts up front


def kind_counts(scope: Scope, filters: Filters, chosen: ProblemFilters, today: dt.date) -> dict[str, int]:
    """Problems per kind with every other filter applied."""
    frame = store.run(problems_by_kind, **chosen.query(scope, filters, today, "kind"))
    return {str(kind): int(n) for kind, n in zip(frame["target_kind"], frame["problems"], strict=True)}


def headline(counts: dict[str, int], chosen: ProblemFilters, *, key: str) -> None:
    """Each kind's count as a metric, then the kind switch."""
    for column, kind in zip(st.columns(len(TARGET_KINDS)), TARGET_KINDS, strict=True):
        column.metric(
            labels.PROBLEMS_COUNT_LABEL.format(kind=labels.KIND_SHORT[kind]),
            f"{counts.get(kind, 0):,}",
            help=labels.PROBLEMS_COUNT_HELP,
        )
    kind_switch(chosen, counts, key=key)


# ---------------------------------------------------------------- charts


def category_chart(scope: Scope, filters: Filters, chosen: ProblemFilters, today: dt.date) -> None:
    """Problems per standard category, stacked by kind; a click on a bar filters the list by that category."""
    frame = store.run(problems_per_category, **chosen.query(scope, filters, today, "category"))
    if frame.empty:
        return
    frame = frame.rename(columns={"target_kind": "kind"})
    frame["category_label"] = frame["category"].map(labels.CATEGORY_LABELS)
    st.markdown(f"**{labels.PROBLEMS_CATEGORY_CHART}**")
    st.caption(labels.PROBLEMS_CATEGORY_HELP)
    figure = charts.problem_category_bars(frame)
    code = charts.clicked_code(charts.draw(figure, key=selection_key("problems_category_chart"), clickable=True))
    if code in labels.CATEGORY_LABELS and code != chosen.category:
        apply_problem_filters(chosen.replace(category=code))


def subregion_chart(
    scope: Scope, filters: Filters, region: Region | None, chosen: ProblemFilters, today: dt.date, page: str
) -> None:
    """Problems per sub-region, stacked by kind; a click on a bar opens that region with the same filters."""
    assert filters.period is not None
    if region is not None and region.level == "county":
        return
    frame = store.run(problems_per_subregion, **{**chosen.query(scope, filters, today), "region": region})
    if frame["region_code"].nunique() < 2:  # one bar says nothing the counts above do not
        return
    frame = region_labels(frame, region)
    totals = frame.groupby("region_code")["problems"].sum().sort_values(ascending=False, kind="stable")
    frame = frame.set_index("region_code").loc[list(totals.index)].reset_index()
    st.markdown(f"**{labels.PROBLEMS_SUBREGION_CHART}**")
    st.caption(labels.PROBLEMS_SUBREGION_HELP)
    figure = charts.region_problem_bars(frame.rename(columns={"target_kind": "kind"}))
    code = charts.clicked_code(charts.draw(figure, key=selection_key(f"{page}_subregion_chart"), clickable=True))
    if code and code != filters.region:
        drill_to(filters.with_region(code))


def region_labels(frame: pd.DataFrame, region: Region | None) -> pd.DataFrame:
    """Add region_label: the child's name, or 省本级-style words for the region's own level."""
    codes = tuple(sorted(set(frame["region_code"])))
    names = store.run(region_names, codes=codes) if codes else {}
    own = labels.OWN_ROW.get(region.level, "") if region else ""
    frame = frame.copy()
    frame["region_label"] = [
        own if region is not None and code == region.code else names.get(code, code) for code in frame["region_code"]
    ]
    return frame


# ---------------------------------------------------------------- the list


def _cell_width(value: str) -> int:
    """Pixels a cell of 14 px text needs: a Chinese character is about twice a Latin one."""
    wide = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in value)
    return 7 * wide + 34


def grid_options(frame: pd.DataFrame, kind: str | None) -> dict[str, Any]:
    """AG Grid options: sorting and column filters everywhere, code and name pinned, widths from the text."""
    key = kind or ""
    builder = GridOptionsBuilder.from_dataframe(frame)
    builder.configure_default_column(sortable=True, filter=True, resizable=True, wrapHeaderText=True)
    builder.configure_selection("single")
    for column in HIDDEN:
        builder.configure_column(column, hide=True)
    titles = {column_title(column, key): column for column in (*LIST_COLUMNS[key], *DETAIL_COLUMNS)}
    for title, column in titles.items():
        sample = [title, *(str(value) if given(value) else "" for value in frame[title].head(200))]
        width = max(MIN_WIDTH, min(MAX_WIDTH, max(_cell_width(text) for text in sample)))
        options: dict[str, Any] = {"width": width}
        if column in WIDE_TEXT:
            options.update(width=WIDE_WIDTH, wrapText=True, autoHeight=True)
        if column in PINNED:
            options["pinned"] = "left"
        if column == "url":
            options["cellRenderer"] = LINK_RENDERER
        if column == "seq":
            options.update(type=["numericColumn"], filter="agNumberColumnFilter")
        builder.configure_column(title, **options)
    built = builder.build()
    built.pop("autoSizeStrategy", None)  # the widths above fit Chinese text; fitting to the grid would squeeze them
    built["localeText"] = {**labels.PROBLEMS_GRID_LOCALE, **labels.PROBLEMS_GRID_ARIA}
    return built


def problem_grid(frame: pd.DataFrame, kind: str | None, *, key: str) -> pd.Series | None:
    """The list as an AG Grid; the row the user clicked, if any."""
    height = min(GRID_MAX_HEIGHT, 64 + 44 * len(frame))
    response = AgGrid(
        frame.copy(),  # AgGrid adds a column and turns values into strings in the frame it gets
        gridOptions=grid_options(frame, kind),
        height=height,
        key=key,
        update_on=["selectionChanged"],
        allow_unsafe_jscode=True,  # the URL link renderer above
        theme="streamlit",
        show_toolbar=False,
    )
    picked = response.selected_rows if response is not None else None
    if picked is None or len(picked) == 0:
        return None
    return picked.iloc[0]


def _page_key(filters: Filters, chosen: ProblemFilters) -> str:
    state = repr((filters.query_params(), chosen.query_params())).encode()
    return "problems_page_" + hashlib.sha1(state, usedforsecurity=False).hexdigest()[:10]


def problem_list(
    scope: Scope,
    filters: Filters,
    chosen: ProblemFilters,
    today: dt.date,
    downloads: PageDownloads,
) -> None:
    """The filtered list, one page at a time from SQL, its total stated above; a row opens the target page."""
    query = chosen.query(scope, filters, today)
    total = store.run(count_problems, **query)
    st.subheader(labels.PROBLEMS_LIST)
    if not total:
        st.info(labels.PROBLEMS_LIST_NONE)
        return
    page = 1
    pages = -(-total // PAGE_SIZE)
    if pages > 1:
        page = int(
            st.number_input(
                labels.PROBLEMS_PAGE_NUMBER, min_value=1, max_value=pages, step=1, key=_page_key(filters, chosen)
            )
        )
        first, last = (page - 1) * PAGE_SIZE + 1, min(page * PAGE_SIZE, total)
        st.caption(
            labels.PROBLEMS_LIST_PAGED.format(total=f"{total:,}", size=PAGE_SIZE, first=f"{first:,}", last=f"{last:,}")
        )
    else:
        st.caption(labels.PROBLEMS_LIST_TOTAL.format(total=f"{total:,}"))
    st.caption(labels.PROBLEMS_LIST_HELP)
    rows = store.run(problem_rows, **query, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    shown = list_frame(rows, chosen.kind)
    picked = problem_grid(shown, chosen.kind, key=selection_key(f"problems_grid_{page}"))
    if picked is not None:
        open_target(filters.with_target(int(picked["target_id"]), str(picked["region_code"])), chosen)
    everything = rows if pages == 1 else store.run(problem_rows, **query, offset=0, limit=EXPORT_ROW_CAP)
    if total > EXPORT_ROW_CAP:
        st.caption(labels.PROBLEMS_EXPORT_CAPPED.format(cap=f"{EXPORT_ROW_CAP:,}"))
    downloads.table(
        export_table(labels.PROBLEMS_LIST, list_frame(everything, chosen.kind), chosen.kind), key="problems_list"
    )


def title(scope: Scope, filters: Filters, region: Region | None, template: str, empty: str) -> str:
    """The page title: its name, the region and the quarter (with the region's own round's name)."""
    name = region.name if region else labels.NATIONAL
    if filters.period is None:
        return empty.format(region=name)
    return template.format(region=name, period=period_name(scope, filters))
