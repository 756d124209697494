"""The disclosure and interaction page (/disclosure): who discloses, who answers the public, what the registry lost.

Three parts, each as the notices print it and each sum marked computed:
departments' disclosure counts (notice 002's 附件5), netizen messages per
channel (我向省长建言 as 附件6, 我为政府网站找错 as notice 001 reports it), and
the sites and accounts closed or added in the filing system (notice 001).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, labels, store, unit_history
from dashboard.downloads import PageDownloads
from dashboard.export import Table
from dashboard.filters import Filters, drill_to, not_in_periods, selection_key, show_history
from dashboard.formatting import DASH, count, percent, percent_as_printed, plain, printed_counting_word
from dashboard.tables import table_height, whole_numbers
from data_access.disclosure import (
    CHANNELS,
    DISCLOSURE_COUNTS,
    DISCLOSURE_ROW_CAP,
    MESSAGE_ROW_CAP,
    disclosure_by_child,
    disclosure_periods,
    disclosure_rows,
    disclosure_totals,
    message_by_child,
    message_rows,
    message_totals,
    requirements_mentioning,
    unit_disclosure_history,
)
from data_access.figures import PERCENT_MEASURES, region_figures
from data_access.periods import period_label
from data_access.regions import Region, region_names
from data_access.registry_changes import (
    REGISTRY_ROW_CAP,
    registry_change_counts,
    registry_change_periods,
    registry_change_rows,
)
from data_access.scope import Scope
from data_access.units import Unit

PAGE = "disclosure"
CHART_TOP = 15
CARDS_PER_ROW = 4  # more, and the Chinese labels no longer fit their cards
COUNT_FORMAT = "%d"
DAYS_FORMAT = "%g"
# figures.csv gives a message figure no channel; the sentence it was read from names it.
CHANNEL_WORDS = {"governor_suggestion": "建言", "site_error_report": "找错"}
# A requirement naming both is the notice's deadline for replies to netizens' error reports.
RULE_WORDS = ("找错", "工作日")
KEY = "_key"  # hidden column of a clickable table: "u<unit id>" or "r<region code>"


def _metric(column: Any, label: str, value: str, **kwargs: Any) -> None:
    column.metric(label, value, border=True, **kwargs)


def _cards(cards: Sequence[tuple[str, str, str | None]]) -> None:
    """Rows of at most CARDS_PER_ROW metric cards: (label, value, help)."""
    for start in range(0, len(cards), CARDS_PER_ROW):
        row = cards[start : start + CARDS_PER_ROW]
        for column, (label, value, help_) in zip(st.columns(CARDS_PER_ROW), row, strict=False):
            _metric(column, label, value, help=help_)


def context(filters: Filters, region: Region | None) -> list[tuple[str, str]]:
    """What the page's downloads record about the view: 期次 and 地区."""
    period = period_label(filters.period) if filters.period else ""
    return [(labels.FILTER_PERIOD, period), (labels.REGION_NAME, region.name if region else labels.NATIONAL)]


def periods_for(scope: Scope) -> Callable[[str | None], list[str]]:
    """The quarters, newest first, in which a region has disclosure, message or registry rows."""

    def periods(region: str | None) -> list[str]:
        found = store.run(disclosure_periods, scope=scope, region=region)
        changes = store.run(registry_change_periods, scope=scope, region=region)
        return sorted({*found, *changes}, reverse=True)

    return periods


def no_data(scope: Scope, filters: Filters, region: Region | None) -> bool:
    """When the region has nothing for this page in the period, say so and link the periods that have."""
    periods = periods_for(scope)(filters.region)
    return not_in_periods(PAGE, filters, region, periods, none=labels.DISC_NONE, others=labels.DISC_OTHER_PERIODS)


def _origin(figures: pd.DataFrame) -> str:
    first = figures.iloc[0]
    return str(first["notice_number"] or first["round_title"] or first["round_key"])


