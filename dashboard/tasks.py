"""Rectification tasks (/tasks): publish a round, the reminders, the period's tasks, one task with its steps.

The rules and the writes are ``data_access.tasks``: this module draws the lists and the forms, hands a
step to it in one transaction and says in Chinese what it refused. User text (answers, reasons, file
names, links) is only ever shown in tables or plain text, never as Markdown.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import labels, store
from dashboard.downloads import PageDownloads
from dashboard.export import Table
from dashboard.filters import (
    DEFAULT_REMINDER_DAYS,
    Filters,
    ProblemFilters,
    drop_task,
    not_in_periods,
    open_task,
    page_target,
    reminder_picker,
    selection_key,
)
from dashboard.formatting import DASH, plain
from dashboard.tables import given, table_height, whole_numbers
from data_access import tasks
from data_access.clock import beijing_texts
from data_access.periods import round_name
from data_access.regions import Region
from data_access.scope import Scope
from data_access.users import Account

CODE_COLUMN = labels.TASKS_COLUMNS["code"]
LIST_COLUMNS = (
    "task_id",
    "kind",
    "code",
    "name",
    "region_name",
    "host_unit_text",
    "problem_text",
    "deadline",
    "report_due",
    "status",
    "last_step",
)
REMINDER_COLUMNS = (
    "task_id",
    "kind",
    "code",
    "name",
    "region_name",
    "host_unit_text",
    "period",
    "deadline",
    "days_left",
    "status",
    "last_step",
)
OVERVIEW_ROWS = 5  # the most urgent tasks the overview's panel lists
_DONE = "tasks_done"  # session state: what the last step did, said once after the rerun


def _text(value: object) -> str:
    return str(value) if given(value) else ""


def _date(value: object) -> dt.date | None:
    if not given(value):
        return None
    return value if isinstance(value, dt.date) else pd.Timestamp(str(value)).date()


def _last_step(rows: pd.DataFrame) -> list[str]:
    when = beijing_texts(rows["last_at"]) if len(rows) else pd.Series(dtype=str)
    return [
        labels.TASKS_LAST_STEP.format(
            action=labels.TASKS_ACTION_LABELS.get(str(action), str(action)), user=_text(user), at=at
        )
        if given(action)
        else ""
        for action, user, at in zip(rows["last_action"], rows["last_user"], when, strict=True)
    ]


def task_table(rows: pd.DataFrame, columns: tuple[str, ...], today: dt.date) -> pd.DataFrame:
    """Task rows (data_access.tasks.task_rows' columns) with Chinese headers; task_id stays a number to click."""
    values: dict[str, Any] = {
        "task_id": rows["task_id"].astype("Int64"),
        "kind": rows["kind"].map(labels.KIND_LABELS),
        "code": rows["code"].map(_text),
        "name": rows["name"].map(_text),
        "region_name": rows["region_name"].map(_text),
        "host_unit_text": rows["host_unit_text"].map(_text),
        "problem_text": rows["problem_text"].map(_text),
        "period": [round_name(p, n) for p, n in zip(rows["period"], rows["round_label"], strict=True)],
        "deadline": rows["deadline"].map(lambda value: _text(value) or labels.TASKS_NO_DEADLINE),
        "report_due": rows["report_due"].map(_text),
        "days_left": pd.array(
            [(due - today).days if due else None for due in rows["deadline"].map(_date)], dtype="Int64"
        ),
        "status": rows["status"].map(labels.RECT_STATUS_LABELS),
        "last_step": _last_step(rows),
    }
    return pd.DataFrame({labels.TASKS_COLUMNS[column]: values[column] for column in columns})


def _export(title: str, table: pd.DataFrame) -> Table:
    return Table(title, table, text_columns=(CODE_COLUMN,) if CODE_COLUMN in table else ())


def _clickable(table: pd.DataFrame, *, key: str) -> None:
    """A table of tasks whose rows open the task."""
    task_column = labels.TASKS_COLUMNS["task_id"]
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=table_height(len(table)),
        column_config={CODE_COLUMN: st.column_config.TextColumn(CODE_COLUMN, pinned=True)},
        on_select="rerun",
        selection_mode="single-row",
        key=selection_key(key),
    )
    picked = event.selection.rows if event is not None else []
    if picked:
        open_task(int(table.iloc[picked[0]][task_column]))


