"""Real runs of the app with AppTest: what a user sees for each notice and each bad URL."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from tests.conftest import APP_DIR

APP = str(APP_DIR / "streamlit_app.py")


def run_app(**params: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def metrics(app: AppTest) -> list[tuple[str, str]]:
    return [(metric.label, metric.value) for metric in app.metric]


def table(app: AppTest, column: str):  # type: ignore[no-untyped-def]
    """The first dataframe on the page that has ``column``."""
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


@pytest.mark.usefixtures("app_env")
def test_jiangxi_2022q3_shows_the_reported_figures() -> None:
    app = run_app(period="2022Q3", region="360000")
    assert app.title[0].value == "江西省 · 2022年第三季度"
    assert metrics(app) == [
        ("检查数", "552"),
        ("抽查比例", "100%"),
        ("合格率", "94.75%"),
        ("名单所列问题数", "29"),
        ("检查数", "1,213"),
        ("抽查比例", "34.96%"),
        ("合格率", "96.95%"),
        ("名单所列问题数", "36"),
    ]
    deltas = [metric.delta for metric in app.metric if metric.label == "合格率"]
    assert deltas == ["-1.12%（同比）", "-1.71%（同比）"]
    assert "赣府厅函〔2022〕90号" in app.caption[0].value
    assert "整改期限 2022-09-26" in app.caption[0].value
    assert not app.warning


@pytest.mark.usefixtures("app_env")
def test_jiangxi_2020q1_shows_figures_cities_and_trend() -> None:
    app = run_app(period="2020Q1", region="360000")
    shown = metrics(app)
    assert ("检查数", "378") in shown and ("合格率", "98.94%") in shown
    assert ("检查数", "356") in shown and ("合格率", "84.27%") in shown
    assert [m.delta for m in app.metric if m.label == "合格率"] == ["+1.33%（同比）", "-3.82%（环比）"]
    cities = table(app, "地区").set_index("地区")
    assert len(cities) == 13  # 附件1: 11 cities, the province's own departments, 合计
    assert (cities.loc["上饶市", "网站抽查数"], cities.loc["上饶市", "网站突出问题数"]) == (15, 3)
    assert cities.loc["省政府及省直各部门", ["网站运行总数", "网站抽查数", "网站突出问题数"]].tolist() == [52, 32, 0]
    assert cities.loc["合计", ["网站运行总数", "网站抽查数", "网站突出问题数"]].tolist() == [538, 378, 4]
    assert cities.loc["九江市", "查看"] == "/?period=2020Q1&region=360400"
    trend = table(app, "政府网站")
    assert trend.loc["2020年第一季度", "政府网站"] == "98.94%"
    assert trend.loc["2022年第三季度", "政务新媒体"] == "96.95%"
    high = table(app, "得分档次")
    assert len(high) == 21
    assert high.iloc[0][["得分档次", "网站名称"]].tolist() == ["110-120", "中国·濂溪"]
    assert (high["得分档次"] == "100-110").sum() == 20
    breakdown = table(app, "口径")
    assert "市、县(区)网站" in set(breakdown["口径"])
    assert "98.84%" in set(breakdown["数值"])


@pytest.mark.usefixtures("app_env")
def test_jiujiang_2023q1_and_suizhou_2024q1() -> None:
    jiujiang = metrics(run_app(period="2023Q1", region="360400"))
    assert jiujiang[:3] == [("检查数", "71"), ("抽查比例", "100%"), ("整改后合格率", "100%")]
    assert ("检查数", "215") in jiujiang
    suizhou = run_app(period="2024Q1", region="421300")
    shown = metrics(suizhou)
    assert shown[:4] == [("运行总数", "24"), ("检查数", "24"), ("存在突出问题", "5"), ("合格率（计算值）", "79.17%")]
    assert ("检查数", "113") in shown and ("检查数", "25") in shown
    computed = [m for m in suizhou.metric if "计算值" in m.label]
    assert computed and all("不是通报公布的数字" in (m.help or "") for m in computed)


@pytest.mark.usefixtures("app_env")
def test_default_view_is_the_latest_period_nationwide() -> None:
    app = run_app()
    assert app.title[0].value == "全国 · 2024年第一季度"
    assert app.query_params["period"] == "2024Q1"
    # Only Suizhou has figures for 2024Q1: it is not a child of the country, so the page links to it instead.
    assert not any("地区" in frame.value.columns for frame in app.dataframe)
    assert any("更下级地区" in caption.value for caption in app.caption)


@pytest.mark.parametrize(
    ("params", "title", "message"),
    [
        ({"period": "2099Q9", "region": "360000"}, "江西省 · 2023年第一季度", "期次“2099Q9”无法识别"),
        ({"period": "2022Q3", "region": "999999"}, "全国 · 2022年第三季度", "地区代码“999999”不存在"),
        ({"period": "2019Q1", "region": "360400"}, "九江市 · 2023年第一季度", "九江市在2019年第一季度没有检查数据"),
        ({"period": "abc", "region": "36'; drop"}, "全国 · 2024年第一季度", "不存在"),
    ],
)
@pytest.mark.usefixtures("app_env")
def test_bad_url_values_fall_back_with_a_message(params: dict[str, str], title: str, message: str) -> None:
    app = run_app(**params)
    assert app.title[0].value == title
    assert any(message in warning.value for warning in app.warning)


@pytest.mark.usefixtures("app_env")
def test_choosing_a_city_and_a_period_updates_the_url() -> None:
    app = run_app(period="2020Q1", region="360000")
    app.selectbox(key="filter_city").set_value("361100").run()
    assert app.query_params["region"] == "361100"
    assert app.title[0].value == "上饶市 · 2020年第一季度"
    assert ("检查数", "15") in metrics(app)
    app.selectbox(key="filter_province").set_value("").run()
    assert "region" not in app.query_params
    app.selectbox(key="filter_province").set_value("360000").run()
    app.selectbox(key="filter_period").set_value("2022Q3").run()
    assert app.query_params["period"] == "2022Q3"
    assert ("合格率", "94.75%") in metrics(app)


@pytest.mark.usefixtures("app_env")
def test_a_broken_database_url_gets_a_chinese_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", "postgresql+psycopg://nobody:x@127.0.0.1:1/none")
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert "暂时无法连接数据库" in app.error[0].value


def _raw_counts(url: str, period: str, kind: str, region_like: str) -> tuple[int, int]:
    """Checked and failed targets, counted straight from the tables through the targets' own regions."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        checked, failed = conn.execute(
            sa.text(
                "select count(*), sum(case when c.passed then 0 else 1 end) from check_results c"
                " join rounds r on r.id = c.round_id join targets t on t.id = c.target_id"
                " where r.period = :period and t.kind = :kind and t.region_code like :region"
            ),
            {"period": period, "kind": kind, "region": region_like},
        ).one()
    engine.dispose()
    return int(checked), int(failed)