def _reported_cards(figures: pd.DataFrame) -> None:
    """A notice's figures, one round after another, each under a caption naming the notice."""
    for round_key in figures["round_key"].unique():
        rows = figures[figures["round_key"] == round_key]
        st.caption(labels.DISC_REPORTED_CAPTION.format(origin=plain(_origin(rows))))
        _cards(
            [
                (
                    labels.MEASURE_LABELS[str(measure)],
                    percent(value)
                    if measure in PERCENT_MEASURES
                    else count(value, printed_counting_word(value, text, "")),
                    str(text or "") or None,
                )
                for measure, value, text in zip(rows["measure"], rows["value"], rows["source_text"], strict=True)
            ]
        )


def _clicked(filters: Filters, key: str) -> None:
    """A row or bar names a unit (its history opens) or a region (the page drills there)."""
    if key.startswith("u"):
        show_history(int(key[1:]))
    elif key.startswith("r") and key[1:] != filters.region:
        drill_to(filters.with_region(key[1:]))


def _clickable(table: pd.DataFrame, config: dict[str, Any], filters: Filters, key: str) -> None:
    event = st.dataframe(
        table,
        hide_index=True,
        placeholder=DASH,
        width="stretch",
        height=table_height(len(table)),
        column_config={KEY: None, **config},
        on_select="rerun",
        selection_mode="single-row",
        key=selection_key(key),
    )
    picked = event.selection.rows if event is not None else []
    if picked:
        _clicked(filters, str(table.iloc[picked[0]][KEY]))


def _count_config(table: pd.DataFrame, columns: tuple[str, ...]) -> dict[str, Any]:
    return {c: st.column_config.NumberColumn(c, format=COUNT_FORMAT) for c in columns if c in table.columns}


# ---------------------------------------------------------------- disclosure counts (附件5)


def disclosure_table(frame: pd.DataFrame, region: Region | None, names: dict[str, str]) -> pd.DataFrame:
    """附件5 ranked: rank by active disclosures (ties share one), the counts as numbers, empty cells kept empty."""
    frame = frame.reset_index(drop=True)
    own = region.code if region else None
    table = pd.DataFrame(
        {
            KEY: [f"u{unit}" for unit in frame["unit_id"]],
            labels.DISC_COLUMNS["rank"]: whole_numbers(frame["proactive_total"]).rank(method="min", ascending=False),
            labels.DISC_COLUMNS["unit"]: frame["unit_name"].astype(str),
            labels.DISC_COLUMNS["belongs"]: [
                labels.DISC_OWN_LEVEL if code == own else names.get(str(code), str(code))
                for code in frame["child_code"]
            ],
            **{labels.DISC_COLUMNS[name]: whole_numbers(frame[name]) for name in DISCLOSURE_COUNTS},
            labels.DISC_COLUMNS["seq"]: whole_numbers(frame["seq"]),
        }
    )
    table[labels.DISC_COLUMNS["rank"]] = whole_numbers(table[labels.DISC_COLUMNS["rank"]])
    if set(table[labels.DISC_COLUMNS["belongs"]]) == {labels.DISC_OWN_LEVEL}:
        table = table.drop(columns=labels.DISC_COLUMNS["belongs"])
    return table


def _period_covered(totals: pd.Series) -> str | None:
    first, last = totals["first_period_text"], totals["last_period_text"]
    if not first:
        return None
    return str(first) if first == last else f"{first} 至 {last}"


