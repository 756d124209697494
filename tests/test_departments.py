"""Units: one department under one name whatever the notice called it, its type, and the unit-level queries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from dashboard.labels import DEPT_TYPE_LABELS
from data_access import schema as s
from data_access.db import MIGRATIONS_DIR, make_engine, migrate
from data_access.regions import get_region
from data_access.sample_data import DATA_DIR, DataFileError, load_notices
from data_access.scope import NATIONAL, Scope
from data_access.units import (
    DEPT_TYPES,
    Unit,
    alias_map,
    canonical_name,
    departments_across_regions,
    dept_type,
    get_unit,
    region_units,
    unit_history,
    unit_targets,
)
from tests.conftest import fresh_store_url

# Every spelling the five notices use besides a unit's standard name.
EXPECTED_ALIASES = [
    ("360000", "省住房城乡建设厅", "省住房和城乡建设厅"),  # 002 annex 5 / 002 annex 6
    ("360000", "省发展改革委", "省发展和改革委员会"),  # 002 annexes 5, 6 / 000 annex 1
    ("360000", "省广电局", "省广播电视局"),  # 002 annex 5 / 000 annex 1
    ("360000", "省管局", "省机关事务管理局"),  # 002 annex 5 / 000 annexes 1, 2 (sgj.jiangxi.gov.cn)
    ("360000", "省粮食和储备局", "省粮食和物资储备局"),  # 002 annex 5 / 000 annexes 1, 2
    ("360000", "省药监局", "省药品监督管理局"),  # 002 annex 5 / 000 annex 1
    ("360000", "省退役军人厅", "省退役军人事务厅"),  # 002 annex 5 / 000 annexes 1, 2; 002 annex 6
    ("360000", "省金融监管局", "省地方金融监督管理局"),  # 002 annex 5 / 000 annex 1
    ("360400", "市卫健委", "九江市卫生健康委员会"),  # 001 content guarantee / 000 annex 2
    ("360400", "市自然资源局", "九江市自然资源局"),  # 001 content guarantee / 000 annex 1
    ("360400", "庐山西海", "庐山西海风景名胜区管理委员会"),  # 001 content guarantee / 000 annex 1
]


def unit_named(conn: sa.Connection, region: str, name: str) -> int:
    query = sa.select(s.units.c.id).where(s.units.c.region_code == region, s.units.c.name == name)
    return conn.execute(query).scalar_one()


def printed_wordings(conn: sa.Connection, unit_id: int) -> set[tuple[str, str]]:
    """(table, wording) of every row filed under the unit."""
    rows = sa.union_all(
        sa.select(sa.literal("check_results"), s.check_results.c.host_unit_text)
        .join(s.targets, s.targets.c.id == s.check_results.c.target_id)
        .where(s.targets.c.unit_id == unit_id),
        *(
            sa.select(sa.literal(table.name), table.c.unit_text).where(table.c.unit_id == unit_id)
            for table in (s.content_submissions, s.disclosure_stats, s.message_handling)
        ),
    )
    return {(table, text) for table, text in conn.execute(rows).all()}


def records(frame: pd.DataFrame) -> list[tuple]:
    """The frame's rows as tuples, missing values as None (pandas reads a missing text as NaN)."""
    return [tuple(row) for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False)]


def test_the_aliases_the_notices_need(conn: sa.Connection) -> None:
    stored = sorted(
        conn.execute(sa.select(s.unit_aliases.c.region_code, s.unit_aliases.c.alias, s.unit_aliases.c.unit_name))
    )
    assert [tuple(row) for row in stored] == sorted(EXPECTED_ALIASES)
    aliases = alias_map(conn)
    for region, alias, name in EXPECTED_ALIASES:
        assert canonical_name(conn, region, alias) == name
        assert canonical_name(aliases, region, alias) == name
        # Both spellings were printed, and both are filed under the one unit.
        wordings = {text for _, text in printed_wordings(conn, unit_named(conn, region, name))}
        assert {alias, name} <= wordings, (alias, name, wordings)
        assert (
            conn.execute(
                sa.select(s.units.c.id).where(s.units.c.region_code == region, s.units.c.name == alias)
            ).first()
            is None
        )
    assert canonical_name(conn, "360000", "省教育厅") == "省教育厅"
    assert canonical_name(aliases, "421300", "市发改委") == "市发改委"  # an alias holds in its own region only


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("360000,省发改委,省发展改革委", "itself an alias"),
        ("999999,某局,某某局", "999999"),
        ("360000,省发展改革委,省发展改革委员会", "listed twice"),
    ],
)
def test_a_bad_alias_file_writes_nothing(backend: str, tmp_path: Path, line: str, error: str) -> None:
    data = tmp_path / "notice_data"
    shutil.copytree(DATA_DIR, data)
    with (data / "unit_aliases.csv").open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    engine = make_engine(fresh_store_url(backend, tmp_path, name="bad_aliases"))
    migrate(engine)
    with pytest.raises(DataFileError, match=error):
        load_notices(engine, data)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(s.unit_aliases)).scalar_one() == 0
    engine.dispose()


