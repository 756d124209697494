"""Import a file as one batch, list batches, undo one; the data version every write raises.

``run_import`` reads a file, recognises its kind, checks every row and
writes it in one transaction: all of the file or none of it. A dry run does
exactly the same and rolls back, so the preview a user confirms is what the
import writes. The same file (by checksum) is never written twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlalchemy as sa

from data_access import check_counts, tasks
from data_access import schema as s
from data_access.audit import record
from data_access.clock import beijing_text, beijing_today, utc_now
from data_access.imports import kinds as k
from data_access.imports.kind_writers import FINISHERS, TARGET_KINDS_OF, WRITERS, BatchInfo, RowContext
from data_access.imports.reader import RawTable, ReadError, read_table
from data_access.imports.records import OPEN_COLUMNS, Issue, Record, period_from_titles, to_records
from data_access.imports.writer import TABLE_LABELS, RowProblem, Writer
from data_access.periods import Period, parse_period
from data_access.scope import NATIONAL, Scope, region_filter
from data_access.versioning import bump_version
from data_access.versioning import current_version as current_version  # imported from here by older callers


class ImportRefused(Exception):
    """An import or undo that was not done; ``issues`` say why, in Chinese."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("；".join(issue.text() for issue in issues))
        self.issues = issues


@dataclass
class Outcome:
    """What an import did (or, for a dry run or a refusal, would have done)."""

    status: str  # written | dry_run | refused | duplicate
    message: str
    file_name: str
    checksum: str
    kind: k.Kind | None = None
    candidates: list[k.Match] = field(default_factory=list)
    period: str | None = None
    region: str | None = None
    table: RawTable | None = None
    records: list[Record] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # Chinese table label -> rows added
    batch_id: int | None = None

    @property
    def taken(self) -> bool:
        """True when the file is in the store after this call (written now or before)."""
        return self.status in ("written", "duplicate")

    def preview(self) -> pd.DataFrame:
        """The file's rows as they will be written: 行号, the kind's columns, and each row's problems."""
        if self.kind is None:
            return pd.DataFrame()
        problems: dict[int, list[str]] = {}
        for issue in self.issues:
            if issue.line is not None:
                column = f"“{issue.column}”" if issue.column else ""
                problems.setdefault(issue.line, []).append(f"{column}{issue.message}")
        # An open kind's other columns (a scoring sheet's indicators), in the file's order.
        extra = [header for header in (self.table.headers if self.table else ()) if self.kind.open_columns and header]
        extra = [h for h in extra if any(h in (rec.values.get(OPEN_COLUMNS) or {}) for rec in self.records)]
        rows = []
        for rec in self.records:
            row: dict[str, Any] = {"行号": rec.line}
            for f in self.kind.fields:
                value = rec.values.get(f.name)
                row[f.label] = rec.printed[f.name] + "%" if f.name in rec.printed else value
            row.update({header: (rec.values.get(OPEN_COLUMNS) or {}).get(header) for header in extra})
            row["问题"] = "；".join(problems.get(rec.line, []))
            rows.append(row)
        return pd.DataFrame(rows)


# -- batches ------------------------------------------------------------------------------------------------
def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_batch(conn: sa.Connection, *, source: str, kind: str, **values: Any) -> int:
    """A new active batch; its id, for the rows that follow."""
    return int(
        conn.execute(
            s.imports.insert()
            .values(source=source[:200], kind=kind, created_at=utc_now(), **values)
            .returning(s.imports.c.id)
        ).scalar_one()
    )


def close_batch(
    conn: sa.Connection, import_id: int, counts: Mapping[str, int], *, row_count: int | None = None
) -> None:
    """Record what the batch added (and, when given, the rows it read) and raise the data version."""
    values: dict[str, Any] = {"counts": json.dumps(dict(counts))}
    if row_count is not None:
        values["row_count"] = row_count
    conn.execute(s.imports.update().where(s.imports.c.id == import_id).values(**values))
    check_counts.refresh(conn, check_counts.rounds_of_batch(conn, import_id))
    bump_version(conn)