def disclosure(scope: Scope, filters: Filters, region: Region | None, downloads: PageDownloads) -> None:
    """Departments' disclosure counts: the notice's totals, the same summed, the departments ranked."""
    assert filters.period is not None
    st.subheader(labels.DISC_DISCLOSURE)
    totals = store.run(disclosure_totals, scope=scope, period=filters.period, region=filters.region).iloc[0]
    figures = store.run(region_figures, scope=scope, period=filters.period, region=filters.region)
    reported = figures[figures["target_kind"] == "disclosure"]
    if not int(totals["departments"]) and reported.empty:
        st.caption(labels.DISC_DISCLOSURE_NONE)
        return
    covered = _period_covered(totals)
    if covered:
        st.caption(labels.DISC_PERIOD_COVERED.format(period=plain(covered)))
    if not reported.empty:
        _reported_cards(reported)
    if not int(totals["departments"]):
        return
    st.caption(labels.DISC_COMPUTED_CAPTION)
    _cards(
        [
            (labels.DISC_DEPARTMENTS, count(totals["departments"]), labels.COMPUTED_HELP),
            *(
                (label, count(totals[name]), labels.COMPUTED_HELP)
                for name, label in labels.DISC_TOTAL_LABELS.items()
                if totals[name] is not None and pd.notna(totals[name])
            ),
            (labels.DISC_WITH_REQUESTS, count(totals["departments_with_requests"]), labels.COMPUTED_HELP),
        ]
    )
    _by_child(scope, filters, region, downloads)
    frame = store.run(disclosure_rows, scope=scope, period=filters.period, region=region)
    codes = tuple(sorted({str(code) for code in frame["child_code"]} - {region.code if region else ""}))
    names = store.run(region_names, codes=codes) if codes else {}
    table = disclosure_table(frame, region, names)
    st.markdown(f"**{labels.DISC_RANKING}**")
    caption = labels.DISC_RANKING_HELP
    if len(frame) >= DISCLOSURE_ROW_CAP:
        caption += labels.DISC_CAPPED.format(total=count(totals["departments"]), cap=DISCLOSURE_ROW_CAP)
    st.caption(caption)
    counts = (
        labels.DISC_COLUMNS["rank"],
        labels.DISC_COLUMNS["seq"],
        *(labels.DISC_COLUMNS[n] for n in DISCLOSURE_COUNTS),
    )
    _clickable(table, _count_config(table, counts), filters, "disclosure_departments")
    downloads.table(Table(labels.DISC_RANKING, table.drop(columns=[KEY])), key="disclosure_departments_download")
    _disclosure_chart(table, filters)


def _disclosure_chart(table: pd.DataFrame, filters: Filters) -> None:
    value = labels.DISC_COLUMNS["proactive_total"]
    bars = table.dropna(subset=[value]).head(CHART_TOP)
    if bars.empty:
        return
    frame = pd.DataFrame(
        {
            "key": bars[KEY],
            "name": bars[labels.DISC_COLUMNS["unit"]],
            "value": bars[value].astype(float),
            "shown": [f"{int(v):,}" for v in bars[value]],
        }
    )
    st.markdown(f"**{labels.DISC_CHART.format(top=CHART_TOP)}**")
    figure = charts.ranking_bars(frame, topic="disclosure", axis_title=value)
    code = charts.clicked_code(charts.draw(figure, key=selection_key("disclosure_chart"), clickable=True))
    if code:
        _clicked(filters, code)


def _by_child(scope: Scope, filters: Filters, region: Region | None, downloads: PageDownloads) -> None:
    """The counts summed per child region, when the departments lie in more than the region's own level."""
    assert filters.period is not None
    frame = store.run(disclosure_by_child, scope=scope, period=filters.period, region=region)
    own = region.code if region else None
    if frame.empty or set(frame["region_code"]) == {own}:
        return
    own_label = labels.OWN_LEVEL.get(region.level, "") if region else ""
    table = pd.DataFrame(
        {
            KEY: [f"r{code}" for code in frame["region_code"]],
            labels.REGION_NAME: [
                own_label if code == own else str(name)
                for code, name in zip(frame["region_code"], frame["name"], strict=True)
            ],
            labels.DISC_DEPARTMENTS: whole_numbers(frame["departments"]),
            **{labels.DISC_COLUMNS[name]: whole_numbers(frame[name]) for name in DISCLOSURE_COUNTS},
        }
    )
    st.markdown(f"**{labels.DISC_BY_CHILD}**")
    st.caption(labels.DISC_BY_CHILD_HELP)
    counts = (labels.DISC_DEPARTMENTS, *(labels.DISC_COLUMNS[n] for n in DISCLOSURE_COUNTS))
    _clickable(table, _count_config(table, counts), filters, "disclosure_by_child")
    downloads.table(Table(labels.DISC_BY_CHILD, table.drop(columns=[KEY])), key="disclosure_by_child_download")


# ---------------------------------------------------------------- one department's history


