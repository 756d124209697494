"""Sites, accounts and disclosure platforms: identifiers and platforms."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from data_access.db import read_frame
from data_access.schema import TARGET_KINDS, check_results, problems, rectifications, regions, rounds, targets, units
from data_access.scope import Scope, region_filter, scoped_filter

# Standard platform codes, matched against the account type a notice prints
# (微信订阅号, 小程序+微信, 快手短视频, 其他+APP, ...). First match wins.
PLATFORMS = (
    ("miniprogram", ("小程序",)),
    ("wechat", ("微信",)),
    ("weibo", ("微博",)),
    ("douyin", ("抖音",)),
    ("kuaishou", ("快手",)),
    ("toutiao", ("头条",)),
    ("app", ("客户端", "APP", "App", "app")),
)
PLATFORM_CODES = (*(code for code, _ in PLATFORMS), "other")


def platform_code(label: str) -> str | None:
    """The standard platform of an account type as printed; None for an empty label."""
    if not label:
        return None
    for code, words in PLATFORMS:
        if any(word in label for word in words):
            return code
    return "other"


@dataclass(frozen=True)
class Target:
    """One site, account or disclosure platform of one host unit (a code under two units is two), as registered now."""

    id: int
    kind: str
    code: str | None
    name: str
    url: str | None
    site_kind: str | None
    platform: str | None
    platform_label: str | None
    status: str
    region_code: str
    region_name: str
    unit_id: int | None
    unit_name: str | None


def get_target(conn: sa.Connection, *, scope: Scope, target_id: int) -> Target | None:
    """The target with ``target_id``; None when there is none or it lies outside ``scope``."""
    query = (
        sa.select(
            targets.c.id,
            targets.c.kind,
            targets.c.code,
            targets.c.name,
            targets.c.url,
            targets.c.site_kind,
            targets.c.platform,
            targets.c.platform_label,
            targets.c.status,
            targets.c.region_code,
            regions.c.name.label("region_name"),
            targets.c.unit_id,
            units.c.name.label("unit_name"),
        )
        .join(regions, regions.c.code == targets.c.region_code)
        .outerjoin(units, units.c.id == targets.c.unit_id)
        .where(targets.c.id == target_id, region_filter(targets.c.region_code, scope.region_code))
    )
    row = conn.execute(query).mappings().first()
    return Target(**row) if row else None


def target_history(conn: sa.Connection, *, scope: Scope, target_id: int) -> pd.DataFrame:
    """Every check of one target across all rounds, with its problems and rectification, newest first.

    Grain: one row per check result and re-check. Columns: period,
    round_label (the round's own name), round_key, round_title,
    notice_number, source, issued_on, rectification_due, list_label, seq,
    passed, score, score_band, problem_text, host_unit_text, categories
    (comma-separated standard categories), rectification_status,
    rectification_text, recheck_period, recheck_label.
    """
    recheck = rounds.alias("recheck")
    categories = (
        sa.select(sa.func.aggregate_strings(problems.c.category, ","))
        .where(problems.c.check_id == check_results.c.id)
        .scalar_subquery()
    )
    query = (
        sa.select(
            rounds.c.period,
            rounds.c.period_label.label("round_label"),
            rounds.c.key.label("round_key"),
            rounds.c.title.label("round_title"),
            rounds.c.notice_number,
            rounds.c.source,
            rounds.c.issued_on,
            rounds.c.rectification_due,
            check_results.c.list_label,
            check_results.c.seq,
            check_results.c.passed,
            check_results.c.score,
            check_results.c.score_band,
            check_results.c.problem_text,
            check_results.c.host_unit_text,
            categories.label("categories"),
            rectifications.c.status.label("rectification_status"),
            rectifications.c.status_text.label("rectification_text"),
            recheck.c.period.label("recheck_period"),
            recheck.c.period_label.label("recheck_label"),
        )
        .select_from(check_results)
        .join(rounds, rounds.c.id == check_results.c.round_id)
        .outerjoin(rectifications, rectifications.c.check_id == check_results.c.id)
        .outerjoin(recheck, recheck.c.id == rectifications.c.recheck_round_id)
        .where(
            check_results.c.target_id == target_id,
            region_filter(check_results.c.region_code, scope.region_code),
        )
        .order_by(rounds.c.period.desc(), rounds.c.key, check_results.c.seq, check_results.c.id)
    )
    return read_frame(conn, query)


FAILING_ROW_CAP = 500


def failing_targets(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """Targets that failed a check in ``period`` under ``region``, at most FAILING_ROW_CAP rows.

    Grain: one row per failing check result. Columns: target_id, kind, code,
    name, url, platform_label, region_code, region_name, host_unit_text,
    problem_text, list_label, seq.
    """
    kind_order = sa.case(*((targets.c.kind == kind, index) for index, kind in enumerate(TARGET_KINDS)))
    query = (
        sa.select(
            targets.c.id.label("target_id"),
            targets.c.kind,
            targets.c.code,
            targets.c.name,
            targets.c.url,
            targets.c.platform_label,
            check_results.c.region_code,
            regions.c.name.label("region_name"),
            check_results.c.host_unit_text,
            check_results.c.problem_text,
            check_results.c.list_label,
            check_results.c.seq,
        )
        .select_from(check_results)
        .join(rounds, rounds.c.id == check_results.c.round_id)
        .join(targets, targets.c.id == check_results.c.target_id)
        .join(regions, regions.c.code == check_results.c.region_code)
        .where(
            rounds.c.period == period,
            check_results.c.passed.is_(False),
            scoped_filter(check_results.c.region_code, scope, region),
        )
        .order_by(kind_order, check_results.c.region_code, rounds.c.key, check_results.c.seq, check_results.c.id)
        .limit(FAILING_ROW_CAP)
    )
    return read_frame(conn, query)


def count_failing(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> int:
    """How many check results failed in ``period`` under ``region`` (the uncapped total)."""
    query = (
        sa.select(sa.func.count())
        .select_from(check_results)
        .join(rounds, rounds.c.id == check_results.c.round_id)
        .where(
            rounds.c.period == period,
            check_results.c.passed.is_(False),
            scoped_filter(check_results.c.region_code, scope, region),
        )
    )
    return int(conn.execute(query).scalar_one())
