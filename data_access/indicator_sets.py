"""Indicator sets as data: the shipped YAML files, the tables they load into, versions, and XLSX in and out.

A set (国办秘函〔2019〕19号's website set, its new-media set, a province's own) is data, never code: its
items, caps and numbers are read by ``data_access.scoring.score``. The national 2019 sets ship as
``data_access/indicator_sets/*.yaml``; migration 0011 loads them into ``indicator_sets`` and ``indicators``,
and every start (``install_shipped``) adds a shipped file the store lacks. An administrator adds a set or a
new version of one from an XLSX file (``read_set_xlsx``) or by editing a version into the next; a version is
never changed once stored, so a check scored under it keeps its indicators and its score.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import sqlalchemy as sa
import yaml
from xlsxwriter.workbook import Workbook

from data_access import schema as s
from data_access.clock import utc_now
from data_access.db import read_frame
from data_access.problems import CATEGORIES
from data_access.regions import get_region
from data_access.scope import Scope, region_filter
from data_access.scoring import PARTS, Indicator, IndicatorSet, ScoringError, points, total_caps
from data_access.vocabulary import CATEGORY_NAMES

SHIPPED_DIR = Path(__file__).resolve().parent / "indicator_sets"
KINDS = ("site", "account")
PART_NAMES = {"veto": "单项否决", "deduct": "扣分指标", "bonus": "加分指标"}
KIND_NAMES = {"site": "政府网站", "account": "政务新媒体"}
MAX_INDICATORS = 300
MAX_XLSX_BYTES = 2 * 1024 * 1024


class SetError(ValueError):
    """A set file or edit that cannot be taken; the message is one or more Chinese sentences."""


@dataclass(frozen=True)
class SetSpec:
    """A set as read from a file or an edit, before it is stored: its rule (keys are "part:name") and notes."""

    indicator_set: IndicatorSet
    skip_note: str | None = None
    source: str | None = None
    note: str | None = None


def _key(part: str, name: str) -> str:
    return f"{part}:{name}"


def _decimal(value: Any, what: str) -> Decimal:
    try:
        return points(value)
    except ScoringError as error:
        raise SetError(f"{what}：{error}") from None


def _category(value: Any, what: str) -> str | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    by_name = {name: code for code, name in CATEGORY_NAMES.items()}
    code = by_name.get(text, text)
    if code not in CATEGORIES:
        raise SetError(f"{what}：问题类别“{text}”不存在")
    return code


def _also(value: Any, what: str) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    items = value if isinstance(value, list | tuple) else re.split(r"[、,，;；\s]+", str(value))
    return tuple(code for code in (_category(item, what) for item in items if str(item).strip()) if code)


def _checked(spec: SetSpec, group_points: Mapping[tuple[str, str], Decimal] | None = None) -> SetSpec:
    """``spec`` if it is a set the rule can score; SetError listing everything wrong otherwise."""
    found = []
    rule = spec.indicator_set
    if rule.kind not in KINDS:
        found.append(f"对象类型“{rule.kind}”应为 site 或 account")
    if not rule.code or not re.fullmatch(r"[A-Za-z0-9_.-]{2,40}", rule.code):
        found.append(f"指标集代码“{rule.code}”只能由字母、数字、点、横线和下划线组成（2–40个字符）")
    if not rule.name.strip():
        found.append("指标集名称不能为空")
    if not rule.indicators:
        found.append("指标集中没有任何指标")
    if len(rule.indicators) > MAX_INDICATORS:
        found.append(f"指标不能超过 {MAX_INDICATORS} 个")
    seen: set[tuple[str, str]] = set()
    for indicator in rule.indicators:
        where = f"{PART_NAMES.get(indicator.part, indicator.part)}“{indicator.name}”"
        if indicator.part not in PARTS:
            found.append(f"{where}：类别应为单项否决、扣分指标或加分指标")
        if not indicator.name.strip() or len(indicator.name) > 60:
            found.append(f"{where}：指标名称不能为空，且不超过60个字符")
        if (indicator.part, indicator.name) in seen:
            found.append(f"{where}：重复")
        seen.add((indicator.part, indicator.name))
        if indicator.part == "veto" and indicator.cap is not None:
            found.append(f"{where}：单项否决项没有上限分值")
        if indicator.part != "veto" and (indicator.cap is None or indicator.cap <= 0):
            found.append(f"{where}：应有大于0的上限分值")
        if indicator.part != "veto" and not indicator.group:
            found.append(f"{where}：应有一级指标")
        if not indicator.rule.strip():
            found.append(f"{where}：评分细则不能为空")
    deduct = rule.part("deduct")
    if deduct and total_caps(deduct) != rule.max_score:
        found.append(f"扣分指标的上限分值合计 {total_caps(deduct)} 分，应等于满分 {rule.max_score} 分")
    if not deduct and rule.part("bonus"):
        found.append("没有扣分指标的指标集不能有加分指标")
    bonus = rule.part("bonus")
    if bonus and total_caps(bonus) < rule.bonus_max:
        found.append(f"加分指标的上限分值合计 {total_caps(bonus)} 分，少于加分上限 {rule.bonus_max} 分")
    if not rule.pass_line <= rule.bonus_threshold or (deduct and rule.bonus_threshold > rule.max_score):
        found.append("合格线、加分起点和满分应满足：合格线 ≤ 加分起点 ≤ 满分")
    for (part, group), total in (group_points or {}).items():
        listed = total_caps(i for i in rule.part(part) if i.group == group)
        if listed != total:
            found.append(f"{PART_NAMES[part]}“{group}”的指标合计 {listed} 分，与该组的 {total} 分不符")
    if found:
        raise SetError("；".join(found))
    return spec


# ---------------------------------------------------------------- the shipped YAML files


def parse_yaml(text: str, *, source: str | None = None) -> SetSpec:
    """A set from the YAML of data_access/indicator_sets (the format those files document)."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise SetError("指标集文件格式不对")
    skip = data.get("skip_without_services") or {}
    skip_veto, skip_groups = set(skip.get("veto") or ()), set(skip.get("groups") or ())
    items: list[Indicator] = []
    group_points: dict[tuple[str, str], Decimal] = {}
    for entry in data.get("veto") or ():
        items.append(_indicator("veto", None, entry, entry["name"] in skip_veto))
    for part in ("deduct", "bonus"):
        for group in data.get(part) or ():
            group_points[(part, group["group"])] = _decimal(group["points"], group["group"])
            for entry in group["indicators"]:
                items.append(_indicator(part, group["group"], entry, group["group"] in skip_groups))
    rule = IndicatorSet(
        key=data["code"],
        code=str(data["code"]),
        version=int(data["version"]),
        name=str(data["name"]),
        kind=str(data["kind"]),
        indicators=tuple(items),
        region_code=data.get("region"),
        max_score=_decimal(data["max_score"], "满分"),
        pass_line=_decimal(data["pass_line"], "合格线"),
        bonus_threshold=_decimal(data["bonus_threshold"], "加分起点"),
        bonus_max=_decimal(data.get("bonus_max", 0), "加分上限"),
        bonus_portals_only=bool(data.get("bonus_portals_only", True)),
    )
    notes = [data.get("veto_note"), data.get("total_note")]
    spec = SetSpec(rule, skip.get("note"), data.get("source") or source, "\n".join(n for n in notes if n) or None)
    return _checked(spec, group_points)