def active_batch(conn: sa.Connection, digest: str) -> sa.Row[Any, Any] | None:
    query = sa.select(s.imports.c.id, s.imports.c.created_at).where(
        s.imports.c.checksum == digest, s.imports.c.status == "active"
    )
    return conn.execute(query.order_by(s.imports.c.id)).first()


def _within(conn: sa.Connection, region: str | None, scope: Scope) -> bool:
    """True when ``region`` (None: no region, e.g. a registry batch) lies in ``scope``."""
    if scope.region_code is None:
        return True
    if region is None:
        return False
    return (
        conn.execute(
            sa.select(s.regions.c.code).where(
                region_filter(s.regions.c.code, scope.region_code), s.regions.c.code == region
            )
        ).first()
        is not None
    )


def list_batches(conn: sa.Connection, *, scope: Scope = NATIONAL, limit: int = 500) -> pd.DataFrame:
    """The newest batches first: id, created_at, source, kind, kind_label, user_name, period, region_code,
    region_name, row_count, counts (dict), added (rows), status, undone_at, undone_by."""
    i = s.imports.c
    query = (
        sa.select(
            i.id,
            i.created_at,
            i.source,
            i.kind,
            i.user_name,
            i.period,
            i.region_code,
            s.regions.c.name.label("region_name"),
            i.row_count,
            i.counts,
            i.status,
            i.undone_at,
            i.undone_by,
        )
        .outerjoin(s.regions, s.regions.c.code == i.region_code)
        .where(sa.true() if scope.region_code is None else region_filter(i.region_code, scope.region_code))
        .order_by(i.id.desc())
        .limit(limit)
    )
    frame = pd.DataFrame(conn.execute(query).mappings().all())
    if frame.empty:
        return frame
    frame["counts"] = frame["counts"].map(lambda text: json.loads(text) if text else {})
    frame["added"] = frame["counts"].map(lambda counts: sum(counts.values()))
    frame["kind_label"] = frame["kind"].map(_kind_label)
    return frame


def _kind_label(key: str | None) -> str:
    if key is None:
        return "合成数据"
    if key == "notices":
        return "通报数据"
    return k.KINDS[key].label if key in k.KINDS else key


# -- importing ----------------------------------------------------------------------------------------------
def run_import(
    engine: sa.Engine,
    data: bytes,
    file_name: str,
    *,
    kind: str | None = None,
    period: str | None = None,
    region: str | None = None,
    sheet: str | None = None,
    user: str | None = None,
    dry_run: bool = False,
    scope: Scope = NATIONAL,
) -> Outcome:
    """Check ``data`` and, unless ``dry_run`` or any row is wrong, write it as one batch.

    ``scope`` is the importing account's: a file may only write to a region inside it, and only an
    account for the whole country imports kinds that belong to no region (the registry, the summary).
    """
    digest = checksum(data)
    outcome = Outcome("refused", "", file_name, digest)
    try:
        table = read_table(data, file_name, k.known_headers(), sheet=sheet)
    except ReadError as error:
        return _refuse(outcome, [Issue(None, None, str(error))])
    outcome.table = table
    outcome.notes.extend(f"第{line}行未导入：{reason}" for line, reason in table.skipped)
    outcome.candidates = k.recognise(table.headers)
    chosen = _choose_kind(outcome, kind)
    if chosen is None:
        return outcome
    outcome.kind = chosen
    outcome.records, issues = to_records(table, chosen)
    with engine.connect() as conn:
        issues = _context(conn, outcome, period, region, scope) + issues
        conn.rollback()  # end the reads' transaction; the write opens its own
        if issues:
            return _refuse(outcome, issues)
        _write(conn, outcome, user, dry_run)
    return outcome


def _refuse(outcome: Outcome, issues: list[Issue]) -> Outcome:
    outcome.status, outcome.issues = "refused", issues
    rows = sorted({issue.line for issue in issues if issue.line is not None})
    where = f"，涉及 {len(rows)} 行" if rows else ""
    outcome.message = f"文件有 {len(issues)} 处问题{where}，未写入任何数据。"
    return outcome


