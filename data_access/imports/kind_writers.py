"""How the rows of each kind are written: one function per kind turns a typed record into writer calls.

``batches.run_import`` checks a file and hands each record to ``WRITERS[kind]``
with a ``RowContext``: the batch's writer, its round (found or created once),
and the regions its rows may lie in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from data_access import schema as s
from data_access import tasks
from data_access.clock import beijing_today
from data_access.imports import kinds as k
from data_access.imports.kinds import normalise
from data_access.imports.places import OWN_ROWS, Places
from data_access.imports.records import OPEN_COLUMNS, SITE_CODE_RE, CellError, parse_decimal, period_from_titles
from data_access.imports.writer import KnownTarget, RowProblem, Writer
from data_access.indicator_sets import default_set_id, load_set
from data_access.periods import parse_period
from data_access.scope import Scope
from data_access.scored_checks import FindingInput, checked_input
from data_access.scoring import Indicator, IndicatorSet, ScoringError
from data_access.scoring import points as score_points
from data_access.units import canonical_name

_FIGURE_PARTS = {
    "portal": "市级政府门户",
    "department": "市级政府部门",
    "county_portal": "县级门户",
    "below_county": "县级以下",
}
_CHANNELS = {"找错": "site_error_report", "建言": "governor_suggestion"}
_CHANGES = {"关停": "closed", "关闭": "closed", "注销": "closed", "新增": "added", "新开设": "added", "更名": "renamed"}
_TARGET_KIND_WORDS = {
    "网站": "site",
    "政府网站": "site",
    "政务新媒体": "account",
    "新媒体": "account",
    "账号": "account",
}
_LEVELS = {
    "省级": "province",
    "省": "province",
    "市级": "city",
    "地级": "city",
    "市": "city",
    "县级": "county",
    "县": "county",
}


# Kinds whose rows name targets by code, and the targets' kind: their codes are looked up at once.
TARGET_KINDS_OF = {
    "site_problems": "site",
    "account_problems": "account",
    "platform_problems": "platform",
    "high_scorers": "site",
    "registry_sites": "site",
    "registry_accounts": "account",
}


@dataclass
class BatchInfo:
    """What the rows of one batch share: its kind, file, period and region, the file's title lines, and the
    notes (Chinese) the preview shows, added to as rows are written."""

    kind: k.Kind
    file_name: str
    period: str | None
    region: str | None
    title_lines: tuple[str, ...]
    notes: list[str]


class RowContext:
    """What every row of a batch shares: the writer, the round, where rows may lie."""

    def __init__(self, conn: sa.Connection, writer: Writer, batch: BatchInfo) -> None:
        self.conn = conn
        self.writer = writer
        self.batch = batch
        self.places = Places(conn, batch.region)
        if batch.region is not None:
            writer.allowed = set(self.places.by_code)
        self._round: str | None = None
        self.line = 0  # the file line of the row being written
        self.scoring = ScoringState()

    @property
    def round(self) -> str:
        """The key of the round for the batch's period and region, created when there is none."""
        if self._round is None:
            self._round = self._find_round()
        return self._round

    def _find_round(self) -> str:
        period, region = self.batch.period, self.batch.region
        assert period is not None
        r = s.rounds.c
        scope = r.scope_region_code == region if region else r.scope_region_code.is_(None)
        found = self.conn.execute(sa.select(r.id, r.key).where(r.period == period, scope).order_by(r.id)).first()
        if found is not None:
            self.writer.rounds[found.key] = found.id
            return str(found.key)
        name = self.places.by_code[region].name if region else "全国"
        label = parse_period(period).label
        key = f"import-{region or 'national'}-{period}"
        self.writer.add_round(
            {
                "key": key,
                "issuer": name,
                "scope_region": region,
                "period": period,
                "period_label": label,
                "title": f"{name}{label}政府网站与政务新媒体检查情况",
            },
            self.batch.file_name,
        )
        self.batch.notes.append(f"将新建检查批次：{name}{label}")
        return key

    def list_label(self) -> str:
        titled = [line for line in self.batch.title_lines if "名单" in line or "清单" in line]
        return (titled[-1] if titled else self.batch.kind.label)[:80]

    def title_text(self) -> str:
        return " ".join(self.batch.title_lines)