def history(scope: Scope, unit: Unit, downloads: PageDownloads) -> None:
    """One department's disclosure counts in every period, under the table it was opened from."""
    frame = store.run(unit_disclosure_history, scope=scope, unit_id=unit.id)
    title = labels.DISC_HISTORY.format(unit=unit.name)
    unit_history.heading(title, close_label=labels.DISC_HISTORY_CLOSE, key="disclosure_history_close")
    if frame.empty:
        st.caption(labels.DISC_HISTORY_NONE)
        return
    table = pd.DataFrame(
        {
            labels.DISC_COLUMNS["period"]: frame["period"].map(period_label),
            labels.DISC_COLUMNS["period_text"]: frame["period_text"].fillna("").astype(str),
            **{labels.DISC_COLUMNS[name]: whole_numbers(frame[name]) for name in DISCLOSURE_COUNTS},
        }
    )
    config = _count_config(table, tuple(labels.DISC_COLUMNS[n] for n in DISCLOSURE_COUNTS))
    unit_history.shown(table, Table(title, table), downloads, config=config, key="disclosure_history")


# ---------------------------------------------------------------- netizen messages (附件6, 我为政府网站找错)


def message_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One group of a channel's rows as printed: counts as numbers, rates with the notice's digits, no empty column."""
    rows = rows.reset_index(drop=True)
    table = pd.DataFrame(
        {
            # A row opens its region (a city of 附件6), not the unit: the page's history is of disclosure counts.
            KEY: [f"r{code}" for code in rows["region_code"]],
            labels.DISC_MESSAGE_COLUMNS["seq"]: whole_numbers(rows["seq"]),
            labels.DISC_MESSAGE_COLUMNS["name"]: rows["name"].astype(str),
            labels.DISC_MESSAGE_COLUMNS["received"]: whole_numbers(rows["received"]),
            labels.DISC_MESSAGE_COLUMNS["completed"]: whole_numbers(rows["completed"]),
            labels.DISC_MESSAGE_COLUMNS["completion_rate"]: [
                percent_as_printed(v, d)
                for v, d in zip(rows["completion_rate"], rows["completion_rate_decimals"], strict=True)
            ],
            labels.DISC_MESSAGE_COLUMNS["avg_working_days"]: pd.to_numeric(rows["avg_working_days"]).astype(float),
            labels.DISC_MESSAGE_COLUMNS["on_time_rate"]: [
                percent_as_printed(v, d)
                for v, d in zip(rows["on_time_rate"], rows["on_time_rate_decimals"], strict=True)
            ],
            labels.DISC_MESSAGE_COLUMNS["period_text"]: rows["period_text"].fillna("").astype(str),
        }
    )
    empty = [
        column
        for column in table.columns
        if column != KEY and not table[column].map(lambda v: v is not None and not pd.isna(v) and v != "").any()
    ]
    return table.drop(columns=empty)


def _message_config(table: pd.DataFrame) -> dict[str, Any]:
    config = _count_config(
        table,
        (
            labels.DISC_MESSAGE_COLUMNS["seq"],
            labels.DISC_MESSAGE_COLUMNS["received"],
            labels.DISC_MESSAGE_COLUMNS["completed"],
        ),
    )
    days = labels.DISC_MESSAGE_COLUMNS["avg_working_days"]
    if days in table.columns:
        config[days] = st.column_config.NumberColumn(days, format=DAYS_FORMAT)
    return config


def _own_row_cards(row: pd.Series) -> None:
    """A region-wide row is the notice's own figure for the region: shown as reported cards."""
    cards = []
    for measure in ("received", "completed"):
        if pd.notna(row[measure]):
            cards.append((labels.DISC_MESSAGE_MEASURES[measure], count(row[measure]), None))
    for rate in ("completion_rate", "on_time_rate"):
        if row[rate] is not None and pd.notna(row[rate]):
            cards.append(
                (labels.DISC_MESSAGE_MEASURES[rate], percent_as_printed(row[rate], row[f"{rate}_decimals"]), None)
            )
    if pd.notna(row["avg_working_days"]):
        cards.append((labels.DISC_MESSAGE_MEASURES["avg_working_days"], f"{float(row['avg_working_days']):g}", None))
    _cards(cards)


