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