Values = dict[str, Any]


def _write_figures(target_kind: str) -> Callable[[RowContext, Values, dict[str, str]], None]:
    def write(ctx: RowContext, values: Values, printed: dict[str, str]) -> None:
        label = values["region"]
        own = label in OWN_ROWS
        region = ctx.batch.region if own else ctx.places.region(label)
        assert region is not None
        segment_all = label if own else "all"
        for name, value in values.items():
            if name == "region" or value is None:
                continue
            if own and name in _FIGURE_PARTS:  # the dashboard keeps no 门户/部门 split of a region's own level
                ctx.batch.notes.append(f"“{label}”行的分项（{name_label(ctx, name)}）不单独保存")
                continue
            segment = _FIGURE_PARTS.get(name, segment_all)
            measure = "running" if name in _FIGURE_PARTS else name
            number = printed.get(name, value)
            ctx.writer.figure(
                {
                    "round": ctx.round,
                    "region": region,
                    "target_kind": target_kind,
                    "segment": segment,
                    "measure": measure,
                    "value": number,
                    "source_text": f"{ctx.batch.file_name}：{label}",
                }
            )

    return write


def name_label(ctx: RowContext, name: str) -> str:
    return ctx.batch.kind.field(name).label


def _write_summary(ctx: RowContext, values: Values, printed: dict[str, str]) -> None:
    region = ctx.places.region(values["region"])
    for name, (target_kinds, measure) in {
        "site_count": (("site",), "count"),
        "site_pass_rate": (("site",), "pass_rate"),
        "account_count": (("account",), "count"),
        "account_pass_rate": (("account",), "pass_rate"),
        "sampling_share": (("site", "account"), "sampling_share"),
    }.items():
        if values.get(name) is None:
            continue
        for target_kind in target_kinds:
            ctx.writer.figure(
                {
                    "round": ctx.round,
                    "region": region,
                    "target_kind": target_kind,
                    "segment": "all",
                    "measure": measure,
                    "value": printed.get(name, values[name]),
                    "source_text": f"{ctx.batch.file_name}：{values['region']}",
                }
            )


def _listed(ctx: RowContext, values: Values, kind: str) -> dict[str, Any]:
    """What a row of a problem or high-scorer list says of its check: round, place in the list, target, unit."""
    return {
        "round": ctx.round,
        "list_label": ctx.list_label(),
        "seq": values.get("seq"),
        "kind": kind,
        "region": ctx.places.locate(
            region=values.get("region"), code=values.get("code"), unit=values.get("unit"), name=values.get("name")
        ),
        "code": values.get("code"),
        "name": values["name"],
        "unit": values.get("unit"),
    }


def _write_problem(target_kind: str) -> Callable[[RowContext, Values, dict[str, str]], None]:
    def write(ctx: RowContext, values: Values, _printed: dict[str, str]) -> None:
        ctx.writer.check(
            {
                **_listed(ctx, values, target_kind),
                "url": values.get("url"),
                "platform_label": values.get("platform_label"),
                "passed": False,
                "problem": values["problem"],
                "rectification": values.get("rectification"),
            },
            unique=True,
        )

    return write


def _write_high_scorer(ctx: RowContext, values: Values, _printed: dict[str, str]) -> None:
    ctx.writer.check({**_listed(ctx, values, "site"), "passed": True, "score_band": values["score_band"]}, unique=True)


