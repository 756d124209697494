"""The rectification loop: a published round's problems become tasks that their place answers and the round's
issuer reviews, every step kept with who and when.

A task's life (``rectification_tasks.state``, the state its newest ``task_events`` row left it in)::

    publish ──► open ──answer──► submitted ──confirm──► confirmed
                  ▲                  │
                  └────return────────┘   (returned: answered again like open)

    a re-check of the problem (an import of 整改复查结果), in any state: rectified or
    passed_after_rectification close the task, not_rectified reopens it for an answer.

Who may do what (an editor or an administrator; a viewer sees and never acts). R is the round's issuing
region (``rounds.scope_region_code``; None for a nationwide round), P the problem's region, A the account's
(None: the whole country):

- publish a round: R lies in A (a province's editor publishes the province's round, a national account any);
- answer a task: P lies in A, and A lies below R or is P itself (a city's or county's editor answers for the
  problems of its place; a province's editor answers for the province's own departments);
- confirm or return an answer: R lies in A, and the account did not give that answer itself.

A task outside the account's region is, to that account, no task at all: a URL naming another city's task
gets "没有这一整改任务" and changes nothing. A round is published only while its deadline (整改, else 报送) is
ahead or when it has none; the publisher gives the deadlines a round lacks (an imported round has none), and
never changes those a notice printed. So a transcribed notice whose deadline is past never becomes tasks,
and its problems keep 无整改记录.

Every step is one transaction: the state change (only from the states the step expects, so two people
acting at once cannot both succeed), its ``task_events`` row, the evidence files, the audit entry and the
data version. The status a task gives its problem is decided in ``data_access.problem_lists.status_column``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, Unpack

import pandas as pd
import sqlalchemy as sa

from data_access import audit
from data_access.cli import Refused
from data_access.clock import utc_now
from data_access.db import read_frame
from data_access.problem_lists import (
    OWED_STATES,
    RECHECK_FINDINGS,
    ROW_JOINS,
    ListFilters,
    deadline_column,
    kind_order_column,
    problem_select,
    row_columns,
    status_column,
    task_of_check,
)
from data_access.schema import (
    check_results,
    rectification_tasks,
    rectifications,
    regions,
    rounds,
    targets,
    task_events,
    task_evidence,
)
from data_access.scope import Scope, region_filter
from data_access.users import Account
from data_access.versioning import bump_version

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024  # one evidence file at most
EVIDENCE_MAX_FILES = 5  # files one answer carries at most
TEXT_MAX_CHARS = 2000  # what was done, or the reason of a return
LINK_MAX_CHARS = 500
FILE_NAME_MAX_CHARS = 120
LIST_ROW_CAP = 500  # rows of the task and reminder lists
# States in which the place may answer: not answered yet, returned, or reopened by a re-check.
ANSWERABLE_STATES = ("open", "returned", "not_rectified")
# Open tasks: someone still has to act (the place, or the issuer reviewing an answer).
OPEN_STATES = (*ANSWERABLE_STATES, "submitted")
# Content types recognised from a file's first bytes, never from its name.
EVIDENCE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"%PDF-", "application/pdf"),
)
EVIDENCE_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "application/pdf": ".pdf"}

# Audit actions of the steps (imports write "import" and "undo" for a batch of answers or re-checks).
TASK_PUBLISHED = "task_publish"
TASK_ANSWERED = "task_submit"
TASK_CONFIRMED = "task_confirm"
TASK_RETURNED = "task_return"

NO_TASK = "没有编号为 {task} 的整改任务，或它不在本账号负责的地区范围内。"
NO_ROUND = "没有这一检查批次，或它不在本账号负责的地区范围内。"
NOT_EDITOR = "查看账号只能查看整改任务，不能办理；请使用数据维护员账号。"
CHANGED = "这一整改任务刚刚已被他人办理，请刷新后再试。"
_NOT_ANSWERABLE = {
    "submitted": "这一整改任务已反馈，正在等待审核，不能重复反馈。",
    "confirmed": "这一整改任务已确认整改，不能再反馈。",
    "rectified": "复查已认定这一问题整改完成，任务已结束。",
    "passed_after_rectification": "复查已认定这一问题整改后合格，任务已结束。",
}
_LINK = re.compile(r"https?://[^\s/?#]+\.[^\s]*", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_task, _event = rectification_tasks, task_events


class TaskRefused(Refused):
    """A task step that is not taken; the message is one Chinese sentence, and nothing was written."""


@dataclass(frozen=True)
class Evidence:
    """A file given with an answer: its name as uploaded and its bytes."""

    file_name: str
    data: bytes


@dataclass(frozen=True)
class TaskFacts:
    """What the rules of a task need: its state, places, round, and who gave its latest answer."""

    id: int
    state: str
    region_code: str
    region_name: str
    issuer_region: str | None
    issuer: str
    round_key: str
    code: str | None
    name: str
    answered_by: str | None


# ---------------------------------------------------------------- places


def _inside(conn: sa.Connection, code: str | None, within: str | None) -> bool:
    """True when region ``code`` is ``within`` or lies under it; everything lies within None (the country),
    and None (a nationwide round) lies only within None."""
    if within is None:
        return True
    if code is None:
        return False
    query = sa.select(regions.c.code).where(regions.c.code == code, region_filter(regions.c.code, within))
    return conn.execute(query).first() is not None


def _region_name(conn: sa.Connection, code: str | None) -> str:
    if code is None:
        return "全国"
    return str(conn.execute(sa.select(regions.c.name).where(regions.c.code == code)).scalar() or code)


# ---------------------------------------------------------------- the rules


def facts(conn: sa.Connection, task_id: int, *, scope: Scope) -> TaskFacts | None:
    """The task ``task_id`` if its problem lies in ``scope``; None otherwise (also when there is no such task)."""
    latest_answer = (
        sa.select(_event.c.user_name)
        .where(_event.c.task_id == _task.c.id, _event.c.action == "submit")
        .order_by(_event.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    row = conn.execute(
        sa.select(
            _task.c.id,
            _task.c.state,
            check_results.c.region_code,
            regions.c.name.label("region_name"),
            rounds.c.scope_region_code,
            rounds.c.issuer,
            rounds.c.key,
            targets.c.code,
            targets.c.name,
            latest_answer.label("answered_by"),
        )
        .join(check_results, check_results.c.id == _task.c.check_id)
        .join(rounds, rounds.c.id == check_results.c.round_id)
        .join(targets, targets.c.id == check_results.c.target_id)
        .join(regions, regions.c.code == check_results.c.region_code)
        .where(_task.c.id == task_id, region_filter(check_results.c.region_code, scope.region_code))
    ).first()
    if row is None:
        return None
    return TaskFacts(
        row.id,
        row.state,
        row.region_code,
        row.region_name,
        row.scope_region_code,
        row.issuer,
        row.key,
        row.code,
        row.name,
        row.answered_by,
    )


def answer_refusal(conn: sa.Connection, task: TaskFacts, place: str | None) -> str | None:
    """Why the place ``place`` (an account's region, or the region a file of answers is for) may not answer
    ``task`` now; None when it may."""
    if not _inside(conn, task.region_code, place):
        return NO_TASK.format(task=task.id)
    if task.state not in ANSWERABLE_STATES:
        return _NOT_ANSWERABLE.get(task.state, CHANGED)
    own_place = task.region_code == place
    below_issuer = place is not None and place != task.issuer_region and _inside(conn, place, task.issuer_region)
    if not (own_place or below_issuer):
        return f"这一问题由{task.region_name}反馈整改情况；{_region_name(conn, place)}负责审核，不能代为反馈。"
    return None


def review_refusal(conn: sa.Connection, task: TaskFacts, actor: Account) -> str | None:
    """Why ``actor`` may not confirm or return ``task``'s answer now; None when it may."""
    if not actor.has_role("editor"):
        return NOT_EDITOR
    if not _inside(conn, task.issuer_region, actor.region_code):
        return f"这一整改任务由{task.issuer}审核。"
    if task.state != "submitted":
        return "这一整改任务没有待审核的反馈。"
    if task.answered_by == actor.user_name:
        return "不能审核本账号自己提交的反馈，请由其他数据维护员审核。"
    return None


def permissions(conn: sa.Connection, *, actor: Account, task_id: int) -> dict[str, str | None]:
    """What ``actor`` may do with task ``task_id``: 'answer' and 'review', each None (allowed) or why not."""
    task = facts(conn, task_id, scope=actor.scope)
    if task is None:
        refused = NO_TASK.format(task=task_id)
        return {"answer": refused, "review": refused}
    answer = NOT_EDITOR if not actor.has_role("editor") else answer_refusal(conn, task, actor.region_code)
    return {"answer": answer, "review": review_refusal(conn, task, actor)}


def _visible(conn: sa.Connection, actor: Account, task_id: int) -> TaskFacts:
    task = facts(conn, task_id, scope=actor.scope)
    if task is None:
        raise TaskRefused(NO_TASK.format(task=task_id))
    if not actor.has_role("editor"):
        raise TaskRefused(NOT_EDITOR)
    return task


# ---------------------------------------------------------------- what an answer carries


def clean_text(text: str | None, *, what: str) -> str:
    """A required text (what was done, a reason): stripped, control characters out, at most TEXT_MAX_CHARS."""
    cleaned = _CONTROL.sub("", text or "").strip()
    if not cleaned:
        raise TaskRefused(f"请填写{what}。")
    if len(cleaned) > TEXT_MAX_CHARS:
        raise TaskRefused(f"{what}最多 {TEXT_MAX_CHARS} 个字，现在有 {len(cleaned)} 个字。")
    return cleaned


def check_link(link: str | None) -> str | None:
    """An evidence link: None when empty, else an http(s) address of at most LINK_MAX_CHARS characters."""
    text = (link or "").strip()
    if not text:
        return None
    if len(text) > LINK_MAX_CHARS or not _LINK.fullmatch(text):
        raise TaskRefused("佐证链接须是以 http:// 或 https:// 开头的网址。")
    return text


def check_done_on(done_on: dt.date | None, today: dt.date) -> dt.date:
    """The date the rectification was done: required, not after today."""
    if done_on is None:
        raise TaskRefused("请填写整改完成日期。")
    if done_on > today:
        raise TaskRefused(f"整改完成日期（{done_on}）不能晚于今天（{today}）。")
    return done_on


def evidence_type(file: Evidence) -> str:
    """The content type of an evidence file, from its bytes: PNG, JPEG or PDF of at most EVIDENCE_MAX_BYTES."""
    name = _file_name(file.file_name)
    if not file.data:
        raise TaskRefused(f"附件“{name}”是空文件。")
    if len(file.data) > EVIDENCE_MAX_BYTES:
        limit = EVIDENCE_MAX_BYTES // (1024 * 1024)
        raise TaskRefused(f"附件“{name}”超过 {limit} MB，请压缩或拆分后再上传。")
    for signature, content_type in EVIDENCE_SIGNATURES:
        if file.data.startswith(signature):
            return content_type
    raise TaskRefused(f"附件“{name}”不是 PNG、JPEG 图片或 PDF 文件（按文件内容判断，不看扩展名）。")


def _file_name(name: str) -> str:
    """The last part of an uploaded file's name, without control characters, at most FILE_NAME_MAX_CHARS."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    cleaned = _CONTROL.sub("", base).strip() or "附件"
    if len(cleaned) <= FILE_NAME_MAX_CHARS:
        return cleaned
    stem, dot, suffix = cleaned.rpartition(".")
    if dot and len(suffix) <= 8:
        return stem[: FILE_NAME_MAX_CHARS - len(suffix) - 1] + "." + suffix
    return cleaned[:FILE_NAME_MAX_CHARS]


# ---------------------------------------------------------------- steps


def _step(
    conn: sa.Connection,
    task_id: int,
    *,
    action: str,
    state: str,
    expected: Sequence[str] | None,
    user: str | None,
    text: str | None = None,
    done_on: dt.date | None = None,
    link: str | None = None,
    import_id: int | None = None,
) -> int:
    """Move task ``task_id`` to ``state`` (only from ``expected``, None: from any) and record the step; its id."""
    now = utc_now()
    update = _task.update().where(_task.c.id == task_id)
    if expected is not None:
        update = update.where(_task.c.state.in_(list(expected)))
    if conn.execute(update.values(state=state, updated_at=now)).rowcount != 1:
        raise TaskRefused(CHANGED)
    return int(
        conn.execute(
            _event.insert()
            .values(
                task_id=task_id,
                action=action,
                state_after=state,
                at=now,
                user_name=user,
                text=text,
                done_on=done_on,
                link=link,
                import_id=import_id,
            )
            .returning(_event.c.id)
        ).scalar_one()
    )


def _what(task: TaskFacts) -> str:
    return f"任务 {task.id}（{task.code or ''} {task.name}）".replace("（ ", "（")


def record_answer(
    conn: sa.Connection,
    task_id: int,
    *,
    user: str | None,
    text: str,
    done_on: dt.date,
    link: str | None,
    import_id: int | None = None,
) -> int:
    """An answer (已反馈) of a task in an answerable state, checked already; the step's id. Also for an import."""
    return _step(
        conn,
        task_id,
        action="submit",
        state="submitted",
        expected=ANSWERABLE_STATES,
        user=user,
        text=text,
        done_on=done_on,
        link=link,
        import_id=import_id,
    )


def answer(
    conn: sa.Connection,
    *,
    actor: Account,
    task_id: int,
    text: str,
    done_on: dt.date | None,
    link: str | None,
    files: Sequence[Evidence],
    today: dt.date,
) -> int:
    """``actor`` answers task ``task_id`` (整改情况): what was done, when, and optional evidence; the step's id.

    Refused (TaskRefused, nothing written) when the task is not the actor's to answer, or is not waiting for
    an answer, or a value is wrong. Runs in the caller's transaction with its audit entry.
    """
    task = _visible(conn, actor, task_id)
    refusal = answer_refusal(conn, task, actor.region_code)
    if refusal:
        raise TaskRefused(refusal)
    what = clean_text(text, what="整改情况")
    when = check_done_on(done_on, today)
    address = check_link(link)
    if len(files) > EVIDENCE_MAX_FILES:
        raise TaskRefused(f"一次反馈最多上传 {EVIDENCE_MAX_FILES} 个附件。")
    typed = [(file, evidence_type(file)) for file in files]
    event = record_answer(conn, task.id, user=actor.user_name, text=what, done_on=when, link=address)
    for file, content_type in typed:
        conn.execute(
            task_evidence.insert().values(
                event_id=event,
                file_name=_file_name(file.file_name),
                content_type=content_type,
                size_bytes=len(file.data),
                sha256=hashlib.sha256(file.data).hexdigest(),
                data=file.data,
            )
        )
    audit.record(conn, user=actor.user_name, action=TASK_ANSWERED, detail=f"{_what(task)}，附件 {len(typed)} 个")
    bump_version(conn)
    return event


def confirm(conn: sa.Connection, *, actor: Account, task_id: int) -> int:
    """``actor`` confirms task ``task_id``'s answer (确认整改); the step's id. Refused as ``review_refusal`` says."""
    task = _visible(conn, actor, task_id)
    refusal = review_refusal(conn, task, actor)
    if refusal:
        raise TaskRefused(refusal)
    event = _step(conn, task.id, action="confirm", state="confirmed", expected=("submitted",), user=actor.user_name)
    audit.record(conn, user=actor.user_name, action=TASK_CONFIRMED, detail=_what(task))
    bump_version(conn)
    return event


def return_answer(conn: sa.Connection, *, actor: Account, task_id: int, reason: str) -> int:
    """``actor`` returns task ``task_id``'s answer to its place (退回) with a reason; the step's id."""
    task = _visible(conn, actor, task_id)
    refusal = review_refusal(conn, task, actor)
    if refusal:
        raise TaskRefused(refusal)
    why = clean_text(reason, what="退回理由")
    event = _step(
        conn, task.id, action="return", state="returned", expected=("submitted",), user=actor.user_name, text=why
    )
    audit.record(conn, user=actor.user_name, action=TASK_RETURNED, detail=f"{_what(task)}：{why}")
    bump_version(conn)
    return event


def record_recheck(
    conn: sa.Connection, check_id: int, *, status: str, text: str, user: str | None, import_id: int | None
) -> int:
    """A re-check's finding on a problem, as a step of its task when it has one: rectified or
    passed_after_rectification close the task, not_rectified reopens it. The steps written (0 or 1)."""
    if status not in RECHECK_FINDINGS:
        return 0
    task_id = task_for_check(conn, check_id)
    if task_id is None:
        return 0
    _step(conn, task_id, action="recheck", state=status, expected=None, user=user, text=text, import_id=import_id)
    return 1


def publish(
    conn: sa.Connection,
    *,
    actor: Account,
    round_key: str,
    rectification_due: dt.date | None,
    report_due: dt.date | None,
    today: dt.date,
) -> int:
    """``actor`` publishes round ``round_key``: each problem not yet a task and not found fixed becomes one.

    ``rectification_due`` and ``report_due`` give the deadlines the round lacks (a notice's own are kept; a
    different date for one of them is refused). Refused when the round's deadline is past: every task would
    be overdue the moment it was published. The number of tasks made.
    """
    if not actor.has_role("editor"):
        raise TaskRefused(NOT_EDITOR)
    found = conn.execute(sa.select(rounds).where(rounds.c.key == round_key)).mappings().first()
    if found is None or not _inside(conn, found["scope_region_code"], actor.region_code):
        raise TaskRefused(NO_ROUND)
    dates = {}
    for column, given, name in (
        ("rectification_due", rectification_due, "整改期限"),
        ("report_due", report_due, "报送期限"),
    ):
        have = found[column]
        if given is not None and have is not None and given != have:
            raise TaskRefused(f"通报已规定{name}为 {have}，不能改动。")
        if given is not None and have is None:
            if given < today:
                raise TaskRefused(f"{name}（{given}）不能早于今天（{today}）。")
            dates[column] = given
    deadline = (
        found["rectification_due"] or dates.get("rectification_due") or found["report_due"] or dates.get("report_due")
    )
    if deadline is not None and deadline < today:
        raise TaskRefused(f"这一批次的期限（{deadline}）已过，不能再下发整改任务：下发后每个问题都会立即算作逾期。")
    latest = (
        sa.select(rectifications.c.status)
        .where(rectifications.c.check_id == check_results.c.id)
        .order_by(rectifications.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    candidates = conn.execute(
        sa.select(check_results.c.id, latest.label("finding"))
        .where(
            check_results.c.round_id == found["id"],
            check_results.c.passed == sa.false(),
            region_filter(check_results.c.region_code, actor.region_code),
            ~sa.exists().where(_task.c.check_id == check_results.c.id),
        )
        .order_by(check_results.c.id)
    ).all()
    chosen = [
        (check, "not_rectified" if finding == "not_rectified" else "open")
        for check, finding in candidates
        if finding not in ("rectified", "passed_after_rectification")
    ]
    if not chosen:
        raise TaskRefused("这一批次没有可下发的问题：问题都已下发为整改任务，或复查已认定整改完成。")
    if dates:
        conn.execute(rounds.update().where(rounds.c.id == found["id"]).values(**dates))
    now = utc_now()
    conn.execute(
        _task.insert(),
        [
            {"check_id": check, "state": state, "published_at": now, "published_by": actor.user_name, "updated_at": now}
            for check, state in chosen
        ],
    )
    made = conn.execute(
        sa.select(_task.c.id, _task.c.state).where(_task.c.check_id.in_([check for check, _ in chosen]))
    ).all()
    conn.execute(
        _event.insert(),
        [
            {"task_id": task, "action": "publish", "state_after": state, "at": now, "user_name": actor.user_name}
            for task, state in made
        ],
    )
    title = found["title"] or found["key"]
    audit.record(conn, user=actor.user_name, action=TASK_PUBLISHED, detail=f"{title}：{len(made)} 个整改任务")
    bump_version(conn)
    return len(made)


# ---------------------------------------------------------------- imports and their undo


def steps_of_batch(conn: sa.Connection, import_id: int) -> list[int]:
    """The tasks an import batch wrote steps of (answers, re-checks)."""
    query = sa.select(_event.c.task_id).where(_event.c.import_id == import_id).distinct().order_by(_event.c.task_id)
    return list(conn.execute(query).scalars())


def stepped_on_after(conn: sa.Connection, import_id: int) -> int | None:
    """A task that has a step after one batch ``import_id`` wrote (a review, another answer or re-check): undoing
    the batch would take back what that step answered. None when there is none."""
    later = _event.alias("later")
    query = (
        sa.select(_event.c.task_id)
        .join(later, sa.and_(later.c.task_id == _event.c.task_id, later.c.id > _event.c.id))
        .where(_event.c.import_id == import_id, later.c.import_id.is_(None) | (later.c.import_id != import_id))
        .order_by(_event.c.task_id)
        .limit(1)
    )
    return conn.execute(query).scalar()


def refresh_states(conn: sa.Connection, task_ids: Iterable[int]) -> None:
    """Set each task's state to what its newest remaining step left (after an undo removed some)."""
    ids = list(task_ids)
    if not ids:
        return
    newest = (
        sa.select(_event.c.state_after)
        .where(_event.c.task_id == _task.c.id)
        .order_by(_event.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    conn.execute(_task.update().where(_task.c.id.in_(ids)).values(state=newest, updated_at=utc_now()))


def task_for_check(conn: sa.Connection, check_id: int) -> int | None:
    """The task of a problem (failing check), if its round was published."""
    return conn.execute(sa.select(_task.c.id).where(_task.c.check_id == check_id)).scalar()


# ---------------------------------------------------------------- reading


def _last_step(column: sa.ColumnElement[Any]) -> sa.ScalarSelect[Any]:
    return (
        sa.select(column)
        .where(_event.c.task_id == task_of_check.c.id)
        .order_by(_event.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _task_columns() -> list[sa.ColumnElement[Any]]:
    return [
        rounds.c.scope_region_code.label("issuer_region"),
        rounds.c.issuer,
        deadline_column.label("deadline"),
        task_of_check.c.published_at,
        task_of_check.c.updated_at,
        _last_step(_event.c.action).label("last_action"),
        _last_step(_event.c.at).label("last_at"),
        _last_step(_event.c.user_name).label("last_user"),
    ]


def task_rows(
    conn: sa.Connection,
    *,
    scope: Scope,
    period: str,
    region: str | None,
    as_of: dt.date,
    limit: int = LIST_ROW_CAP,
    **filters: Unpack[ListFilters],
) -> pd.DataFrame:
    """The tasks of ``period``'s rounds under ``region`` that pass the list filters, at most ``limit``.

    Grain: one row per task. Columns: those of ``problem_lists.problem_rows`` (``status`` the problem's
    status), then issuer_region, issuer, deadline (整改, else 报送), published_at, updated_at, last_action,
    last_at and last_user (the newest step), total (how many there are, uncapped).
    """
    query = (
        problem_select(scope, region, as_of=as_of, need=ROW_JOINS, **filters)
        .add_columns(*row_columns(as_of), *_task_columns(), sa.func.count().over().label("total"))
        .where(rounds.c.period == period, task_of_check.c.id.is_not(None))
        .order_by(kind_order_column, check_results.c.region_code, rounds.c.key, check_results.c.seq, check_results.c.id)
        .limit(max(0, min(limit, LIST_ROW_CAP)))
    )
    return read_frame(conn, query)


def task_detail(conn: sa.Connection, *, scope: Scope, task_id: int, as_of: dt.date) -> pd.DataFrame:
    """Task ``task_id`` if its problem lies in ``scope``: one row of ``task_rows``' columns (without total), or none."""
    query = (
        problem_select(scope, None, as_of=as_of, need=ROW_JOINS)
        .add_columns(*row_columns(as_of), *_task_columns())
        .where(task_of_check.c.id == task_id)
    )
    return read_frame(conn, query)


def task_periods(conn: sa.Connection, *, scope: Scope, region: str | None) -> list[str]:
    """The quarters whose rounds have tasks under ``region``, newest first."""
    query = (
        sa.select(rounds.c.period)
        .select_from(_task)
        .join(check_results, check_results.c.id == _task.c.check_id)
        .join(rounds, rounds.c.id == check_results.c.round_id)
        .where(region_filter(check_results.c.region_code, scope.region_code))
        .where(region_filter(check_results.c.region_code, region))
        .distinct()
        .order_by(rounds.c.period.desc())
    )
    return list(conn.execute(query).scalars())


def task_history(conn: sa.Connection, *, scope: Scope, task_id: int) -> pd.DataFrame:
    """Every step of task ``task_id`` (none when it lies outside ``scope``), oldest first.

    Grain: one row per step. Columns: event_id, action, state_after, at (UTC), user_name, text, done_on,
    link, import_id, files (how many evidence files).
    """
    if facts(conn, task_id, scope=scope) is None:
        return pd.DataFrame(
            columns=[
                "event_id",
                "action",
                "state_after",
                "at",
                "user_name",
                "text",
                "done_on",
                "link",
                "import_id",
                "files",
            ]
        )
    files = sa.select(sa.func.count()).where(task_evidence.c.event_id == _event.c.id).scalar_subquery()
    query = (
        sa.select(
            _event.c.id.label("event_id"),
            _event.c.action,
            _event.c.state_after,
            _event.c.at,
            _event.c.user_name,
            _event.c.text,
            _event.c.done_on,
            _event.c.link,
            _event.c.import_id,
            files.label("files"),
        )
        .where(_event.c.task_id == task_id)
        .order_by(_event.c.id)
    )
    return read_frame(conn, query)


def evidence_list(conn: sa.Connection, *, scope: Scope, task_id: int) -> pd.DataFrame:
    """The evidence files of task ``task_id``'s answers (none outside ``scope``), oldest first, without their bytes.

    Grain: one row per file. Columns: evidence_id, event_id, file_name, content_type, size_bytes, sha256.
    """
    if facts(conn, task_id, scope=scope) is None:
        return pd.DataFrame(columns=["evidence_id", "event_id", "file_name", "content_type", "size_bytes", "sha256"])
    query = (
        sa.select(
            task_evidence.c.id.label("evidence_id"),
            task_evidence.c.event_id,
            task_evidence.c.file_name,
            task_evidence.c.content_type,
            task_evidence.c.size_bytes,
            task_evidence.c.sha256,
        )
        .join(_event, _event.c.id == task_evidence.c.event_id)
        .where(_event.c.task_id == task_id)
        .order_by(task_evidence.c.id)
    )
    return read_frame(conn, query)


def evidence_file(conn: sa.Connection, *, scope: Scope, evidence_id: int) -> tuple[str, str, bytes] | None:
    """One evidence file's name, content type and bytes, if its task lies in ``scope``."""
    row = conn.execute(
        sa.select(task_evidence.c.file_name, task_evidence.c.content_type, task_evidence.c.data)
        .join(_event, _event.c.id == task_evidence.c.event_id)
        .join(_task, _task.c.id == _event.c.task_id)
        .join(check_results, check_results.c.id == _task.c.check_id)
        .where(task_evidence.c.id == evidence_id, region_filter(check_results.c.region_code, scope.region_code))
    ).first()
    return None if row is None else (str(row.file_name), str(row.content_type), bytes(row.data))


def round_publication(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """``period``'s rounds with problems under ``region``, and how many of those are tasks already.

    Grain: one row per round. Columns: round_key, title, issuer, issuer_region, rectification_due,
    report_due, problems, tasks.
    """
    c = check_results.c
    query = (
        sa.select(
            rounds.c.key.label("round_key"),
            rounds.c.title,
            rounds.c.issuer,
            rounds.c.scope_region_code.label("issuer_region"),
            rounds.c.rectification_due,
            rounds.c.report_due,
            sa.func.count().label("problems"),
            sa.func.count(_task.c.id).label("tasks"),
        )
        .select_from(check_results)
        .join(rounds, rounds.c.id == c.round_id)
        .outerjoin(_task, _task.c.check_id == c.id)
        .where(
            rounds.c.period == period,
            c.passed == sa.false(),
            region_filter(c.region_code, scope.region_code),
            region_filter(c.region_code, region),
        )
        .group_by(
            rounds.c.key,
            rounds.c.title,
            rounds.c.issuer,
            rounds.c.scope_region_code,
            rounds.c.rectification_due,
            rounds.c.report_due,
        )
        .order_by(rounds.c.key)
    )
    return read_frame(conn, query)


def may_publish(conn: sa.Connection, *, actor: Account, issuer_region: str | None) -> bool:
    """True when ``actor`` may publish a round issued for ``issuer_region``."""
    return actor.has_role("editor") and _inside(conn, issuer_region, actor.region_code)


def _tasks_in(states: Sequence[str]) -> sa.ColumnElement[bool]:
    """Problems whose task is in one of ``states``, named through the tasks: every round's problems are read
    from the few tasks in those states, never from the country's failing checks."""
    return check_results.c.id.in_(sa.select(_task.c.check_id).where(_task.c.state.in_(list(states))))


def _owed_by(as_of: dt.date, within_days: int) -> sa.ColumnElement[bool]:
    """Tasks whose place owes an answer with the deadline past or within ``within_days`` days of ``as_of``."""
    return sa.and_(
        _tasks_in(OWED_STATES),
        task_of_check.c.state.in_(OWED_STATES),
        deadline_column <= as_of + dt.timedelta(days=max(within_days, 0)),
    )


def reminders(
    conn: sa.Connection, *, scope: Scope, region: str | None, as_of: dt.date, within_days: int
) -> pd.DataFrame:
    """Tasks of every round whose place still owes an answer, overdue or due within ``within_days`` days,
    earliest deadline first, at most LIST_ROW_CAP.

    Grain: one row per task. Columns: those of ``task_rows`` (``status`` overdue, unanswered or returned).
    """
    order = (deadline_column, check_results.c.region_code, rounds.c.key, check_results.c.seq, check_results.c.id)
    query = (
        problem_select(scope, region, as_of=as_of, need=ROW_JOINS)
        .add_columns(*row_columns(as_of), *_task_columns(), sa.func.count().over().label("total"))
        .where(_owed_by(as_of, within_days))
        .order_by(*order)
        .limit(LIST_ROW_CAP)
    )
    return read_frame(conn, query)


def reminder_counts(
    conn: sa.Connection, *, scope: Scope, region: str | None, as_of: dt.date, within_days: int
) -> pd.DataFrame:
    """How many tasks each region owes an answer for: overdue, and due within ``within_days`` days.

    Grain: one row per region with such tasks (the problem's own region). Columns: region_code,
    region_name, overdue, due_soon.
    """
    overdue = sa.func.sum(sa.case((status_column(as_of) == "overdue", 1), else_=0))
    query = (
        problem_select(scope, region, as_of=as_of, need=("status", "region"))
        .add_columns(
            check_results.c.region_code,
            regions.c.name.label("region_name"),
            overdue.label("overdue"),
            (sa.func.count() - overdue).label("due_soon"),
        )
        .where(_owed_by(as_of, within_days))
        .group_by(check_results.c.region_code, regions.c.name)
        .order_by(sa.desc("overdue"), sa.desc("due_soon"), check_results.c.region_code)
    )
    return read_frame(conn, query)


def open_task_counts(conn: sa.Connection, *, scope: Scope, as_of: dt.date, within_days: int) -> dict[str, int]:
    """The open tasks in ``scope`` (every round) by status, and 'due_soon': owed and due within ``within_days``.

    Open: not confirmed and not closed by a re-check. Keys: unanswered, returned, overdue, submitted,
    not_rectified, due_soon (those present).
    """
    state = status_column(as_of)
    query = (
        problem_select(scope, None, as_of=as_of, need=("status",))
        .add_columns(state.label("status"), sa.func.count().label("tasks"))
        .where(_tasks_in(OPEN_STATES))
        .group_by(state)
    )
    counts = {str(status): int(tasks) for status, tasks in conn.execute(query).all()}
    soon = (
        problem_select(scope, None, as_of=as_of, need=("status",))
        .add_columns(sa.func.count())
        .where(_owed_by(as_of, within_days), deadline_column >= as_of)
    )
    counts["due_soon"] = int(conn.execute(soon).scalar_one())
    return counts