def _indicator(part: str, group: str | None, entry: Mapping[str, Any], needs_services: bool) -> Indicator:
    name = str(entry["name"])
    where = f"{PART_NAMES[part]}“{name}”"
    return Indicator(
        key=_key(part, name),
        part=part,
        name=name,
        group=group,
        cap=_decimal(entry["cap"], where) if part != "veto" else None,
        category=_category(entry.get("category"), where),
        also=_also(entry.get("also"), where),
        needs_services=needs_services,
        rule=str(entry["rule"]).strip(),
    )


def shipped() -> list[SetSpec]:
    """The sets that ship with the code, in file-name order."""
    return [
        parse_yaml(path.read_text(encoding="utf-8"), source=path.name) for path in sorted(SHIPPED_DIR.glob("*.yaml"))
    ]


# ---------------------------------------------------------------- storing and reading sets


def install(conn: sa.Connection, spec: SetSpec, *, user: str | None) -> int:
    """Store ``spec`` as a new set (or version) in the caller's transaction; its id."""
    rule = spec.indicator_set
    if rule.region_code is not None and get_region(conn, rule.region_code) is None:
        raise SetError(f"地区代码“{rule.region_code}”不存在")
    taken = conn.execute(
        sa.select(s.indicator_sets.c.id).where(
            s.indicator_sets.c.code == rule.code, s.indicator_sets.c.version == rule.version
        )
    ).first()
    if taken is not None:
        raise SetError(f"指标集“{rule.code}”已有第 {rule.version} 版")
    set_id = int(
        conn.execute(
            s.indicator_sets.insert()
            .values(
                code=rule.code,
                version=rule.version,
                name=rule.name,
                kind=rule.kind,
                region_code=rule.region_code,
                max_score=rule.max_score,
                pass_line=rule.pass_line,
                bonus_threshold=rule.bonus_threshold,
                bonus_max=rule.bonus_max,
                bonus_portals_only=rule.bonus_portals_only,
                skip_note=spec.skip_note,
                source=(spec.source or "")[:200] or None,
                note=spec.note,
                created_at=utc_now(),
                created_by=user,
            )
            .returning(s.indicator_sets.c.id)
        ).scalar_one()
    )
    conn.execute(
        s.indicators.insert(),
        [
            {
                "set_id": set_id,
                "part": indicator.part,
                "seq": seq,
                "group_name": indicator.group,
                "name": indicator.name,
                "rule_text": indicator.rule,
                "cap": indicator.cap,
                "category": indicator.category,
                "also_categories": ",".join(indicator.also) or None,
                "needs_services": indicator.needs_services,
            }
            for seq, indicator in enumerate(rule.indicators, start=1)
        ],
    )
    return set_id