def _the_problem(
    ctx: RowContext, values: Values, where: sa.ColumnElement[bool], missing: str, *, when: str = "本期"
) -> int:
    """The failing check a row names among those ``where`` keeps, under the batch's region: by the row's code
    (or name) and, when given, unit. ``when`` (the checks' quarter) and ``missing`` word the message when there is
    none."""
    c, t, u = s.check_results.c, s.targets.c, s.units.c
    code, unit = values.get("code"), values.get("unit")
    match = t.code == code if code else t.name == values["name"]
    found = ctx.conn.execute(
        sa.select(c.id, c.target_id, c.region_code, u.name.label("unit_name"))
        .join(s.targets, t.id == c.target_id)
        .outerjoin(s.units, u.id == t.unit_id)
        .where(where, c.passed.is_(False), match, c.region_code.in_(list(ctx.places.by_code)))
        .order_by(c.id)
    ).all()
    targets = {row.target_id for row in found}
    if unit:
        # The check of the target of that unit; a target without a unit is the one its code names.
        named = [row for row in found if row.unit_name == canonical_name(ctx.writer.aliases, row.region_code, unit)]
        unitless = len(targets) == 1 and found[0].unit_name is None
        found = named or (found if unitless else [])
    elif code and len(targets) > 1:
        names = "、".join(dict.fromkeys(row.unit_name or "未填写主办单位" for row in found))
        raise RowProblem(f"{when}“{code}”有多个主办单位的问题记录（{names}），请填写主办单位")
    if not found:
        of_unit = f"（{unit}）" if unit else ""
        raise RowProblem(f"{when}没有“{code or values['name']}”{of_unit}{missing}")
    return int(found[0].id)


def _found_period(ctx: RowContext, text: str) -> str:
    """The quarter a re-check row's problem was found in ('2023Q4' or '2023年第四季度'): before the batch's."""
    found = period_from_titles((text,))
    try:
        period = found or parse_period(text).key
    except ValueError:
        raise RowProblem(f"问题期次“{text}”无法识别（应如 2024Q1 或 2024年第一季度）") from None
    assert ctx.batch.period is not None
    if parse_period(period) >= parse_period(ctx.batch.period):
        raise RowProblem(f"问题期次（{parse_period(period).label}）应早于本期，复查的是此前发现的问题")
    return period


def _write_rectification(ctx: RowContext, values: Values, _printed: dict[str, str]) -> None:
    """A re-check result, on the round's failing check of the row's code (or name) and, when given, unit; with a
    问题期次, on that earlier quarter's check, re-checked by this round (as notice 004 re-checks 2023年第四次)."""
    c = s.check_results.c
    round_id = ctx.writer.rounds.get(ctx.round) or 0
    missing = "的问题记录，无法对应复查结果"
    if values.get("found_period"):
        period = _found_period(ctx, values["found_period"])
        earlier = c.round_id.in_(sa.select(s.rounds.c.id).where(s.rounds.c.period == period))
        check = _the_problem(ctx, values, earlier, missing, when=parse_period(period).label)
    else:
        check = _the_problem(ctx, values, c.round_id == round_id, missing)
    ctx.writer.rectification(check, values["recheck"], round_id, values.get("rechecked_on"))


def _write_feedback(ctx: RowContext, values: Values, _printed: dict[str, str]) -> None:
    """An answer (整改情况) to the task of a problem of the batch's period, answered for the batch's region."""
    c, region = s.check_results.c, ctx.batch.region
    in_period = c.round_id.in_(sa.select(s.rounds.c.id).where(s.rounds.c.period == ctx.batch.period))
    published = sa.exists().where(s.rectification_tasks.c.check_id == c.id)
    check = _the_problem(ctx, values, sa.and_(in_period, published), "的整改任务，无法对应整改情况")
    task_id = tasks.task_for_check(ctx.conn, check)
    task = tasks.facts(ctx.conn, task_id, scope=Scope(region)) if task_id is not None else None
    if task is None:
        raise RowProblem(f"本期没有“{values.get('code') or values['name']}”的整改任务，无法对应整改情况")
    refusal = tasks.answer_refusal(ctx.conn, task, region)
    if refusal:
        raise RowProblem(refusal)
    try:
        tasks.record_answer(
            ctx.conn,
            task.id,
            user=ctx.writer.user,
            text=tasks.clean_text(values["feedback"], what="整改情况"),
            done_on=tasks.check_done_on(values["done_on"], beijing_today()),
            link=tasks.check_link(values.get("link")),
            import_id=ctx.writer.import_id,
        )
    except tasks.TaskRefused as refused:
        raise RowProblem(str(refused)) from None
    ctx.writer.counts["task_events"] += 1