def _computed_message_cards(totals: pd.DataFrame, channel: str) -> None:
    found = totals[totals["channel"] == channel]
    if found.empty:
        return
    total = found.iloc[0]
    names = labels.DISC_MESSAGE_TOTAL_LABELS
    cards: list[tuple[str, str, str | None]] = [
        (names["rows"], count(total["rows"]), None),
        (names["received"], count(total["received"]), None),
    ]
    if int(total["completed_rows"]) == int(total["rows"]):
        cards.append((names["completed"], count(total["completed"]), None))
    if total["avg_working_days"] is not None and pd.notna(total["avg_working_days"]):
        cards.append((names["avg_working_days"], f"{float(total['avg_working_days']):.1f}", labels.DISC_AVG_DAYS_HELP))
    st.caption(labels.DISC_MESSAGES_COMPUTED_CAPTION)
    _cards([(label, value, help_ or labels.COMPUTED_HELP) for label, value, help_ in cards])


def _rule(scope: Scope, filters: Filters, region: Region | None) -> None:
    """The deadline for replies to error reports: the notice's own words where it states one, else the general rule."""
    assert filters.period is not None
    stated = store.run(requirements_mentioning, scope=scope, period=filters.period, region=region, words=RULE_WORDS)
    if stated:
        for text in stated:
            st.caption(labels.DISC_RULE_STATED.format(text=plain(text)))
    else:
        st.caption(labels.DISC_RULE_GENERAL)


def messages(scope: Scope, filters: Filters, region: Region | None, downloads: PageDownloads) -> None:
    """Both channels of netizen messages: the notice's figures, the rows as printed, the sums marked computed."""
    assert filters.period is not None
    figures = store.run(region_figures, scope=scope, period=filters.period, region=filters.region)
    figures = figures[figures["target_kind"] == "message"]
    totals = store.run(message_totals, scope=scope, period=filters.period, region=filters.region)
    shown_any = False
    for channel in CHANNELS:
        rows = store.run(message_rows, scope=scope, period=filters.period, region=filters.region, channel=channel)
        stated = figures[figures["source_text"].fillna("").str.contains(CHANNEL_WORDS[channel], regex=False)]
        if rows.empty and stated.empty:
            continue
        if not shown_any:
            st.subheader(labels.DISC_MESSAGES)
            shown_any = True
        st.markdown(f"**{labels.DISC_CHANNELS[channel]}**")
        own = rows[rows["own"] == 1]
        if not stated.empty:
            _reported_cards(stated)
        elif not own.empty:
            st.caption(labels.DISC_OWN_ROW_CAPTION)
            _own_row_cards(own.iloc[0])
        if channel == "site_error_report":
            _rule(scope, filters, region)
        _computed_message_cards(totals, channel)
        listed = rows[rows["own"] == 0]
        if listed["round_id"].nunique() > 1:
            # Several notices' rows: one table per child region reads better than every row of each.
            _messages_by_child(scope, filters, region, channel, downloads)
            continue
        if len(rows) >= MESSAGE_ROW_CAP:
            st.caption(labels.DISC_MESSAGES_CAPPED.format(cap=MESSAGE_ROW_CAP))
        groups = list(dict.fromkeys(listed["group_label"].fillna("")))
        for index, group in enumerate(groups):
            part = listed[listed["group_label"].fillna("") == group]
            fallback = labels.DISC_GROUP_PLACES if part["unit_id"].isna().all() else labels.DISC_GROUP_OTHER
            title = f"{labels.DISC_CHANNELS[channel]} · {group or fallback}"
            st.markdown(f"*{plain(title)}*")
            table = message_table(part)
            _clickable(table, _message_config(table), filters, f"disclosure_{channel}_{index}")
            downloads.table(Table(title, table.drop(columns=[KEY])), key=f"disclosure_{channel}_{index}_download")


