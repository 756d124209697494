"""Rectification tracking (/rectification): deadlines, status by region and unit, re-checks, overdue, repeaters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, labels, store
from dashboard.downloads import PageDownloads
from dashboard.export import Table
from dashboard.filters import Filters, ProblemFilters, drill_to, open_target, selection_key
from dashboard.problems import category_names, region_labels
from dashboard.tables import given, table_height
from data_access.periods import round_name
from data_access.problem_lists import RECTIFICATION_STATUSES, TASK_STATUSES, count_problems, problem_rows
from data_access.rectification import (
    LIST_ROW_CAP,
    OFFENDER_ROW_CAP,
    OVERDUE_STATUSES,
    UNIT_BAR_CAP,
    overdue_problems,
    rechecked_problems,
    repeat_offenders,
    round_deadlines,
    status_by_subregion,
    status_by_unit,
)
from data_access.regions import Region, region_names
from data_access.scope import Scope

CODE_COLUMN = labels.RECT_COLUMNS["code"]


def _date(value: object) -> str:
    return str(value) if given(value) else ""


def _round(period: object, label: object) -> str:
    """The round a row was found or re-checked in, by its own name (2024年第一次) or its quarter."""
    return round_name(str(period), label) if given(period) else ""


def _rounds(rows: pd.DataFrame, period: str, label: str) -> list[str]:
    return [_round(p, name) for p, name in zip(rows[period], rows[label], strict=True)]


def _text(value: object) -> str:
    return str(value) if given(value) else ""


def problem_table(rows: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Problem rows (problem_lists.problem_rows' columns) as a table with Chinese headers and the click columns."""
    values: dict[str, Any] = {
        "kind": rows["kind"].map(labels.KIND_LABELS),
        "code": rows["code"].map(_text),
        "name": rows["name"].map(_text),
        "region_name": rows["region_name"].map(_text),
        "host_unit_text": rows["host_unit_text"].map(_text),
        "period": _rounds(rows, "period", "round_label"),
        "problem_text": rows["problem_text"].map(_text),
        "categories": rows["categories"].map(category_names),
        "deadline": rows["rectification_due"].map(_date),
        "report_due": rows["report_due"].map(_date),
        "status": rows["status"].map(labels.RECT_STATUS_LABELS),
        "status_text": rows["status_text"].map(_text),
        "recheck_period": _rounds(rows, "recheck_period", "recheck_label"),
    }
    if "recheck_status" in rows:  # the re-check list shows what this period's re-check found
        values["status"] = rows["recheck_status"].map(labels.RECT_STATUS_LABELS)
        values["status_text"] = rows["recheck_text"].map(_text)
    table = pd.DataFrame({"target_id": rows["target_id"], "region_code": rows["region_code"]})
    for column in columns:
        table[labels.RECT_COLUMNS[column]] = values[column]
    return table


def _clickable(table: pd.DataFrame, filters: Filters, chosen: ProblemFilters, *, key: str) -> None:
    """A table whose rows open the target page."""
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=table_height(len(table)),
        column_config={
            "target_id": None,
            "region_code": None,
            CODE_COLUMN: st.column_config.TextColumn(CODE_COLUMN, pinned=True),
        },
        on_select="rerun",
        selection_mode="single-row",
        key=selection_key(key),
    )
    picked = event.selection.rows if event is not None else []
    if picked:
        row = table.iloc[picked[0]]
        open_target(filters.with_target(int(row["target_id"]), str(row["region_code"])), chosen)


def _export(title: str, table: pd.DataFrame) -> Table:
    export = table.drop(columns=["target_id", "region_code"])
    return Table(title, export, text_columns=(CODE_COLUMN,) if CODE_COLUMN in export else ())


def _overdue_shown(chosen: ProblemFilters) -> bool:
    return not chosen.status or chosen.status in OVERDUE_STATUSES


def prefetch(scope: Scope, filters: Filters, region: Region | None, chosen: ProblemFilters, today: dt.date) -> None:
    """Start the page's queries together (store.prefetch): the three history lists read every round."""
    query = chosen.query(scope, filters, today)
    calls: list[store.Call] = [
        (repeat_offenders, chosen.query(scope, filters, today, "status")),
        (rechecked_problems, query),
        (problem_rows, {**query, "offset": 0, "limit": LIST_ROW_CAP}),
        (count_problems, query),
        (status_by_subregion, {**query, "region": region}),
        (status_by_unit, query),
    ]
    if _overdue_shown(chosen):
        calls.insert(0, (overdue_problems, query))
    store.prefetch(*calls)


# ---------------------------------------------------------------- deadlines and counts


