"""The content-guarantee page (/content): who feeds the portal, in the shape of notice 001's 附件3.

Numbers stay numbers and are formatted by ``st.column_config``; the one
exception is a rate as a notice printed it, shown as text so that it keeps
the notice's digits (市审计局 3.0%, 市自然资源局 22%), beside the rate computed
from the counts, which sorts. Reported and computed figures are never
merged: each card and column says which it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, labels, store, unit_history
from dashboard.downloads import PageDownloads
from dashboard.export import Table
from dashboard.filters import Filters, drill_to, not_in_periods, selection_key, show_history
from dashboard.formatting import DASH, count, percent, percent_as_printed, plain
from dashboard.tables import table_height, whole_numbers
from data_access.content import (
    DEPARTMENT,
    PLACE,
    SUBMISSION_ROW_CAP,
    previous_period,
    submission_periods,
    submission_ranking,
    submission_rows,
    submission_totals,
    unit_submission_history,
)
from data_access.figures import region_figures
from data_access.periods import period_label
from data_access.regions import Region, region_names
from data_access.scope import Scope
from data_access.units import Unit

PAGE = "content"
# A rate ranking counts only units that submitted at least this many pieces: 1 adopted of 1 is no leader.
MIN_SUBMITTED_FOR_RATE = 10
CHART_TOP = 10
COUNT_FORMAT = "%d"
RATE_FORMAT = "%.2f%%"
CHANGE_FORMAT = "%+d"
POINTS_FORMAT = "%+.2f"
KEY = "_key"  # hidden column of a clickable table: "u<unit id>" or "r<region code>"


def adoption_rate(adopted: object, submitted: object) -> float | None:
    """Adopted over submitted in percent, two decimals; None when nothing was submitted."""
    if submitted is None or pd.isna(submitted) or not submitted:  # type: ignore[call-overload]
        return None
    return round(100 * float(adopted) / float(submitted), 2)  # type: ignore[arg-type]


def _floats(values: list[float | None] | pd.Series) -> pd.Series:
    return pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").astype(float)


def context(filters: Filters, region: Region | None) -> list[tuple[str, str]]:
    """What the page's downloads record about the view: 期次 and 地区."""
    period = period_label(filters.period) if filters.period else ""
    return [(labels.FILTER_PERIOD, period), (labels.REGION_NAME, region.name if region else labels.NATIONAL)]


def _metric(column: Any, label: str, value: str, **kwargs: Any) -> None:
    column.metric(label, value, border=True, **kwargs)