def _portal(ctx: RowContext, values: Values) -> str:
    if values.get("portal"):
        return str(values["portal"])
    quoted = re.search(r"[“\"]([^”\"]+)[”\"]", ctx.title_text())
    if quoted:
        return quoted.group(1)
    region = ctx.batch.region
    return f"{ctx.places.by_code[region].name}人民政府门户网站" if region else "门户网站"


def _unit_region(ctx: RowContext, unit: str) -> str:
    return ctx.places.locate(region=None, code=None, unit=unit, name=None)


def _write_content(ctx: RowContext, values: Values, printed: dict[str, str]) -> None:
    ctx.writer.content(
        {
            "round": ctx.round,
            "portal": _portal(ctx, values),
            "seq": values.get("seq"),
            "unit": values["unit"],
            "region": _unit_region(ctx, values["unit"]),
            "submitted": values["submitted"],
            "adopted": values["adopted"],
            "adoption_rate": printed.get("adoption_rate", ""),
        }
    )


def _write_disclosure(ctx: RowContext, values: Values, _printed: dict[str, str]) -> None:
    ctx.writer.disclosure({**values, "round": ctx.round, "region": _unit_region(ctx, values["unit"])})


def _write_message(ctx: RowContext, values: Values, printed: dict[str, str]) -> None:
    words = values.get("channel") or ctx.title_text()
    channel = next((code for word, code in _CHANNELS.items() if word in words), None)
    if channel is None:
        raise RowProblem("无法确定留言渠道：请在“留言渠道”列填写“我为政府网站找错”或“我向省长建言”")
    unit = values["unit"]
    try:  # a row that names a region is that region's total (设区市 in 附件6)
        region, unit_text = ctx.places.region(unit), None
    except RowProblem:
        region, unit_text = _unit_region(ctx, unit), unit
    ctx.writer.message(
        {
            **values,
            **{name: printed[name] for name in ("completion_rate", "on_time_rate") if name in printed},
            "round": ctx.round,
            "channel": channel,
            "region": region,
            "unit": unit_text if unit_text is not None else unit,
        },
        unique=True,
    )


def _write_registry_change(ctx: RowContext, values: Values, _printed: dict[str, str]) -> None:
    change = _CHANGES.get(values["change"].strip())
    if change is None:
        raise RowProblem(f"变更类型“{values['change']}”无法识别（可填：{'、'.join(_CHANGES)}）")
    target_kind = _TARGET_KIND_WORDS.get(values["kind"].strip())
    if target_kind is None:
        raise RowProblem(f"对象类型“{values['kind']}”无法识别（可填：网站、政务新媒体）")
    region = ctx.places.locate(
        region=values.get("region"), code=values.get("code"), unit=values.get("unit"), name=values.get("name")
    )
    ctx.writer.registry_change({**values, "round": ctx.round, "change": change, "kind": target_kind, "region": region})


