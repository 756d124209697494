"""Recording a check on /inspect: the rounds open for recording, the targets of one, and saving a scored check.

An editor records checks only for targets in its scope and in the round's region, only in a round of its
scope that is not closed. Saving is one transaction: the check's row (passed, score, the notices' high band,
the problem text composed from its findings), its verdict, findings and problems (data_access.scored_checks),
the round's check_counts, the data version and an audit entry saying who changed what. A saved check can be
edited (re-scored, its problems written again) until its round is closed, by whoever may record in it. A
round is closed on /inspect by an editor of its scope; a round created there is then complete
(``items_complete``): its computed figures count every target it recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
import sqlalchemy as sa

from data_access import check_counts
from data_access import schema as s
from data_access.audit import record
from data_access.clock import utc_now
from data_access.db import read_frame
from data_access.imports.batches import bump_version
from data_access.indicator_sets import SetError, default_set_id, load_set
from data_access.periods import parse_period
from data_access.regions import get_region, in_scope
from data_access.scope import Scope, region_filter, region_subquery
from data_access.scored_checks import (
    FindingInput,
    check_values,
    checked_input,
    clear_scoring,
    stored_findings,
    verdict_of,
    write_scoring,
)
from data_access.scoring import IndicatorSet, ScoringError, Verdict

ROUND_CAP = 300
TARGET_SEARCH_CAP = 50
RECORDED_LIST_LABEL = "检查评分记录"
INSPECT_SOURCE = "inspect"
# Audit actions written here.
CHECK_RECORDED = "check_record"
CHECK_EDITED = "check_edit"
CHECK_DELETED = "check_delete"
ROUND_CREATED = "round_create"
ROUND_CLOSED = "round_close"
RESULT_WORDS = {True: "合格", False: "不合格"}


class InspectionRefused(ValueError):
    """A recording the store does not take (out of scope, a closed round, a stale edit); the message is Chinese."""


@dataclass(frozen=True)
class RoundInfo:
    """A round as /inspect needs it."""

    id: int
    key: str
    period: str
    period_label: str | None
    issuer: str
    scope_region_code: str | None
    site_set_id: int | None
    account_set_id: int | None
    closed_at: Any
    source: str | None

    @property
    def name(self) -> str:
        return f"{self.issuer} {self.period_label or parse_period(self.period).label}"


@dataclass(frozen=True)
class Saved:
    """What a save did: the check, its verdict, and whether it was new."""

    check_id: int
    verdict: Verdict
    created: bool


def _rounds_in(scope: Scope) -> sa.ColumnElement[bool]:
    """Rounds an account of ``scope`` records in: a round of a region in its scope (every round when national)."""
    codes = region_subquery(scope.region_code)
    return sa.true() if codes is None else s.rounds.c.scope_region_code.in_(codes)


def open_rounds(conn: sa.Connection, *, scope: Scope) -> pd.DataFrame:
    """Rounds of ``scope`` not closed, newest period first, at most ROUND_CAP.

    Grain: one row per round. Columns: id, key, period, period_label, issuer, scope_region_code, region_name,
    site_set_id, account_set_id, source.
    """
    r = s.rounds.c
    query = (
        sa.select(
            r.id,
            r.key,
            r.period,
            r.period_label,
            r.issuer,
            r.scope_region_code,
            s.regions.c.name.label("region_name"),
            r.site_set_id,
            r.account_set_id,
            r.source,
        )
        .outerjoin(s.regions, s.regions.c.code == r.scope_region_code)
        .where(_rounds_in(scope), r.closed_at.is_(None))
        .order_by(r.period.desc(), r.scope_region_code, r.id.desc())
        .limit(ROUND_CAP)
    )
    return read_frame(conn, query)


def round_info(conn: sa.Connection, *, round_id: int) -> RoundInfo | None:
    r = s.rounds.c
    row = (
        conn.execute(
            sa.select(
                r.id,
                r.key,
                r.period,
                r.period_label,
                r.issuer,
                r.scope_region_code,
                r.site_set_id,
                r.account_set_id,
                r.closed_at,
                r.source,
            ).where(r.id == round_id)
        )
        .mappings()
        .first()
    )
    return RoundInfo(**row) if row else None


def _set_id_for(conn: sa.Connection, info: RoundInfo, kind: str) -> int | None:
    """The set the round scores ``kind`` by: its own, else the default for its region (indicator_sets)."""
    own = info.site_set_id if kind == "site" else info.account_set_id
    return own if own is not None else default_set_id(conn, kind=kind, region_code=info.scope_region_code)


def round_set_id(conn: sa.Connection, *, round_id: int, kind: str) -> int | None:
    """The id of the indicator set of ``kind`` a round scores by, or None when the store has none."""
    info = round_info(conn, round_id=round_id)
    return _set_id_for(conn, info, kind) if info else None


def _within(conn: sa.Connection, region_code: str | None, scope: Scope) -> bool:
    if scope.region_code is None:
        return True
    if region_code is None:
        return False
    region = get_region(conn, region_code)
    return region is not None and in_scope(region, scope)


def create_round(
    conn: sa.Connection,
    *,
    period: str,
    region_code: str | None,
    site_set_id: int | None,
    account_set_id: int | None,
    user: str | None,
    scope: Scope,
) -> int:
    """A new round to record checks in, in the caller's transaction; its id."""
    key_period = parse_period(period).key
    if not _within(conn, region_code, scope):
        raise InspectionRefused("只能为本账号负责的地区新建检查批次")
    region = get_region(conn, region_code) if region_code else None
    if region_code and region is None:
        raise InspectionRefused(f"地区代码“{region_code}”不存在")
    for kind, set_id in (("site", site_set_id), ("account", account_set_id)):
        if set_id is not None:
            found = conn.execute(sa.select(s.indicator_sets.c.kind).where(s.indicator_sets.c.id == set_id)).scalar()
            if found != kind:
                raise InspectionRefused("所选指标集与对象类型不符")
    name = region.name if region else "全国"
    label = parse_period(key_period).label
    taken = conn.execute(
        sa.select(sa.func.count())
        .select_from(s.rounds)
        .where(s.rounds.c.key.like(f"inspect-{region_code or 'national'}-{key_period}-%"))
    ).scalar_one()
    key = f"inspect-{region_code or 'national'}-{key_period}-{int(taken) + 1}"
    round_id = int(
        conn.execute(
            s.rounds.insert()
            .values(
                key=key,
                issuer=name,
                scope_region_code=region_code,
                period=key_period,
                period_label=label,
                title=f"{name}{label}政府网站与政务新媒体检查",
                source=INSPECT_SOURCE,
                items_complete=False,
                site_set_id=site_set_id,
                account_set_id=account_set_id,
            )
            .returning(s.rounds.c.id)
        ).scalar_one()
    )
    bump_version(conn)
    record(conn, user=user, action=ROUND_CREATED, detail=f"{name}{label}（{key}）")
    return round_id