def _changes(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """采用数 and 采用率 against the quarter before; empty where the unit or place had no row then."""
    had = pd.to_numeric(frame["prev_rows" if "prev_rows" in frame else "prev_units"], errors="coerce").fillna(0) > 0
    adopted_change = whole_numbers(frame["adopted"]) - whole_numbers(frame["prev_adopted"].where(had))
    now = _floats([adoption_rate(a, s) for a, s in zip(frame["adopted"], frame["submitted"], strict=True)])
    before = _floats(
        [
            adoption_rate(a, s) if ok else None
            for a, s, ok in zip(frame["prev_adopted"], frame["prev_submitted"], had, strict=True)
        ]
    )
    return adopted_change, (now - before).round(2)


# ---------------------------------------------------------------- periods


def periods_for(scope: Scope) -> Callable[[str | None], list[str]]:
    """The quarters, newest first, in which a region has submission rows: the page's own periods."""
    return lambda region: store.run(submission_periods, scope=scope, region=region)


def no_data(scope: Scope, filters: Filters, region: Region | None) -> bool:
    """When the region has no submission in the period, say so and link the periods that have some."""
    periods = store.run(submission_periods, scope=scope, region=filters.region)
    return not_in_periods(PAGE, filters, region, periods, none=labels.CONTENT_NONE, others=labels.CONTENT_OTHER_PERIODS)


# ---------------------------------------------------------------- totals


def _reported(scope: Scope, filters: Filters) -> pd.DataFrame:
    figures = store.run(region_figures, scope=scope, period=filters.period, region=filters.region)
    return figures[figures["target_kind"] == "content"]


def totals(scope: Scope, filters: Filters, region: Region | None, downloads: PageDownloads) -> None:
    """The totals the notice states, and the same summed from the rows, each in its own row of cards."""
    assert filters.period is not None
    st.subheader(labels.CONTENT_TOTALS)
    rows: list[dict[str, object]] = []
    reported = _reported(scope, filters)
    for round_key in reported["round_key"].unique():
        figures = reported[reported["round_key"] == round_key]
        values = dict(zip(figures["measure"], figures["value"], strict=True))
        first = figures.iloc[0]
        origin = str(first["notice_number"] or first["round_title"] or round_key)
        st.caption(labels.CONTENT_REPORTED_CAPTION.format(origin=plain(origin)))
        shown = [(m, values[m]) for m in ("submitted", "adopted", "adoption_rate") if m in values]
        for column, (measure, value) in zip(st.columns(4), shown, strict=False):
            text = percent(value) if measure == "adoption_rate" else count(value)
            _metric(column, labels.CONTENT_MEASURES[measure], text, help=str(first["source_text"] or "") or None)
        rows.append(
            {
                labels.CONTENT_SOURCE: labels.REPORTED,
                labels.CONTENT_ORIGIN: origin,
                labels.CONTENT_MEASURES["submitted"]: values.get("submitted"),
                labels.CONTENT_MEASURES["adopted"]: values.get("adopted"),
                labels.CONTENT_MEASURES["adoption_rate"]: values.get("adoption_rate"),
            }
        )
    frame = store.run(submission_totals, scope=scope, period=filters.period, region=region)
    total = frame.iloc[0]
    submitted, adopted = int(total["submitted"] or 0), int(total["adopted"] or 0)
    rate = adoption_rate(adopted, submitted)
    had_before = int(total["prev_units"]) > 0
    st.caption(labels.CONTENT_COMPUTED_CAPTION)
    deltas: dict[str, str | None] = {"submitted": None, "adopted": None, "rate": None}
    if had_before:
        prev_submitted, prev_adopted = int(total["prev_submitted"] or 0), int(total["prev_adopted"] or 0)
        deltas["submitted"] = labels.CONTENT_DELTA.format(change=f"{submitted - prev_submitted:+,}")
        deltas["adopted"] = labels.CONTENT_DELTA.format(change=f"{adopted - prev_adopted:+,}")
        prev_rate = adoption_rate(prev_adopted, prev_submitted)
        if rate is not None and prev_rate is not None:
            deltas["rate"] = labels.CONTENT_DELTA_POINTS.format(change=f"{rate - prev_rate:+.2f}")
    help_ = labels.COMPUTED_HELP
    cards = [
        (labels.CONTENT_UNITS, count(total["units"]), None),
        (labels.CONTENT_COMPUTED_MEASURES["submitted"], count(submitted), deltas["submitted"]),
        (labels.CONTENT_COMPUTED_MEASURES["adopted"], count(adopted), deltas["adopted"]),
        (
            labels.CONTENT_COMPUTED_MEASURES["adoption_rate"],
            f"{rate:.2f}%" if rate is not None else "—",
            deltas["rate"],
        ),
        (labels.CONTENT_ZERO_UNITS, count(total["zero_units"]), None),
    ]
    for column, (label, value, delta) in zip(st.columns(len(cards)), cards, strict=True):
        _metric(
            column,
            label,
            value,
            delta=delta,
            help=help_,
            delta_color="off" if label == labels.CONTENT_UNITS else "normal",
        )
    if not had_before:
        st.caption(labels.CONTENT_NO_PREVIOUS.format(period=period_label(previous_period(filters.period))))
    rows.append(
        {
            labels.CONTENT_SOURCE: labels.COMPUTED,
            labels.CONTENT_ORIGIN: labels.CONTENT_COMPUTED_ORIGIN,
            labels.CONTENT_MEASURES["submitted"]: submitted,
            labels.CONTENT_MEASURES["adopted"]: adopted,
            labels.CONTENT_MEASURES["adoption_rate"]: rate,
        }
    )
    table = pd.DataFrame(rows)
    downloads.table(
        Table(labels.CONTENT_TOTALS, table, percent_columns=(labels.CONTENT_MEASURES["adoption_rate"],)),
        key="content_totals_download",
    )


# ---------------------------------------------------------------- the units, as 附件3


def units_table(frame: pd.DataFrame, region: Region | None, names: dict[str, str]) -> pd.DataFrame:
    """附件3 as the page shows it: the notice's order, the printed rate beside the computed one, zeros marked."""
    frame = frame.reset_index(drop=True)
    own = region.code if region else None
    adopted_change, points_change = _changes(frame)
    table = pd.DataFrame(
        {
            KEY: [f"u{unit}" for unit in frame["unit_id"]],
            labels.CONTENT_COLUMNS["seq"]: whole_numbers(frame["seq"]),
            labels.CONTENT_COLUMNS["unit"]: frame["unit_name"].astype(str),
            labels.CONTENT_COLUMNS["belongs"]: [
                labels.CONTENT_OWN_LEVEL if code == own else names.get(str(code), str(code))
                for code in frame["child_code"]
            ],
            labels.CONTENT_COLUMNS["portal"]: frame["portal"].astype(str),
            labels.CONTENT_COLUMNS["submitted"]: whole_numbers(frame["submitted"]),
            labels.CONTENT_COLUMNS["adopted"]: whole_numbers(frame["adopted"]),
            labels.CONTENT_COLUMNS["printed_rate"]: [
                percent_as_printed(v, d)
                for v, d in zip(frame["adoption_rate"], frame["adoption_rate_decimals"], strict=True)
            ],
            labels.CONTENT_COLUMNS["rate"]: _floats(
                [adoption_rate(a, s) for a, s in zip(frame["adopted"], frame["submitted"], strict=True)]
            ),
            labels.CONTENT_COLUMNS["mark"]: [
                labels.CONTENT_ZERO_MARK if not submitted else "" for submitted in whole_numbers(frame["submitted"])
            ],
            labels.CONTENT_COLUMNS["adopted_change"]: adopted_change,
            labels.CONTENT_COLUMNS["rate_change"]: points_change,
        }
    )
    if table[labels.CONTENT_COLUMNS["portal"]].nunique() <= 1:
        table = table.drop(columns=labels.CONTENT_COLUMNS["portal"])
    if not table[labels.CONTENT_COLUMNS["printed_rate"]].astype(bool).any():
        table = table.drop(columns=labels.CONTENT_COLUMNS["printed_rate"])
    if not (pd.to_numeric(frame["prev_rows"]) > 0).any():
        table = table.drop(columns=[labels.CONTENT_COLUMNS["adopted_change"], labels.CONTENT_COLUMNS["rate_change"]])
    return table


def _column_config(table: pd.DataFrame) -> dict[str, Any]:
    """Counts as counts, computed rates with two decimals, changes signed; the key column hidden."""
    formats = {
        labels.CONTENT_COLUMNS["seq"]: COUNT_FORMAT,
        labels.CONTENT_COLUMNS["submitted"]: COUNT_FORMAT,
        labels.CONTENT_COLUMNS["adopted"]: COUNT_FORMAT,
        labels.CONTENT_COLUMNS["units"]: COUNT_FORMAT,
        labels.CONTENT_COLUMNS["zero_units"]: COUNT_FORMAT,
        labels.CONTENT_COLUMNS["adopted_rank"]: COUNT_FORMAT,
        labels.CONTENT_COLUMNS["rate_rank"]: COUNT_FORMAT,
        labels.CONTENT_COLUMNS["rate"]: RATE_FORMAT,
        labels.CONTENT_COLUMNS["adopted_change"]: CHANGE_FORMAT,
        labels.CONTENT_COLUMNS["rate_change"]: POINTS_FORMAT,
    }
    helps = {
        labels.CONTENT_COLUMNS["rate"]: labels.COMPUTED_COLUMN_HELP,
        labels.CONTENT_COLUMNS["printed_rate"]: labels.CONTENT_PRINTED_RATE_HELP,
        labels.CONTENT_COLUMNS["rate_change"]: labels.CONTENT_RATE_CHANGE_HELP,
        labels.CONTENT_COLUMNS["rate_rank"]: labels.CONTENT_RATE_RANK_HELP.format(minimum=MIN_SUBMITTED_FOR_RATE),
    }
    config: dict[str, Any] = {KEY: None}
    for column in table.columns:
        if column in formats:
            config[column] = st.column_config.NumberColumn(column, format=formats[column], help=helps.get(column))
        elif column in helps:
            config[column] = st.column_config.TextColumn(column, help=helps[column])
    return config


def _export(title: str, table: pd.DataFrame) -> Table:
    """A table for the downloads: the key column dropped, computed rates as percent cells."""
    frame = table.drop(columns=[KEY])
    percent_columns = tuple(c for c in (labels.CONTENT_COLUMNS["rate"],) if c in frame.columns)
    return Table(title, frame, percent_columns=percent_columns, computed_columns=percent_columns)


def _clicked(filters: Filters, key: str) -> None:
    """A row or bar names a unit (its history opens) or a region (the page drills there)."""
    if key.startswith("u"):
        show_history(int(key[1:]))
    elif key.startswith("r") and key[1:] != filters.region:
        drill_to(filters.with_region(key[1:]))


def _clickable(table: pd.DataFrame, filters: Filters, key: str) -> None:
    event = st.dataframe(
        table,
        hide_index=True,
        placeholder=DASH,
        width="stretch",
        height=table_height(len(table)),
        column_config=_column_config(table),
        on_select="rerun",
        selection_mode="single-row",
        key=selection_key(key),
    )
    picked = event.selection.rows if event is not None else []
    if picked:
        _clicked(filters, str(table.iloc[picked[0]][KEY]))


def units(scope: Scope, filters: Filters, region: Region | None, downloads: PageDownloads) -> None:
    """Every unit's submissions in the notice's order (附件3), the zeros marked; a row opens its history."""
    assert filters.period is not None
    frame = store.run(submission_rows, scope=scope, period=filters.period, region=region)
    st.subheader(labels.CONTENT_UNITS_TITLE)
    codes = tuple(sorted({str(code) for code in frame["child_code"]} - {region.code if region else ""}))
    names = store.run(region_names, codes=codes) if codes else {}
    table = units_table(frame, region, names)
    caption = labels.CONTENT_UNITS_HELP
    if len(frame) >= SUBMISSION_ROW_CAP:
        caption += labels.CONTENT_UNITS_CAPPED.format(cap=SUBMISSION_ROW_CAP)
    st.caption(caption)
    _clickable(table, filters, "content_units")
    downloads.table(_export(labels.CONTENT_UNITS_TABLE, table), key="content_units_download")


# ---------------------------------------------------------------- rankings


def ranking_table(frame: pd.DataFrame, group: str) -> pd.DataFrame:
    """One group ranked by adopted count (ties share a rank), with the rate rank of those that submitted enough."""
    frame = frame.reset_index(drop=True)
    rate = _floats([adoption_rate(a, s) for a, s in zip(frame["adopted"], frame["submitted"], strict=True)])
    eligible = pd.to_numeric(frame["submitted"]).to_numpy() >= MIN_SUBMITTED_FOR_RATE
    adopted_change, points_change = _changes(frame)
    keys = [
        f"u{int(unit)}" if pd.notna(unit) else f"r{code}"
        for unit, code in zip(frame["unit_id"], frame["region_code"], strict=True)
    ]
    table = pd.DataFrame(
        {
            KEY: keys,
            labels.CONTENT_COLUMNS["name"]: frame["name"].astype(str),
            labels.CONTENT_COLUMNS["units"]: whole_numbers(frame["units"]),
            labels.CONTENT_COLUMNS["submitted"]: whole_numbers(frame["submitted"]),
            labels.CONTENT_COLUMNS["adopted"]: whole_numbers(frame["adopted"]),
            labels.CONTENT_COLUMNS["rate"]: rate,
            labels.CONTENT_COLUMNS["zero_units"]: whole_numbers(frame["zero_units"]),
            labels.CONTENT_COLUMNS["adopted_change"]: adopted_change,
            labels.CONTENT_COLUMNS["rate_change"]: points_change,
        }
    )
    table["_eligible"] = eligible
    # Sorted here: the Chinese names sort the same on every database.
    table = table.sort_values(
        [labels.CONTENT_COLUMNS["adopted"], labels.CONTENT_COLUMNS["rate"], labels.CONTENT_COLUMNS["submitted"], KEY],
        ascending=[False, False, False, True],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)
    adopted_rank = table[labels.CONTENT_COLUMNS["adopted"]].rank(method="min", ascending=False).astype("Int64")
    rate_rank = table[labels.CONTENT_COLUMNS["rate"]].where(table["_eligible"]).rank(method="min", ascending=False)
    table.insert(1, labels.CONTENT_COLUMNS["adopted_rank"], adopted_rank)
    table.insert(
        list(table.columns).index(labels.CONTENT_COLUMNS["rate"]) + 1,
        labels.CONTENT_COLUMNS["rate_rank"],
        rate_rank.astype("Int64"),
    )
    table = table.drop(columns="_eligible")
    if group == DEPARTMENT:
        table = table.drop(columns=labels.CONTENT_COLUMNS["units"])
        table[labels.CONTENT_COLUMNS["zero_units"]] = [
            labels.CONTENT_ZERO_MARK if zero else "" for zero in table[labels.CONTENT_COLUMNS["zero_units"]]
        ]
        table = table.rename(columns={labels.CONTENT_COLUMNS["zero_units"]: labels.CONTENT_COLUMNS["mark"]})
    if not (pd.to_numeric(frame["prev_units"]) > 0).any():
        table = table.drop(columns=[labels.CONTENT_COLUMNS["adopted_change"], labels.CONTENT_COLUMNS["rate_change"]])
    return table


def _chart(table: pd.DataFrame, value: str, key: str, filters: Filters, *, percent_axis: bool) -> None:
    bars = table.dropna(subset=[value]).sort_values(value, ascending=False, kind="stable").head(CHART_TOP)
    if bars.empty:
        st.caption(labels.CONTENT_CHART_EMPTY)
        return
    shown = [f"{v:.2f}%" if percent_axis else f"{int(v):,}" for v in bars[value]]
    frame = pd.DataFrame(
        {
            "key": bars[KEY],
            "name": bars[labels.CONTENT_COLUMNS["name"]],
            "value": bars[value].astype(float),
            "shown": shown,
        }
    )
    figure = charts.ranking_bars(frame, topic="content", axis_title=value, percent_axis=percent_axis)
    code = charts.clicked_code(charts.draw(figure, key=selection_key(key), clickable=True))
    if code:
        _clicked(filters, code)


def _group_title(group: str, region: Region | None) -> str:
    if group == DEPARTMENT:
        return labels.CONTENT_DEPARTMENTS.format(region=region.name if region else labels.NATIONAL)
    return labels.CONTENT_PLACES[region.level if region else "country"]


def rankings(scope: Scope, filters: Filters, region: Region | None, downloads: PageDownloads) -> None:
    """The departments and the places, ranked apart by adopted count and by adoption rate: charts and tables."""
    assert filters.period is not None
    frame = store.run(submission_ranking, scope=scope, period=filters.period, region=region)
    for group in (DEPARTMENT, PLACE):
        part = frame[frame["group"] == group]
        if part.empty:
            continue
        title = _group_title(group, region)
        st.subheader(title)
        st.caption(labels.CONTENT_RANKING_HELP.format(minimum=MIN_SUBMITTED_FOR_RATE))
        table = ranking_table(part, group)
        left, right = st.columns(2)
        with left:
            st.markdown(f"**{labels.CONTENT_BY_ADOPTED}**")
            _chart(
                table, labels.CONTENT_COLUMNS["adopted"], f"content_{group}_adopted_chart", filters, percent_axis=False
            )
        with right:
            st.markdown(f"**{labels.CONTENT_BY_RATE.format(minimum=MIN_SUBMITTED_FOR_RATE)}**")
            eligible = table[table[labels.CONTENT_COLUMNS["rate_rank"]].notna()]
            _chart(eligible, labels.CONTENT_COLUMNS["rate"], f"content_{group}_rate_chart", filters, percent_axis=True)
        _clickable(table, filters, f"content_{group}_ranking")
        downloads.table(_export(title, table), key=f"content_{group}_ranking_download")


# ---------------------------------------------------------------- one unit's history


def history(scope: Scope, unit: Unit, downloads: PageDownloads) -> None:
    """One unit's submissions in every period, under the table it was opened from."""
    frame = store.run(unit_submission_history, scope=scope, unit_id=unit.id)
    title = labels.CONTENT_HISTORY.format(unit=unit.name)
    unit_history.heading(title, close_label=labels.CONTENT_HISTORY_CLOSE, key="content_history_close")
    if frame.empty:
        st.caption(labels.CONTENT_HISTORY_NONE)
        return
    table = pd.DataFrame(
        {
            labels.CONTENT_COLUMNS["period"]: frame["period"].map(period_label),
            labels.CONTENT_COLUMNS["portal"]: frame["portal"].astype(str),
            labels.CONTENT_COLUMNS["unit"]: frame["unit_text"].fillna(unit.name).astype(str),
            labels.CONTENT_COLUMNS["submitted"]: whole_numbers(frame["submitted"]),
            labels.CONTENT_COLUMNS["adopted"]: whole_numbers(frame["adopted"]),
            labels.CONTENT_COLUMNS["printed_rate"]: [
                percent_as_printed(v, d)
                for v, d in zip(frame["adoption_rate"], frame["adoption_rate_decimals"], strict=True)
            ],
            labels.CONTENT_COLUMNS["rate"]: _floats(
                [adoption_rate(a, s) for a, s in zip(frame["adopted"], frame["submitted"], strict=True)]
            ),
        }
    )
    if not table[labels.CONTENT_COLUMNS["printed_rate"]].astype(bool).any():
        table = table.drop(columns=labels.CONTENT_COLUMNS["printed_rate"])
    rate = (labels.CONTENT_COLUMNS["rate"],)
    export = Table(title, table, percent_columns=rate, computed_columns=rate)
    unit_history.shown(table, export, downloads, config=_column_config(table), key="content_history")