def test_one_unit_whatever_the_notice_called_it(conn: sa.Connection) -> None:
    ndrc = unit_named(conn, "360000", "省发展和改革委员会")
    assert printed_wordings(conn, ndrc) == {
        ("check_results", "省发展和改革委员会"),
        ("disclosure_stats", "省发展改革委"),
        ("message_handling", "省发展改革委"),
    }
    checks = conn.execute(
        sa.select(sa.func.count())
        .select_from(s.check_results)
        .join(s.targets, s.targets.c.id == s.check_results.c.target_id)
        .where(s.targets.c.unit_id == ndrc)
    ).scalar_one()
    assert checks == 3
    land = unit_named(conn, "360400", "九江市自然资源局")
    assert printed_wordings(conn, land) == {
        ("check_results", "九江市自然资源局"),
        ("content_submissions", "市自然资源局"),
    }


def test_every_row_keeps_its_printed_unit(conn: sa.Connection) -> None:
    for table in (s.content_submissions, s.disclosure_stats):
        missing = sa.select(sa.func.count()).select_from(table).where(table.c.unit_text.is_(None))
        assert conn.execute(missing).scalar_one() == 0
    mh = s.message_handling
    mismatched = (
        sa.select(sa.func.count()).select_from(mh).where((mh.c.unit_id.is_(None)) != (mh.c.unit_text.is_(None)))
    )
    assert conn.execute(mismatched).scalar_one() == 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("省发展和改革委员会", "development_reform"),
        ("省发展改革委", "development_reform"),
        ("市发改委", "development_reform"),
        ("庐山市教育体育局", "education"),
        ("随州市公安局出入境支队", "public_security"),
        ("九江市自然资源局", "natural_resources"),
        ("萍乡市生态环境局", "ecology_environment"),
        ("随州市审计局", "audit"),
        ("鹰潭市财政局", "finance"),
        ("市卫健委", "health"),
        ("省中医药局", "health"),
        ("南昌市文化广电新闻出版旅游局", "culture_tourism"),
        ("市文广新旅局", "culture_tourism"),
        ("省广播电视局", "radio_tv"),
        ("随州市市场监督管理局", "market_regulation"),
        ("省药品监督管理局", "drug_administration"),
        ("随州高新区规划建设局", "housing_construction"),
        ("省人力资源社会保障厅", "human_resources"),
        ("省地方金融监督管理局", "financial_regulation"),
        ("市国动办", "civil_air_defense"),
        ("省扶贫办", "rural_revitalization"),
        ("省机关事务管理局", "offices_administration"),
        ("市港口航运管理局", "transport"),
        ("湖口县人民政府办公室", "government_office"),
        ("江西省人民政府办公厅", "government_office"),
        ("泰和县老营盘镇人民政府", "government_office"),
        ("市政府办公室", "government_office"),
        ("九江市", "government_office"),
        ("德安县", "government_office"),
        ("赣江新区管理委员会", "development_zone"),
        ("鄱阳湖生态科技城", "development_zone"),
        ("省外事办公室", "foreign_affairs"),
        ("省地方志编纂委员会办公室", "other"),
        ("省农业科学院", "other"),
        ("广电网络九江分公司", "other"),
        ("人行九江中支", "other"),
    ],
)
def test_dept_type(name: str, expected: str) -> None:
    assert dept_type(name) == expected


def test_every_dept_type_has_a_label_and_units_carry_theirs(conn: sa.Connection) -> None:
    assert tuple(DEPT_TYPE_LABELS) == DEPT_TYPES
    rows = conn.execute(sa.select(s.units.c.name, s.units.c.dept_type)).all()
    assert rows and all(stored == dept_type(name) for name, stored in rows)