def install_shipped(conn: sa.Connection) -> list[int]:
    """Store every shipped set whose code and version the store lacks; the ids added."""
    have = {tuple(row) for row in conn.execute(sa.select(s.indicator_sets.c.code, s.indicator_sets.c.version))}
    return [
        install(conn, spec, user=None)
        for spec in shipped()
        if (spec.indicator_set.code, spec.indicator_set.version) not in have
    ]


def load_set(conn: sa.Connection, set_id: int) -> IndicatorSet:
    """The stored set ``set_id`` as the rule reads it (indicator keys are their ids); SetError when unknown."""
    row = conn.execute(sa.select(s.indicator_sets).where(s.indicator_sets.c.id == set_id)).mappings().first()
    if row is None:
        raise SetError(f"没有编号为 {set_id} 的指标集")
    i = s.indicators.c
    items = conn.execute(sa.select(s.indicators).where(i.set_id == set_id).order_by(i.seq, i.id)).mappings().all()
    return IndicatorSet(
        key=int(row["id"]),
        code=row["code"],
        version=int(row["version"]),
        name=row["name"],
        kind=row["kind"],
        region_code=row["region_code"],
        max_score=Decimal(row["max_score"]),
        pass_line=Decimal(row["pass_line"]),
        bonus_threshold=Decimal(row["bonus_threshold"]),
        bonus_max=Decimal(row["bonus_max"]),
        bonus_portals_only=bool(row["bonus_portals_only"]),
        indicators=tuple(
            Indicator(
                key=int(item["id"]),
                part=item["part"],
                name=item["name"],
                group=item["group_name"],
                cap=Decimal(item["cap"]) if item["cap"] is not None else None,
                category=item["category"],
                also=tuple(code for code in (item["also_categories"] or "").split(",") if code),
                needs_services=bool(item["needs_services"]),
                rule=item["rule_text"],
            )
            for item in items
        ),
    )


def set_meta(conn: sa.Connection, set_id: int) -> dict[str, Any]:
    """The stored set's own row (name, version, notes, who added it) as a dict; {} when unknown."""
    row = conn.execute(sa.select(s.indicator_sets).where(s.indicator_sets.c.id == set_id)).mappings().first()
    return dict(row) if row else {}


def _visible(scope: Scope) -> sa.ColumnElement[bool]:
    """Sets an account of ``scope`` may use: national ones, and those of a region in or above its scope."""
    if scope.region_code is None:
        return sa.true()
    above = sa.select(s.regions.c.province_code, s.regions.c.city_code).where(s.regions.c.code == scope.region_code)
    cte = above.cte()
    column = s.indicator_sets.c.region_code
    return (
        column.is_(None)
        | region_filter(column, scope.region_code)
        | column.in_(sa.select(cte.c.province_code))
        | column.in_(sa.select(cte.c.city_code))
    )