def say_done() -> None:
    """What the last step did, once, after the rerun it asked for."""
    message = st.session_state.pop(_DONE, None)
    if message:
        st.success(plain(str(message)))


def _done(message: str) -> None:
    st.session_state[_DONE] = message
    st.rerun()


# ---------------------------------------------------------------- reminders


def reminders(scope: Scope, region: Region | None, today: dt.date, days: int, downloads: PageDownloads) -> None:
    """Tasks overdue or due within ``days`` days, per region and one by one, every period's."""
    st.subheader(labels.TASKS_REMINDERS)
    st.caption(labels.TASKS_REMINDERS_HELP)
    reminder_picker(days)
    code = region.code if region else None
    counts = store.run(tasks.reminder_counts, scope=scope, region=code, as_of=today, within_days=days)
    if counts.empty:
        st.caption(labels.TASKS_REMINDERS_NONE.format(days=days))
        return
    names = {key: title.format(days=days) for key, title in labels.TASKS_REMINDER_COUNT_COLUMNS.items()}
    per_region = pd.DataFrame({names[column]: counts[column] for column in names})
    st.markdown(f"**{labels.TASKS_REMINDER_COUNTS}**")
    st.dataframe(per_region, hide_index=True, height=table_height(len(per_region)), key="tasks_reminder_counts")
    downloads.table(Table(labels.TASKS_REMINDER_COUNTS, per_region), key="tasks_reminder_counts_download")
    rows = store.run(tasks.reminders, scope=scope, region=code, as_of=today, within_days=days)
    title = labels.TASKS_REMINDER_LIST.format(days=days)
    st.markdown(f"**{title}**")
    st.caption(labels.TASKS_DAYS_LEFT_HELP)
    table = task_table(rows, REMINDER_COLUMNS, today)
    _clickable(table, key="tasks_reminders")
    downloads.table(_export(title, table), key="tasks_reminders_download")


# ---------------------------------------------------------------- publishing