def test_get_unit(conn: sa.Connection) -> None:
    land = unit_named(conn, "360400", "九江市自然资源局")
    assert get_unit(conn, scope=NATIONAL, unit_id=land) == Unit(land, "九江市自然资源局", "360400", "natural_resources")
    assert get_unit(conn, scope=Scope("360000"), unit_id=land) is not None
    assert get_unit(conn, scope=Scope("421300"), unit_id=land) is None
    assert get_unit(conn, scope=NATIONAL, unit_id=10**9) is None


def test_units_of_jiujiang_in_2022q3(conn: sa.Connection) -> None:
    frame = region_units(conn, scope=NATIONAL, period="2022Q3", region="360400")
    assert list(frame.columns) == [
        "unit_id", "name", "dept_type", "sites", "accounts", "platforms", "checked", "failed",
    ]  # fmt: skip
    rows = records(frame.drop(columns="unit_id"))
    # Notice 000 lists one site of each of the first two and one account of the
    # third; the 53 other units of the city (notices 001 and 002) follow, none failed.
    assert rows[:3] == [
        ("九江市卫生健康委员会", "health", 0, 1, 0, 1, 1),
        ("九江市自然资源局", "natural_resources", 1, 0, 0, 1, 1),
        ("庐山西海风景名胜区管理委员会", "development_zone", 1, 0, 0, 1, 1),
    ]
    assert len(rows) == 56
    assert all(row[-2:] == (0, 0) for row in rows[3:])
    assert rows[3:6] == [
        ("九江市", "government_office", 0, 0, 0, 0, 0),
        ("九江经济技术开发区出口加工区管理局", "development_zone", 0, 1, 0, 0, 0),
        ("九江车务段", "other", 0, 0, 0, 0, 0),
    ]
    # Units of the counties are listed under their county, not the city.
    assert "德安县发展和改革委员会" not in set(frame["name"])


def test_units_of_other_regions_and_periods(conn: sa.Connection) -> None:
    jiujiang = region_units(conn, scope=NATIONAL, period="2023Q1", region="360400")
    failed = jiujiang[jiujiang["failed"] > 0]
    assert records(failed[["name", "checked", "failed"]]) == [
        ("九江经济技术开发区出口加工区管理局", 1, 1),
    ]
    lushan = region_units(conn, scope=NATIONAL, period="2023Q1", region="360483")
    assert records(lushan.drop(columns="unit_id")) == [
        ("庐山市", "government_office", 0, 0, 0, 0, 0),
        ("庐山市教育体育局", "education", 0, 1, 0, 0, 0),  # the account added in the registry
    ]
    # Notice 004's site lists (附件1-2) print no host unit: those sites belong to no unit (issue 8).
    suizhou = region_units(conn, scope=NATIONAL, period="2024Q1", region="421300")
    assert len(suizhou) == 8
    assert records(suizhou[suizhou["failed"] > 0][["name", "sites", "accounts", "platforms"]]) == [
        ("市国资委", 0, 0, 1),
        ("市招商局", 0, 0, 1),
        ("随州市统计局", 0, 1, 0),
        ("随州高新区规划建设局", 0, 0, 1),
    ]  # fmt: skip
    assert region_units(conn, scope=NATIONAL, period="2022Q3", region=None).empty
    assert region_units(conn, scope=Scope("421300"), period="2022Q3", region="360400").empty
    assert len(region_units(conn, scope=Scope("360400"), period="2022Q3", region="360400")) == 56


def test_unit_targets(conn: sa.Connection) -> None:
    land = unit_named(conn, "360400", "九江市自然资源局")
    frame = unit_targets(conn, scope=NATIONAL, unit_id=land, period="2022Q3")
    assert list(frame.columns) == [
        "target_id", "kind", "code", "name", "url", "platform_label", "region_code", "status",
        "checked", "passed", "problem_text",
    ]  # fmt: skip
    assert records(frame.drop(columns="target_id")) == [
        ("site", "3604000028", "省自然资源网站群九江市版块", "http://bnr.jiujiang.gov.cn/", None, "360400", "running",
         1, False, "多个栏目不更新"),
    ]  # fmt: skip
    unchecked = unit_targets(conn, scope=NATIONAL, unit_id=land, period="2023Q1")
    assert records(unchecked[["code", "checked", "passed", "problem_text"]]) == [
        ("3604000028", 0, None, None),
    ]
    justice = unit_named(conn, "421300", "随州市司法局")
    frame = unit_targets(conn, scope=NATIONAL, unit_id=justice, period="2024Q1")
    assert records(frame[["kind", "code", "name", "platform_label", "checked", "passed"]]) == [
        ("account", "70125", "随州普法", "微信", 0, None),  # listed in the 2023Q4 round only
    ]  # fmt: skip
    assert unit_targets(conn, scope=Scope("360000"), unit_id=justice, period="2024Q1").empty