def _choose_kind(outcome: Outcome, kind: str | None) -> k.Kind | None:
    if kind is not None:
        if kind not in k.KINDS:
            _refuse(outcome, [Issue(None, None, f"没有“{kind}”这种表格类型")])
            return None
        return k.KINDS[kind]
    if not outcome.candidates:
        _refuse(outcome, [Issue(None, None, "无法识别表格类型：表头与任何一种可导入的表格都不相符")])
        return None
    return outcome.candidates[0].kind


def _context(
    conn: sa.Connection, outcome: Outcome, period: str | None, region: str | None, scope: Scope
) -> list[Issue]:
    """Settle the batch's period and region; the problems with them."""
    kind = outcome.kind
    assert kind is not None and outcome.table is not None
    issues = []
    if kind.needs_period:
        if not period:
            period = period_from_titles(outcome.table.title_lines)
            if period:
                outcome.notes.append(f"期次取自文件标题：{Period(int(period[:4]), int(period[-1])).label}")
        if not period:
            issues.append(Issue(None, None, "文件没有写明期次，请选择期次（如 2024Q1）"))
        else:
            try:
                parsed = parse_period(period)
            except ValueError:
                issues.append(Issue(None, None, f"期次“{period}”不存在（应如 2024Q1）"))
            else:
                today = beijing_today()
                if parsed > Period(today.year, (today.month - 1) // 3 + 1):
                    issues.append(Issue(None, None, f"期次 {parsed.label} 尚未到来"))
                period = parsed.key
    if kind.needs_region:
        if not region:
            issues.append(Issue(None, None, "请选择这份文件所属的地区"))
        elif conn.execute(sa.select(s.regions.c.code).where(s.regions.c.code == region)).first() is None:
            issues.append(Issue(None, None, f"地区代码“{region}”不存在"))
        elif not _within(conn, region, scope):
            issues.append(Issue(None, None, f"地区“{region}”不在本账号负责的地区范围内"))
    elif scope.region_code is not None:
        issues.append(Issue(None, None, f"只有负责全国的账号可以导入“{kind.label}”"))
    outcome.period = period if kind.needs_period else None
    outcome.region = region if kind.needs_region else None
    return issues


def _write(conn: sa.Connection, outcome: Outcome, user: str | None, dry_run: bool) -> None:
    """Write every record in one transaction; roll back on any problem and on a dry run."""
    kind = outcome.kind
    assert kind is not None
    transaction = conn.begin()
    try:
        existing = active_batch(conn, outcome.checksum)
        if existing is not None:
            transaction.rollback()
            outcome.status, outcome.batch_id = "duplicate", existing.id
            outcome.message = f"该文件已于 {beijing_text(existing.created_at)} 导入（批次 {existing.id}），未重复写入。"
            return
        batch = open_batch(
            conn,
            source=outcome.file_name,
            kind=kind.key,
            checksum=outcome.checksum,
            user_name=user,
            period=outcome.period,
            region_code=outcome.region,
            row_count=len(outcome.records),
        )
        writer = Writer(conn, batch, user=user)
        title = outcome.table.title_lines if outcome.table else ()
        info = BatchInfo(kind, outcome.file_name, outcome.period, outcome.region, title, outcome.notes)
        context = RowContext(conn, writer, info)
        write = WRITERS[kind.key]
        if kind.key in TARGET_KINDS_OF:
            writer.prefetch_targets(TARGET_KINDS_OF[kind.key], (rec.values.get("code") for rec in outcome.records))
        for rec in outcome.records:
            context.line = rec.line
            try:
                write(context, rec.values, rec.printed)
            except RowProblem as problem:
                outcome.issues.append(Issue(rec.line, None, str(problem)))
        finish = FINISHERS.get(kind.key)
        if finish is not None and not outcome.issues:
            outcome.issues.extend(Issue(line, None, message) for line, message in finish(context))
        outcome.counts = {TABLE_LABELS.get(name, name): n for name, n in writer.counts.items()}
        outcome.notes.extend(f"将新建单位：{name}（{region}）" for region, name in writer.new_units[:50])
        outcome.notes.extend(f"“{code}”在库中没有主办单位，将记为：{unit}" for code, unit in writer.adopted[:50])
        if outcome.issues:
            transaction.rollback()
            _refuse(outcome, outcome.issues)
            return
        if dry_run:
            transaction.rollback()
            outcome.status = "dry_run"
            outcome.message = f"检查通过：共 {len(outcome.records)} 行，可以导入。"
            return
        close_batch(conn, batch, writer.counts)
        record(conn, user=user, action="import", detail=f"{outcome.file_name}（{kind.label}）", import_id=batch)
        transaction.commit()
    except BaseException:
        if transaction.is_active:
            transaction.rollback()
        raise
    outcome.status, outcome.batch_id = "written", batch
    added = sum(outcome.counts.values())
    outcome.message = f"已导入 {len(outcome.records)} 行（批次 {batch}），共写入 {added} 条记录。"


# -- undo ---------------------------------------------------------------------------------------------------
# Tables a batch adds rows to, in the order they are removed (rows that refer to others first).
_UNDO_ORDER = (
    "task_events",
    "rectifications",
    "registry_changes",
    "content_submissions",
    "disclosure_stats",
    "message_handling",
    "narratives",
    "reported_figures",
    "check_results",
    "rounds",
    "targets",
    "unit_aliases",
    "units",
    "regions",
)
# Rows of other batches that would lose what they refer to: (table, column, referred table).
_REFERENCES = (
    ("rectification_tasks", "check_id", "check_results"),
    ("rectifications", "check_id", "check_results"),
    ("rectifications", "recheck_round_id", "rounds"),
    *((table, "round_id", "rounds") for table in _UNDO_ORDER[2:9]),
    ("check_results", "target_id", "targets"),
    ("registry_changes", "target_id", "targets"),
    ("targets", "unit_id", "units"),
    ("content_submissions", "unit_id", "units"),
    ("disclosure_stats", "unit_id", "units"),
    ("message_handling", "unit_id", "units"),
    *(
        (table, "region_code", "regions")
        for table in ("targets", "units", "check_results", "reported_figures", "message_handling", "unit_aliases")
    ),
    ("regions", "parent_code", "regions"),
    ("rounds", "scope_region_code", "regions"),
    ("users", "region_code", "regions"),
)


def undo(engine: sa.Engine, import_id: int, *, user: str | None, scope: Scope = NATIONAL) -> dict[str, int]:
    """Remove exactly the rows batch ``import_id`` added; the rows removed per Chinese table label.

    Refused (``ImportRefused``) for an unknown or already undone batch, the
    synthetic generator's batch, and a batch whose rows later batches use.
    """
    with engine.begin() as conn:
        batch = conn.execute(sa.select(s.imports).where(s.imports.c.id == import_id)).mappings().first()
        if batch is None or not _within(conn, batch["region_code"], scope):
            raise ImportRefused([Issue(None, None, f"没有批次 {import_id}")])
        if batch["status"] == "undone":
            raise ImportRefused([Issue(None, None, f"批次 {import_id} 已于 {beijing_text(batch['undone_at'])} 撤销")])
        if batch["kind"] is None:
            raise ImportRefused([Issue(None, None, f"批次 {import_id} 是合成的演示数据，不能撤销")])
        _give_back_units(conn, import_id)
        _refuse_if_used(conn, import_id)
        _refuse_if_answered_on(conn, import_id)
        counted_rounds = check_counts.rounds_of_batch(conn, import_id)
        stepped = tasks.steps_of_batch(conn, import_id)
        removed = _remove(conn, import_id)
        check_counts.refresh(conn, counted_rounds)
        tasks.refresh_states(conn, stepped)
        conn.execute(
            s.imports.update()
            .where(s.imports.c.id == import_id)
            .values(status="undone", undone_at=utc_now(), undone_by=user)
        )
        bump_version(conn)
        record(conn, user=user, action="undo", detail=f"{batch['source']}（批次 {import_id}）", import_id=import_id)
    return {TABLE_LABELS[name]: n for name, n in removed.items() if n}


def _give_back_units(conn: sa.Connection, import_id: int) -> None:
    """Take back the units the batch gave targets first seen without one (refused when a later batch's check
    names that unit: it found the target by it); a refusal rolls the whole undo back."""
    t, c = s.targets.c, s.check_results.c
    adopted = sa.select(t.id).where(t.unit_import_id == import_id)
    user = conn.execute(
        sa.select(c.import_id)
        .where(
            c.target_id.in_(adopted),
            c.host_unit_text.isnot(None),
            c.import_id.is_(None) | (c.import_id != import_id),
        )
        .order_by(c.import_id)
    ).first()
    if user is not None:
        by = f"批次 {user[0]}" if user[0] is not None else "其他数据"
        raise ImportRefused(
            [Issue(None, None, f"批次 {import_id} 不能撤销：{by}的检查记录用到了它补记的主办单位；请先撤销{by}")]
        )
    conn.execute(s.targets.update().where(t.unit_import_id == import_id).values(unit_id=None, unit_import_id=None))


def _refuse_if_answered_on(conn: sa.Connection, import_id: int) -> None:
    """Refuse to take back a batch's answers or re-checks of a task that has a later step (a review, an answer)."""
    task = tasks.stepped_on_after(conn, import_id)
    if task is not None:
        raise ImportRefused(
            [
                Issue(
                    None,
                    None,
                    f"批次 {import_id} 不能撤销：整改任务 {task} 在这批数据之后又有办理记录（审核、反馈或复查）",
                )
            ]
        )


def _refuse_if_used(conn: sa.Connection, import_id: int) -> None:
    tables = s.metadata.tables
    for table_name, column, referred_name in _REFERENCES:
        table, referred = tables[table_name], tables[referred_name]
        key = referred.c.code if referred_name == "regions" else referred.c.id
        mine = sa.select(key).where(referred.c.import_id == import_id)
        others = table.c.import_id.is_(None) | (table.c.import_id != import_id) if "import_id" in table.c else sa.true()
        user = conn.execute(
            sa.select(table.c.import_id if "import_id" in table.c else sa.null()).where(
                table.c[column].in_(mine), others
            )
        ).first()
        if user is None:
            continue
        used = TABLE_LABELS.get(table_name, "账号")
        made = TABLE_LABELS[referred_name]
        if "import_id" not in table.c:  # accounts and tasks belong to no batch: nothing to undo first
            raise ImportRefused([Issue(None, None, f"批次 {import_id} 不能撤销：{used}用到了它新增的{made}")])
        by = f"批次 {user[0]}" if user[0] is not None else "其他数据（如合成数据）"
        raise ImportRefused(
            [Issue(None, None, f"批次 {import_id} 不能撤销：{by}的{used}用到了它新增的{made}；请先撤销{by}")]
        )


def _remove(conn: sa.Connection, import_id: int) -> dict[str, int]:
    tables = s.metadata.tables
    changes = s.registry_changes.c
    for target, previous in conn.execute(
        sa.select(changes.target_id, changes.previous_status).where(
            changes.import_id == import_id, changes.change == "closed", changes.previous_status.isnot(None)
        )
    ).all():
        conn.execute(s.targets.update().where(s.targets.c.id == target).values(status=previous))
    removed = {}
    for name in _UNDO_ORDER:
        table = tables[name]
        if name == "regions":  # counties before cities before provinces
            count = 0
            for level in ("county", "city", "province"):
                count += conn.execute(
                    table.delete().where(table.c.import_id == import_id, table.c.level == level)
                ).rowcount
            removed[name] = count
            continue
        removed[name] = conn.execute(table.delete().where(table.c.import_id == import_id)).rowcount
    return removed