def publish(account: Account, scope: Scope, filters: Filters, region: Region | None, today: dt.date) -> None:
    """The period's rounds with how many of their problems are tasks; a round the account may publish, published."""
    if not account.has_role("editor"):
        return
    assert filters.period is not None
    rounds = store.run(tasks.round_publication, scope=scope, period=filters.period, region=filters.region)
    if rounds.empty:
        return
    st.subheader(labels.TASKS_PUBLISH)
    st.caption(labels.TASKS_PUBLISH_HELP)
    names = labels.TASKS_PUBLISH_COLUMNS
    shown = pd.DataFrame(
        {
            names["title"]: [
                _text(title) or _text(issuer) for title, issuer in zip(rounds["title"], rounds["issuer"], strict=True)
            ],
            names["issuer"]: rounds["issuer"].map(_text),
            names["rectification_due"]: rounds["rectification_due"].map(_text),
            names["report_due"]: rounds["report_due"].map(_text),
            names["problems"]: rounds["problems"],
            names["tasks"]: rounds["tasks"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", height=table_height(len(shown)), key="tasks_rounds")
    open_rounds = {
        str(row["round_key"]): row
        for _, row in rounds.iterrows()
        if row["tasks"] < row["problems"]
        and store.run(tasks.may_publish, actor=account, issuer_region=row["issuer_region"])
    }
    if not open_rounds:
        st.caption(labels.TASKS_PUBLISH_NONE)
        return
    _publish_form(account, open_rounds, today)


def _publish_form(account: Account, open_rounds: dict[str, pd.Series], today: dt.date) -> None:
    with st.form("tasks_publish"):
        key = st.selectbox(
            labels.TASKS_PUBLISH_PICK,
            list(open_rounds),
            format_func=lambda value: _text(open_rounds[value]["title"]) or value,
            key="tasks_publish_round",
        )
        row = open_rounds[str(key)]
        dates: dict[str, dt.date | None] = {}
        for column, name in (
            ("rectification_due", labels.TASKS_PUBLISH_FIX_BY),
            ("report_due", labels.TASKS_PUBLISH_REPORT_BY),
        ):
            if given(row[column]):  # the notice's own date: shown, not asked
                st.text(labels.TASKS_PUBLISH_GIVEN.format(name=name, date=row[column]))
                dates[column] = None
            else:
                dates[column] = st.date_input(name, value=None, min_value=today, key=f"tasks_publish_{column}")
        submitted = st.form_submit_button(labels.TASKS_PUBLISH_BUTTON, type="primary")
    if not submitted:
        return
    try:
        with store.engine().begin() as conn:
            made = tasks.publish(
                conn,
                actor=account,
                round_key=str(key),
                rectification_due=dates["rectification_due"],
                report_due=dates["report_due"],
                today=today,
            )
    except tasks.TaskRefused as refused:
        st.error(plain(str(refused)))
        return
    _done(labels.TASKS_DONE_PUBLISHED.format(count=made))


# ---------------------------------------------------------------- the period's tasks


def task_list(
    scope: Scope,
    filters: Filters,
    region: Region | None,
    chosen: ProblemFilters,
    today: dt.date,
    downloads: PageDownloads,
) -> None:
    """The tasks of the period's rounds that pass the list filters; a row opens the task."""
    st.subheader(labels.TASKS_LIST)
    periods = store.run(tasks.task_periods, scope=scope, region=filters.region)
    if not_in_periods(
        "tasks", filters, region, periods, none=labels.TASKS_NONE_IN_PERIOD, others=labels.TASKS_OTHER_PERIODS
    ):
        return
    rows = store.run(tasks.task_rows, **chosen.query(scope, filters, today))
    if rows.empty:
        st.caption(labels.PROBLEMS_LIST_NONE)
        return
    total = int(rows["total"].iloc[0])
    if total > tasks.LIST_ROW_CAP:
        st.caption(labels.TASKS_LIST_CAPPED.format(total=f"{total:,}", cap=tasks.LIST_ROW_CAP))
    else:
        st.caption(labels.TASKS_LIST_TOTAL.format(total=f"{total:,}"))
    table = task_table(rows, LIST_COLUMNS, today)
    _clickable(table, key="tasks_list")
    downloads.table(_export(labels.TASKS_LIST, table), key="tasks_list_download")


def batch_hint(account: Account) -> None:
    """Where a file of answers goes: the import page, for an account that may open it."""
    if not account.has_role("editor"):
        return
    st.caption(labels.TASKS_BATCH_HINT)
    st.page_link(page_target("data"), label=labels.TASKS_BATCH_LINK, icon=":material/upload_file:")


# ---------------------------------------------------------------- one task


def _facts_table(row: pd.Series) -> pd.DataFrame:
    deadline = _date(row["deadline"])
    values = {
        "kind": labels.KIND_LABELS.get(str(row["kind"]), str(row["kind"])),
        "code": _text(row["code"]),
        "name": _text(row["name"]),
        "url": _text(row["url"]),
        "region_name": _text(row["region_name"]),
        "host_unit_text": _text(row["host_unit_text"]),
        "problem_text": _text(row["problem_text"]),
        "period": round_name(str(row["period"]), row["round_label"]),
        "round_title": _text(row["round_title"]),
        "issuer": _text(row["issuer"]),
        "deadline": str(deadline) if deadline else labels.TASKS_NO_DEADLINE,
        "report_due": _text(row["report_due"]),
        "status": labels.RECT_STATUS_LABELS.get(str(row["status"]), str(row["status"])),
    }
    item, content = labels.TASKS_FACT_COLUMNS
    return pd.DataFrame({item: list(labels.TASKS_FACTS.values()), content: [values[key] for key in labels.TASKS_FACTS]})


def _history_table(history: pd.DataFrame) -> pd.DataFrame:
    names = labels.TASKS_HISTORY_COLUMNS
    return pd.DataFrame(
        {
            names["at"]: beijing_texts(history["at"]) if len(history) else pd.Series(dtype=str),
            names["user_name"]: history["user_name"].map(_text),
            names["action"]: history["action"].map(lambda action: labels.TASKS_ACTION_LABELS.get(action, action)),
            names["text"]: history["text"].map(_text),
            names["done_on"]: history["done_on"].map(_text),
            names["link"]: history["link"].map(_text),
            names["files"]: whole_numbers(history["files"]),
            names["import_id"]: whole_numbers(history["import_id"]),
        }
    )


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


def _evidence_bytes(scope: Scope, evidence_id: int) -> bytes:
    """An evidence file's bytes, read when its button is clicked, within the account's scope."""
    with store.engine().connect() as conn:
        found = tasks.evidence_file(conn, scope=scope, evidence_id=evidence_id)
    return found[2] if found else b""


def task_panel(account: Account, scope: Scope, task_id: int, today: dt.date, downloads: PageDownloads) -> bool:
    """One task: its facts, its steps, its evidence, and the answer or review the account may give.

    False (and nothing shown) when the account's region holds no such task.
    """
    detail = store.run(tasks.task_detail, scope=scope, task_id=task_id, as_of=today)
    if detail.empty:
        return False
    row = detail.iloc[0]
    if st.button(labels.TASKS_BACK, icon=":material/arrow_back:", key="tasks_back"):
        open_task(None)
    st.subheader(plain(labels.TASKS_DETAIL.format(task=task_id, name=_text(row["name"]))))
    status = labels.RECT_STATUS_LABELS.get(str(row["status"]), str(row["status"]))
    st.markdown(f"**{labels.TASKS_STATUS_LINE.format(status=status)}**")
    facts = _facts_table(row)
    st.dataframe(facts, hide_index=True, width="stretch", height=table_height(len(facts)), key="tasks_facts")
    downloads.table(Table(labels.TASKS_FACTS_TITLE, facts), key="tasks_facts_download")
    if row["status"] == "overdue":
        st.caption(labels.TASKS_OVERDUE_NOTE.format(date=_text(row["deadline"])))
    history = store.run(tasks.task_history, scope=scope, task_id=task_id)
    st.markdown(f"**{labels.TASKS_HISTORY}**")
    shown = _history_table(history)
    st.dataframe(
        shown, hide_index=True, width="stretch", height=table_height(len(shown)), placeholder=DASH, key="tasks_history"
    )
    downloads.table(Table(labels.TASKS_EXPORT_HISTORY.format(task=task_id), shown), key="tasks_history_download")
    _evidence(scope, task_id)
    _actions(account, task_id, today)
    return True


def _evidence(scope: Scope, task_id: int) -> None:
    files = store.run(tasks.evidence_list, scope=scope, task_id=task_id)
    if files.empty:
        return
    st.markdown(f"**{labels.TASKS_EVIDENCE}**")
    with st.container(horizontal=True, gap="small"):
        for evidence in files.to_dict("records"):
            evidence_id, name = int(evidence["evidence_id"]), str(evidence["file_name"])
            st.download_button(
                plain(labels.TASKS_EVIDENCE_BUTTON.format(name=name, size=_size(int(evidence["size_bytes"])))),
                data=partial(_evidence_bytes, scope, evidence_id),
                file_name=name,
                mime=str(evidence["content_type"]),
                on_click="ignore",
                key=f"tasks_evidence_{evidence_id}",
            )


def _actions(account: Account, task_id: int, today: dt.date) -> None:
    allowed = store.run(tasks.permissions, actor=account, task_id=task_id)
    if allowed["answer"] is None:
        _answer_form(account, task_id, today)
    if allowed["review"] is None:
        _review_forms(account, task_id)
    if allowed["answer"] is not None and allowed["review"] is not None:
        reasons = dict.fromkeys(reason for reason in allowed.values() if reason)
        st.caption(labels.TASKS_NO_ACTION)
        for reason in reasons:
            st.text(reason)


def _answer_form(account: Account, task_id: int, today: dt.date) -> None:
    st.markdown(f"**{labels.TASKS_ANSWER}**")
    with st.form(f"tasks_answer_{task_id}"):
        text = st.text_area(labels.TASKS_ANSWER_TEXT, max_chars=tasks.TEXT_MAX_CHARS, key="tasks_answer_text")
        done_on = st.date_input(labels.TASKS_ANSWER_DATE, value=today, max_value=today, key="tasks_answer_date")
        link = st.text_input(labels.TASKS_ANSWER_LINK, max_chars=tasks.LINK_MAX_CHARS, key="tasks_answer_link")
        files = st.file_uploader(
            labels.TASKS_ANSWER_FILES.format(
                mb=tasks.EVIDENCE_MAX_BYTES // (1024 * 1024), count=tasks.EVIDENCE_MAX_FILES
            ),
            accept_multiple_files=True,
            key="tasks_answer_files",
        )
        submitted = st.form_submit_button(labels.TASKS_ANSWER_SUBMIT, type="primary")
    if not submitted:
        return
    evidence = [tasks.Evidence(file.name, file.getvalue()) for file in files or []]
    try:
        with store.engine().begin() as conn:
            tasks.answer(
                conn,
                actor=account,
                task_id=task_id,
                text=text,
                done_on=done_on if isinstance(done_on, dt.date) else None,
                link=link,
                files=evidence,
                today=today,
            )
    except tasks.TaskRefused as refused:
        st.error(plain(str(refused)))
        return
    _done(labels.TASKS_DONE_ANSWERED)


def _review_forms(account: Account, task_id: int) -> None:
    st.markdown(f"**{labels.TASKS_REVIEW}**")
    if st.button(labels.TASKS_CONFIRM, type="primary", key="tasks_confirm"):
        try:
            with store.engine().begin() as conn:
                tasks.confirm(conn, actor=account, task_id=task_id)
        except tasks.TaskRefused as refused:
            st.error(plain(str(refused)))
        else:
            _done(labels.TASKS_DONE_CONFIRMED)
    with st.form(f"tasks_return_{task_id}"):
        reason = st.text_area(labels.TASKS_RETURN_REASON, max_chars=tasks.TEXT_MAX_CHARS, key="tasks_return_reason")
        returned = st.form_submit_button(labels.TASKS_RETURN)
    if not returned:
        return
    try:
        with store.engine().begin() as conn:
            tasks.return_answer(conn, actor=account, task_id=task_id, reason=reason)
    except tasks.TaskRefused as refused:
        st.error(plain(str(refused)))
        return
    _done(labels.TASKS_DONE_RETURNED)


# ---------------------------------------------------------------- the overview's panel

PANEL_STATUSES = ("unanswered", "returned", "overdue", "due_soon", "submitted", "not_rectified")


def overview_panel(scope: Scope, today: dt.date, downloads: PageDownloads) -> None:
    """Above the overview of an account with a region: its open tasks of every round, the most urgent first.

    Viewers see it too (they see everything of their region); a national account does not (its overview is
    the country's figures, its tasks are on /tasks). Nothing is drawn when the region has no open task.
    """
    if scope.region_code is None:
        return
    days = DEFAULT_REMINDER_DAYS
    counts = store.run(tasks.open_task_counts, scope=scope, as_of=today, within_days=days)
    if not any(counts.get(status) for status in PANEL_STATUSES if status != "due_soon"):
        return
    with st.container(border=True, key="open_tasks"):
        st.markdown(f"**{labels.TASKS_OVERVIEW}**")
        for column, status in zip(st.columns(len(PANEL_STATUSES)), PANEL_STATUSES, strict=True):
            name = (
                labels.TASKS_OVERVIEW_SOON.format(days=days)
                if status == "due_soon"
                else labels.RECT_STATUS_LABELS[status]
            )
            column.metric(name, f"{counts.get(status, 0):,}")
        rows = store.run(tasks.reminders, scope=scope, region=None, as_of=today, within_days=days)
        if not rows.empty:
            st.caption(labels.TASKS_OVERVIEW_URGENT)
            table = task_table(rows.head(OVERVIEW_ROWS), REMINDER_COLUMNS, today)
            st.dataframe(
                table, hide_index=True, width="stretch", height=table_height(len(table)), key="open_tasks_list"
            )
            downloads.table(_export(labels.TASKS_OVERVIEW_URGENT, table), key="open_tasks_download")
        st.page_link(page_target("tasks"), label=labels.TASKS_OVERVIEW_LINK, query_params={"region": scope.region_code})


def unknown_task(value: object) -> None:
    """Say a URL's task is none of the account's, and take it out of the URL."""
    st.warning(plain(labels.TASKS_MSG_NO_TASK.format(value=value)))
    drop_task()