def test_unit_history(conn: sa.Connection) -> None:
    justice = unit_named(conn, "421300", "随州市司法局")
    frame = unit_history(conn, scope=NATIONAL, unit_id=justice)
    assert records(frame) == [("2023Q4", "2023年第四次", "account", 1, 1)]  # a round keeps its own name
    forestry = unit_named(conn, "360000", "省林业局")
    frame = unit_history(conn, scope=NATIONAL, unit_id=forestry)
    assert records(frame) == [("2022Q3", "2022年第三季度", "account", 3, 3), ("2022Q3", "2022年第三季度", "site", 1, 1)]
    assert unit_history(conn, scope=Scope("360000"), unit_id=justice).empty


def test_departments_across_regions(conn: sa.Connection) -> None:
    def rows(scope: Scope, period: str, region: str | None, kind: str) -> list[tuple]:
        frame = departments_across_regions(
            conn, scope=scope, period=period, region=get_region(conn, region) if region else None, dept_type=kind
        )
        return records(frame)

    # 省发展和改革委员会 at province level (3 listed); 市发改委 of Jiujiang and
    # the development and reform commissions of De'an and Duchang (one site each).
    assert rows(NATIONAL, "2022Q3", "360000", "development_reform") == [("360000", 1, 3, 3), ("360400", 3, 2, 2)]
    assert rows(NATIONAL, "2022Q3", "360400", "development_reform") == [
        ("360400", 1, 0, 0),
        ("360426", 1, 1, 1),
        ("360428", 1, 1, 1),
    ]
    assert rows(NATIONAL, "2022Q3", None, "development_reform") == [("360000", 4, 5, 5)]
    assert rows(Scope("360400"), "2022Q3", "360000", "development_reform") == [("360400", 3, 2, 2)]
    assert rows(NATIONAL, "2024Q1", None, "audit") == [("360000", 2, 0, 0)]
    assert rows(NATIONAL, "2023Q4", "421300", "public_security") == [("421300", 1, 1, 1)]
    assert rows(NATIONAL, "2022Q3", "360000", "energy") == []


# Notice 000 附件2 lists 360000M011WX0002 (江西减灾) under 省减灾备灾中心 (row 10) and again under 省应急管理厅
# (row 16), and 360000M083WX0003 (江西康宁医院) under 省荣誉军人康复医院 (row 5) and 省退役军人事务厅 (row 28);
# 附件1 lists one site of each of the two departments. Problems per unit as the notice prints them:
NOTICE_000_TWICE_LISTED = {
    "省应急管理厅": [
        ("3600000055", "省应急管理厅门户网站", "多个栏目不更新"),
        ("360000M011WX0001", "江西应急管理", "严重表述错误"),
        ("360000M011WX0002", "江西减灾", "未提供有效互动功能"),
    ],
    "省减灾备灾中心": [("360000M011WX0002", "江西减灾", "未提供有效互动功能")],
    "省退役军人事务厅": [
        ("3600000112", "省退役军人事务厅", "多个栏目不更新"),
        ("360000M083WX0002", "江西省荣誉军人康复医院", "未提供有效互动功能"),
        ("360000M083WX0003", "江西康宁医院", "未提供有效互动功能"),
    ],
    "省荣誉军人康复医院": [("360000M083WX0003", "江西康宁医院", "未提供有效互动功能")],
}


