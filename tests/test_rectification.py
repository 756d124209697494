"""Rectification: statuses against deadlines, re-checks, overdue problems and repeat offenders, and /rectification."""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from data_access import rectification
from data_access.db import make_engine, migrate
from data_access.problem_lists import problem_rows
from data_access.rectification import (
    overdue_problems,
    rechecked_problems,
    repeat_offenders,
    round_deadlines,
    status_by_subregion,
    status_by_unit,
)
from data_access.regions import get_region
from data_access.sample_data import load_notices
from data_access.scope import NATIONAL, Scope
from tests.conftest import APP_DIR, app_test, fresh_store_url

APP = str(APP_DIR / "streamlit_app.py")
TODAY = dt.date(2026, 11, 25)


def statuses(conn: sa.Connection, period: str, region: str, as_of: dt.date) -> dict[str, int]:
    frame = problem_rows(conn, scope=NATIONAL, period=period, region=region, as_of=as_of)
    return frame["status"].value_counts().to_dict()


def test_a_status_follows_the_deadline_and_the_recheck(conn: sa.Connection) -> None:
    # 随州 2024Q1: fix by 2024-03-06, report by 2024-03-08; no record of any rectification in the store.
    assert statuses(conn, "2024Q1", "421300", dt.date(2024, 3, 6)) == {"pending": 9}
    # Past the deadline, nothing says whether the problems were fixed: no record, never overdue.
    assert statuses(conn, "2024Q1", "421300", dt.date(2024, 3, 7)) == {"no_record": 9}
    # 江西 2022Q3 gives only a date to report by (2022-09-26): that date is the deadline.
    assert statuses(conn, "2022Q3", "360000", dt.date(2022, 9, 26)) == {"pending": 65}
    assert statuses(conn, "2022Q3", "360000", dt.date(2022, 9, 27)) == {"no_record": 65}
    assert statuses(conn, "2020Q1", "360000", TODAY) == {"no_record": 61}
    # Found rectified, whatever the date.
    assert statuses(conn, "2023Q4", "421300", TODAY) == {"rectified": 13}
    assert statuses(conn, "2023Q1", "360400", TODAY) == {"passed_after_rectification": 10}


