"""The content-guarantee page (/content): notice 001's 附件3 in the store, and what a user sees of it."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard import content
from dashboard.export import csv_bytes
from data_access.content import (
    DEPARTMENT,
    PLACE,
    previous_period,
    submission_periods,
    submission_ranking,
    submission_rows,
    submission_totals,
    unit_submission_history,
)
from data_access.regions import get_region
from data_access.scope import NATIONAL, Scope
from tests.conftest import APP_DIR, app_test

APP = str(APP_DIR / "streamlit_app.py")
# 附件3: the units that submitted nothing (序号 3, 14, 15, 23, 27, 34, 36–39, 42–50, 53, 64–67).
ZERO_UNITS = 24
ZONES = {"经开区", "八里湖新区", "庐山西海", "鄱阳湖生态科技城"}


def unit_id(conn: sa.Connection, printed: str) -> int:
    """The unit a row of 附件3 names, by the wording it was printed with."""
    query = sa.text("select unit_id from content_submissions where unit_text = :printed")
    return int(conn.execute(query, {"printed": printed}).scalar_one())


# ---------------------------------------------------------------- queries


def test_annex_3_rows_in_the_notices_order(conn: sa.Connection) -> None:
    jiujiang = get_region(conn, "360400")
    rows = submission_rows(conn, scope=NATIONAL, period="2023Q1", region=jiujiang)
    assert len(rows) == 67
    assert rows["seq"].tolist() == list(range(1, 68))
    assert rows.iloc[0]["unit_name"] == "市政府办公室" and rows.iloc[-1]["unit_name"] == "鄱阳湖生态科技城"
    audit = rows.set_index("unit_name").loc["市审计局"]
    assert (audit["submitted"], audit["adopted"]) == (33, 1)
    # Stored as 3, printed as 3.0%: the digits travel beside the value.
    assert Decimal(str(audit["adoption_rate"])) == 3 and audit["adoption_rate_decimals"] == 1
    assert rows.set_index("unit_name").loc["市自然资源局", "adoption_rate_decimals"] == 0
    assert (rows["submitted"] == 0).sum() == ZERO_UNITS
    # Counties roll up to themselves, the city's own units (zones included) to the city.
    belongs = rows.set_index("unit_name")["child_code"]
    assert belongs["共青城市"] == "360482" and belongs["市审计局"] == "360400" and belongs["经开区"] == "360400"
    assert (rows["prev_rows"] == 0).all()  # 2022Q4 holds no submissions


def test_totals_match_the_notice(conn: sa.Connection) -> None:
    jiujiang = get_region(conn, "360400")
    total = submission_totals(conn, scope=NATIONAL, period="2023Q1", region=jiujiang).iloc[0]
    assert (total["units"], total["zero_units"], total["submitted"], total["adopted"]) == (67, ZERO_UNITS, 828, 314)
    assert total["prev_units"] == 0 and total["prev_submitted"] is None
    nothing = submission_totals(conn, scope=NATIONAL, period="2022Q3", region=jiujiang).iloc[0]
    assert (nothing["units"], nothing["submitted"]) == (0, None)


def test_departments_and_places_ranked_apart(conn: sa.Connection) -> None:
    jiujiang = get_region(conn, "360400")
    frame = submission_ranking(conn, scope=NATIONAL, period="2023Q1", region=jiujiang)
    departments = frame[frame["group"] == DEPARTMENT].sort_values("adopted", ascending=False, kind="stable")
    places = frame[frame["group"] == PLACE].sort_values("adopted", ascending=False, kind="stable")
    assert len(departments) == 50 and len(places) == 13 + len(ZONES)
    assert departments.iloc[0][["name", "adopted", "submitted"]].tolist() == ["市文广新旅局", 27, 81]
    assert departments.iloc[1][["name", "adopted", "submitted"]].tolist() == ["市自然资源局", 26, 118]
    assert places.iloc[0][["name", "adopted", "submitted", "units"]].tolist() == ["共青城市", 29, 43, 1]
    assert set(places["name"]) >= ZONES
    assert places[places["name"] == "共青城市"]["unit_id"].isna().all()  # a county is a region, not a unit
    # Nationally the provinces are the places; Jiangxi holds all of Jiujiang's 67 units.
    national = submission_ranking(conn, scope=NATIONAL, period="2023Q1", region=None)
    assert national[["group", "region_code", "name", "units", "zero_units", "adopted"]].values.tolist() == [
        [PLACE, "360000", "江西省", 67, ZERO_UNITS, 314]
    ]


def test_queries_stay_inside_the_scope(conn: sa.Connection) -> None:
    jiujiang = get_region(conn, "360400")
    assert submission_rows(conn, scope=Scope("360100"), period="2023Q1", region=jiujiang).empty
    assert len(submission_rows(conn, scope=Scope("360400"), period="2023Q1", region=None)) == 67
    gongqing = submission_rows(conn, scope=Scope("360482"), period="2023Q1", region=None)
    assert gongqing["unit_name"].tolist() == ["共青城市"]
    assert submission_periods(conn, scope=Scope("360100"), region=None) == []
    assert submission_periods(conn, scope=NATIONAL, region="360400") == ["2023Q1"]
    audit = unit_id(conn, "市审计局")
    assert unit_submission_history(conn, scope=Scope("360100"), unit_id=audit).empty


def test_a_units_history(conn: sa.Connection) -> None:
    history = unit_submission_history(conn, scope=NATIONAL, unit_id=unit_id(conn, "市审计局"))
    assert history[["period", "portal", "unit_text", "submitted", "adopted"]].values.tolist() == [
        ["2023Q1", "中国九江", "市审计局", 33, 1]
    ]
    assert content.percent_as_printed(history.iloc[0]["adoption_rate"], history.iloc[0]["adoption_rate_decimals"]) == (
        "3.0%"
    )


def test_previous_period() -> None:
    assert previous_period("2023Q1") == "2022Q4"
    assert previous_period("2024Q3") == "2024Q2"


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (Decimal("3.00"), 1, "3.0%"),
        (Decimal("22.00"), 0, "22%"),
        (Decimal("37.90"), 1, "37.9%"),
        (3.0, 1, "3.0%"),
        (Decimal("3.00"), None, "3%"),
        (None, 1, ""),
    ],
)
def test_percent_as_printed(value: object, decimals: object, shown: str) -> None:
    assert content.percent_as_printed(value, decimals) == shown


def test_the_download_keeps_the_printed_rate(conn: sa.Connection) -> None:
    jiujiang = get_region(conn, "360400")
    frame = submission_rows(conn, scope=NATIONAL, period="2023Q1", region=jiujiang)
    table = content.units_table(frame, jiujiang, {"360482": "共青城市"})
    text = csv_bytes(content._export("各单位信息报送情况", table)).decode("utf-8-sig")
    assert text.splitlines()[0] == "序号,单位名称,所属,信息报送数,信息采用数,采用率（通报）,采用率（计算值）,报送情况"
    assert "21,市审计局,本级,33,1,3.0%,3.03%," in text
    assert "3,市工信局,本级,0,0,0%,,未报送" in text
    assert "59,共青城市,共青城市,43,29,67.4%,67.44%," in text


# ---------------------------------------------------------------- the page


def run_content(**params: str) -> AppTest:
    app = app_test()
    app.switch_page("pages/content.py")
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def metrics(app: AppTest) -> list[tuple[str, str]]:
    return [(metric.label, metric.value) for metric in app.metric]


def table_with(app: AppTest, *columns: str) -> pd.DataFrame:
    """The first table on the page that has every one of ``columns``."""
    return next(frame.value for frame in app.dataframe if set(columns) <= set(frame.value.columns))


def tables_with(app: AppTest, column: str) -> list[pd.DataFrame]:
    return [frame.value for frame in app.dataframe if column in frame.value.columns]


@pytest.mark.usefixtures("app_env")
def test_jiujiang_2023q1_shows_annex_3() -> None:
    app = run_content(period="2023Q1", region="360400")
    assert app.title[0].value == "内容保障 · 九江市 · 2023年第一季度"
    shown = metrics(app)
    # The notice's totals, then the same summed from the 67 rows, each under its own caption.
    assert shown[:3] == [("信息报送数", "828"), ("信息采用数", "314"), ("平均采用率", "37.9%")]
    assert ("报送数（计算值）", "828") in shown and ("采用数（计算值）", "314") in shown
    assert ("采用率（计算值）", "37.92%") in shown and ("未报送信息的单位", str(ZERO_UNITS)) in shown
    captions = [caption.value for caption in app.caption]
    assert any(c.startswith("通报公布") for c in captions) and any(c.startswith("计算值") for c in captions)
    units = table_with(app, "序号", "单位名称")
    assert len(units) == 67
    marked = units[units["报送情况"] == "未报送"]
    assert len(marked) == ZERO_UNITS and (marked["信息报送数"] == 0).all()
    assert {"市工信局", "彭泽县", "鄱阳湖生态科技城"} <= set(marked["单位名称"])
    by_name = units.set_index("单位名称")
    assert by_name.loc["市审计局", "采用率（通报）"] == "3.0%"
    assert by_name.loc["市自然资源局", "采用率（通报）"] == "22%"
    assert by_name.loc["市审计局", "采用率（计算值）"] == 3.03
    assert not app.warning


@pytest.mark.usefixtures("app_env")
def test_jiujiang_rankings_put_departments_and_counties_apart() -> None:
    app = run_content(period="2023Q1", region="360400")
    subheaders = [header.value for header in app.subheader]
    assert "九江市本级部门排名" in subheaders and "各县（市、区）及功能区排名" in subheaders
    departments, places = tables_with(app, "采用数排名")
    assert departments.iloc[0][["采用数排名", "名称", "信息采用数"]].tolist() == [1, "市文广新旅局", 27]
    assert departments.iloc[1][["采用数排名", "名称", "信息采用数", "信息报送数"]].tolist() == [
        2,
        "市自然资源局",
        26,
        118,
    ]
    assert places.iloc[0][["采用数排名", "名称", "信息采用数"]].tolist() == [1, "共青城市", 29]
    assert "共青城市" not in set(departments["名称"]) and "市文广新旅局" not in set(places["名称"])
    # The rate ranking counts only units with at least 10 submissions, and the page says so.
    assert any("报送 10 条及以上" in caption.value for caption in app.caption)
    rate_leaders = departments.dropna(subset=["采用率排名"]).sort_values("采用率排名")
    assert rate_leaders.iloc[0][["名称", "信息报送数", "信息采用数"]].tolist() == ["市市场监管局", 15, 10]
    assert departments.set_index("名称").loc["市政府办公室", "采用率排名"] is pd.NA  # 1 of 1 is no leader
    assert places.dropna(subset=["采用率排名"]).sort_values("采用率排名").iloc[0]["名称"] == "武宁县"
    assert departments.set_index("名称").loc["市工信局", "报送情况"] == "未报送"


@pytest.mark.usefixtures("app_env")
def test_a_units_history_opens_below_the_table(app_env: str) -> None:
    engine = sa.create_engine(app_env)
    with engine.connect() as conn:
        audit = unit_id(conn, "市审计局")
    engine.dispose()
    app = run_content(period="2023Q1", region="360400", history=str(audit))
    assert "市审计局 · 历次信息报送" in [header.value for header in app.subheader]
    history = table_with(app, "期次", "报送网站")
    assert history[["期次", "信息报送数", "信息采用数", "采用率（通报）"]].values.tolist() == [
        ["2023年第一季度", 33, 1, "3.0%"]
    ]
    assert app.query_params["history"] == str(audit)
    # In another region the unit's history does not belong: it is dropped from the URL without a word.
    elsewhere = run_content(period="2023Q1", region="360482", history=str(audit))
    assert "history" not in elsewhere.query_params
    assert not elsewhere.warning


@pytest.mark.usefixtures("app_env")
def test_bad_history_and_periods_without_submissions() -> None:
    app = run_content(period="2023Q1", region="360400", history="99999")
    assert any("单位编号“99999”不存在" in warning.value for warning in app.warning)
    assert "history" not in app.query_params
    injected = run_content(period="2023Q1", region="360400", history="[x](http://evil.example)")
    assert "history" in injected.query_params and not injected.warning  # not an id: ignored
    empty = run_content(period="2022Q3", region="360000")
    assert empty.title[0].value == "内容保障 · 江西省 · 2022年第三季度"
    assert "江西省在2022年第三季度没有信息报送数据。" in [info.value for info in empty.info]
    assert not empty.metric
    # Without a period the page opens on the newest quarter that has submissions, not the newest check.
    newest = run_content()
    assert newest.title[0].value == "内容保障 · 全国 · 2023年第一季度"
    assert newest.query_params["period"] == "2023Q1"


@pytest.mark.usefixtures("app_env")
def test_a_county_drilled_to_shows_its_own_row() -> None:
    app = run_content(period="2023Q1", region="360482")
    assert app.title[0].value == "内容保障 · 共青城市 · 2023年第一季度"
    assert ("报送数（计算值）", "43") in metrics(app) and ("采用数（计算值）", "29") in metrics(app)
    assert table_with(app, "序号", "单位名称")["单位名称"].tolist() == ["共青城市"]


def _sums(url: str, period: str, province: str | None) -> tuple[int, int, int]:
    """Units, submitted and adopted, counted straight from the tables through the units' regions."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(
            sa.text(
                "select count(distinct s.unit_id), sum(s.submitted), sum(s.adopted) from content_submissions s"
                " join rounds r on r.id = s.round_id join units u on u.id = s.unit_id"
                " where r.period = :period and u.region_code like :region"
            ),
            {"period": period, "region": (province[:2] + "%") if province else "%"},
        ).one()
    engine.dispose()
    return int(found[0]), int(found[1]), int(found[2])


def test_synthetic_national_and_one_province(synthetic_app_env: str) -> None:
    app = run_content()
    assert app.title[0].value == "内容保障 · 全国 · 2024年第四季度"
    units, submitted, adopted = _sums(synthetic_app_env, "2024Q4", None)
    shown = dict(metrics(app))
    assert shown["报送单位数"] == f"{units:,}"
    assert shown["报送数（计算值）"] == f"{submitted:,}" and shown["采用数（计算值）"] == f"{adopted:,}"
    assert "信息报送数" not in shown  # no notice reports on the whole country
    provinces = table_with(app, "采用数排名", "单位数")
    assert len(provinces) == 31 and provinces["信息采用数"].sum() == adopted
    assert provinces["采用数较上期"].notna().all()  # 2024Q3 has submissions too
    jiangxi = run_content(period="2024Q2", region="360000")
    units, submitted, _ = _sums(synthetic_app_env, "2024Q2", "360000")
    assert ("报送数（计算值）", f"{submitted:,}") in metrics(jiangxi)
    subheaders = [header.value for header in jiangxi.subheader]
    assert "江西省本级部门排名" in subheaders and "各设区市排名" in subheaders
    assert len(table_with(jiangxi, "序号", "单位名称")) == units