def test_a_code_listed_under_two_units_counts_for_each_unit(conn: sa.Connection) -> None:
    units = region_units(conn, scope=NATIONAL, period="2022Q3", region="360000").set_index("name")
    for name, listed in NOTICE_000_TWICE_LISTED.items():
        unit = unit_named(conn, "360000", name)
        assert units.loc[name, ["checked", "failed"]].tolist() == [len(listed), len(listed)], name
        frame = unit_targets(conn, scope=NATIONAL, unit_id=unit, period="2022Q3")
        assert records(frame[["code", "name", "problem_text"]]) == listed, name
        assert not frame["passed"].any()
        sites = sum(1 for code, _, _ in listed if "M" not in code)
        history = [("2022Q3", "2022年第三季度", "account", len(listed) - sites, len(listed) - sites)]
        history += [("2022Q3", "2022年第三季度", "site", sites, sites)] if sites else []
        assert records(unit_history(conn, scope=NATIONAL, unit_id=unit)) == history, name
    # The province's own emergency departments (应急管理厅 and 减灾备灾中心): 4 problems; veterans affairs: 3.
    jiangxi = get_region(conn, "360000")
    across = {
        kind: records(
            departments_across_regions(conn, scope=NATIONAL, period="2022Q3", region=jiangxi, dept_type=kind)
        )[0]
        for kind in ("emergency_management", "veterans_affairs")
    }
    assert across == {"emergency_management": ("360000", 2, 4, 4), "veterans_affairs": ("360000", 1, 3, 3)}


def test_every_check_is_filed_under_the_unit_it_prints(conn: sa.Connection) -> None:
    """A check's target is of the unit its row prints (through the aliases), whatever other rows say of its code."""
    c, t, u = s.check_results, s.targets, s.units
    rows = conn.execute(
        sa.select(c.c.region_code, c.c.host_unit_text, u.c.name)
        .join(t, t.c.id == c.c.target_id)
        .outerjoin(u, u.c.id == t.c.unit_id)
        .where(c.c.host_unit_text.isnot(None))
    ).all()
    aliases = alias_map(conn)
    assert len(rows) > 80
    assert [row for row in rows if canonical_name(aliases, row[0], row[1]) != row[2]] == []


def _alembic(engine: sa.Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def test_upgrading_a_filled_store_keeps_its_wording_and_types_its_units(backend: str, tmp_path: Path) -> None:
    engine = make_engine(fresh_store_url(backend, tmp_path, name="upgrade"))
    command.upgrade(_alembic(engine), "0001")
    with engine.begin() as conn:
        # Only columns revision 0001 has, as a store loaded before 0002 holds them.
        conn.execute(s.regions.insert().values(code="360000", name="江西省", level="province", province_code="360000"))
        conn.execute(s.units.insert().values(id=1, name="省发展改革委", region_code="360000"))
        conn.execute(s.rounds.insert().values(id=1, key="r", issuer="江西省人民政府办公厅", period="2020Q1"))
        conn.execute(s.disclosure_stats.insert().values(round_id=1, unit_id=1))
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.select(s.units.c.name, s.units.c.dept_type)).all() == [
            ("省发展改革委", "development_reform")
        ]
        assert conn.execute(sa.select(s.disclosure_stats.c.unit_text)).scalar_one() == "省发展改革委"
    engine.dispose()


def checks_and_targets(engine: sa.Engine) -> list[tuple[object, ...]]:
    """Every check result with its target as a user sees it (kind, code, name, unit, batch), ids of targets aside."""
    c, t, u = s.check_results, s.targets, s.units
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(c.c.id, t.c.kind, t.c.code, t.c.name, u.c.name, t.c.region_code, t.c.status, t.c.import_id)
            .join(t, t.c.id == c.c.target_id)
            .outerjoin(u, u.c.id == t.c.unit_id)
            .order_by(c.c.id)
        ).all()
    return [tuple(row) for row in rows]


