"""Indicator sets (/indicators, administrators): the sets and their indicators, a set as XLSX, a new version
edited on the page or imported from XLSX. A stored version never changes (data_access.indicator_sets)."""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import auth, labels, store
from dashboard.downloads import PageDownloads
from dashboard.export import XLSX_MIME, Table
from dashboard.formatting import plain
from dashboard.tables import given, table_height
from data_access.audit import record
from data_access.imports.batches import bump_version
from data_access.indicator_sets import (
    SetError,
    SetSpec,
    indicator_rows,
    list_sets,
    read_set_xlsx,
    save_version,
    set_meta,
    set_xlsx,
    spec_from_rows,
    spec_of,
)
from data_access.vocabulary import CATEGORY_NAMES

SET_ADDED = "set_add"  # the audit action
_MESSAGE = "indicators_message"
_CATEGORY_CODES = {name: code for code, name in CATEGORY_NAMES.items()}
_PART_CODES = {name: code for code, name in labels.INDICATOR_PART_LABELS.items()}


def _say_pending() -> None:
    found = st.session_state.pop(_MESSAGE, None)
    if found:
        kind, text = found
        (st.success if kind == "success" else st.error)(plain(text))


def sets_section(downloads: PageDownloads) -> int | None:
    """The sets this administrator may use, and the one picked to look at."""
    frame = store.run(list_sets, scope=auth.scope())
    st.subheader(labels.INDICATORS_LIST)
    if frame.empty:
        return None
    names = labels.INDICATORS_COLUMNS
    shown = pd.DataFrame(
        {
            names["name"]: frame["name"],
            names["code"]: frame["code"],
            names["version"]: frame["version"].astype(int),
            names["kind"]: frame["kind"].map(labels.TARGET_KIND_SET_LABELS),
            names["region_name"]: frame["region_name"].fillna(labels.INDICATORS_NATIONAL).astype(str),
            names["max_score"]: pd.to_numeric(frame["max_score"]).astype(float),
            names["pass_line"]: pd.to_numeric(frame["pass_line"]).astype(float),
            names["bonus_threshold"]: pd.to_numeric(frame["bonus_threshold"]).astype(float),
            names["bonus_max"]: pd.to_numeric(frame["bonus_max"]).astype(float),
            names["active"]: [labels.EXPORT_TRUE if value else labels.EXPORT_FALSE for value in frame["active"]],
            names["indicators"]: frame["indicators"].astype(int),
            names["used"]: [labels.EXPORT_TRUE if value else labels.EXPORT_FALSE for value in frame["used"]],
            names["created_by"]: frame["created_by"].fillna("").astype(str),
            names["source"]: frame["source"].fillna("").astype(str),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", height=table_height(len(shown)), key="indicators_sets")
    downloads.table(Table(labels.INDICATORS_LIST, shown), key="indicators_sets_download")
    options = {
        int(row["id"]): labels.INDICATORS_SET_OPTION.format(
            name=row["name"], code=row["code"], version=int(row["version"])
        )
        for _, row in frame.iterrows()
    }
    return st.selectbox(labels.INDICATORS_PICK, list(options), format_func=options.__getitem__, key="indicators_pick")


def _items_frame(set_id: int) -> pd.DataFrame:
    frame = store.run(indicator_rows, set_id=set_id)
    return pd.DataFrame(
        {
            "part": frame["part"].map(labels.INDICATOR_PART_LABELS),
            "group_name": frame["group_name"].fillna("").astype(str),
            "name": frame["name"].astype(str),
            "cap": pd.to_numeric(frame["cap"]).astype(float),
            "category": frame["category"].map(lambda code: CATEGORY_NAMES.get(code, "") if given(code) else ""),
            "also_categories": frame["also_categories"].map(
                lambda codes: "、".join(CATEGORY_NAMES[c] for c in str(codes).split(",") if c) if given(codes) else ""
            ),
            "needs_services": frame["needs_services"].astype(bool),
            "rule_text": frame["rule_text"].astype(str),
        }
    )


def items_section(set_id: int, downloads: PageDownloads) -> None:
    """The picked set's indicators, its XLSX, and the table to edit into the next version."""
    spec = store.run(spec_of, set_id=set_id)
    items = _items_frame(set_id)
    st.subheader(labels.INDICATORS_ITEMS)
    shown = items.rename(columns=labels.INDICATORS_ITEM_COLUMNS)
    downloads.table(
        Table(
            labels.INDICATORS_SET_TITLE.format(name=spec.indicator_set.name, version=spec.indicator_set.version), shown
        ),
        key="indicators_items",
    )
    st.download_button(
        labels.INDICATORS_DOWNLOAD,
        data=partial(set_xlsx, spec),
        file_name=labels.INDICATORS_FILE.format(code=spec.indicator_set.code, version=spec.indicator_set.version),
        mime=XLSX_MIME,
        on_click="ignore",
        key="indicators_xlsx",
    )
    st.caption(labels.INDICATORS_EDIT_HELP)
    names = labels.INDICATORS_ITEM_COLUMNS
    edited = st.data_editor(
        items,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        height=table_height(len(items), max_rows=14),
        key=f"indicators_editor_{set_id}",
        column_config={
            "part": st.column_config.SelectboxColumn(names["part"], options=list(_PART_CODES), required=True),
            "group_name": st.column_config.TextColumn(names["group_name"], max_chars=40),
            "name": st.column_config.TextColumn(names["name"], max_chars=60, required=True),
            "cap": st.column_config.NumberColumn(names["cap"], min_value=0.1, step=0.1, format="%.1f"),
            "category": st.column_config.SelectboxColumn(names["category"], options=["", *_CATEGORY_CODES]),
            "also_categories": st.column_config.TextColumn(names["also_categories"]),
            "needs_services": st.column_config.CheckboxColumn(names["needs_services"]),
            "rule_text": st.column_config.TextColumn(names["rule_text"], width="large"),
        },
    )
    if st.button(labels.INDICATORS_SAVE, key="indicators_save"):
        rows = [_row_codes(row) for row in edited.to_dict("records")]
        try:
            new_spec = spec_from_rows(spec, rows)
        except SetError as refused:
            st.error(plain(str(refused)))
            return
        _save(new_spec)


def _row_codes(row: dict[Any, Any]) -> dict[str, Any]:
    """An edited row with its Chinese words turned back into codes."""
    also = str(row.get("also_categories") or "")
    return {
        **row,
        "part": _PART_CODES.get(str(row.get("part") or ""), str(row.get("part") or "")),
        "category": _CATEGORY_CODES.get(str(row.get("category") or ""), row.get("category") or None),
        "also_categories": also,
        "cap": None if not given(row.get("cap")) or pd.isna(row.get("cap")) else row.get("cap"),
    }


def _save(spec: SetSpec) -> None:
    """Store ``spec`` as the next version of its code, audited; say so after the rerun."""
    user = auth.account().user_name
    try:
        with store.engine().begin() as conn:
            set_id = save_version(conn, spec, user=user, scope=auth.scope())
            version = set_meta(conn, set_id)["version"]
            bump_version(conn)
            record(
                conn,
                user=user,
                action=SET_ADDED,
                detail=labels.INDICATORS_AUDIT.format(
                    name=spec.indicator_set.name, version=version, code=spec.indicator_set.code
                ),
            )
    except SetError as refused:
        st.error(plain(str(refused)))
        return
    st.session_state[_MESSAGE] = (
        "success",
        labels.INDICATORS_SAVED.format(name=spec.indicator_set.name, version=version),
    )
    st.rerun()


def import_section() -> None:
    """An XLSX set (shaped like the download) stored as a new set or the next version of its code."""
    st.subheader(labels.INDICATORS_IMPORT)
    st.caption(labels.INDICATORS_IMPORT_HELP)
    upload = st.file_uploader(labels.INDICATORS_UPLOADER, key="indicators_upload")
    if upload is None:
        return
    try:
        spec = read_set_xlsx(upload.getvalue(), source=upload.name)
    except SetError as refused:
        st.error(plain(str(refused)))
        return
    rule = spec.indicator_set
    st.text(labels.INDICATORS_READ.format(name=rule.name, code=rule.code, count=len(rule.indicators)))
    if st.button(labels.INDICATORS_IMPORT_BUTTON, type="primary", key="indicators_import"):
        _save(spec)


def page(downloads: PageDownloads) -> None:
    _say_pending()
    set_id = sets_section(downloads)
    if set_id is not None:
        items_section(int(set_id), downloads)
    import_section()
