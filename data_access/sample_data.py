"""Load the five notices' data (``data_access/notice_data``) into a store.

``load_notices(engine)`` is the one fixture: the app's first start, the
tests and the demo all call it. Run ``python -m data_access.sample_data
--url URL`` to load it into another store, PostgreSQL for instance.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from data_access import schema as s
from data_access.cli import ChineseArgumentParser, Refused, run
from data_access.db import make_engine, migrate
from data_access.figures import FIGURE_KINDS, MEASURES
from data_access.imports.batches import close_batch, open_batch
from data_access.imports.writer import RowProblem, Writer
from data_access.indicator_sets import install_shipped
from data_access.periods import parse_period
from data_access.units import alias_map

DATA_DIR = Path(__file__).resolve().parent / "notice_data"
NOTICES = "notices"  # the batches' kind


class DataFileError(ValueError):
    """A notice data file breaks the format in notice_data/README.md."""


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            clean: dict[str, Any] = {key: (value or "").strip() for key, value in row.items()}
            clean["_where"] = f"{path.parent.name}/{path.name}:{line}"
            if "seq" in clean:
                clean["seq"] = int(clean["seq"]) if clean["seq"] else None
            yield clean


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _bool(value: str, where: str) -> bool:
    if value not in ("true", "false"):
        raise DataFileError(f"{where}: passed must be true or false, not {value!r}")
    return value == "true"


class _Notice:
    """One notice folder written as one batch through the import writer."""

    def __init__(self, writer: Writer, folder: Path) -> None:
        self.writer = writer
        self.folder = folder
        self.rows = 0  # data rows read from the folder's files

    def each(self, name: str, write: Callable[[dict[str, Any]], None]) -> None:
        for row in _rows(self.folder / name):
            self.rows += 1
            try:
                write(row)
            except RowProblem as problem:
                raise DataFileError(f"{row['_where']}: {problem}") from problem

    def load(self) -> None:
        meta = yaml.safe_load((self.folder / "notice.yaml").read_text(encoding="utf-8"))
        try:
            for spec in meta["rounds"]:
                parse_period(str(spec["period"]))
                dates = ("issued_on", "published_on", "rectification_due", "report_due")
                self.writer.add_round({**spec, **{name: _date(spec.get(name)) for name in dates}}, meta["source"])
            for seq, item in enumerate(meta.get("narratives") or [], start=1):
                self.writer.narrative(item["round"], seq, item)
        except (RowProblem, ValueError) as problem:
            raise DataFileError(f"{self.folder.name}/notice.yaml: {problem}") from problem
        self.each("figures.csv", self.figure)
        self.each("checks.csv", self.check)
        self.each("content.csv", self.writer.content)
        self.each("disclosure.csv", self.writer.disclosure)
        self.each("messages.csv", self.writer.message)
        self.each("registry.csv", self.writer.registry_change)

    def figure(self, row: dict[str, Any]) -> None:
        if row["measure"] not in MEASURES:
            raise DataFileError(f"{row['_where']}: unknown measure {row['measure']!r}")
        if row["target_kind"] not in FIGURE_KINDS:
            raise DataFileError(f"{row['_where']}: unknown target_kind {row['target_kind']!r}")
        self.writer.figure(row)

    def check(self, row: dict[str, Any]) -> None:
        self.writer.check({**row, "passed": _bool(row["passed"], row["_where"])})


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


def load_unit_aliases(conn: sa.Connection, rows: list[dict[str, str]], writer: Writer) -> None:
    """Insert the aliases not yet in the store; one that the store maps elsewhere is an error."""
    known = alias_map(conn)
    for row in rows:
        name = known.get((row["region_code"], row["alias"]))
        if name is not None and name != row["unit_name"]:
            raise DataFileError(f"alias {row['alias']!r} already stands for {name!r} in the store")
    for row in rows:
        if (row["region_code"], row["alias"]) not in known:
            writer.insert(s.unit_aliases, row)
    writer.aliases = alias_map(conn)


def load_notices(engine: sa.Engine, data_dir: Path = DATA_DIR) -> None:
    """Fill an empty, migrated store with every notice's data, all or nothing.

    The regions and aliases are one batch and each notice another, written
    through the same writer and batch code as a user's import.
    """
    with engine.begin() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(s.rounds)).scalar_one():
            raise DataFileError("the store already holds inspection rounds; load into an empty store")
        install_shipped(conn)  # the national indicator sets (migration 0011 stored those of its day)
        reference = open_batch(
            conn, source="notice_data/regions.csv", kind=NOTICES, description="通报涉及的地区和单位别名"
        )
        writer = Writer(conn, reference)
        regions = region_rows(data_dir / "regions.csv")
        for row in regions:
            if row["code"] not in writer.region_codes:
                writer.insert(s.regions, row)
        region_codes = set(conn.execute(sa.select(s.regions.c.code)).scalars())
        # Aliases first: the writer files every row under its unit's standard name.
        aliases = alias_rows(data_dir / "unit_aliases.csv", region_codes)
        load_unit_aliases(conn, aliases, writer)
        close_batch(conn, reference, writer.counts, row_count=len(regions) + len(aliases))
        for folder in sorted(p for p in data_dir.iterdir() if (p / "notice.yaml").exists()):
            source = yaml.safe_load((folder / "notice.yaml").read_text(encoding="utf-8"))["source"]
            batch = open_batch(conn, source=source, kind=NOTICES, description=f"通报 {folder.name} 的数据")
            writer = Writer(conn, batch)
            notice = _Notice(writer, folder)
            notice.load()
            close_batch(conn, batch, writer.counts, row_count=notice.rows)


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