def targets_of(engine: sa.Engine, code: str) -> list[tuple[object, ...]]:
    """(unit, batch that gave the unit, seq of each check) of every target of ``code``, oldest target first."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "select u.name, t.id, c.seq from targets t left join units u on u.id = t.unit_id"
                " join check_results c on c.target_id = t.id where t.code = :code order by t.id, c.seq"
            ),
            {"code": code},
        ).all()
    grouped: dict[int, tuple[object, list[object]]] = {}
    for unit, target, seq in rows:
        grouped.setdefault(target, (unit, []))[1].append(seq)
    return [(unit, seqs) for unit, seqs in grouped.values()]


def test_the_migration_to_a_target_per_unit_splits_a_filled_store(backend: str, tmp_path: Path) -> None:
    from data_access.check_counts import counted, refresh

    engine = make_engine(fresh_store_url(backend, tmp_path, name="per_unit_upgrade"))
    try:
        migrate(engine)
        load_notices(engine)
        expected = checks_and_targets(engine)
        with engine.connect() as conn:
            targets = conn.execute(sa.select(sa.func.count()).select_from(s.targets)).scalar_one()

        if backend == "sqlite":
            with engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")  # as the synthetic generator leaves a store
        command.downgrade(_alembic(engine), "0007")
        # As the writer before 0008 left it: one target per code, with the unit of its first row.
        assert targets_of(engine, "360000M011WX0002") == [("省减灾备灾中心", [10, 16])]
        assert targets_of(engine, "360000M083WX0003") == [("省荣誉军人康复医院", [5, 28])]
        with engine.begin() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(s.targets)).scalar_one() == targets - 2
            unique = {tuple(u["column_names"]) for u in sa.inspect(conn).get_unique_constraints("targets")}
            assert ("kind", "code") in unique
            assert "unit_import_id" not in {column["name"] for column in sa.inspect(conn).get_columns("targets")}
            # Rows a store filled before may hold: a check naming a unit for a target without one (a unit the
            # store lacks), and one naming its target's unit by another name.
            first_site = conn.execute(
                sa.text(
                    "select c.round_id, c.target_id from check_results c join targets t on t.id = c.target_id"
                    " where t.code = '4213000045' order by c.id"
                )
            ).first()
            assert first_site is not None
            round_id, site = first_site
            ndrc = conn.execute(
                sa.text(
                    "select c.round_id, c.target_id from check_results c join targets t on t.id = c.target_id"
                    " join units u on u.id = t.unit_id where u.name = '省发展和改革委员会' order by c.id"
                )
            ).first()
            assert ndrc is not None
            for round_, target, region, printed in (
                (round_id, site, "421300", "随州市审计局"),
                (ndrc[0], ndrc[1], "360000", "省发展改革委"),
            ):
                conn.execute(
                    sa.text(
                        "insert into check_results (round_id, target_id, target_kind, region_code, passed,"
                        " host_unit_text, seq) values (:round, :target, 'site', :region, false, :printed, 99)"
                    ),
                    {"round": round_, "target": target, "region": region, "printed": printed},
                )
            refresh(conn)
            counts = sorted(tuple(row) for row in conn.execute(sa.select(s.check_counts)).all())

        migrate(engine)
        assert targets_of(engine, "360000M011WX0002") == [("省减灾备灾中心", [10]), ("省应急管理厅", [16])]
        assert targets_of(engine, "360000M083WX0003") == [("省荣誉军人康复医院", [5]), ("省退役军人事务厅", [28])]
        ((unit, seqs),) = targets_of(engine, "4213000045")
        assert unit == "随州市审计局" and 99 in seqs  # the unit created, and taken by the target that had none
        # Every other notice check is on a target as the writer makes it now.
        after = [row for row in checks_and_targets(engine)[: len(expected)] if row[2] != "4213000045"]
        assert after == [row for row in expected if row[2] != "4213000045"]
        with engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(s.targets)).scalar_one() == targets
            assert conn.execute(
                sa.text("select u.dept_type, u.import_id from units u where u.name = '随州市审计局'")
            ).one() == ("audit", None)
            assert (
                conn.execute(sa.text("select unit_import_id from targets where code = '4213000045'")).scalar_one()
                is None
            )  # the check that named it belongs to no batch
            stored = sorted(tuple(row) for row in conn.execute(sa.select(s.check_counts)).all())
            assert stored == counts == sorted(tuple(row) for row in conn.execute(counted()).all())
            indexes = {index["name"]: index for index in sa.inspect(conn).get_indexes("targets")}
            assert indexes["uq_targets_kind_code_no_unit"]["unique"]
            unique = {tuple(u["column_names"]) for u in sa.inspect(conn).get_unique_constraints("targets")}
            assert ("kind", "code", "unit_id") in unique and ("kind", "code") not in unique
            if backend == "sqlite":  # the planner's statistics of the table batch mode copied, counted again
                stat = "select count(*) from sqlite_stat1 where tbl = 'targets'"
                assert conn.exec_driver_sql(stat).scalar_one() >= 4
    finally:
        engine.dispose()