def test_synthetic_national_store_shows_computed_figures_marked(synthetic_app_env: str) -> None:
    app = run_app()
    assert app.title[0].value == "全国 · 2024年第四季度"
    shown = dict(metrics(app)[:3])
    checked, failed = _raw_counts(synthetic_app_env, "2024Q4", "site", "%")
    assert shown["检查数（计算值）"] == f"{checked:,}"
    assert shown["不合格（计算值）"] == f"{failed:,}"
    assert (
        shown["合格率（计算值）"]
        == f"{Decimal(100 * (checked - failed) / checked).quantize(Decimal('0.01')).normalize():f}%"
    )
    provinces = table(app, "地区")
    assert len(provinces) == 32  # 31 provinces and 合计
    assert all(url.startswith("/?period=2024Q4&region=") for url in provinces["查看"].iloc[:-1])
    jiangxi = run_app(period="2022Q2", region="360000")
    checked, failed = _raw_counts(synthetic_app_env, "2022Q2", "account", "36%")
    assert ("检查数（计算值）", f"{checked:,}") in metrics(jiangxi)
    assert ("不合格（计算值）", f"{failed:,}") in metrics(jiangxi)
    trend = table(jiangxi, "政府网站（计算值）")
    assert len(trend) == 20


def test_a_failing_query_gets_a_chinese_message_not_a_traceback(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import streamlit as st

    from data_access.db import make_engine, migrate

    url = f"sqlite:///{tmp_path / 'broken.db'}"
    migrate(make_engine(url))
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("drop table reported_figures"))
    engine.dispose()
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=60).run()
    st.cache_resource.clear()
    assert not app.exception
    assert "读取数据时出错" in app.error[0].value


def test_two_sources_for_one_region_and_quarter_are_shown_apart(backend: str, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import streamlit as st

    from data_access.db import make_engine, migrate
    from data_access.sample_data import load_notices
    from tests.conftest import fresh_store_url

    url = fresh_store_url(backend, tmp_path, name="two_sources")
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    with engine.begin() as conn:  # Zhejiang's own notice, beside the survey's figures for 2022Q3
        round_id = conn.execute(
            sa.text(
                "insert into rounds (key, issuer, scope_region_code, period, title, items_complete)"
                " values ('zj-2022q3', '浙江省人民政府办公厅', '330000', '2022Q3', '浙江省2022年第三季度通报', false)"
                " returning id"
            )
        ).scalar_one()
        conn.execute(
            sa.text(
                "insert into reported_figures (round_id, region_code, target_kind, segment, measure, value)"
                " values (:r, '330000', 'site', 'all', 'pass_rate', 99.5)"
            ),
            {"r": round_id},
        )
    engine.dispose()
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    app = run_app(period="2022Q3", region="330000")
    st.cache_resource.clear()
    captions = [caption.value for caption in app.caption if caption.value.startswith("来源")]
    assert len(captions) == 2
    rates = [metric.value for metric in app.metric if metric.label == "合格率"]
    assert rates == ["99.6%", "99.94%", "99.5%"]