def deadlines(scope: Scope, filters: Filters, downloads: PageDownloads) -> None:
    """The period's notices with both deadlines: fix by (整改) and report by (报送)."""
    assert filters.period is not None
    frame = store.run(round_deadlines, scope=scope, period=filters.period, region=filters.region)
    if frame.empty:
        return
    table = pd.DataFrame(
        {
            labels.RECT_DEADLINE_COLUMNS["title"]: [
                _text(title) or _text(issuer) for title, issuer in zip(frame["title"], frame["issuer"], strict=True)
            ],
            labels.RECT_DEADLINE_COLUMNS["notice_number"]: frame["notice_number"].map(_text),
            labels.RECT_DEADLINE_COLUMNS["issued_on"]: frame["issued_on"].map(_date),
            labels.RECT_DEADLINE_COLUMNS["rectification_due"]: frame["rectification_due"].map(_date),
            labels.RECT_DEADLINE_COLUMNS["report_due"]: frame["report_due"].map(_date),
            labels.RECT_DEADLINE_COLUMNS["problems"]: frame["problems"],
        }
    )
    st.subheader(labels.RECT_DEADLINES)
    st.caption(labels.RECT_DEADLINES_HELP)
    st.dataframe(table, hide_index=True, width="stretch", height=table_height(len(table)), key="rect_deadlines")
    downloads.table(Table(labels.RECT_DEADLINES, table), key="rect_deadlines_download")


def status_overview(
    scope: Scope, filters: Filters, region: Region | None, chosen: ProblemFilters, today: dt.date
) -> None:
    """Counts by status, then stacked bars by sub-region (a click opens the region) and by unit."""
    by_region = store.run(status_by_subregion, **{**chosen.query(scope, filters, today), "region": region})
    st.subheader(labels.RECT_STATUS_COUNTS)
    st.caption(labels.RECT_STATUS_HELP)
    totals = by_region.groupby("status")["problems"].sum() if not by_region.empty else pd.Series(dtype=int)
    # The statuses of tasks get a row of their own, once some problem of the view is a task.
    shown = [status for status in RECTIFICATION_STATUSES if status not in TASK_STATUSES]
    rows = [shown, list(TASK_STATUSES)] if any(totals.get(status, 0) for status in TASK_STATUSES) else [shown]
    for statuses in rows:
        for column, status in zip(st.columns(len(shown)), statuses, strict=False):
            column.metric(labels.RECT_STATUS_LABELS[status], f"{int(totals.get(status, 0)):,}")
    if by_region.empty:
        return
    if by_region["region_code"].nunique() < 2:  # one bar by region says nothing the counts above do not
        _unit_chart(scope, filters, chosen, today)
        return
    left, right = st.columns(2)
    with left:
        _subregion_chart(filters, region, by_region)
    with right:
        _unit_chart(scope, filters, chosen, today)


def _subregion_chart(filters: Filters, region: Region | None, frame: pd.DataFrame) -> None:
    named = region_labels(frame, region)
    order = named.groupby("region_code")["problems"].sum().sort_values(ascending=False, kind="stable").index
    named = named.set_index("region_code").loc[list(order)].reset_index()
    shown = named.rename(columns={"region_code": "code", "region_label": "group_label"})
    st.markdown(f"**{labels.RECT_BY_SUBREGION}**")
    st.caption(labels.RECT_CHART_HELP)
    figure = charts.status_bars(shown)
    code = charts.clicked_code(charts.draw(figure, key=selection_key("rect_subregion_chart"), clickable=True))
    if code and code != filters.region:
        drill_to(filters.with_region(code))


def _unit_chart(scope: Scope, filters: Filters, chosen: ProblemFilters, today: dt.date) -> None:
    frame = store.run(status_by_unit, **chosen.query(scope, filters, today))
    if frame.empty:
        return
    names = store.run(region_names, codes=tuple(sorted(set(frame["region_code"]))))
    frame = frame.assign(
        code=[f"{code}:{name}" for code, name in zip(frame["region_code"], frame["unit_name"].map(_text), strict=True)],
        group_label=[
            f"{_text(name) or labels.PROBLEMS_UNKNOWN_UNIT}（{names.get(code, code)}）"
            for code, name in zip(frame["region_code"], frame["unit_name"], strict=True)
        ],
    )
    order = frame.groupby("group_label")["problems"].sum().sort_values(ascending=False, kind="stable").index
    frame = frame.set_index("group_label").loc[list(order)].reset_index()
    st.markdown(f"**{labels.RECT_BY_UNIT.format(cap=UNIT_BAR_CAP)}**")
    charts.draw(charts.status_bars(frame, horizontal=True), key="rect_unit_chart")


# ---------------------------------------------------------------- lists


def current_problems(
    scope: Scope, filters: Filters, chosen: ProblemFilters, today: dt.date, downloads: PageDownloads
) -> None:
    """This period's problems with their deadlines and status; a row opens the target page."""
    query = chosen.query(scope, filters, today)
    total = store.run(count_problems, **query)
    st.subheader(labels.RECT_CURRENT)
    if not total:
        st.caption(labels.PROBLEMS_LIST_NONE)
        return
    rows = store.run(problem_rows, **query, offset=0, limit=LIST_ROW_CAP)
    if total > LIST_ROW_CAP:
        st.caption(labels.RECT_CURRENT_CAPPED.format(total=f"{total:,}", cap=LIST_ROW_CAP))
    else:
        st.caption(labels.PROBLEMS_LIST_TOTAL.format(total=f"{total:,}"))
    st.caption(labels.RECT_ROW_HELP)
    columns = (
        "kind",
        "code",
        "name",
        "region_name",
        "host_unit_text",
        "problem_text",
        "categories",
        "deadline",
        "report_due",
        "status",
        "status_text",
        "recheck_period",
    )
    table = problem_table(rows, columns)
    _clickable(table, filters, chosen, key="rect_current")
    downloads.table(_export(labels.RECT_CURRENT, table), key="rect_current_download")


