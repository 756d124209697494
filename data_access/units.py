"""Units (单位): one department under its standard name, its department type, and the drill-down's unit level.

Notices spell one unit several ways (省发展改革委 / 省发展和改革委员会);
``unit_aliases`` maps each spelling to the standard name, so that every
row a notice holds about a department lands on one ``units`` row, while the
row itself keeps the wording it was printed with (``host_unit_text``,
``unit_text``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from data_access.db import read_frame
from data_access.regions import Region, child_group_key
from data_access.schema import TARGET_KINDS, check_results, regions, rounds, targets, unit_aliases, units
from data_access.scope import Scope, region_filter, scoped_filter

# Standard department types and the words that give them away, checked in
# this order; the first match wins. The order matters where names overlap:
# 教育体育局 is education, 文化广电新闻出版旅游局 is culture and tourism,
# 随州高新区规划建设局 is housing and construction rather than the zone.
_NOT_A_DEPARTMENT = ("公司", "科学院", "研究院", "遥感院", "医院", "戒毒所", "交易所", "车务段", "地方志")
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("government_office", ("人民政府", "政府办公", "政府办", "办公厅")),
    ("development_reform", ("发展和改革", "发展改革", "发改")),
    ("education", ("教育",)),
    ("science_technology", ("科学技术", "科技厅", "科技局")),
    ("industry_it", ("工业和信息化", "工业信息化", "工信")),
    ("ethnic_religious", ("民族宗教", "民宗")),
    ("public_security", ("公安",)),
    ("civil_affairs", ("民政",)),
    ("justice", ("司法",)),
    ("finance", ("财政",)),
    ("human_resources", ("人力资源", "人社")),
    ("natural_resources", ("自然资源", "国土资源")),
    ("ecology_environment", ("生态环境", "环境保护", "环保")),
    ("housing_construction", ("住房和城乡建设", "住房城乡建设", "住建", "城乡建设", "建设局")),
    ("transport", ("交通", "公路", "港口航运", "港航")),
    ("water_resources", ("水利", "水文", "采砂")),
    ("agriculture_rural", ("农业农村", "农业", "植保植检")),
    ("commerce", ("商务", "招商")),
    ("culture_tourism", ("文化", "文广新", "文广旅", "旅游", "文旅")),
    ("health", ("卫生健康", "卫健", "卫计", "卫生", "中医药")),
    ("veterans_affairs", ("退役军人",)),
    ("emergency_management", ("应急", "减灾", "消防")),
    ("audit", ("审计",)),
    ("sasac", ("国有资产", "国资")),
    ("market_regulation", ("市场监督", "市场监管", "食品安全")),
    ("drug_administration", ("药品监督", "药监")),
    ("sport", ("体育",)),
    ("statistics", ("统计",)),
    ("forestry", ("林业",)),
    ("medical_security", ("医疗保障", "医保")),
    ("grain_reserves", ("粮食",)),
    ("radio_tv", ("广播电视", "广电")),
    ("financial_regulation", ("金融",)),
    ("petition", ("信访",)),
    ("offices_administration", ("机关事务",)),
    ("civil_air_defense", ("人民防空", "人防", "国防动员", "国动")),
    ("rural_revitalization", ("乡村振兴", "扶贫")),
    ("government_services", ("政务服务", "行政审批")),
    ("big_data", ("大数据", "数字经济", "数据管理")),
    ("energy", ("能源",)),
    ("intellectual_property", ("知识产权",)),
    ("foreign_affairs", ("外事", "外办")),
    ("urban_management", ("城市管理", "城管")),
    ("meteorology", ("气象",)),
    ("taxation", ("税务",)),
    ("development_zone", ("开发区", "新区", "高新区", "经开区", "管理委员会", "管委会", "风景名胜区", "科技城")),
)
# A bare place name (九江市, 德安县) listed as a unit stands for that
# place's government as a whole.
_PLACE_SUFFIXES = ("省", "市", "县", "区", "旗", "自治州", "盟")
DEPT_TYPES: tuple[str, ...] = (*(code for code, _ in _RULES), "other")


def dept_type(name: str) -> str:
    """The standard department type of a unit's name (one of DEPT_TYPES); ``other`` when no rule fits."""
    if any(word in name for word in _NOT_A_DEPARTMENT):
        return "other"
    for code, words in _RULES:
        if any(word in name for word in words):
            return code
    if name.endswith(_PLACE_SUFFIXES):
        return "government_office"
    return "other"


AliasMap = Mapping[tuple[str, str], str]