def close_round(conn: sa.Connection, *, round_id: int, user: str | None, scope: Scope) -> None:
    """Close a round to recording, in the caller's transaction; a round created on /inspect is then complete."""
    info = round_info(conn, round_id=round_id)
    if info is None or not _within(conn, info.scope_region_code, scope):
        raise InspectionRefused(f"没有编号为 {round_id} 的检查批次，或不在本账号负责的地区")
    if info.closed_at is not None:
        raise InspectionRefused(f"检查批次“{info.name}”已结束录入")
    values: dict[str, Any] = {"closed_at": utc_now(), "closed_by": user}
    if info.source == INSPECT_SOURCE:
        values["items_complete"] = True
    conn.execute(s.rounds.update().where(s.rounds.c.id == round_id).values(**values))
    bump_version(conn)
    record(conn, user=user, action=ROUND_CLOSED, detail=f"{info.name}（{info.key}）")


# ---------------------------------------------------------------- targets


def find_targets(
    conn: sa.Connection, *, scope: Scope, region: str | None, kind: str, text: str, limit: int = TARGET_SEARCH_CAP
) -> pd.DataFrame:
    """Running targets of ``kind`` in ``region`` and ``scope`` whose code starts with, or name contains, ``text``.

    Grain: one row per target, at most ``limit``, codes first. Columns: id, code, name, url, site_kind,
    platform_label, unit_name, region_code, region_name.
    """
    t, u = s.targets.c, s.units.c
    wanted = text.strip()
    if not wanted:
        return pd.DataFrame(
            columns=[
                "id",
                "code",
                "name",
                "url",
                "site_kind",
                "platform_label",
                "unit_name",
                "region_code",
                "region_name",
            ]
        )
    escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    match = t.code.like(f"{escaped}%", escape="\\") | t.name.like(f"%{escaped}%", escape="\\")
    query = (
        sa.select(
            t.id,
            t.code,
            t.name,
            t.url,
            t.site_kind,
            t.platform_label,
            u.name.label("unit_name"),
            t.region_code,
            s.regions.c.name.label("region_name"),
        )
        .outerjoin(s.units, u.id == t.unit_id)
        .join(s.regions, s.regions.c.code == t.region_code)
        .where(
            t.kind == kind,
            t.status == "running",
            region_filter(t.region_code, scope.region_code),
            region_filter(t.region_code, region),
            match,
        )
        .order_by(t.code.is_(None), t.code, t.name, t.id)
        .limit(limit)
    )
    return read_frame(conn, query)