def list_sets(conn: sa.Connection, *, scope: Scope, kind: str | None = None) -> pd.DataFrame:
    """Every set an account of ``scope`` may use, newest version first within a code.

    Grain: one row per stored version. Columns: id, code, version, name, kind, region_code, region_name,
    max_score, pass_line, bonus_threshold, bonus_max, bonus_portals_only, active, created_at, created_by,
    source, indicators (how many), used (True when a check was scored under it).
    """
    c = s.indicator_sets.c
    counted = (
        sa.select(s.indicators.c.set_id, sa.func.count().label("indicators")).group_by(s.indicators.c.set_id).subquery()
    )
    used = sa.exists(sa.select(s.check_scores.c.check_id).where(s.check_scores.c.set_id == c.id))
    query = (
        sa.select(
            c.id,
            c.code,
            c.version,
            c.name,
            c.kind,
            c.region_code,
            s.regions.c.name.label("region_name"),
            c.max_score,
            c.pass_line,
            c.bonus_threshold,
            c.bonus_max,
            c.bonus_portals_only,
            c.active,
            c.created_at,
            c.created_by,
            c.source,
            sa.func.coalesce(counted.c.indicators, 0).label("indicators"),
            used.label("used"),
        )
        .outerjoin(s.regions, s.regions.c.code == c.region_code)
        .outerjoin(counted, counted.c.set_id == c.id)
        .where(_visible(scope), sa.true() if kind is None else c.kind == kind)
        .order_by(c.kind.desc(), c.region_code.is_not(None), c.code, c.version.desc())
    )
    return read_frame(conn, query)


def indicator_rows(conn: sa.Connection, *, set_id: int) -> pd.DataFrame:
    """The indicators of set ``set_id`` in their published order.

    Grain: one row per indicator. Columns: id, part, seq, group_name, name, cap, category,
    also_categories, needs_services, rule_text.
    """
    i = s.indicators.c
    query = (
        sa.select(
            i.id,
            i.part,
            i.seq,
            i.group_name,
            i.name,
            i.cap,
            i.category,
            i.also_categories,
            i.needs_services,
            i.rule_text,
        )
        .where(i.set_id == set_id)
        .order_by(i.seq, i.id)
    )
    return read_frame(conn, query)


def default_set_id(conn: sa.Connection, *, kind: str, region_code: str | None) -> int | None:
    """The set a round of ``region_code`` scores ``kind`` by when it names none: the newest active version of
    the most local set (the region's own, then its city's, its province's), else the newest national one."""
    places: list[str | None] = [None]
    region = get_region(conn, region_code) if region_code else None
    if region is not None:
        places = [region.code, region.city_code, region.province_code, None]
    c = s.indicator_sets.c
    for place in dict.fromkeys(places):
        where = c.region_code.is_(None) if place is None else c.region_code == place
        found = conn.execute(
            sa.select(c.id).where(where, c.kind == kind, c.active.is_(True)).order_by(c.version.desc(), c.id.desc())
        ).first()
        if found is not None:
            return int(found[0])
    return None


def next_version(conn: sa.Connection, code: str) -> int:
    """The version a new version of set ``code`` gets: one above the newest stored (1 for a new code)."""
    newest = conn.execute(
        sa.select(sa.func.max(s.indicator_sets.c.version)).where(s.indicator_sets.c.code == code)
    ).scalar()
    return int(newest or 0) + 1


def save_version(conn: sa.Connection, spec: SetSpec, *, user: str | None, scope: Scope) -> int:
    """Store ``spec`` as the next version of its code (a new set when the code is new), in the caller's
    transaction, and retire the older versions from new rounds; its id. Checks already scored keep theirs."""
    rule = spec.indicator_set
    if scope.region_code is not None:
        region = get_region(conn, rule.region_code) if rule.region_code else None
        if region is None or scope.region_code not in (region.code, region.province_code, region.city_code):
            raise SetError("本账号只能添加本地区（或其下级地区）的指标集")
    existing = conn.execute(
        sa.select(s.indicator_sets.c.kind, s.indicator_sets.c.region_code)
        .where(s.indicator_sets.c.code == rule.code)
        .order_by(s.indicator_sets.c.version.desc())
    ).first()
    if existing is not None and (existing.kind, existing.region_code) != (rule.kind, rule.region_code):
        raise SetError(f"指标集“{rule.code}”已用于其他对象类型或地区，新版本不能改变对象类型或地区，请换一个代码")
    versioned = replace(spec, indicator_set=replace(rule, version=next_version(conn, rule.code)))
    set_id = install(conn, _checked(versioned), user=user)
    conn.execute(
        s.indicator_sets.update()
        .where(s.indicator_sets.c.code == rule.code, s.indicator_sets.c.id != set_id)
        .values(active=False)
    )
    return set_id


