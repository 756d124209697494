"""Load the five notices' data (``data_access/notice_data``) into a store.

``load_notices(engine)`` is the one fixture: the app's first start, the
tests and the demo all call it. Run ``python -m data_access.sample_data
--url URL`` to load it into another store, PostgreSQL for instance.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from data_access import schema as s
from data_access.cli import ChineseArgumentParser, Refused, run
from data_access.db import make_engine, migrate
from data_access.figures import FIGURE_KINDS, MEASURES
from data_access.periods import parse_period
from data_access.problems import categorize
from data_access.targets import platform_code
from data_access.units import alias_map, canonical_name, dept_type

DATA_DIR = Path(__file__).resolve().parent / "notice_data"

RECTIFICATION_STATUS = {
    "已完成整改": "rectified",
    "整改后合格": "passed_after_rectification",
    "未整改": "not_rectified",
    "整改中": "pending",
}


class DataFileError(ValueError):
    """A notice data file breaks the format in notice_data/README.md."""


def _rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            row = {key: (value or "").strip() for key, value in row.items()}
            row["_where"] = f"{path.parent.name}/{path.name}:{line}"
            yield row


def _int(value: str) -> int | None:
    return int(value) if value else None


def _dec(value: str) -> Decimal | None:
    return Decimal(value) if value else None


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _bool(value: str, where: str) -> bool:
    if value not in ("true", "false"):
        raise DataFileError(f"{where}: passed must be true or false, not {value!r}")
    return value == "true"


class _Loader:
    """Writes one notice folder after another inside a single transaction."""

    def __init__(self, conn: sa.Connection, import_id: int) -> None:
        self.conn = conn
        self.import_id = import_id
        self.region_codes = set(conn.execute(sa.select(s.regions.c.code)).scalars())
        self.rounds: dict[str, int] = {}
        self.aliases = alias_map(conn)
        self.units: dict[tuple[str, str], int] = {}
        self.targets: dict[tuple[str, ...], int] = {}

    def region(self, code: str, where: str) -> str:
        if code not in self.region_codes:
            raise DataFileError(f"{where}: unknown region code {code!r}")
        return code

    def round_id(self, key: str, where: str) -> int:
        if key not in self.rounds:
            raise DataFileError(f"{where}: unknown round {key!r}")
        return self.rounds[key]

    def unit_id(self, printed: str, region: str) -> int | None:
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
                found = self.conn.execute(
                    s.units.insert()
                    .values(name=name, region_code=region, dept_type=dept_type(name))
                    .returning(s.units.c.id)
                ).scalar_one()
            self.units[key] = found
        return self.units[key]

    def target_id(self, row: dict[str, str]) -> int:
        kind, code = row["kind"], row["code"]
        if kind not in s.TARGET_KINDS:
            raise DataFileError(f"{row['_where']}: unknown kind {kind!r}")
        region = self.region(row["region"], row["_where"])
        label = row.get("platform_label", "")
        key = (kind, code) if code else (kind, region, row["name"], platform_code(label) or "")
        if key in self.targets:
            return self.targets[key]
        values = {
            "kind": kind,
            "code": code or None,
            "name": row["name"],
            "url": row.get("url") or None,
            "site_kind": row.get("site_kind") or None,
            "platform": platform_code(label) if kind == "account" else None,
            "platform_label": label or None,
            "unit_id": self.unit_id(row.get("unit", ""), region),
            "region_code": region,
        }
        target = self.conn.execute(s.targets.insert().values(**values).returning(s.targets.c.id)).scalar_one()
        self.targets[key] = target
        return target

    def notice(self, folder: Path) -> None:
        meta = yaml.safe_load((folder / "notice.yaml").read_text(encoding="utf-8"))
        for spec in meta["rounds"]:
            self.add_round(spec, meta["source"])
        for seq, item in enumerate(meta.get("narratives") or [], start=1):
            self.conn.execute(
                s.narratives.insert().values(
                    round_id=self.round_id(item["round"], folder.name),
                    section=item["section"],
                    seq=seq,
                    heading=item.get("heading"),
                    body=item["body"],
                )
            )
        self.figures(folder / "figures.csv")
        self.checks(folder / "checks.csv")
        self.content(folder / "content.csv")
        self.disclosure(folder / "disclosure.csv")
        self.messages(folder / "messages.csv")
        self.registry(folder / "registry.csv")

    def add_round(self, spec: dict[str, Any], source: str) -> None:
        key = spec["key"]
        if key in self.rounds:
            raise DataFileError(f"{source}: round {key!r} defined twice")
        parse_period(str(spec["period"]))
        scope = spec.get("scope_region")
        self.rounds[key] = self.conn.execute(
            s.rounds.insert()
            .values(
                key=key,
                issuer=spec["issuer"],
                scope_region_code=self.region(str(scope), source) if scope else None,
                period=str(spec["period"]),
                period_label=spec.get("period_label"),
                title=spec.get("title"),
                notice_number=spec.get("notice_number"),
                source=source,
                issued_on=_date(spec.get("issued_on")),
                published_on=_date(spec.get("published_on")),
                rectification_due=_date(spec.get("rectification_due")),
                report_due=_date(spec.get("report_due")),
                items_complete=False,
                import_id=self.import_id,
            )
            .returning(s.rounds.c.id)
        ).scalar_one()

    def figures(self, path: Path) -> None:
        batch = []
        for row in _rows(path):
            where = row["_where"]
            if row["measure"] not in MEASURES:
                raise DataFileError(f"{where}: unknown measure {row['measure']!r}")
            if row["target_kind"] not in FIGURE_KINDS:
                raise DataFileError(f"{where}: unknown target_kind {row['target_kind']!r}")
            batch.append(
                {
                    "round_id": self.round_id(row["round"], where),
                    "region_code": self.region(row["region"], where),
                    "target_kind": row["target_kind"],
                    "segment": row["segment"] or "all",
                    "measure": row["measure"],
                    "value": Decimal(row["value"]),
                    "source_text": row["source_text"] or None,
                }
            )
        if batch:
            self.conn.execute(s.reported_figures.insert(), batch)

    def checks(self, path: Path) -> None:
        for row in _rows(path):
            where = row["_where"]
            # Every row is one problem with its own host unit: a target listed twice under two units
            # (notice 000 附件2) keeps the first as its unit, and the second unit exists too.
            self.unit_id(row["unit"], self.region(row["region"], where))
            check_id = self.conn.execute(
                s.check_results.insert()
                .values(
                    round_id=self.round_id(row["round"], where),
                    target_id=self.target_id(row),
                    target_kind=row["kind"],
                    region_code=row["region"],
                    list_label=row["list_label"] or None,
                    seq=_int(row["seq"]),
                    passed=_bool(row["passed"], where),
                    score_band=row["score_band"] or None,
                    problem_text=row["problem"] or None,
                    host_unit_text=row["unit"] or None,
                )
                .returning(s.check_results.c.id)
            ).scalar_one()
            if row["problem"]:
                self.conn.execute(
                    s.problems.insert(),
                    [
                        {"check_id": check_id, "category": category, "detail": detail}
                        for category, detail in categorize(row["problem"])
                    ],
                )
            if row["rectification"]:
                status = RECTIFICATION_STATUS.get(row["rectification"])
                if status is None:
                    raise DataFileError(f"{where}: unknown rectification {row['rectification']!r}")
                self.conn.execute(
                    s.rectifications.insert().values(
                        check_id=check_id,
                        recheck_round_id=self.round_id(row["recheck_round"], where),
                        status=status,
                        status_text=row["rectification"],
                    )
                )

    def content(self, path: Path) -> None:
        for row in _rows(path):
            region = self.region(row["region"], row["_where"])
            self.conn.execute(
                s.content_submissions.insert().values(
                    round_id=self.round_id(row["round"], row["_where"]),
                    portal=row["portal"],
                    seq=_int(row["seq"]),
                    unit_id=self.unit_id(row["unit"], region),
                    unit_text=row["unit"] or None,
                    submitted=int(row["submitted"]),
                    adopted=int(row["adopted"]),
                    adoption_rate=_dec(row["adoption_rate"]),
                    # The digits printed after the point: 3.0% stays 3.0%, not 3%.
                    adoption_rate_decimals=len(rate.partition(".")[2]) if (rate := row["adoption_rate"]) else None,
                )
            )

    def disclosure(self, path: Path) -> None:
        counts = (
            "proactive_total",
            "policy_interpretations",
            "proposal_handling",
            "key_area_items",
            "requests_on_time",
            "requests_pending",
        )
        for row in _rows(path):
            region = self.region(row["region"], row["_where"])
            self.conn.execute(
                s.disclosure_stats.insert().values(
                    round_id=self.round_id(row["round"], row["_where"]),
                    unit_id=self.unit_id(row["unit"], region),
                    unit_text=row["unit"] or None,
                    seq=_int(row["seq"]),
                    period_text=row["period_text"] or None,
                    **{name: _int(row[name]) for name in counts},
                )
            )

    def messages(self, path: Path) -> None:
        for row in _rows(path):
            region = self.region(row["region"], row["_where"])
            self.conn.execute(
                s.message_handling.insert().values(
                    round_id=self.round_id(row["round"], row["_where"]),
                    channel=row["channel"],
                    region_code=region,
                    unit_id=self.unit_id(row["unit"], region),
                    unit_text=row["unit"] or None,
                    group_label=row["group_label"] or None,
                    seq=_int(row["seq"]),
                    period_text=row["period_text"] or None,
                    received=_int(row["received"]),
                    completed=_int(row["completed"]),
                    completion_rate=_dec(row["completion_rate"]),
                    avg_working_days=_dec(row["avg_working_days"]),
                    on_time_rate=_dec(row["on_time_rate"]),
                    **{
                        f"{rate}_decimals": len(row[rate].partition(".")[2]) if row[rate] else None
                        for rate in ("completion_rate", "on_time_rate")
                    },
                )
            )

    def registry(self, path: Path) -> None:
        for row in _rows(path):
            target = self.target_id(row)
            if row["change"] == "closed":
                self.conn.execute(s.targets.update().where(s.targets.c.id == target).values(status="closed"))
            self.conn.execute(
                s.registry_changes.insert().values(
                    round_id=self.round_id(row["round"], row["_where"]),
                    target_id=target,
                    change=row["change"],
                    note=row["note"] or None,
                )
            )


def region_rows(path: Path) -> list[dict[str, str | None]]:
    """regions.csv as table rows, with the province and city ancestors filled in."""
    raw = {row["code"]: row for row in _rows(path)}
    rows = []
    for code, row in raw.items():
        parent = row["parent_code"] or None
        if row["level"] not in s.REGION_LEVELS:
            raise DataFileError(f"{row['_where']}: unknown level {row['level']!r}")
        if parent and parent not in raw:
            raise DataFileError(f"{row['_where']}: unknown parent {parent!r}")
        chain = [code]
        while raw[chain[-1]]["parent_code"]:
            chain.append(raw[chain[-1]]["parent_code"])
        levels = {raw[c]["level"]: c for c in chain}
        rows.append(
            {
                "code": code,
                "name": row["name"],
                "level": row["level"],
                "parent_code": parent,
                "province_code": levels["province"],
                "city_code": levels.get("city"),
            }
        )
    # Parents first, so the self-referencing foreign key holds row by row.
    order = {"province": 0, "city": 1, "county": 2}
    return sorted(rows, key=lambda r: (order[str(r["level"])], str(r["code"])))


def load_regions(conn: sa.Connection, rows: list[dict[str, str | None]]) -> None:
    """Insert the regions not yet in the store."""
    known = set(conn.execute(sa.select(s.regions.c.code)).scalars())
    new = [row for row in rows if row["code"] not in known]
    if new:
        conn.execute(s.regions.insert(), new)


def alias_rows(path: Path, region_codes: set[str]) -> list[dict[str, str]]:
    """unit_aliases.csv as table rows, checked: known regions, no alias of an alias, none listed twice."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for row in _rows(path):
        where, region, alias, name = row["_where"], row["region"], row["alias"], row["name"]
        if region not in region_codes:
            raise DataFileError(f"{where}: unknown region code {region!r}")
        if not alias or not name or alias == name:
            raise DataFileError(f"{where}: an alias needs a name different from it")
        if (region, alias) in rows:
            raise DataFileError(f"{where}: alias {alias!r} listed twice for {region}")
        rows[(region, alias)] = {"region_code": region, "alias": alias, "unit_name": name}
    for (region, _alias), row in rows.items():
        if (region, row["unit_name"]) in rows:
            raise DataFileError(f"{path.name}: standard name {row['unit_name']!r} is itself an alias in {region}")
    return list(rows.values())