def alias_map(conn: sa.Connection) -> dict[tuple[str, str], str]:
    """Every alias in the store: (region_code, alias) -> standard unit name."""
    query = sa.select(unit_aliases.c.region_code, unit_aliases.c.alias, unit_aliases.c.unit_name)
    return {(region, alias): name for region, alias, name in conn.execute(query).all()}


def canonical_name(aliases: sa.Connection | AliasMap, region: str, name: str) -> str:
    """The standard name of the unit called ``name`` in ``region``; ``name`` itself when it has no alias.

    ``aliases`` is a connection to look the alias up in the store, or a
    mapping from ``alias_map`` when many names are resolved at once.
    """
    if isinstance(aliases, sa.Connection):
        found = aliases.execute(
            sa.select(unit_aliases.c.unit_name).where(
                unit_aliases.c.region_code == region, unit_aliases.c.alias == name
            )
        ).scalar()
        return found or name
    return aliases.get((region, name), name)


@dataclass(frozen=True)
class Unit:
    """One unit under its standard name."""

    id: int
    name: str
    region_code: str
    dept_type: str | None


def get_unit(conn: sa.Connection, *, scope: Scope, unit_id: int) -> Unit | None:
    """The unit with ``unit_id``; None when there is none or it lies outside ``scope``."""
    query = sa.select(units.c.id, units.c.name, units.c.region_code, units.c.dept_type).where(
        units.c.id == unit_id, region_filter(units.c.region_code, scope.region_code)
    )
    row = conn.execute(query).mappings().first()
    return Unit(**row) if row else None


_passed = sa.cast(check_results.c.passed, sa.Integer)
_failed = 1 - _passed


def _unit_checks(period: str, unit_ids: sa.Select, scope: Scope) -> sa.Subquery:
    """Check results in ``period`` of the targets of ``unit_ids``: unit_id, checked, failed."""
    # Starting from the units' targets keeps the plan on targets(unit_id) and
    # check_results(target_id): a few rows per unit, not a period's 50k.
    return (
        sa.select(
            targets.c.unit_id,
            sa.func.count().label("checked"),
            sa.func.sum(_failed).label("failed"),
        )
        .select_from(targets)
        .join(check_results, check_results.c.target_id == targets.c.id)
        .join(rounds, rounds.c.id == check_results.c.round_id)
        .where(
            targets.c.unit_id.in_(unit_ids),
            rounds.c.period == period,
            region_filter(check_results.c.region_code, scope.region_code),
        )
        .group_by(targets.c.unit_id)
        .subquery()
    )


REGION_UNIT_COLUMNS = ("unit_id", "name", "dept_type", "sites", "accounts", "platforms", "checked", "failed")