def target_row(conn: sa.Connection, *, scope: Scope, target_id: int) -> dict[str, Any] | None:
    """One target in ``scope``: id, kind, code, name, url, site_kind, unit_name, region_code; None outside it."""
    t, u = s.targets.c, s.units.c
    row = (
        conn.execute(
            sa.select(t.id, t.kind, t.code, t.name, t.url, t.site_kind, u.name.label("unit_name"), t.region_code)
            .outerjoin(s.units, u.id == t.unit_id)
            .where(t.id == target_id, region_filter(t.region_code, scope.region_code))
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def existing_check(conn: sa.Connection, *, round_id: int, target_id: int) -> dict[str, Any] | None:
    """The target's check in the round, if any: id, import_id, passed, score, source (NULL for a check from a
    notice or a problem list), set_id, portal, has_services, revision, findings (data_access.scored_checks)."""
    c, cs = s.check_results.c, s.check_scores.c
    row = (
        conn.execute(
            sa.select(
                c.id, c.import_id, c.passed, c.score, cs.source, cs.set_id, cs.portal, cs.has_services, cs.revision
            )
            .outerjoin(s.check_scores, cs.check_id == c.id)
            .where(c.round_id == round_id, c.target_id == target_id)
            .order_by(c.id)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    found = dict(row)
    found["findings"] = stored_findings(conn, int(row["id"])) if row["source"] else []
    return found


def recorded_checks(conn: sa.Connection, *, scope: Scope, round_id: int) -> pd.DataFrame:
    """The checks recorded on /inspect in a round, newest first.

    Grain: one row per check. Columns: check_id, target_id, kind, code, name, region_name, passed, score,
    band, findings, recorded_by, updated_by, updated_at.
    """
    c, cs, t = s.check_results.c, s.check_scores.c, s.targets.c
    counted_sub = (
        sa.select(s.findings.c.check_id, sa.func.count().label("findings"))
        .join(s.check_results, s.check_results.c.id == s.findings.c.check_id)
        .where(s.check_results.c.round_id == round_id)
        .group_by(s.findings.c.check_id)
        .subquery()
    )
    query = (
        sa.select(
            c.id.label("check_id"),
            c.target_id,
            t.kind,
            t.code,
            t.name,
            s.regions.c.name.label("region_name"),
            c.passed,
            c.score,
            cs.band,
            sa.func.coalesce(counted_sub.c.findings, 0).label("findings"),
            cs.recorded_by,
            cs.updated_by,
            sa.func.coalesce(cs.updated_at, cs.recorded_at).label("updated_at"),
        )
        .join(s.check_scores, cs.check_id == c.id)
        .join(s.targets, t.id == c.target_id)
        .join(s.regions, s.regions.c.code == c.region_code)
        .outerjoin(counted_sub, counted_sub.c.check_id == c.id)
        .where(c.round_id == round_id, cs.source == INSPECT_SOURCE, region_filter(c.region_code, scope.region_code))
        .order_by(sa.func.coalesce(cs.updated_at, cs.recorded_at).desc(), c.id.desc())
    )
    return read_frame(conn, query)


# ---------------------------------------------------------------- saving


def _open_round(conn: sa.Connection, round_id: int, scope: Scope) -> RoundInfo:
    info = round_info(conn, round_id=round_id)
    if info is None or not _within(conn, info.scope_region_code, scope):
        raise InspectionRefused("没有这个检查批次，或它不在本账号负责的地区")
    if info.closed_at is not None:
        raise InspectionRefused(f"检查批次“{info.name}”已结束录入，不能再录入或修改")
    return info


def _describe(indicator_set: IndicatorSet, findings: Sequence[dict[str, Any]]) -> set[str]:
    described = set()
    for item in findings:
        indicator = indicator_set.indicator(int(item["indicator_id"]))
        said = (
            indicator.name if item["points"] is None else f"{indicator.name}{_signed(indicator.part, item['points'])}"
        )
        if item.get("note"):
            said += f"（{item['note']}）"
        described.add(said)
    return described


def _signed(part: str, points: Any) -> str:
    number = Decimal(points).normalize()
    return f"{'+' if part == 'bonus' else '-'}{number:f}分"


def _verdict_words(passed: bool, score: Any) -> str:
    return RESULT_WORDS[bool(passed)] + (f" {Decimal(score).normalize():f}分" if score is not None else "")


def save_check(
    engine: sa.Engine,
    *,
    round_id: int,
    target_id: int,
    portal: bool,
    has_services: bool,
    findings: Sequence[FindingInput],
    user: str | None,
    scope: Scope,
    revision: int | None = None,
) -> Saved:
    """Record (or, when the target has a check recorded here in the round, edit) a scored check, in one
    transaction; InspectionRefused says in Chinese why nothing was written.

    ``revision`` is the revision of the check the editor loaded: an edit of a check someone changed since is
    refused, so no change is lost.
    """
    try:
        items = [checked_input(item) for item in findings]
    except ScoringError as error:
        raise InspectionRefused(str(error)) from None
    with engine.begin() as conn:
        info = _open_round(conn, round_id, scope)
        target = target_row(conn, scope=scope, target_id=target_id)
        if target is None or target["kind"] not in ("site", "account"):
            raise InspectionRefused("没有这个网站或账号，或它不在本账号负责的地区")
        if info.scope_region_code and not _within(conn, target["region_code"], Scope(info.scope_region_code)):
            raise InspectionRefused("该网站或账号不在本检查批次的地区范围内")
        before = existing_check(conn, round_id=round_id, target_id=target_id)
        if before is not None and (before["source"] != INSPECT_SOURCE or before["import_id"] is not None):
            origin = f"批次 {before['import_id']}" if before["import_id"] is not None else "通报数据"
            raise InspectionRefused(
                f"本期已有这一对象的检查记录（来自{origin}），不能在此录入；请在导入文件中更正后重新导入"
            )
        if before is not None and revision is not None and int(before["revision"]) != revision:
            raise InspectionRefused("这条检查记录已被他人修改，请重新打开后再改")
        set_id = int(before["set_id"]) if before is not None else _set_id_for(conn, info, target["kind"])
        if set_id is None:
            raise InspectionRefused("库中没有可用的指标集，请管理员先添加")
        try:
            indicator_set = load_set(conn, set_id)
            verdict = verdict_of(indicator_set, items, portal=portal, has_services=has_services)
            values = check_values(indicator_set, items, verdict)
        except (ScoringError, SetError) as error:
            raise InspectionRefused(str(error)) from None
        now = utc_now()
        row = {
            **values,
            "target_kind": target["kind"],
            "region_code": target["region_code"],
            "list_label": RECORDED_LIST_LABEL,
            "host_unit_text": target["unit_name"],
        }
        if before is None:
            check_id = int(
                conn.execute(
                    s.check_results.insert()
                    .values(round_id=round_id, target_id=target_id, **row)
                    .returning(s.check_results.c.id)
                ).scalar_one()
            )
            recorded: tuple[str | None, Any] = (user, now)
            updated: tuple[str | None, Any] = (None, None)
            next_revision = 1
        else:
            check_id = int(before["id"])
            stamp = conn.execute(
                sa.select(s.check_scores.c.recorded_by, s.check_scores.c.recorded_at).where(
                    s.check_scores.c.check_id == check_id
                )
            ).one()
            conn.execute(s.check_results.update().where(s.check_results.c.id == check_id).values(**row))
            clear_scoring(conn, check_id)
            recorded, updated, next_revision = (stamp[0], stamp[1]), (user, now), int(before["revision"]) + 1
        write_scoring(
            conn,
            check_id=check_id,
            indicator_set=indicator_set,
            findings=items,
            verdict=verdict,
            portal=portal,
            has_services=has_services,
            source=INSPECT_SOURCE,
            recorded=recorded,
            updated=updated,
            revision=next_revision,
        )
        check_counts.refresh(conn, [round_id])
        bump_version(conn)
        after = [{"indicator_id": item.indicator_id, "points": item.points, "note": item.note} for item in items]
        record(
            conn,
            user=user,
            action=CHECK_RECORDED if before is None else CHECK_EDITED,
            detail=_audit_detail(info, target, indicator_set, before, after, verdict, portal, has_services),
        )
    return Saved(check_id, verdict, before is None)


def _audit_detail(
    info: RoundInfo,
    target: dict[str, Any],
    indicator_set: IndicatorSet,
    before: dict[str, Any] | None,
    after: list[dict[str, Any]],
    verdict: Verdict,
    portal: bool,
    has_services: bool,
) -> str:
    """Who was checked, the verdict, and (for an edit) exactly what changed."""
    who = f"{info.name}：{target['name']}（{target['code'] or target['id']}）"
    now = _verdict_words(verdict.passed, verdict.score)
    if before is None:
        listed = "；".join(sorted(_describe(indicator_set, after))) or "无扣分项"
        return f"{who} 录入，{now}；{listed}"
    changes = []
    was = _verdict_words(before["passed"], before["score"])
    if was != now:
        changes.append(f"结论 {was} → {now}")
    if bool(before["portal"]) != portal:
        changes.append(f"按门户网站评分 {'是' if before['portal'] else '否'} → {'是' if portal else '否'}")
    if bool(before["has_services"]) != has_services:
        changes.append(f"有对外服务职能 {'是' if before['has_services'] else '否'} → {'是' if has_services else '否'}")
    old, new = _describe(indicator_set, before["findings"]), _describe(indicator_set, after)
    changes += [f"新增 {item}" for item in sorted(new - old)]
    changes += [f"删除 {item}" for item in sorted(old - new)]
    return f"{who} 修改：" + ("；".join(changes) if changes else "无改动（证据或图片可能已更新）")


def delete_check(engine: sa.Engine, *, check_id: int, user: str | None, scope: Scope) -> None:
    """Remove a check recorded on /inspect while its round is open, in one transaction, audited."""
    with engine.begin() as conn:
        c, cs = s.check_results.c, s.check_scores.c
        row = conn.execute(
            sa.select(c.round_id, c.target_id, c.import_id, cs.source)
            .join(s.check_scores, cs.check_id == c.id)
            .where(c.id == check_id)
        ).first()
        if row is None or row.source != INSPECT_SOURCE or row.import_id is not None:
            raise InspectionRefused("没有这条在本页录入的检查记录")
        info = _open_round(conn, int(row.round_id), scope)
        target = target_row(conn, scope=scope, target_id=int(row.target_id))
        if target is None:
            raise InspectionRefused("该检查记录不在本账号负责的地区")
        if conn.execute(sa.select(s.rectifications.c.id).where(s.rectifications.c.check_id == check_id)).first():
            raise InspectionRefused("该检查记录已有整改复查结果，不能删除")
        conn.execute(s.check_results.delete().where(c.id == check_id))
        check_counts.refresh(conn, [int(row.round_id)])
        bump_version(conn)
        record(
            conn,
            user=user,
            action=CHECK_DELETED,
            detail=f"{info.name}：{target['name']}（{target['code'] or target['id']}）",
        )