def load_unit_aliases(conn: sa.Connection, rows: list[dict[str, str]]) -> None:
    """Insert the aliases not yet in the store; one that the store maps elsewhere is an error."""
    known = alias_map(conn)
    for row in rows:
        name = known.get((row["region_code"], row["alias"]))
        if name is not None and name != row["unit_name"]:
            raise DataFileError(f"alias {row['alias']!r} already stands for {name!r} in the store")
    new = [row for row in rows if (row["region_code"], row["alias"]) not in known]
    if new:
        conn.execute(s.unit_aliases.insert(), new)


def load_notices(engine: sa.Engine, data_dir: Path = DATA_DIR) -> None:
    """Fill an empty, migrated store with every notice's data, all or nothing."""
    with engine.begin() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(s.rounds)).scalar_one():
            raise DataFileError("the store already holds inspection rounds; load into an empty store")
        load_regions(conn, region_rows(data_dir / "regions.csv"))
        region_codes = set(conn.execute(sa.select(s.regions.c.code)).scalars())
        # Aliases first: the loader files every row under its unit's standard name.
        load_unit_aliases(conn, alias_rows(data_dir / "unit_aliases.csv", region_codes))
        import_id = conn.execute(
            s.imports.insert().values(source="notice_data", description="五份通报的数据").returning(s.imports.c.id)
        ).scalar_one()
        loader = _Loader(conn, import_id)
        for folder in sorted(p for p in data_dir.iterdir() if (p / "notice.yaml").exists()):
            loader.notice(folder)


def _run(args: argparse.Namespace) -> int:
    engine = make_engine(args.url)
    with engine.connect() as conn:  # refuse a store with data before anything is created or migrated
        if (
            "rounds" in sa.inspect(conn).get_table_names()
            and conn.execute(sa.select(sa.func.count()).select_from(s.rounds)).scalar_one()
        ):
            raise Refused("该数据库已有检查数据，通报数据只写入空库，未做任何修改")
    migrate(engine)
    try:
        load_notices(engine)
    except DataFileError as error:  # a broken data file: nothing was written (one transaction)
        raise Refused(f"通报数据文件有误，未做任何修改：{error}") from error
    print(f"已将五份通报的数据写入 {engine.url.render_as_string(hide_password=True)}")
    return 0


def main(argv: list[str] | None = None) -> None:
    """``python -m data_access.sample_data --url URL``; errors in one Chinese line."""
    parser = ChineseArgumentParser(prog="python -m data_access.sample_data", description="向空库写入五份通报的数据。")
    parser.add_argument("--url", required=True, help="数据库地址（SQLAlchemy URL）")
    run(parser, _run, argv)


if __name__ == "__main__":
    main()