def region_units(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> pd.DataFrame:
    """The units registered in ``region`` itself (not below it), with what they host and how it fared in ``period``.

    Grain: one row per unit, units without any problem included; empty for
    the whole country (``region`` None). Columns: unit_id, name, dept_type,
    sites, accounts, platforms (running targets of each kind the unit
    hosts), checked, failed (its targets' check results in ``period``).
    Sorted by failed, most first, then name.
    """
    if region is None:
        return pd.DataFrame(columns=list(REGION_UNIT_COLUMNS))
    in_region = sa.and_(units.c.region_code == region, region_filter(units.c.region_code, scope.region_code))
    unit_ids = sa.select(units.c.id).where(in_region)
    running = targets.c.status == "running"
    hosted = (
        sa.select(
            targets.c.unit_id,
            *(
                sa.func.sum(sa.case((sa.and_(running, targets.c.kind == kind), 1), else_=0)).label(f"{kind}s")
                for kind in TARGET_KINDS
            ),
        )
        .where(targets.c.unit_id.in_(unit_ids))
        .group_by(targets.c.unit_id)
        .subquery()
    )
    checks = _unit_checks(period, unit_ids, scope)
    query = (
        sa.select(
            units.c.id.label("unit_id"),
            units.c.name,
            units.c.dept_type,
            *(sa.func.coalesce(hosted.c[f"{kind}s"], 0).label(f"{kind}s") for kind in TARGET_KINDS),
            sa.func.coalesce(checks.c.checked, 0).label("checked"),
            sa.func.coalesce(checks.c.failed, 0).label("failed"),
        )
        .outerjoin(hosted, hosted.c.unit_id == units.c.id)
        .outerjoin(checks, checks.c.unit_id == units.c.id)
        .where(in_region)
    )
    frame = read_frame(conn, query)
    # Sorted here, not in SQL: PostgreSQL orders Chinese by the database's
    # locale and SQLite by code point, and one region's units are few.
    return frame.sort_values(["failed", "name"], ascending=[False, True], ignore_index=True)


def unit_targets(conn: sa.Connection, *, scope: Scope, unit_id: int, period: str) -> pd.DataFrame:
    """The unit's sites, accounts and platforms, with their result in ``period`` when checked.

    Grain: one row per target, unchecked ones included. Columns: target_id,
    kind, code, name, url, platform_label, region_code, status, checked (1
    when checked in ``period``, else 0), passed (None when unchecked),
    problem_text. With more than one check in the period, the last loaded
    one is shown. Sorted by kind (site, account, platform), failed first,
    then registration order.
    """
    unit_in_scope = sa.select(units.c.id).where(
        units.c.id == unit_id, region_filter(units.c.region_code, scope.region_code)
    )
    latest = (
        sa.select(check_results.c.target_id, sa.func.max(check_results.c.id).label("check_id"))
        .join(targets, targets.c.id == check_results.c.target_id)
        .join(rounds, rounds.c.id == check_results.c.round_id)
        .where(targets.c.unit_id == unit_id, rounds.c.period == period)
        .group_by(check_results.c.target_id)
        .subquery()
    )
    kind_rank = sa.case({kind: rank for rank, kind in enumerate(TARGET_KINDS)}, value=targets.c.kind)
    checked = sa.case((latest.c.check_id.isnot(None), 1), else_=0)
    query = (
        sa.select(
            targets.c.id.label("target_id"),
            targets.c.kind,
            targets.c.code,
            targets.c.name,
            targets.c.url,
            targets.c.platform_label,
            targets.c.region_code,
            targets.c.status,
            checked.label("checked"),
            check_results.c.passed,
            check_results.c.problem_text,
        )
        .outerjoin(latest, latest.c.target_id == targets.c.id)
        .outerjoin(check_results, check_results.c.id == latest.c.check_id)
        .where(targets.c.unit_id.in_(unit_in_scope))
        .order_by(kind_rank, sa.case((check_results.c.passed.is_(False), 0), else_=1), targets.c.id)
    )
    return read_frame(conn, query)


def unit_history(conn: sa.Connection, *, scope: Scope, unit_id: int) -> pd.DataFrame:
    """Check results of the unit's targets over time.

    Grain: one row per period, round name (a quarter's rounds named alike are one row) and target kind
    (the kind when checked). Columns: period, round_label, target_kind, checked, failed. Oldest period first.
    """
    unit_in_scope = sa.select(units.c.id).where(
        units.c.id == unit_id, region_filter(units.c.region_code, scope.region_code)
    )
    query = (
        sa.select(
            rounds.c.period,
            rounds.c.period_label.label("round_label"),
            check_results.c.target_kind,
            sa.func.count().label("checked"),
            sa.func.sum(_failed).label("failed"),
        )
        .select_from(targets)
        .join(check_results, check_results.c.target_id == targets.c.id)
        .join(rounds, rounds.c.id == check_results.c.round_id)
        .where(targets.c.unit_id.in_(unit_in_scope), region_filter(check_results.c.region_code, scope.region_code))
        .group_by(rounds.c.period, rounds.c.period_label, check_results.c.target_kind)
        .order_by(rounds.c.period, rounds.c.period_label, check_results.c.target_kind)
    )
    return read_frame(conn, query)


def departments_across_regions(
    conn: sa.Connection, *, scope: Scope, period: str, region: Region | None, dept_type: str
) -> pd.DataFrame:
    """Units of one department type under ``region``, rolled up to its child regions.

    Grain: one row per child region that has such a unit (``region`` itself
    for units at its own level, as data_access.regions.child_group_key does).
    Columns: region_code, units, checked, failed (check results in
    ``period`` of those units' targets). Sorted by region_code.
    """
    of_type = sa.and_(
        units.c.dept_type == dept_type,
        scoped_filter(units.c.region_code, scope, region.code if region else None),
    )
    checks = _unit_checks(period, sa.select(units.c.id).where(of_type), scope)
    key = child_group_key(region).label("region_code")
    query = (
        sa.select(
            key,
            sa.func.count(units.c.id).label("units"),
            # Cast: PostgreSQL sums bigint counts into numeric.
            sa.cast(sa.func.coalesce(sa.func.sum(checks.c.checked), 0), sa.Integer).label("checked"),
            sa.cast(sa.func.coalesce(sa.func.sum(checks.c.failed), 0), sa.Integer).label("failed"),
        )
        .select_from(units)
        .join(regions, regions.c.code == units.c.region_code)
        .outerjoin(checks, checks.c.unit_id == units.c.id)
        .where(of_type)
        .group_by(key)
        .order_by(key)
    )
    return read_frame(conn, query)