def _write_region(ctx: RowContext, values: Values, _printed: dict[str, str]) -> None:
    code, parent = values["code"].strip(), (values.get("parent_code") or "").strip() or None
    level = _LEVELS.get(values["level"].strip().removesuffix("行政区"), values["level"].strip())
    if not re.fullmatch(r"\d{6}", code):
        raise RowProblem(f"区划代码应为6位数字，而不是“{code}”")
    if level not in s.REGION_LEVELS:
        raise RowProblem(f"级别“{values['level']}”无法识别（可填：省级、市级、县级）")
    if code in ctx.writer.region_codes:
        raise RowProblem(f"区划代码“{code}”已存在")
    if level == "province":
        if parent:
            raise RowProblem("省级区划不应有上级区划代码")
        province, city = code, None
    else:
        if not parent or parent not in ctx.writer.region_codes:
            raise RowProblem(f"上级区划代码“{parent or ''}”不存在（上级须先导入，或排在本行之前）")
        above = ctx.conn.execute(
            sa.select(s.regions.c.level, s.regions.c.province_code, s.regions.c.code).where(s.regions.c.code == parent)
        ).one()
        if (level, above.level) not in (("city", "province"), ("county", "city"), ("county", "province")):
            raise RowProblem(f"{values['level']}区划的上级不能是{above.level}级")
        province, city = above.province_code, (above.code if above.level == "city" else None)
    ctx.writer.insert(
        s.regions,
        {
            "code": code,
            "name": values["name"].strip(),
            "level": level,
            "parent_code": parent,
            "province_code": province,
            "city_code": city,
        },
    )
    ctx.writer.region_codes.add(code)
    ctx.places = Places(ctx.conn, None)


def _write_unit(ctx: RowContext, values: Values, _printed: dict[str, str]) -> None:
    region = ctx.places.region(values["region"])
    name = values["name"].strip()
    if ctx.conn.execute(sa.select(s.units.c.id).where(s.units.c.region_code == region, s.units.c.name == name)).first():
        raise RowProblem(f"单位“{name}”已在名录中")
    ctx.writer.unit_id(name, region)
    for alias in re.split(r"[、,，;；]", values.get("alias") or ""):
        if alias.strip() and alias.strip() != name:
            if (region, alias.strip()) in ctx.writer.aliases:
                raise RowProblem(f"其他名称“{alias.strip()}”已用于单位“{ctx.writer.aliases[(region, alias.strip())]}”")
            ctx.writer.insert(s.unit_aliases, {"region_code": region, "alias": alias.strip(), "unit_name": name})
            ctx.writer.aliases[(region, alias.strip())] = name


def _write_target(target_kind: str) -> Callable[[RowContext, Values, dict[str, str]], None]:
    def write(ctx: RowContext, values: Values, _printed: dict[str, str]) -> None:
        region = ctx.places.locate(
            region=values.get("region"), code=values["code"], unit=values.get("unit"), name=values.get("name")
        )
        # In the registry already: the code under this unit, or the code at all for a row without a unit. A code
        # known only without a unit is given the row's unit (Writer.target_id).
        known = ctx.writer.targets_of_code(target_kind, values["code"])
        unit = ctx.writer.unit_id(values.get("unit"), region)
        if any(unit is None or target.unit_id == unit for target in known):
            of_unit = f"（主办单位{values['unit']}）" if unit is not None else ""
            raise RowProblem(f"编号“{values['code']}”{of_unit}已在名录中")
        site_kind = values.get("site_kind") or ""
        ctx.writer.target_id(
            {
                **values,
                "kind": target_kind,
                "region": region,
                "site_kind": "portal" if "门户" in site_kind else ("department" if "部门" in site_kind else None),
            }
        )

    return write


# ---------------------------------------------------------------- scoring sheets


_YES = frozenset({"是", "√", "✓", "✔", "否决", "单项否决", "1", "Y", "y", "yes", "Yes", "YES", "有"})
_NO = frozenset({"否", "0", "无", "N", "n", "no", "No", "NO", "×", "-", "—"})
_SERVICES = {"有": True, "是": True, "无": False, "否": False, "没有": False}


@dataclass
class _Scored:
    """The rows of one target in a scoring sheet, gathered before the target's check is scored."""

    target: KnownTarget
    kind: str
    line: int
    unit: str | None
    findings: list[FindingInput] = field(default_factory=list)
    services: bool | None = None


