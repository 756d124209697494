"""The store on each backend: migrations, the notices' load, and the overview's queries."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from data_access import schema as s
from data_access.checks import computed_by_subregion, item_counts, periods_with_data, problems_by_category
from data_access.db import make_engine, migrate
from data_access.figures import region_figures, reported_trend, subregion_figures
from data_access.regions import children, get_region
from data_access.sample_data import DATA_DIR, DataFileError, load_notices
from data_access.scope import NATIONAL, Scope
from tests.conftest import fresh_store_url


def headline(conn: sa.Connection, period: str, region: str, kind: str, scope: Scope = NATIONAL) -> dict:
    frame = region_figures(conn, scope=scope, period=period, region=region)
    rows = frame[(frame["target_kind"] == kind) & (frame["segment"] == "all")]
    return dict(zip(rows["measure"], rows["value"], strict=True))


def test_jiangxi_2022q3_figures_are_exactly_as_reported(conn: sa.Connection) -> None:
    sites = headline(conn, "2022Q3", "360000", "site")
    accounts = headline(conn, "2022Q3", "360000", "account")
    assert sites == {
        "checked": 552,
        "sampling_share": 100,
        "pass_rate": Decimal("94.75"),
        "pass_rate_yoy": Decimal("-1.12"),
    }
    assert accounts == {
        "checked": 1213,
        "sampling_share": Decimal("34.96"),
        "pass_rate": Decimal("96.95"),
        "pass_rate_yoy": Decimal("-1.71"),
    }


def test_jiangxi_2020q1_figures(conn: sa.Connection) -> None:
    sites = headline(conn, "2020Q1", "360000", "site")
    accounts = headline(conn, "2020Q1", "360000", "account")
    assert (sites["running"], sites["checked"], sites["failed"]) == (538, 378, 4)
    assert (sites["pass_rate"], sites["pass_rate_yoy"]) == (Decimal("98.94"), Decimal("1.33"))
    assert (accounts["running"], accounts["checked"], accounts["failed"]) == (1308, 356, 57)
    assert (accounts["pass_rate"], accounts["pass_rate_qoq"]) == (Decimal("84.27"), Decimal("-3.82"))


def test_jiujiang_and_suizhou_figures(conn: sa.Connection) -> None:
    jiujiang = headline(conn, "2023Q1", "360400", "site")
    assert (jiujiang["checked"], jiujiang["pass_rate_after_rectification"]) == (71, 100)
    assert headline(conn, "2023Q1", "360400", "account")["checked"] == 215
    suizhou = {kind: headline(conn, "2024Q1", "421300", kind) for kind in ("site", "account", "platform")}
    assert (suizhou["site"]["checked"], suizhou["site"]["failed"]) == (24, 5)
    assert (suizhou["account"]["checked"], suizhou["account"]["failed"]) == (113, 1)
    assert (suizhou["platform"]["checked"], suizhou["platform"]["failed"]) == (25, 3)
    assert "pass_rate" not in suizhou["site"]  # the notice prints none


def test_cross_province_survey(conn: sa.Connection) -> None:
    hainan = headline(conn, "2022Q3", "460000", "account")
    assert hainan == {"count": 1037, "pass_rate": Decimal("94.7"), "sampling_share": Decimal("30.7")}
    assert headline(conn, "2022Q3", "330000", "site")["pass_rate"] == Decimal("99.6")


def test_listed_items_are_counted_but_not_complete(conn: sa.Connection) -> None:
    items = item_counts(conn, scope=NATIONAL, period="2022Q3", region="360000").set_index("target_kind")
    assert items.loc["site", "failed"] == 29
    assert items.loc["account", "failed"] == 36
    assert set(items["complete"]) == {0}


def test_region_scope_filters_in_sql(conn: sa.Connection) -> None:
    jiujiang = Scope("360400")
    items = item_counts(conn, scope=jiujiang, period="2022Q3", region=None).set_index("target_kind")
    # Notice 000 lists 5 problem sites (codes 3604...) and 1 account in Jiujiang and its counties.
    assert items.loc["site", "failed"] == 5
    assert items.loc["account", "failed"] == 1
    assert region_figures(conn, scope=jiujiang, period="2022Q3", region="360000").empty
    assert list(children(conn, scope=jiujiang, parent_code=None)["code"]) == ["360000"]
    assert list(children(conn, scope=jiujiang, parent_code="360000")["code"]) == ["360400"]


def test_subregions_of_jiangxi_2020q1(conn: sa.Connection) -> None:
    frame = subregion_figures(conn, scope=NATIONAL, period="2020Q1", region="360000")
    checked = frame[frame["measure"] == "checked"].set_index("region_code")["value"]
    assert len(checked) == 11
    assert checked["360100"] == 38 and checked["361100"] == 15
    assert computed_by_subregion(conn, scope=NATIONAL, period="2020Q1", region=get_region(conn, "360000")).empty


def test_trend_and_periods(conn: sa.Connection) -> None:
    trend = reported_trend(conn, scope=NATIONAL, region="360000")
    sites = trend[trend["target_kind"] == "site"].set_index("period")["value"]
    assert sites.to_dict() == {"2020Q1": Decimal("98.94"), "2022Q3": Decimal("94.75")}
    assert periods_with_data(conn, scope=NATIONAL, region=None)[0] == "2024Q1"
    assert periods_with_data(conn, scope=NATIONAL, region="360400") == ["2023Q1", "2022Q3", "2020Q1"]
    assert periods_with_data(conn, scope=NATIONAL, region="421300") == ["2024Q1", "2023Q4"]


def test_problem_categories_of_jiangxi_2020q1(conn: sa.Connection) -> None:
    frame = problems_by_category(conn, scope=NATIONAL, period="2020Q1", region="360000")
    accounts = frame[frame["target_kind"] == "account"].set_index("category")["targets"]
    # Annex 4, 57 accounts: 41 lack interaction only, 3 are stale only, 8 are both, 5 have serious errors.
    assert accounts.to_dict() == {"no_interaction": 49, "not_updated": 11, "serious_error": 5}


def test_everything_the_notices_hold_is_loaded(conn: sa.Connection) -> None:
    def total(table: sa.Table, column: str) -> int:
        return conn.execute(sa.select(sa.func.sum(table.c[column]))).scalar_one()

    assert (total(s.content_submissions, "submitted"), total(s.content_submissions, "adopted")) == (828, 314)
    assert conn.execute(sa.select(sa.func.count()).select_from(s.content_submissions)).scalar_one() == 67
    assert total(s.disclosure_stats, "proactive_total") == 4092
    assert total(s.disclosure_stats, "requests_on_time") == 50
    governor = s.message_handling.c.channel == "governor_suggestion"
    assert conn.execute(sa.select(sa.func.sum(s.message_handling.c.received)).where(governor)).scalar() == 70
    changes = conn.execute(
        sa.select(s.registry_changes.c.change, s.targets.c.name, s.targets.c.status).join(s.targets)
    ).all()
    assert sorted(changes) == [
        ("added", "庐山市教育体育局", "running"),
        ("closed", "大美永修", "closed"),
        ("closed", "庐山公安", "closed"),
    ]
    high = conn.execute(
        sa.select(s.check_results.c.score_band, sa.func.count())
        .where(s.check_results.c.score_band.isnot(None))
        .group_by(s.check_results.c.score_band)
    ).all()
    assert dict(high) == {"110-120": 1, "100-110": 20, "得分靠前": 3}
    rechecked = conn.execute(
        sa.select(s.rectifications.c.status, sa.func.count()).group_by(s.rectifications.c.status)
    ).all()
    assert dict(rechecked) == {"rectified": 13, "passed_after_rectification": 10}
    deadlines = {
        key: (str(fix_by), str(report_by))
        for key, fix_by, report_by in conn.execute(
            sa.select(s.rounds.c.key, s.rounds.c.rectification_due, s.rounds.c.report_due)
        ).all()
    }
    # 000 gives only a date to report the rectification by; 004 gives both (fix by 03-06, report by 03-08).
    assert deadlines["jx-2022q3"] == ("None", "2022-09-26")
    assert deadlines["sz-2024q1"] == ("2024-03-06", "2024-03-08")
    sections = dict(
        conn.execute(sa.select(s.narratives.c.section, sa.func.count()).group_by(s.narratives.c.section)).all()
    )
    assert sections["practice"] >= 6 and sections["problem"] >= 9 and sections["requirement"] >= 9


def test_site_and_account_identifiers_are_kept_as_text(conn: sa.Connection) -> None:
    codes = set(conn.execute(sa.select(s.targets.c.code).where(s.targets.c.code.isnot(None))).scalars())
    assert {"3604260037", "360000M052WX0001", "71244", "3025716006566021", "4213910001"} <= codes
    dean = conn.execute(sa.select(s.targets).where(s.targets.c.code == "3604260037")).mappings().one()
    assert (dean["region_code"], dean["url"]) == ("360426", "http://da.credit.jiujiang.gov.cn/")


def test_migrations_are_idempotent_and_load_refuses_a_filled_store(notices_url: str) -> None:
    engine = make_engine(notices_url)
    migrate(engine)
    with pytest.raises(DataFileError):
        load_notices(engine)
    engine.dispose()


def test_a_bad_data_file_writes_nothing(backend: str, tmp_path: Path) -> None:
    data = tmp_path / "notice_data"
    shutil.copytree(DATA_DIR, data)
    broken = data / "004" / "checks.csv"
    broken.write_text(broken.read_text(encoding="utf-8").replace(",421300,", ",999999,", 1), encoding="utf-8")
    url = fresh_store_url(backend, tmp_path)
    engine = make_engine(url)
    migrate(engine)
    with pytest.raises(DataFileError, match="999999"):
        load_notices(engine, data)
    with engine.connect() as conn:
        for table in (s.regions, s.rounds, s.targets, s.check_results):
            assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == 0
    engine.dispose()


def test_first_start_fills_only_the_default_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from data_access import db, startup

    monkeypatch.delenv(db.URL_ENV, raising=False)
    monkeypatch.setattr(db, "DEFAULT_SQLITE_PATH", tmp_path / "data" / "dashboard.db")
    engine = startup.prepare_store()
    with engine.connect() as conn:
        assert headline(conn, "2022Q3", "360000", "site")["pass_rate"] == Decimal("94.75")
    engine.dispose()
    assert (tmp_path / "data" / "dashboard.db").exists()
    startup.prepare_store().dispose()  # a second start neither fails nor loads twice
    other = tmp_path / "other.db"
    monkeypatch.setenv(db.URL_ENV, f"sqlite:///{other}")
    engine = startup.prepare_store()
    assert db.is_empty(engine)  # any other store is migrated but never filled by itself
    engine.dispose()


def test_problem_categories_count_every_annex_row(conn: sa.Connection) -> None:
    # Notice 000 附件2: 36 rows; 360000M011WX0002 and 360000M083WX0003 appear twice, under two host units.
    frame = problems_by_category(conn, scope=NATIONAL, period="2022Q3", region="360000")
    accounts = frame[frame["target_kind"] == "account"]
    rows = conn.execute(
        sa.select(sa.func.count())
        .select_from(s.check_results)
        .join(s.rounds, s.rounds.c.id == s.check_results.c.round_id)
        .where(s.rounds.c.key == "jx-2022q3", s.check_results.c.target_kind == "account")
    ).scalar_one()
    assert rows == 36
    assert int(accounts["targets"].max()) <= rows and int(accounts["targets"].sum()) >= rows
