"""The import page (/data): a file checked then written as one batch, the batches listed and undone, templates.

The checks and the write are ``data_access.imports``: a dry run shows exactly
what the write will do, and the write is one transaction. This module holds
the widgets and the session state between the two steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import auth, labels, store
from dashboard.downloads import PageDownloads
from dashboard.export import CSV_MIME, XLSX_MIME, Table
from dashboard.filters import Filters, page_target
from dashboard.formatting import DASH, plain
from dashboard.tables import given, table_height
from data_access.clock import beijing_texts, beijing_today
from data_access.imports import kinds as k
from data_access.imports.batches import ImportRefused, Outcome, checksum, list_batches, run_import, undo
from data_access.imports.reader import ReadError, read_table, sheet_names
from data_access.imports.records import period_from_titles
from data_access.imports.templates import template_csv, template_name, template_xlsx
from data_access.imports.writer import TABLE_LABELS
from data_access.periods import Period, parse_period, period_label
from data_access.regions import children, get_region, in_scope

PERIOD_YEARS = 10  # quarters offered: the current one and this many years back (a file's own is always added)
PREVIEW_ROWS = 1000  # rows of the preview drawn; every row is checked and downloadable
INSPECT_TTL_SECONDS = 600
PROBLEM_ROW_STYLE = "background-color: #fde2e1"
REGION_LEVELS = ("province", "city", "county")

# Session state between reruns.
_FILE = "data_file"  # the file being imported (UploadedData)
_CHECKED = "data_checked"  # (Request, Outcome) of the last 检查
_DONE = "data_done"  # Done: what the last write said, until the next file
_NONCE = "data_upload_nonce"  # part of the uploader's key: a new key empties it after an import
_UNDO_ASKED = "data_undo_asked"  # the batch id whose undo waits for confirmation
_UNDO_RESULT = "data_undo_result"  # ("success" | "error", message) of the last undo


@dataclass(frozen=True)
class UploadedData:
    """The uploaded file's name and bytes, kept by checksum across reruns."""

    name: str
    data: bytes
    checksum: str


@dataclass(frozen=True)
class Inspection:
    """What a file says before any check: its sheets, the sheet read, the kinds its header fits, its title's period."""

    sheets: tuple[str, ...]
    sheet: str | None
    error: str | None
    candidates: tuple[tuple[str, int, tuple[str, ...]], ...]  # kind key, columns named, required labels missing
    title_period: str | None


@dataclass(frozen=True)
class Request:
    """One set of choices for a file; a check is valid for the write only while they stay the same."""

    checksum: str
    sheet: str | None
    kind: str
    period: str | None
    region: str | None


@dataclass(frozen=True)
class Done:
    """A finished import, shown until the next file: its message, what it wrote, where to look."""

    status: str
    message: str
    counts: tuple[tuple[str, int], ...]
    period: str | None
    region: str | None


def current_user() -> str:
    """The name batches and undos are recorded under: the logged-in account."""
    return auth.account().user_name


# ---------------------------------------------------------------- reading the file


@st.cache_data(ttl=INSPECT_TTL_SECONDS, max_entries=16, show_spinner=False)
def inspect(data: bytes, file_name: str, sheet: str | None) -> Inspection:
    """Read ``data`` (the chosen sheet, or the first with a header row) and rank the kinds its header fits."""
    try:
        sheets = tuple(sheet_names(data, file_name))
        table = read_table(data, file_name, k.known_headers(), sheet=sheet)
    except ReadError as error:
        return Inspection((), sheet, str(error), (), None)
    candidates = tuple((m.kind.key, m.matched, m.missing) for m in k.recognise(table.headers))
    return Inspection(sheets, table.sheet, None, candidates, period_from_titles(table.title_lines))