def _messages_by_child(
    scope: Scope, filters: Filters, region: Region | None, channel: str, downloads: PageDownloads
) -> None:
    """One channel's counted rows summed per child region; a row drills into its region."""
    assert filters.period is not None
    frame = store.run(message_by_child, scope=scope, period=filters.period, region=region)
    frame = frame[frame["channel"] == channel].reset_index(drop=True)
    if frame.empty:
        return
    own = region.code if region else None
    own_label = labels.OWN_LEVEL.get(region.level, "") if region else ""
    names = labels.DISC_MESSAGE_TOTAL_LABELS
    table = pd.DataFrame(
        {
            KEY: [f"r{code}" for code in frame["region_code"]],
            labels.REGION_NAME: [
                own_label if code == own else str(name)
                for code, name in zip(frame["region_code"], frame["name"], strict=True)
            ],
            names["rows"]: whole_numbers(frame["rows"]),
            names["received"]: whole_numbers(frame["received"]),
            names["completed"]: whole_numbers(frame["completed"]).where(frame["completed_rows"] == frame["rows"]),
            names["avg_working_days"]: pd.to_numeric(frame["avg_working_days"]).astype(float).round(1),
        }
    )
    title = f"{labels.DISC_CHANNELS[channel]} · {labels.DISC_BY_CHILD_MESSAGES}"
    st.markdown(f"*{plain(title)}*")
    st.caption(labels.DISC_BY_CHILD_MESSAGES_HELP)
    config = _count_config(table, (names["rows"], names["received"], names["completed"]))
    config[names["avg_working_days"]] = st.column_config.NumberColumn(names["avg_working_days"], format="%.1f")
    _clickable(table, config, filters, f"disclosure_{channel}_by_child")
    downloads.table(Table(title, table.drop(columns=[KEY])), key=f"disclosure_{channel}_by_child_download")


# ---------------------------------------------------------------- filing-system changes


def registry(scope: Scope, filters: Filters, downloads: PageDownloads) -> None:
    """Sites and accounts closed or added in the filing system this period, counted and listed."""
    assert filters.period is not None
    counts = store.run(registry_change_counts, scope=scope, period=filters.period, region=filters.region)
    if counts.empty:
        return
    st.subheader(labels.DISC_REGISTRY)
    _cards(
        [
            (
                labels.DISC_CHANGE_COUNT.format(
                    change=labels.DISC_CHANGES.get(str(change), str(change)),
                    kind=labels.KIND_LABELS.get(str(kind), str(kind)),
                ),
                count(number),
                None,
            )
            for change, kind, number in zip(counts["change"], counts["kind"], counts["changes"], strict=True)
        ]
    )
    frame = store.run(registry_change_rows, scope=scope, period=filters.period, region=filters.region)
    table = pd.DataFrame(
        {
            labels.DISC_REGISTRY_COLUMNS["change"]: frame["change"].map(lambda c: labels.DISC_CHANGES.get(c, c)),
            labels.DISC_REGISTRY_COLUMNS["kind"]: frame["kind"].map(lambda k: labels.KIND_LABELS.get(k, k)),
            labels.DISC_REGISTRY_COLUMNS["code"]: frame["code"].fillna("").astype(str),
            labels.DISC_REGISTRY_COLUMNS["name"]: frame["name"].astype(str),
            labels.DISC_REGISTRY_COLUMNS["platform_label"]: frame["platform_label"].fillna("").astype(str),
            labels.DISC_REGISTRY_COLUMNS["unit_name"]: frame["unit_name"].fillna("").astype(str),
            labels.DISC_REGISTRY_COLUMNS["region_name"]: frame["region_name"].astype(str),
            labels.DISC_REGISTRY_COLUMNS["note"]: frame["note"].fillna("").astype(str),
        }
    )
    empty = [c for c in table.columns if not table[c].astype(bool).any()]
    table = table.drop(columns=empty)
    caption = labels.DISC_REGISTRY_HELP
    if len(frame) >= REGISTRY_ROW_CAP:
        caption += labels.DISC_REGISTRY_CAPPED.format(total=count(counts["changes"].sum()), cap=REGISTRY_ROW_CAP)
    st.caption(caption)
    st.dataframe(
        table,
        hide_index=True,
        placeholder=DASH,
        width="stretch",
        height=table_height(len(table)),
        key="disclosure_registry",
    )
    code = labels.DISC_REGISTRY_COLUMNS["code"]
    downloads.table(
        Table(labels.DISC_REGISTRY, table, text_columns=(code,) if code in table.columns else ()),
        key="disclosure_registry_download",
    )