@dataclass
class ScoringState:
    """A scoring sheet's batch: the round's indicator sets, its targets' findings, the headers read."""

    sets: dict[str, IndicatorSet] = field(default_factory=dict)
    targets: dict[int, _Scored] = field(default_factory=dict)
    headers: dict[str, Indicator | None] = field(default_factory=dict)  # a wide sheet's column -> indicator


def _score_kind(code: str) -> str:
    return "site" if SITE_CODE_RE.match(code) else "account"


def _scoring_set(ctx: RowContext, kind: str) -> IndicatorSet:
    if kind not in ctx.scoring.sets:
        round_id = ctx.writer.round_id(ctx.round)
        row = ctx.conn.execute(
            sa.select(s.rounds.c.closed_at, s.rounds.c.site_set_id, s.rounds.c.account_set_id).where(
                s.rounds.c.id == round_id
            )
        ).first()
        if row is not None and row.closed_at is not None:
            raise RowProblem("本期检查批次已结束录入，不能再导入评分")
        own = None if row is None else (row.site_set_id if kind == "site" else row.account_set_id)
        set_id = own if own is not None else default_set_id(ctx.conn, kind=kind, region_code=ctx.batch.region)
        if set_id is None:
            raise RowProblem(f"库中没有{'政府网站' if kind == 'site' else '政务新媒体'}的指标集")
        ctx.scoring.sets[kind] = load_set(ctx.conn, set_id)
    return ctx.scoring.sets[kind]


def _scored_target(ctx: RowContext, values: Values) -> _Scored:
    """The registered target a scoring row names (by code, and unit when the code has several), gathered once."""
    code = unicodedata.normalize("NFKC", str(values["code"])).strip().upper()
    kind = _score_kind(code)
    known = ctx.writer.targets_of_code(kind, code)
    unit = values.get("unit")
    if unit:
        known = [
            target
            for target in known
            if target.unit_id is not None
            and ctx.writer.unit_name_of(target.unit_id) == canonical_name(ctx.writer.aliases, target.region_code, unit)
        ]
    if not known:
        of_unit = f"（主办单位{unit}）" if unit else ""
        raise RowProblem(f"库中没有编号“{code}”{of_unit}的{'网站' if kind == 'site' else '政务新媒体'}，请先导入名录")
    if len(known) > 1:
        names = "、".join(ctx.writer.unit_name_of(target.unit_id) for target in known)
        raise RowProblem(f"编号“{code}”在库中属于多个主办单位（{names}），请填写主办单位")
    target = known[0]
    if ctx.writer.allowed is not None and target.region_code not in ctx.writer.allowed:
        raise RowProblem(f"编号“{code}”属于所选地区以外的对象，请核对编号或所属地区")
    gathered = ctx.scoring.targets.get(target.id)
    if gathered is None:
        gathered = ctx.scoring.targets[target.id] = _Scored(target, kind, ctx.line, unit)
    services = values.get("services")
    if services:
        has = _SERVICES.get(str(services).strip())
        if has is None:
            raise RowProblem(f"“对外服务职能”应填“有”或“无”，而不是“{services}”")
        if gathered.services is not None and gathered.services != has:
            raise RowProblem(f"编号“{code}”各行的“对外服务职能”不一致")
        gathered.services = has
    return gathered


def _finding_of(indicator: Indicator, points: Any, note: str | None = None, url: str | None = None) -> FindingInput:
    if indicator.part == "veto":
        return FindingInput(int(indicator.key), None, url, note)
    if points in (None, ""):
        raise RowProblem(f"“{indicator.name}”是{'扣分' if indicator.part == 'deduct' else '加分'}指标，请填写分值")
    try:
        amount = score_points(points)
    except ScoringError as error:
        raise RowProblem(f"“{indicator.name}”：{error}") from None
    return FindingInput(int(indicator.key), amount, url, note)