def import_periods(today: dt.date) -> list[str]:
    """The quarters offered for an import, newest first: this quarter back ``PERIOD_YEARS`` years."""
    current = Period(today.year, (today.month - 1) // 3 + 1)
    return [current.shifted(-n).key for n in range(PERIOD_YEARS * 4)]


def uploaded_file() -> UploadedData | None:
    """The uploader, and the file it holds (kept in session state by checksum)."""
    nonce = st.session_state.get(_NONCE, 0)
    upload = st.file_uploader(labels.DATA_UPLOADER, key=f"data_uploader_{nonce}", help=labels.DATA_UPLOADER_HELP)
    if upload is None:
        st.session_state.pop(_FILE, None)
        return None
    data = upload.getvalue()
    digest = checksum(data)
    kept = st.session_state.get(_FILE)
    if not isinstance(kept, UploadedData) or kept.checksum != digest:
        kept = UploadedData(upload.name, data, digest)
        st.session_state[_FILE] = kept
        st.session_state.pop(_CHECKED, None)
        st.session_state.pop(_DONE, None)
    return kept


def _widget_key(name: str, file: UploadedData, *parts: object) -> str:
    """A key per file (and per ``parts``), so that a new file starts every choice from its own defaults."""
    return "_".join(["data", name, file.checksum[:16], *(str(part) for part in parts)])


def pick_sheet(file: UploadedData, default: Inspection) -> Inspection:
    """The sheet picker, when the workbook has several sheets; the inspection of the sheet chosen."""
    if len(default.sheets) <= 1:
        return default
    index = default.sheets.index(default.sheet) if default.sheet in default.sheets else 0
    chosen = st.selectbox(labels.DATA_SHEET, default.sheets, index=index, key=_widget_key("sheet", file))
    return default if chosen == default.sheet else inspect(file.data, file.name, chosen)


def pick_kind(file: UploadedData, inspection: Inspection) -> k.Kind:
    """The kind recognised from the header, to confirm or change: the kinds that fit first, then all others."""
    matched = {key: count for key, count, _ in inspection.candidates}
    if inspection.candidates:
        best, count, missing = inspection.candidates[0]
        st.caption(plain(labels.DATA_KIND_RECOGNISED.format(label=k.KINDS[best].label, matched=count)))
        if missing:
            st.caption(plain(labels.DATA_KIND_MISSING.format(labels="、".join(missing))))
    else:
        st.warning(labels.DATA_KIND_NONE)
    options = [*matched, *(key for key in k.KINDS if key not in matched)]

    def name(key: str) -> str:
        if key in matched:
            return labels.DATA_KIND_OPTION_MATCHED.format(label=k.KINDS[key].label, matched=matched[key])
        return labels.DATA_KIND_OPTION.format(label=k.KINDS[key].label)

    key = st.selectbox(
        labels.DATA_KIND,
        options,
        format_func=name,
        help=labels.DATA_KIND_HELP,
        key=_widget_key("kind", file, inspection.sheet),
    )
    return k.KINDS[key]


def pick_period(file: UploadedData, inspection: Inspection, suggested: Filters, today: dt.date) -> str | None:
    """The quarter of the batch: the file's title first, then the page's URL; the user can change it."""
    default = inspection.title_period or suggested.period
    options = import_periods(today)
    if default and default not in options:
        options = sorted({*options, default}, key=parse_period, reverse=True)
    if inspection.title_period:
        st.caption(plain(labels.DATA_PERIOD_FROM_TITLE.format(period=period_label(inspection.title_period))))
    chosen = st.selectbox(
        labels.DATA_PERIOD,
        options,
        index=options.index(default) if default else None,
        format_func=period_label,
        placeholder=labels.DATA_PERIOD_PLACEHOLDER,
        key=_widget_key("period", file),
    )
    return str(chosen) if chosen else None


def _region_namer(names: dict[str, str]) -> Callable[[str], str]:
    return lambda code: names.get(code, labels.DATA_REGION_NONE)


def pick_region(file: UploadedData, suggested: Filters) -> str | None:
    """The region of the batch, level by level (the regions the sidebar of every page offers); the URL's first."""
    path: dict[str, str] = {}
    scope = auth.scope()
    region = store.run(get_region, code=suggested.region) if suggested.region else None
    if scope.region_code is not None and (region is None or not in_scope(region, scope)):
        region = store.run(get_region, code=scope.region_code)  # a scoped account starts at its own region
    if region is not None:
        path = {"province": region.province_code, "city": region.city_code or ""}
        path[region.level] = region.code
    st.markdown(f"**{labels.DATA_REGION}**")
    chosen: str | None = None
    for level, column in zip(REGION_LEVELS, st.columns(len(REGION_LEVELS)), strict=True):
        options = store.run(children, scope=scope, parent_code=chosen)
        if options.empty:
            break
        names = dict(zip(options["code"], options["name"], strict=True))
        default = path.get(level, "")
        choices = ["", *names]
        # The parent is part of the key: another province starts its city picker empty, not on a stale city.
        value = column.selectbox(
            labels.DATA_REGION_LEVELS[level],
            choices,
            index=choices.index(default) if default in names else 0,
            format_func=_region_namer(names),
            key=_widget_key("region", file, level, chosen or ""),
        )
        if not value:
            break
        chosen = str(value)
    return chosen


# ---------------------------------------------------------------- check and write


def _run(file: UploadedData, request: Request, *, dry_run: bool) -> Outcome:
    return run_import(
        store.engine(),
        file.data,
        file.name,
        kind=request.kind,
        period=request.period,
        region=request.region,
        sheet=request.sheet,
        user=current_user(),
        dry_run=dry_run,
        scope=auth.scope(),
    )


def issue_frame(outcome: Outcome) -> pd.DataFrame:
    """The outcome's problems as a table: 行号 (empty for the file as a whole), 列, 问题."""
    line, column, message = labels.DATA_ISSUE_COLUMNS
    return pd.DataFrame(
        {
            line: pd.array([issue.line for issue in outcome.issues], dtype="Int64"),
            column: [issue.column or "" for issue in outcome.issues],
            message: [issue.message for issue in outcome.issues],
        }
    )


def preview_frame(outcome: Outcome) -> pd.DataFrame:
    """The rows as they will be written, every cell as text, with each row's problems in 问题."""
    frame = outcome.preview()
    for column in frame.columns:
        if column != "行号":
            frame[column] = frame[column].map(lambda value: str(value) if given(value) else "").astype(str)
    return frame


def _mark_problem_rows(row: pd.Series) -> list[str]:
    return [PROBLEM_ROW_STYLE if row["问题"] else ""] * len(row)


def show_outcome(outcome: Outcome, downloads: PageDownloads) -> None:
    """The check's result: the message, the notes, the problems (downloadable), the preview and the counts."""
    say = {"dry_run": st.success, "written": st.success, "duplicate": st.info}.get(outcome.status, st.error)
    say(plain(outcome.message))
    if outcome.notes:
        st.markdown(f"**{labels.DATA_NOTES}**")
        st.markdown("\n".join(f"- {plain(note)}" for note in outcome.notes))
    if outcome.issues:
        st.markdown(f"**{labels.DATA_ISSUES}**")
        issues = issue_frame(outcome)
        st.dataframe(issues, hide_index=True, height=table_height(len(issues)), placeholder=DASH, key="data_issues")
        downloads.table(Table(labels.DATA_ISSUES, issues), key="data_issues_download")
    preview = preview_frame(outcome)
    if not preview.empty:
        st.markdown(f"**{labels.DATA_PREVIEW}**")
        shown = preview.head(PREVIEW_ROWS)
        st.dataframe(
            shown.style.apply(_mark_problem_rows, axis=1),
            hide_index=True,
            height=table_height(len(shown)),
            key="data_preview",
        )
        if len(preview) > PREVIEW_ROWS:
            st.caption(labels.DATA_PREVIEW_CAPPED.format(shown=PREVIEW_ROWS, total=len(preview)))
        # Every cell is text already, so codes stay text in the download.
        downloads.table(Table(labels.DATA_PREVIEW_TITLE, preview), key="data_preview_download")
    if outcome.counts and outcome.status in ("dry_run", "written"):
        verb = labels.DATA_COUNTS if outcome.status == "dry_run" else labels.DATA_COUNTS_WRITTEN
        lines = "、".join(labels.DATA_COUNT_LINE.format(table=t, count=n) for t, n in outcome.counts.items())
        st.markdown(f"**{verb}**：{plain(lines)}")


def show_done(done: Done) -> None:
    """What the last import did, and links to the pages that show it (this period and region in the URL)."""
    if done.status == "written":
        st.success(plain(done.message))
    else:
        st.info(plain(done.message))
    if done.counts:
        lines = "、".join(labels.DATA_COUNT_LINE.format(table=t, count=n) for t, n in done.counts)
        st.markdown(f"**{labels.DATA_COUNTS_WRITTEN}**：{plain(lines)}")
    if done.period is None:
        return
    filters = Filters(done.period, done.region)
    region = store.run(get_region, code=done.region) if done.region else None
    where = f"{region.name if region else labels.NATIONAL} · {period_label(done.period)}"
    st.markdown(labels.DATA_DONE_LINKS)
    with st.container(horizontal=True, gap="small"):
        for page, label in (
            ("overview", labels.DATA_LINK_OVERVIEW),
            ("regions", labels.DATA_LINK_REGIONS),
            ("problems", labels.DATA_LINK_PROBLEMS),
        ):
            st.page_link(page_target(page), label=plain(label.format(where=where)), query_params=filters.query_params())


def import_section(suggested: Filters, downloads: PageDownloads, today: dt.date) -> None:
    """Upload, choose sheet, kind, period and region, check, then confirm the write."""
    file = uploaded_file()
    done = st.session_state.get(_DONE)
    if file is None:
        if isinstance(done, Done):
            show_done(done)
        return
    st.caption(plain(labels.DATA_FILE.format(name=file.name)))
    inspection = inspect(file.data, file.name, None)
    if inspection.error is None:
        inspection = pick_sheet(file, inspection)
    if inspection.error is not None:
        st.error(plain(inspection.error))
        return
    kind = pick_kind(file, inspection)
    period = pick_period(file, inspection, suggested, today) if kind.needs_period else None
    region = pick_region(file, suggested) if kind.needs_region else None
    request = Request(file.checksum, inspection.sheet, kind.key, period, region)

    if st.button(labels.DATA_CHECK, help=labels.DATA_CHECK_HELP, key="data_check"):
        st.session_state[_CHECKED] = (request, _run(file, request, dry_run=True))
    checked = st.session_state.get(_CHECKED)
    outcome: Outcome | None = None
    if checked is not None:
        if checked[0] == request:
            outcome = checked[1]
        else:
            st.caption(labels.DATA_STALE)
    if outcome is not None:
        show_outcome(outcome, downloads)
    ready = outcome is not None and outcome.status == "dry_run"
    if st.button(
        labels.DATA_CONFIRM, type="primary", disabled=not ready, help=labels.DATA_CONFIRM_HELP, key="data_confirm"
    ):
        written = _run(file, request, dry_run=False)
        if written.taken:
            st.session_state[_DONE] = Done(
                written.status, written.message, tuple(written.counts.items()), written.period, written.region
            )
            st.session_state[_NONCE] = st.session_state.get(_NONCE, 0) + 1  # a new, empty uploader
            st.session_state.pop(_FILE, None)
            st.session_state.pop(_CHECKED, None)
        else:  # the store changed since the check (another import): show why, nothing was written
            st.session_state[_CHECKED] = (request, written)
        st.rerun()


# ---------------------------------------------------------------- batches


def _detail(counts: Any) -> str:
    if not isinstance(counts, dict) or not counts:
        return ""
    return "、".join(f"{TABLE_LABELS.get(name, name)} {n}" for name, n in counts.items() if n)


def batch_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """list_batches' rows as the page shows them: Chinese headers, Beijing time, 有效/已撤销, newest first."""
    names = labels.DATA_BATCH_COLUMNS

    def text(column: str) -> pd.Series:
        return frame[column].map(lambda value: str(value) if given(value) else "").astype(str)

    return pd.DataFrame(
        {
            names["id"]: frame["id"].astype("Int64"),
            names["created_at"]: beijing_texts(frame["created_at"]),
            names["source"]: text("source"),
            names["kind_label"]: text("kind_label"),
            names["user_name"]: text("user_name"),
            names["period"]: frame["period"].map(lambda key: period_label(key) if given(key) else "").astype(str),
            names["region_name"]: text("region_name"),
            names["row_count"]: pd.to_numeric(frame["row_count"], errors="coerce").astype("Int64"),
            names["added"]: pd.to_numeric(frame["added"], errors="coerce").astype("Int64"),
            names["detail"]: frame["counts"].map(_detail).astype(str),
            names["status"]: frame["status"].map(lambda s: labels.DATA_BATCH_STATUS.get(s, s)).astype(str),
            names["undone_at"]: beijing_texts(frame["undone_at"]),
            names["undone_by"]: text("undone_by"),
        }
    ).sort_values(names["id"], ascending=False, ignore_index=True)


def _show_undo_result() -> None:
    result = st.session_state.pop(_UNDO_RESULT, None)
    if result is None:
        return
    kind, message = result
    (st.success if kind == "success" else st.error)(plain(message))


def undo_batch(batch_id: int) -> None:
    """Undo ``batch_id`` and remember what to say after the rerun (removed rows, or why it was refused)."""
    try:
        removed = undo(store.engine(), batch_id, user=current_user(), scope=auth.scope())
    except ImportRefused as refused:
        st.session_state[_UNDO_RESULT] = ("error", str(refused))
        return
    lines = "、".join(labels.DATA_COUNT_LINE.format(table=t, count=n) for t, n in removed.items())
    message = labels.DATA_UNDO_DONE.format(id=batch_id, removed=lines or labels.DATA_UNDO_NOTHING)
    st.session_state[_UNDO_RESULT] = ("success", message)


def undo_form(frame: pd.DataFrame) -> None:
    """Pick an active batch, ask, confirm, undo."""
    st.markdown(f"**{labels.DATA_UNDO}**")
    active = frame[(frame["status"] == "active") & frame["kind"].notna()]
    if active.empty:
        st.caption(labels.DATA_UNDO_NONE)
        return
    rows = {int(row["id"]): row for _, row in active.iterrows()}
    when = dict(zip(active["id"].astype(int), beijing_texts(active["created_at"]), strict=True))

    def name(batch_id: int) -> str:
        row = rows[batch_id]
        return labels.DATA_UNDO_OPTION.format(
            id=batch_id, source=row["source"], kind=row["kind_label"], when=when[batch_id]
        )

    picked = st.selectbox(labels.DATA_UNDO_PICK, list(rows), format_func=name, key="data_undo_pick")
    if st.button(labels.DATA_UNDO_ASK, key="data_undo_ask"):
        st.session_state[_UNDO_ASKED] = picked
    if picked is None or st.session_state.get(_UNDO_ASKED) != picked:
        return
    row = rows[picked]
    st.warning(plain(labels.DATA_UNDO_CONFIRM.format(id=picked, source=row["source"], added=row["added"])))
    yes, no = st.columns(2)
    if yes.button(labels.DATA_UNDO_YES, type="primary", key="data_undo_yes"):
        st.session_state.pop(_UNDO_ASKED, None)
        undo_batch(int(picked))
        st.rerun()
    if no.button(labels.DATA_UNDO_NO, key="data_undo_no"):
        st.session_state.pop(_UNDO_ASKED, None)
        st.rerun()


def batches_section(downloads: PageDownloads) -> None:
    """The batches, newest first, downloadable; then undo."""
    _show_undo_result()
    frame = store.run(list_batches, scope=auth.scope())
    if frame.empty:
        st.info(labels.DATA_BATCHES_NONE)
        return
    shown = batch_frame(frame)
    st.dataframe(shown, hide_index=True, height=table_height(len(shown)), placeholder=DASH, key="data_batches")
    downloads.table(Table(labels.DATA_BATCHES_TITLE, shown), key="data_batches_download")
    undo_form(frame)


# ---------------------------------------------------------------- templates


def templates_section() -> None:
    """One row per kind: its label and description, and its template as Excel and CSV."""
    st.caption(labels.DATA_TEMPLATES_INTRO)
    for key, kind in k.KINDS.items():
        text, xlsx, csv = st.columns([6, 1, 1], vertical_alignment="center")
        text.markdown(f"**{kind.label}**")
        text.caption(kind.description)
        xlsx.download_button(
            labels.DATA_TEMPLATE_XLSX,
            data=partial(template_xlsx, key),
            file_name=template_name(key, "xlsx"),
            mime=XLSX_MIME,
            on_click="ignore",
            key=f"data_template_{key}_xlsx",
        )
        csv.download_button(
            labels.DATA_TEMPLATE_CSV,
            data=partial(template_csv, key),
            file_name=template_name(key, "csv"),
            mime=CSV_MIME,
            on_click="ignore",
            key=f"data_template_{key}_csv",
        )


def today() -> dt.date:
    """Today in Beijing: the newest quarter an import may be for."""
    return beijing_today()