def rechecks(scope: Scope, filters: Filters, chosen: ProblemFilters, today: dt.date, downloads: PageDownloads) -> None:
    """Problems of earlier rounds re-checked in this period (复查), with what the re-check found."""
    rows = store.run(rechecked_problems, **chosen.query(scope, filters, today))
    st.subheader(labels.RECT_RECHECK)
    if rows.empty:
        st.caption(labels.RECT_RECHECK_NONE)
        return
    st.caption(labels.RECT_RECHECK_HELP)
    columns = (
        "kind",
        "code",
        "name",
        "region_name",
        "host_unit_text",
        "period",
        "problem_text",
        "categories",
        "status",
        "status_text",
    )
    table = problem_table(rows, columns)
    _clickable(table, filters, chosen, key="rect_rechecks")
    downloads.table(_export(labels.RECT_RECHECK, table), key="rect_rechecks_download")


def overdue(scope: Scope, filters: Filters, chosen: ProblemFilters, today: dt.date, downloads: PageDownloads) -> None:
    """Problems up to this period not fixed past their deadline, oldest deadline first."""
    st.subheader(labels.RECT_OVERDUE)
    if not _overdue_shown(chosen):
        st.caption(labels.RECT_OVERDUE_NONE)
        return
    rows = store.run(overdue_problems, **chosen.query(scope, filters, today))
    if rows.empty:
        st.caption(labels.RECT_OVERDUE_NONE)
        return
    total = int(rows["total"].iloc[0])
    if total > LIST_ROW_CAP:
        st.caption(labels.RECT_OVERDUE_CAPPED.format(total=f"{total:,}", cap=LIST_ROW_CAP))
    else:
        st.caption(labels.RECT_OVERDUE_TOTAL.format(total=f"{total:,}"))
    columns = (
        "kind",
        "code",
        "name",
        "region_name",
        "host_unit_text",
        "period",
        "problem_text",
        "deadline",
        "report_due",
        "status",
    )
    table = problem_table(rows, columns)
    _clickable(table, filters, chosen, key="rect_overdue")
    downloads.table(_export(labels.RECT_OVERDUE, table), key="rect_overdue_download")


def _found_in(row: dict[Any, Any]) -> str:
    """The round that found an offender failing: by its problem list, or by a re-check (复查未整改)."""
    name = _round(row["period"], row["round_label"])
    return labels.RECT_FOUND_BY_RECHECK.format(round=name) if given(row.get("finding")) else name


def offender_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per repeat offender: how many rounds, which, and every problem text, most rounds first."""
    # Plain records grouped in a dict, in the rows' order: a pandas group per offender cost 0.3 s for 200.
    grouped: dict[object, list[dict[Any, Any]]] = {}
    for row in rows.to_dict("records"):
        grouped.setdefault(row["target_id"], []).append(row)
    out = []
    for target_id, group in grouped.items():
        first = group[0]
        # A re-check that found a problem not rectified counts its round too, named so; its words are not a problem.
        texts = (_text(row["problem_text"]) for row in group if not given(row.get("finding")))
        out.append(
            {
                "target_id": target_id,
                "region_code": first["region_code"],
                labels.RECT_COLUMNS["kind"]: labels.KIND_LABELS.get(str(first["kind"]), first["kind"]),
                CODE_COLUMN: _text(first["code"]),
                labels.RECT_COLUMNS["name"]: _text(first["name"]),
                labels.RECT_COLUMNS["rounds"]: int(first["rounds"]),
                labels.RECT_COLUMNS["periods"]: "、".join(dict.fromkeys(_found_in(row) for row in group)),
                labels.RECT_COLUMNS["problems"]: "；".join(dict.fromkeys(text for text in texts if text)),
            }
        )
    return pd.DataFrame(out)


def offenders(scope: Scope, filters: Filters, chosen: ProblemFilters, today: dt.date, downloads: PageDownloads) -> None:
    """Targets with problems in two or more rounds, with the rounds and problems, most frequent first."""
    rows = store.run(repeat_offenders, **chosen.query(scope, filters, today, "status"))
    st.subheader(labels.RECT_OFFENDERS)
    if rows.empty:
        st.caption(labels.RECT_OFFENDERS_NONE)
        return
    table = offender_table(rows)
    st.caption(labels.RECT_OFFENDERS_HELP)
    if len(table) >= OFFENDER_ROW_CAP:
        st.caption(labels.RECT_OFFENDERS_CAPPED.format(cap=OFFENDER_ROW_CAP))
    _clickable(table, filters, chosen, key="rect_offenders")
    downloads.table(_export(labels.RECT_OFFENDERS, table), key="rect_offenders_download")