def test_only_a_recorded_rectification_under_way_becomes_overdue(backend: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = fresh_store_url(backend, tmp_path, name="overdue_record")
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    with engine.begin() as conn:
        check, round_id = conn.execute(
            sa.text(
                "select c.id, r.id from check_results c join rounds r on r.id = c.round_id"
                " join targets t on t.id = c.target_id where r.key = 'sz-2024q1' and t.code = '4213000045'"
            )
        ).one()
        conn.execute(
            sa.text(
                "insert into rectifications (check_id, recheck_round_id, status, status_text)"
                " values (:check, :round, 'pending', '整改中')"
            ),
            {"check": check, "round": round_id},
        )
    with engine.connect() as conn:
        assert statuses(conn, "2024Q1", "421300", dt.date(2024, 3, 6)) == {"pending": 9}
        assert statuses(conn, "2024Q1", "421300", dt.date(2024, 3, 7)) == {"overdue": 1, "no_record": 8}
        overdue = overdue_problems(conn, scope=NATIONAL, period="2024Q1", region=None, as_of=TODAY)
        assert overdue["code"].tolist() == ["4213000045"] and overdue["status"].tolist() == ["overdue"]
    engine.dispose()


def test_round_deadlines_keep_both_dates(conn: sa.Connection) -> None:
    suizhou = round_deadlines(conn, scope=NATIONAL, period="2024Q1", region="421300").iloc[0]
    assert (str(suizhou["rectification_due"]), str(suizhou["report_due"]), suizhou["problems"]) == (
        "2024-03-06",
        "2024-03-08",
        9,
    )
    jiangxi = round_deadlines(conn, scope=NATIONAL, period="2022Q3", region="360000").iloc[0]
    assert jiangxi["rectification_due"] is None and str(jiangxi["report_due"]) == "2022-09-26"
    assert round_deadlines(conn, scope=Scope("360000"), period="2024Q1", region=None).empty


def test_the_recheck_of_the_previous_round(conn: sa.Connection) -> None:
    frame = rechecked_problems(conn, scope=NATIONAL, period="2024Q1", region="421300", as_of=TODAY)
    assert frame["kind"].value_counts().to_dict() == {"site": 8, "account": 2, "platform": 3}  # 附件2, 4, 6
    assert set(frame["recheck_text"]) == {"已完成整改"} and set(frame["recheck_status"]) == {"rectified"}
    assert set(frame["period"]) == {"2023Q4"}
    # 整改后合格 in notice 001 is this round's own finding, not a re-check of an earlier round.
    assert rechecked_problems(conn, scope=NATIONAL, period="2023Q1", region="360400", as_of=TODAY).empty
    assert rechecked_problems(conn, scope=Scope("360000"), period="2024Q1", region=None, as_of=TODAY).empty


def test_more_rechecks_than_a_statement_names_are_found_the_same_way(
    conn: sa.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = rechecked_problems(conn, scope=NATIONAL, period="2024Q1", region="421300", as_of=TODAY)
    monkeypatch.setattr(rectification, "ID_LIST_CAP", 5)  # Suizhou's 13 re-checks: over the cap
    pd.testing.assert_frame_equal(
        rechecked_problems(conn, scope=NATIONAL, period="2024Q1", region="421300", as_of=TODAY), named
    )
    assert len(named) == 13


def test_no_notice_makes_a_problem_overdue_and_repeat_offenders(conn: sa.Connection) -> None:
    # The notices of 2020Q1, 2022Q3 and 2024Q1 list problems and deadlines but no record of rectification.
    assert overdue_problems(conn, scope=NATIONAL, period="2024Q1", region=None, as_of=TODAY).empty
    offenders = repeat_offenders(conn, scope=NATIONAL, period="2024Q1", region=None, as_of=TODAY)
    assert set(offenders["code"]) == {"4213000045"}  # 随州市审计局, listed in 2023Q4 and 2024Q1
    assert offenders["period"].tolist() == ["2023Q4", "2024Q1"] and set(offenders["rounds"]) == {2}
    assert repeat_offenders(conn, scope=NATIONAL, period="2023Q4", region=None, as_of=TODAY).empty


def test_status_by_region_and_unit(conn: sa.Connection) -> None:
    region = get_region(conn, "421300")
    frame = status_by_subregion(conn, scope=NATIONAL, period="2024Q1", region=region, as_of=TODAY)
    assert frame.to_dict("records") == [{"region_code": "421300", "status": "no_record", "problems": 9}]
    units = status_by_unit(conn, scope=NATIONAL, period="2024Q1", region="421300", as_of=TODAY)
    counts = dict(zip(units["unit_name"].fillna(""), units["problems"], strict=True))
    assert counts == {"": 5, "随州市统计局": 1, "随州高新区规划建设局": 1, "市招商局": 1, "市国资委": 1}


# ---------------------------------------------------------------- the page


def run_rectification(**params: str) -> AppTest:
    app = app_test()
    app.switch_page("pages/rectification.py")
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def table_with(app: AppTest, column: str) -> pd.DataFrame:
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def tables(app: AppTest) -> dict[str, pd.DataFrame]:
    """The page's tables by the subheader above them."""
    found: dict[str, pd.DataFrame] = {}
    heading = ""
    for element in app.main:
        name = type(element).__name__
        if name == "Subheader":
            heading = element.value
        elif name == "Dataframe" and heading not in found:
            found[heading] = element.value
    return found


@pytest.mark.usefixtures("app_env")
def test_suizhou_2024q1_rechecks_the_previous_round_and_states_both_deadlines() -> None:
    app = run_rectification(period="2024Q1", region="421300")
    assert app.title[0].value == "整改跟踪 · 随州市 · 2024年第一季度（2024年第一次）"  # the round by its own name
    shown = tables(app)
    deadlines = shown["本期通报与整改期限"].iloc[0]
    assert (deadlines["整改期限"], deadlines["报送整改情况期限"], deadlines["问题数"]) == (
        "2024-03-06",
        "2024-03-08",
        9,
    )
    current = shown["本期问题及整改状态"]
    assert current["类型"].value_counts().to_dict() == {"政府网站": 5, "政务新媒体": 1, "政府信息公开平台": 3}
    assert set(current["整改期限"]) == {"2024-03-06"} and set(current["报送期限"]) == {"2024-03-08"}
    recheck = shown["上期问题复查情况"]
    assert recheck["类型"].value_counts().to_dict() == {"政府网站": 8, "政务新媒体": 2, "政府信息公开平台": 3}
    assert set(recheck["复查结果（通报原文）"]) == {"已完成整改"} and set(recheck["整改状态"]) == {"已整改"}
    assert set(recheck["发现期次"]) == {"2023年第四次"}  # the round's own name, not a quarter
    assert "3025716006566021" in set(recheck["标识码/账号编号"])
    offenders = shown["屡查屡犯（截至本期，两期及以上存在问题）"]
    assert offenders[["名称", "存在问题期数", "存在问题的期次"]].values.tolist() == [
        ["随州市审计局", 2, "2023年第四次、2024年第一次"]
    ]
    assert set(current["整改状态"]) == {"无整改记录"}
    assert ("无整改记录", "9") in [(m.label, m.value) for m in app.metric]
    assert ("逾期（计算值）", "0") in [(m.label, m.value) for m in app.metric]
    assert "逾期未整改问题（截至本期，期限最早的在前）" not in shown
    assert any(caption.value == "没有逾期未整改的问题。" for caption in app.caption)


@pytest.mark.usefixtures("app_env")
def test_jiujiang_2023q1_problems_passed_after_rectification() -> None:
    app = run_rectification(period="2023Q1", region="360400")
    current = tables(app)["本期问题及整改状态"]
    assert len(current) == 10
    assert set(current["整改状态"]) == {"整改后合格"} and set(current["复查结果（通报原文）"]) == {"整改后合格"}
    assert ("整改后合格", "10") in [(m.label, m.value) for m in app.metric]


@pytest.mark.usefixtures("app_env")
def test_a_reporting_deadline_is_not_shown_as_the_rectification_deadline() -> None:
    app = run_rectification(period="2022Q3", region="360000")
    deadlines = tables(app)["本期通报与整改期限"].iloc[0]
    assert (deadlines["整改期限"], deadlines["报送整改情况期限"]) == ("", "2022-09-26")
    assert deadlines["文号"] == "赣府厅函〔2022〕90号"
    accounts = run_rectification(period="2022Q3", region="360000", kind="account", status="no_record")
    assert len(tables(accounts)["本期问题及整改状态"]) == 36
    overdue = run_rectification(period="2022Q3", region="360000", status="overdue")
    assert "本期问题及整改状态" not in tables(overdue)
    assert app.radio[0].options[0] == "全部（65）"


def test_synthetic_country_and_province(synthetic_app_env: str) -> None:
    engine = sa.create_engine(synthetic_app_env)
    with engine.connect() as conn:
        failing = conn.execute(
            sa.text(
                "select count(*) from check_results c join rounds r on r.id = c.round_id"
                " where r.period = '2022Q2' and not c.passed"
            )
        ).scalar_one()
        rounds = conn.execute(
            sa.text(
                "select count(distinct c.round_id) from check_results c join rounds r on r.id = c.round_id"
                " where r.period = '2022Q2' and not c.passed"
            )
        ).scalar_one()
        province, in_province = conn.execute(
            sa.text(
                "select g.province_code, count(*) from check_results c join rounds r on r.id = c.round_id"
                " join regions g on g.code = c.region_code where r.period = '2022Q2' and not c.passed"
                " group by g.province_code order by count(*) desc, g.province_code limit 1"
            )
        ).one()
    engine.dispose()
    app = run_rectification(period="2022Q2")
    statuses = {m.label: int(m.value.replace(",", "")) for m in app.metric}
    assert sum(statuses.values()) == failing
    assert statuses["已整改"] + statuses["未整改"] + statuses["整改后合格"] > 0  # re-checked in 2022Q3
    shown = tables(app)
    assert len(shown["本期通报与整改期限"]) == rounds  # one round per province, those with problems
    offenders = shown["屡查屡犯（截至本期，两期及以上存在问题）"]
    assert len(offenders) > 0 and offenders["存在问题期数"].is_monotonic_decreasing
    assert len(tables(app)["上期问题复查情况"]) > 0
    one = run_rectification(period="2022Q2", region=str(province))
    assert sum(int(m.value.replace(",", "")) for m in one.metric) == in_province
    assert tables(one)["本期通报与整改期限"]["问题数"].tolist() == [in_province]


def test_a_round_known_only_from_a_later_notice_is_sourced_to_that_notice(backend: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Suizhou's 2023年第四次 has no notice on file: its source is notice 004, in a fresh store and after 0009."""
    from alembic import command

    from tests.test_departments import _alembic

    engine = make_engine(fresh_store_url(backend, tmp_path, name="round_titles"))
    title = sa.text("select title, period_label from rounds where key = 'sz-2023q4'")
    notice_004 = "关于2024年第一次全市政府网站及政务新媒体抽查情况的通报"
    try:
        migrate(engine)
        load_notices(engine)
        with engine.connect() as conn:
            assert conn.execute(title).one() == (notice_004, "2023年第四次")
        command.downgrade(_alembic(engine), "0008")  # a store filled before: the round's own made-up title
        with engine.connect() as conn:
            assert conn.execute(title).one()[0] == "2023年第四次全市政府网站及政务新媒体抽查"
        migrate(engine)
        with engine.connect() as conn:
            assert conn.execute(title).one()[0] == notice_004
    finally:
        engine.dispose()


@pytest.mark.usefixtures("app_env")
def test_a_2023q4_problem_names_notice_004_as_its_source() -> None:
    from tests.test_regions import run_regions, target_id

    app = run_rectification(period="2024Q1", region="421300")
    recheck = tables(app)["上期问题复查情况"]
    assert set(recheck["发现期次"]) == {"2023年第四次"}
    site = target_id(os.environ["DASHBOARD_DATABASE_URL"], "4213910001")  # 大洪山风景名胜区, found in 2023年第四次
    history = run_regions(period="2024Q1", region="421300", target=str(site))
    rows = next(frame.value for frame in history.dataframe if "通报" in frame.value.columns)
    assert rows["期次"].tolist() == ["2023年第四次"]
    assert rows["通报"].tolist() == ["关于2024年第一次全市政府网站及政务新媒体抽查情况的通报"]
    assert not any("第四次全市政府网站及政务新媒体抽查" in text for text in rows["通报"])