def spec_of(conn: sa.Connection, set_id: int) -> SetSpec:
    """A stored set as a spec (keys "part:name"), to edit into its next version or to download."""
    rule = load_set(conn, set_id)
    meta = set_meta(conn, set_id)
    items = tuple(replace(item, key=_key(item.part, item.name)) for item in rule.indicators)
    return SetSpec(
        replace(rule, key=rule.code, indicators=items), meta.get("skip_note"), meta.get("source"), meta.get("note")
    )


# ---------------------------------------------------------------- XLSX in and out

META_SHEET = "指标集"
ITEMS_SHEET = "指标"
META_FIELDS = (
    ("code", "指标集代码"),
    ("name", "指标集名称"),
    ("kind", "对象类型"),
    ("region_code", "适用地区代码"),
    ("max_score", "满分"),
    ("pass_line", "合格线"),
    ("bonus_threshold", "加分起点"),
    ("bonus_max", "加分上限"),
    ("bonus_portals_only", "仅门户网站加分"),
    ("skip_note", "无对外服务职能的说明"),
    ("source", "来源"),
    ("note", "说明"),
)
ITEM_COLUMNS = (
    "类别",
    "一级指标",
    "指标",
    "上限分值",
    "问题类别",
    "其他问题类别",
    "无对外服务职能时不检查",
    "评分细则",
)
_YES = frozenset({"是", "Y", "y", "yes", "TRUE", "True", "true", "1", "√", "✓"})
_NO = frozenset({"否", "N", "n", "no", "FALSE", "False", "false", "0", ""})


def set_xlsx(spec: SetSpec) -> bytes:
    """The set as an XLSX file an administrator edits and imports again: sheet 指标集 (its numbers, one per
    row) and sheet 指标 (one row per indicator)."""
    rule = spec.indicator_set
    values = {
        "code": rule.code,
        "name": rule.name,
        "kind": KIND_NAMES[rule.kind],
        "region_code": rule.region_code or "",
        "max_score": str(rule.max_score),
        "pass_line": str(rule.pass_line),
        "bonus_threshold": str(rule.bonus_threshold),
        "bonus_max": str(rule.bonus_max),
        "bonus_portals_only": "是" if rule.bonus_portals_only else "否",
        "skip_note": spec.skip_note or "",
        "source": spec.source or "",
        "note": spec.note or "",
    }
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with Workbook(buffer, options) as book:
        bold = book.add_format({"bold": True, "bottom": 1})
        wrap = book.add_format({"text_wrap": True, "valign": "top", "num_format": "@"})
        meta = book.add_worksheet(META_SHEET)
        meta.set_column(0, 0, 22)
        meta.set_column(1, 1, 80, wrap)
        meta.write_row(0, 0, ("项目", "内容"), bold)
        for row, (name, label) in enumerate(META_FIELDS, start=1):
            meta.write_string(row, 0, label)
            meta.write_string(row, 1, _escaped(values[name]), wrap)
        items = book.add_worksheet(ITEMS_SHEET)
        items.write_row(0, 0, ITEM_COLUMNS, bold)
        for column, width in enumerate((10, 12, 24, 10, 16, 24, 14, 90)):
            items.set_column(column, column, width, wrap)
        items.freeze_panes(1, 0)
        for row, item in enumerate(rule.indicators, start=1):
            cells = (
                PART_NAMES[item.part],
                item.group or "",
                item.name,
                str(item.cap) if item.cap is not None else "",
                CATEGORY_NAMES.get(item.category, "") if item.category else "",
                "、".join(CATEGORY_NAMES[code] for code in item.also),
                "是" if item.needs_services else "",
                item.rule,
            )
            for column, value in enumerate(cells):
                items.write_string(row, column, _escaped(value), wrap)
    return buffer.getvalue()


def _escaped(text: str) -> str:
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _yes(value: str, what: str) -> bool:
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise SetError(f"{what}应填“是”或“否”，而不是“{value}”")