def _write_score_row(ctx: RowContext, values: Values, _printed: dict[str, str]) -> None:
    """One row of a long scoring sheet: one finding of one target."""
    gathered = _scored_target(ctx, values)
    rule = _scoring_set(ctx, gathered.kind)
    indicator = rule.by_name(str(values["indicator"]))
    if indicator is None:
        raise RowProblem(f"指标“{values['indicator']}”不在指标集“{rule.name}”中")
    if indicator.part == "veto" and values.get("points") not in (None, ""):
        raise RowProblem(f"“{indicator.name}”是单项否决项，不填分值")
    try:
        item = checked_input(
            _finding_of(indicator, values.get("points"), values.get("note"), values.get("evidence_url"))
        )
    except ScoringError as error:
        raise RowProblem(str(error)) from None
    gathered.findings.append(item)


def _write_score_columns(ctx: RowContext, values: Values, _printed: dict[str, str]) -> None:
    """One row of a wide scoring sheet: one target, a finding per filled indicator column."""
    gathered = _scored_target(ctx, values)
    rule = _scoring_set(ctx, gathered.kind)
    problems = []
    for header, text in (values.get(OPEN_COLUMNS) or {}).items():
        if header not in ctx.scoring.headers:
            ctx.scoring.headers[header] = rule.by_name(normalise(header)) or rule.by_name(header)
            if ctx.scoring.headers[header] is None:
                problems.append(f"列“{header}”不是指标集“{rule.name}”中的指标")
                continue
        indicator = ctx.scoring.headers[header]
        if indicator is None:
            continue
        if indicator.part == "veto":
            if text in _YES:
                gathered.findings.append(FindingInput(int(indicator.key)))
            elif text not in _NO:
                problems.append(f"“{header}”是单项否决项，应填“是”或留空，而不是“{text}”")
            continue
        try:
            number = parse_decimal(text)
        except CellError as error:
            problems.append(f"“{header}”{error}")
            continue
        if number:
            try:
                gathered.findings.append(_finding_of(indicator, number))
            except RowProblem as problem:
                problems.append(str(problem))
    if problems:
        raise RowProblem("；".join(problems))


def _finish_scores(ctx: RowContext) -> list[tuple[int, str]]:
    """Score every target gathered and write its check; the (line, problem) of each target refused."""
    refused = []
    round_id = ctx.writer.round_id(ctx.round) if ctx.scoring.targets else 0
    for gathered in ctx.scoring.targets.values():
        rule = ctx.scoring.sets[gathered.kind]
        site_kind = ctx.conn.execute(
            sa.select(s.targets.c.site_kind).where(s.targets.c.id == gathered.target.id)
        ).scalar()
        try:
            ctx.writer.scored_check(
                round_id=round_id,
                target=gathered.target,
                kind=gathered.kind,
                rule=rule,
                findings=gathered.findings,
                portal=site_kind == "portal",
                has_services=gathered.services is not False,
                list_label=ctx.list_label(),
                unit=gathered.unit,
            )
        except (RowProblem, ScoringError) as problem:
            refused.append((gathered.line, str(problem)))
    return refused


# Kinds whose rows are gathered and written at the end of the file (one check per target, from its rows).
FINISHERS: dict[str, Callable[[RowContext], list[tuple[int, str]]]] = {
    "scores_long": _finish_scores,
    "scores_wide": _finish_scores,
}


WRITERS: dict[str, Callable[[RowContext, Values, dict[str, str]], None]] = {
    "site_figures": _write_figures("site"),
    "account_figures": _write_figures("account"),
    "summary": _write_summary,
    "site_problems": _write_problem("site"),
    "account_problems": _write_problem("account"),
    "platform_problems": _write_problem("platform"),
    "rectification": _write_rectification,
    "feedback": _write_feedback,
    "high_scorers": _write_high_scorer,
    "content": _write_content,
    "disclosure": _write_disclosure,
    "messages": _write_message,
    "registry_changes": _write_registry_change,
    "registry_regions": _write_region,
    "registry_units": _write_unit,
    "registry_sites": _write_target("site"),
    "registry_accounts": _write_target("account"),
    "scores_long": _write_score_row,
    "scores_wide": _write_score_columns,
}
