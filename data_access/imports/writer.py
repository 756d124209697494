"""Writing rows into the store as one batch: every row added carries the batch's id.

The shipped notices (``data_access.sample_data``) and a user's file
(``data_access.imports.batches``) both write through this one class, so the
first-start fill and an import cannot disagree. A row the store cannot take
(an unknown region, a unit that cannot be placed, a check already there)
raises ``RowProblem`` with a Chinese message; the caller collects them and
rolls the whole batch back.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from data_access import schema as s
from data_access import tasks
from data_access.clock import utc_now
from data_access.problems import categorize
from data_access.scored_checks import FindingInput, check_values, verdict_of, write_scoring
from data_access.scoring import IndicatorSet
from data_access.targets import platform_code
from data_access.units import alias_map, canonical_name, dept_type

RECTIFICATION_STATUS = {
    "已完成整改": "rectified",
    "已整改": "rectified",
    "整改后合格": "passed_after_rectification",
    "复查合格": "passed_after_rectification",
    "未整改": "not_rectified",
    "整改不到位": "not_rectified",
    "复查不合格": "not_rectified",
    "整改中": "pending",
    "正在整改": "pending",
}

# Tables as a batch's counts name them to a user.
TABLE_LABELS = {
    "regions": "行政区划",
    "unit_aliases": "单位别名",
    "units": "单位",
    "targets": "网站、政务新媒体和平台",
    "rounds": "检查批次",
    "reported_figures": "通报数字",
    "check_results": "检查记录",
    "rectifications": "整改复查结果",
    "content_submissions": "信息报送",
    "disclosure_stats": "信息公开统计",
    "message_handling": "留言办理",
    "registry_changes": "备案变更",
    "narratives": "通报正文段落",
    "rectification_tasks": "整改任务",
    "task_events": "整改反馈和复查记录",
    "check_scores": "评分",
    "findings": "评分明细（扣分、加分和单项否决项）",
}


_CHUNK = 500  # codes per IN (...) list


class RowProblem(ValueError):
    """The store cannot take a row; the message is one Chinese sentence."""


@dataclass(slots=True)
class KnownTarget:
    """A target of a code as the writer knows it: its id, unit and region."""

    id: int
    unit_id: int | None
    region_code: str


def rectification_status(text: str) -> str:
    status = RECTIFICATION_STATUS.get(text.replace(" ", ""))
    if status is None:
        known = "、".join(RECTIFICATION_STATUS)
        raise RowProblem(f"整改情况“{text}”无法识别（可填：{known}）")
    return status


class Writer:
    """Adds rows for one batch inside the caller's transaction, counting them per table."""

    def __init__(self, conn: sa.Connection, import_id: int, *, user: str | None = None) -> None:
        self.conn = conn
        self.import_id = import_id
        self.user = user  # who imports: the author of the task steps the batch writes
        self.counts: Counter[str] = Counter()
        self.region_codes = set(conn.execute(sa.select(s.regions.c.code)).scalars())
        self.aliases = alias_map(conn)
        self.rounds: dict[str, int] = {}
        self.units: dict[tuple[str, str], int] = {}
        self.coded: dict[tuple[str, str], list[KnownTarget]] = {}  # (kind, code) -> its targets, one per unit
        self.targets: dict[tuple[str, ...], int] = {}  # (kind, region, name, platform) -> a target without a code
        self.unit_names: dict[int, str] = {}
        # The regions a user's file may write to (None: anywhere, for the shipped notices).
        self.allowed: set[str] | None = None
        self.checked: dict[int, dict[int, int | None]] = {}  # round -> target -> batch of its check
        self.new_units: list[tuple[str, str]] = []
        self.adopted: list[tuple[str, str]] = []  # (code, unit) of targets given the unit a row names

    # -- inserting -----------------------------------------------------------------------------------------
    def insert(self, table: sa.Table, values: dict[str, Any]) -> int:
        """Insert one row stamped with the batch; its id (0 for regions, keyed by their code)."""
        statement = table.insert().values(**values, import_id=self.import_id)
        self.counts[table.name] += 1
        if "id" not in table.c:
            self.conn.execute(statement)
            return 0
        return int(self.conn.execute(statement.returning(table.c.id)).scalar_one())

    def insert_many(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(table.insert(), [{**row, "import_id": self.import_id} for row in rows])
            self.counts[table.name] += len(rows)

    def _origin(self, import_id: int | None) -> str:
        """Where a row already in the store came from, for a message: this file, a batch, or older data."""
        if import_id == self.import_id:
            return "（本文件前面的行已写入）"
        return f"（批次 {import_id}）" if import_id is not None else "（来自通报数据）"

    # -- what rows refer to --------------------------------------------------------------------------------
    def region(self, code: str) -> str:
        if code not in self.region_codes:
            raise RowProblem(f"地区代码“{code}”不存在")
        return code

    def unit_id(self, printed: str | None, region: str) -> int | None:
        """The unit a row names, under its standard name; created on first sight."""
        if not printed:
            return None
        name = canonical_name(self.aliases, region, printed)
        key = (region, name)
        if key not in self.units:
            found = self.conn.execute(
                sa.select(s.units.c.id).where(s.units.c.region_code == region, s.units.c.name == name)
            ).scalar()
            if found is None:
                found = self.insert(s.units, {"name": name, "region_code": region, "dept_type": dept_type(name)})
                self.new_units.append((region, name))
            self.units[key], self.unit_names[found] = found, name
        return self.units[key]

    def target_id(self, row: dict[str, Any]) -> int:
        """The target a row names: by kind, code and unit (see ``_coded``), or by region, name and platform
        without a code."""
        kind, code = row["kind"], row.get("code") or None
        if kind not in s.TARGET_KINDS:
            raise RowProblem(f"对象类型“{kind}”无法识别")
        region = self.region(row["region"])
        if code:
            return self._coded(kind, code, region, row)
        label = row.get("platform_label") or ""
        key = (kind, region, row["name"], platform_code(label) or "")
        if key not in self.targets:
            query = sa.select(s.targets.c.id).where(*self._uncoded_match(kind, region, row))
            for (target,) in self.conn.execute(query).all()[:1]:
                self.targets[key] = target
        if key not in self.targets:
            self.targets[key] = self._add_target(kind, None, region, self.unit_id(row.get("unit"), region), row)
        return self.targets[key]

    def _coded(self, kind: str, code: str, region: str, row: dict[str, Any]) -> int:
        """The target of a code and the row's unit: the one of that unit; without a unit, the code's one target;
        a code known only without a unit takes the row's unit. Created when there is none."""
        known = self.targets_of_code(kind, code)
        unit = self.unit_id(row.get("unit"), region)
        adopt = False
        if unit is None:
            if len(known) > 1:
                oldest_first = sorted(known, key=lambda target: target.id)
                names = "、".join(self._unit_name(target.unit_id) for target in oldest_first)
                raise RowProblem(f"编号“{code}”在库中属于多个主办单位（{names}），请填写主办单位")
            found = known[0] if known else None
        else:
            found = next((target for target in known if target.unit_id == unit), None)
            adopt = found is None and len(known) == 1 and known[0].unit_id is None
            found = known[0] if adopt else found
        mentioned = [found] if found is not None else known
        if self.allowed is not None and any(target.region_code not in self.allowed for target in mentioned):
            raise RowProblem(f"编号“{code}”在库中属于所选地区以外的对象，请核对编号")
        if found is None:
            found = KnownTarget(self._add_target(kind, code, region, unit, row), unit, region)
            known.append(found)
        elif adopt:
            # The unit a later row names is the unit of a target first seen without one; undo takes it back.
            self.conn.execute(
                s.targets.update().where(s.targets.c.id == found.id).values(unit_id=unit, unit_import_id=self.import_id)
            )
            found.unit_id = unit
            self.adopted.append((code, self._unit_name(unit)))
        return found.id

    def _add_target(self, kind: str, code: str | None, region: str, unit: int | None, row: dict[str, Any]) -> int:
        label = row.get("platform_label") or ""
        return self.insert(
            s.targets,
            {
                "kind": kind,
                "code": code,
                "name": row["name"],
                "url": row.get("url") or None,
                "site_kind": row.get("site_kind") or None,
                "platform": platform_code(label) if kind == "account" else None,
                "platform_label": label or None,
                "unit_id": unit,
                "region_code": region,
            },
        )

    def targets_of_code(self, kind: str, code: str) -> list[KnownTarget]:
        """Every target of a code (one per unit), from the prefetch or one query; this batch's new ones included."""
        if (kind, code) not in self.coded:
            self._fetch_codes(kind, [code])
        return self.coded[(kind, code)]

    def prefetch_targets(self, kind: str, codes: Iterable[str | None]) -> None:
        """Look up many targets by code in a few queries, before their rows are written one by one."""
        wanted = sorted({code for code in codes if code and (kind, code) not in self.coded})
        for start in range(0, len(wanted), _CHUNK):
            self._fetch_codes(kind, wanted[start : start + _CHUNK])

    def _fetch_codes(self, kind: str, codes: list[str]) -> None:
        t = s.targets.c
        for code in codes:
            self.coded[(kind, code)] = []
        query = sa.select(t.code, t.id, t.unit_id, t.region_code).where(t.kind == kind, t.code.in_(codes))
        for code, target, unit, region in self.conn.execute(query).all():
            self.coded[(kind, code)].append(KnownTarget(target, unit, region))

    def unit_name_of(self, unit: int | None) -> str:
        """A unit's standard name, for a message ("未填写主办单位" for none)."""
        return self._unit_name(unit)

    def scored_check(
        self,
        *,
        round_id: int,
        target: KnownTarget,
        kind: str,
        rule: IndicatorSet,
        findings: list[FindingInput],
        portal: bool,
        has_services: bool,
        list_label: str,
        unit: str | None,
    ) -> int:
        """One target's check scored by ``rule`` from a scoring sheet's findings: the check, its verdict,
        findings and problems (data_access.scored_checks); refused when the target is checked in the round."""
        checked = self._checked(round_id)
        if target.id in checked:
            raise RowProblem(f"本期已有这一对象的检查记录{self._origin(checked[target.id])}")
        checked[target.id] = self.import_id
        verdict = verdict_of(rule, findings, portal=portal, has_services=has_services)
        check_id = self.insert(
            s.check_results,
            {
                "round_id": round_id,
                "target_id": target.id,
                "target_kind": kind,
                "region_code": target.region_code,
                "list_label": list_label,
                "host_unit_text": unit or (self._unit_name(target.unit_id) if target.unit_id else None),
                **check_values(rule, findings, verdict),
            },
        )
        added = write_scoring(
            self.conn,
            check_id=check_id,
            indicator_set=rule,
            findings=findings,
            verdict=verdict,
            portal=portal,
            has_services=has_services,
            source="import",
            recorded=(None, utc_now()),
        )
        self.counts["check_scores"] += added["check_scores"]
        self.counts["findings"] += added["findings"]
        return check_id

    def _unit_name(self, unit: int | None) -> str:
        if unit is None:
            return "未填写主办单位"
        if unit not in self.unit_names:
            name = self.conn.execute(sa.select(s.units.c.name).where(s.units.c.id == unit)).scalar_one()
            self.unit_names[unit] = name
        return self.unit_names[unit]

    def _checked(self, round_id: int) -> dict[int, int | None]:
        """Targets already checked in a round and the batch of each, read once per round."""
        if round_id not in self.checked:
            query = sa.select(s.check_results.c.target_id, s.check_results.c.import_id).where(
                s.check_results.c.round_id == round_id
            )
            self.checked[round_id] = {target: batch for target, batch in self.conn.execute(query).all()}
        return self.checked[round_id]

    @staticmethod
    def _uncoded_match(kind: str, region: str, row: dict[str, Any]) -> list[sa.ColumnElement[bool]]:
        t = s.targets.c
        match = [t.kind == kind, t.code.is_(None), t.region_code == region, t.name == row["name"]]
        platform = platform_code(row.get("platform_label") or "")
        if kind == "account":
            match.append(t.platform == platform if platform else t.platform.is_(None))
        return match

    # -- rounds ----------------------------------------------------------------------------------------------
    def add_round(self, spec: dict[str, Any], source: str) -> int:
        key = spec["key"]
        if key in self.rounds or self.conn.execute(sa.select(s.rounds.c.id).where(s.rounds.c.key == key)).first():
            raise RowProblem(f"检查批次“{key}”已存在")
        scope = spec.get("scope_region")
        self.rounds[key] = self.insert(
            s.rounds,
            {
                "key": key,
                "issuer": spec["issuer"],
                "scope_region_code": self.region(str(scope)) if scope else None,
                "period": str(spec["period"]),
                "period_label": spec.get("period_label"),
                "title": spec.get("title"),
                "notice_number": spec.get("notice_number"),
                "source": source,
                "issued_on": spec.get("issued_on"),
                "published_on": spec.get("published_on"),
                "rectification_due": spec.get("rectification_due"),
                "report_due": spec.get("report_due"),
                "items_complete": False,
            },
        )
        return self.rounds[key]

    def round_id(self, key: str) -> int:
        if key not in self.rounds:
            raise RowProblem(f"检查批次“{key}”不存在")
        return self.rounds[key]

    # -- facts -----------------------------------------------------------------------------------------------
    def figure(self, row: dict[str, Any]) -> None:
        round_id, region = self.round_id(row["round"]), self.region(row["region"])
        segment = row.get("segment") or "all"
        existing = self.conn.execute(
            sa.select(s.reported_figures.c.import_id).where(
                s.reported_figures.c.round_id == round_id,
                s.reported_figures.c.region_code == region,
                s.reported_figures.c.target_kind == row["target_kind"],
                s.reported_figures.c.segment == segment,
                s.reported_figures.c.measure == row["measure"],
            )
        ).first()
        if existing is not None:
            raise RowProblem(f"本期已有这一数字{self._origin(existing[0])}")
        self.insert(
            s.reported_figures,
            {
                "round_id": round_id,
                "region_code": region,
                "target_kind": row["target_kind"],
                "segment": segment,
                "measure": row["measure"],
                "value": Decimal(row["value"]),
                "source_text": row.get("source_text") or None,
            },
        )

    def check(self, row: dict[str, Any], *, unique: bool = False) -> int:
        """One target's result in a round; with ``unique``, a target already checked in the round is refused."""
        region = self.region(row["region"])
        round_id = self.round_id(row["round"])
        # The unit a row prints exists, also when the row names a target without a code (kept by name).
        self.unit_id(row.get("unit"), region)
        # A code listed under two units (notice 000 附件2) is two targets, one per unit.
        target = self.target_id(row)
        checked = self._checked(round_id)
        if unique and target in checked:
            raise RowProblem(f"本期已有这一对象的检查记录{self._origin(checked[target])}")
        checked[target] = self.import_id
        check_id = self.insert(
            s.check_results,
            {
                "round_id": round_id,
                "target_id": target,
                "target_kind": row["kind"],
                "region_code": region,
                "list_label": row.get("list_label") or None,
                "seq": row.get("seq"),
                "passed": row["passed"],
                "score_band": row.get("score_band") or None,
                "problem_text": row.get("problem") or None,
                "host_unit_text": row.get("unit") or None,
            },
        )
        if row.get("problem"):
            problems = [
                {"check_id": check_id, "category": category, "detail": detail}
                for category, detail in categorize(row["problem"])
            ]
            self.conn.execute(s.problems.insert(), problems)
        if row.get("rectification"):
            self.rectification(check_id, row["rectification"], self.round_id(row.get("recheck_round") or row["round"]))
        return check_id

    def rectification(
        self, check_id: int, text: str, recheck_round_id: int, rechecked_on: dt.date | None = None
    ) -> None:
        status = rectification_status(text)
        existing = self.conn.execute(
            sa.select(s.rectifications.c.import_id).where(
                s.rectifications.c.check_id == check_id, s.rectifications.c.recheck_round_id == recheck_round_id
            )
        ).first()
        if existing is not None:
            raise RowProblem(f"本期已有这一对象的复查结果{self._origin(existing[0])}")
        self.insert(
            s.rectifications,
            {
                "check_id": check_id,
                "recheck_round_id": recheck_round_id,
                "status": status,
                "status_text": text,
                "rechecked_on": rechecked_on,
            },
        )
        # A published problem's task is closed or reopened by the finding, as a step of its own.
        stepped = tasks.record_recheck(
            self.conn, check_id, status=status, text=text, user=self.user, import_id=self.import_id
        )
        if stepped:
            self.counts["task_events"] += stepped

    def _unique(self, table: sa.Table, what: str, **match: Any) -> None:
        existing = self.conn.execute(
            sa.select(table.c.import_id).where(*(table.c[name] == value for name, value in match.items()))
        ).first()
        if existing is not None:
            raise RowProblem(f"本期已有{what}{self._origin(existing[0])}")

    def content(self, row: dict[str, Any]) -> None:
        region = self.region(row["region"])
        round_id, unit = self.round_id(row["round"]), self.unit_id(row["unit"], region)
        self._unique(s.content_submissions, "这一单位的报送数", round_id=round_id, portal=row["portal"], unit_id=unit)
        rate = row.get("adoption_rate") or ""
        self.insert(
            s.content_submissions,
            {
                "round_id": round_id,
                "portal": row["portal"],
                "seq": row.get("seq"),
                "unit_id": unit,
                "unit_text": row["unit"] or None,
                "submitted": int(row["submitted"]),
                "adopted": int(row["adopted"]),
                "adoption_rate": Decimal(rate) if rate else None,
                # The digits printed after the point: 3.0% stays 3.0%, not 3%.
                "adoption_rate_decimals": _decimals(rate),
            },
        )

    def disclosure(self, row: dict[str, Any]) -> None:
        region = self.region(row["region"])
        round_id, unit = self.round_id(row["round"]), self.unit_id(row["unit"], region)
        self._unique(s.disclosure_stats, "这一部门的信息公开统计", round_id=round_id, unit_id=unit)
        counts = (
            "proactive_total",
            "policy_interpretations",
            "proposal_handling",
            "key_area_items",
            "requests_on_time",
            "requests_pending",
        )
        self.insert(
            s.disclosure_stats,
            {
                "round_id": round_id,
                "unit_id": unit,
                "unit_text": row["unit"] or None,
                "seq": row.get("seq"),
                "period_text": row.get("period_text") or None,
                **{name: _int(row.get(name)) for name in counts},
            },
        )

    def message(self, row: dict[str, Any], *, unique: bool = False) -> None:
        region = self.region(row["region"])
        round_id, unit = self.round_id(row["round"]), self.unit_id(row.get("unit"), region)
        if unique:
            self._unique(
                s.message_handling,
                "这一单位的留言办理数",
                round_id=round_id,
                channel=row["channel"],
                region_code=region,
                unit_id=unit,
            )
        self.insert(
            s.message_handling,
            {
                "round_id": round_id,
                "channel": row["channel"],
                "region_code": region,
                "unit_id": unit,
                "unit_text": row.get("unit") or None,
                "group_label": row.get("group_label") or None,
                "seq": row.get("seq"),
                "period_text": row.get("period_text") or None,
                "received": _int(row.get("received")),
                "completed": _int(row.get("completed")),
                "completion_rate": _dec(row.get("completion_rate")),
                "avg_working_days": _dec(row.get("avg_working_days")),
                "on_time_rate": _dec(row.get("on_time_rate")),
                "completion_rate_decimals": _decimals(row.get("completion_rate")),
                "on_time_rate_decimals": _decimals(row.get("on_time_rate")),
            },
        )

    def registry_change(self, row: dict[str, Any]) -> None:
        target = self.target_id(row)
        round_id = self.round_id(row["round"])
        self._unique(
            s.registry_changes, "这一对象的备案变更", round_id=round_id, target_id=target, change=row["change"]
        )
        previous = None
        if row["change"] == "closed":
            previous = self.conn.execute(sa.select(s.targets.c.status).where(s.targets.c.id == target)).scalar_one()
            self.conn.execute(s.targets.update().where(s.targets.c.id == target).values(status="closed"))
        self.insert(
            s.registry_changes,
            {
                "round_id": round_id,
                "target_id": target,
                "change": row["change"],
                "previous_status": previous,
                "note": row.get("note") or None,
            },
        )

    def narrative(self, round_key: str, seq: int, item: dict[str, Any]) -> None:
        self.insert(
            s.narratives,
            {
                "round_id": self.round_id(round_key),
                "section": item["section"],
                "seq": seq,
                "heading": item.get("heading"),
                "body": item["body"],
            },
        )


def _int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def _dec(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _decimals(printed: Any) -> int | None:
    """Digits printed after the point ('5.9' -> 1, '100' -> 0); None when nothing was printed."""
    if printed in (None, ""):
        return None
    return len(str(printed).partition(".")[2])