def read_set_xlsx(data: bytes, *, source: str) -> SetSpec:
    """A set from an XLSX shaped like ``set_xlsx``'s; SetError (Chinese) listing what is wrong."""
    if len(data) > MAX_XLSX_BYTES:
        raise SetError("文件过大（指标集文件不超过 2 MB）")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file gets the same message
        raise SetError("无法读取该文件：不是有效的 Excel（.xlsx）文件") from None
    if META_SHEET not in book.sheetnames or ITEMS_SHEET not in book.sheetnames:
        raise SetError(f"文件应有“{META_SHEET}”和“{ITEMS_SHEET}”两个工作表（请先下载一个指标集作为模板）")
    labels = {label: name for name, label in META_FIELDS}
    meta: dict[str, str] = {}
    for row in book[META_SHEET].iter_rows(min_row=2, values_only=True):
        if row and _cell(row[0]) in labels:
            meta[labels[_cell(row[0])]] = _cell(row[1] if len(row) > 1 else None)
    kinds = {name: code for code, name in KIND_NAMES.items()}
    parts = {name: code for code, name in PART_NAMES.items()}
    rows = list(book[ITEMS_SHEET].iter_rows(values_only=True))
    if not rows or tuple(_cell(c) for c in rows[0][: len(ITEM_COLUMNS)]) != ITEM_COLUMNS:
        raise SetError(f"“{ITEMS_SHEET}”工作表的表头应为：{'、'.join(ITEM_COLUMNS)}")
    items: list[Indicator] = []
    problems: list[str] = []
    for line, row in enumerate(rows[1:], start=2):
        cells = [_cell(value) for value in (*row, *([None] * len(ITEM_COLUMNS)))[: len(ITEM_COLUMNS)]]
        if not any(cells):
            continue
        part_name, group, name, cap, category, also, needs, rule = cells
        try:
            part = parts.get(part_name)
            if part is None:
                raise SetError(f"类别应为{'、'.join(PART_NAMES.values())}，而不是“{part_name}”")
            where = f"第{line}行"
            items.append(
                Indicator(
                    key=_key(part, name),
                    part=part,
                    name=name,
                    group=group or None,
                    cap=_decimal(cap, where) if cap else None,
                    category=_category(category, where),
                    also=_also(also, where),
                    needs_services=_yes(needs, f"{where}“无对外服务职能时不检查”"),
                    rule=rule,
                )
            )
        except SetError as error:
            problems.append(f"“{ITEMS_SHEET}”第{line}行：{error}")
    if problems:
        raise SetError("；".join(problems))
    try:
        kind = kinds.get(meta.get("kind", ""), meta.get("kind", ""))
        rule_set = IndicatorSet(
            key=meta.get("code", ""),
            code=meta.get("code", ""),
            version=1,
            name=meta.get("name", ""),
            kind=kind,
            indicators=tuple(items),
            region_code=meta.get("region_code") or None,
            max_score=_decimal(meta.get("max_score") or "0", "满分"),
            pass_line=_decimal(meta.get("pass_line") or "60", "合格线"),
            bonus_threshold=_decimal(meta.get("bonus_threshold") or "80", "加分起点"),
            bonus_max=_decimal(meta.get("bonus_max") or "0", "加分上限"),
            bonus_portals_only=_yes(meta.get("bonus_portals_only", "是"), "“仅门户网站加分”"),
        )
    except SetError as error:
        raise SetError(f"“{META_SHEET}”工作表：{error}") from None
    spec = SetSpec(rule_set, meta.get("skip_note") or None, meta.get("source") or source, meta.get("note") or None)
    return _checked(spec)


def spec_from_rows(base: SetSpec, rows: Iterable[Mapping[str, Any]]) -> SetSpec:
    """``base`` with its indicators replaced by ``rows`` (an edited table: part, group_name, name, cap,
    category, also_categories, needs_services, rule_text), checked; for the next version of a set."""
    items = []
    for row in rows:
        part = str(row.get("part") or "").strip()
        name = str(row.get("name") or "").strip()
        if not part and not name:
            continue
        where = f"“{name}”"
        cap = row.get("cap")
        items.append(
            Indicator(
                key=_key(part, name),
                part=part,
                name=name,
                group=(str(row.get("group_name") or "").strip() or None),
                cap=_decimal(cap, where) if cap not in (None, "") and not pd.isna(cap) else None,
                category=_category(row.get("category"), where),
                also=_also(row.get("also_categories"), where),
                needs_services=bool(row.get("needs_services")),
                rule=str(row.get("rule_text") or "").strip(),
            )
        )
    return _checked(replace(base, indicator_set=replace(base.indicator_set, indicators=tuple(items))))
