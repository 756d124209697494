"""Real runs of the app with AppTest: what a user sees for each notice and each bad URL."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from urllib.parse import unquote

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from dashboard.charts import KIND_COLORS
from tests.conftest import APP_DIR, app_test

APP = str(APP_DIR / "streamlit_app.py")


def run_app(**params: str) -> AppTest:
    app = app_test()
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


def deltas(app: AppTest, label: str = "合格率") -> list[tuple[str, str]]:
    """The change under each card called ``label``, with the words beside it (通报原文 or 计算值)."""
    return [(metric.delta, metric.proto.delta_description) for metric in app.metric if metric.label == label]


def captions(app: AppTest) -> list[str]:
    """Every caption as the user reads it (Markdown escapes removed)."""
    return [re.sub(r"\\(.)", r"\1", caption.value) for caption in app.caption]


def scope_line(app: AppTest) -> str:
    """The caption that says where the page's figures come from."""
    return next(text for text in captions(app) if "数据来源范围" in text)


def region_rows(app: AppTest) -> pd.DataFrame:
    """The sub-region table indexed by the name each row's link shows."""
    frame = table(app, "地区")
    names = [unquote(url.rpartition("#")[2]) for url in frame["地区"]]
    return frame.assign(link=frame["地区"], 地区=names).set_index("地区")


def chart(app: AppTest, index: int) -> dict:  # type: ignore[type-arg]
    """The ``index``-th Plotly chart's figure as sent to the browser."""
    return json.loads(app.get("plotly_chart")[index].proto.spec)


@pytest.mark.usefixtures("app_env")
def test_jiangxi_2022q3_shows_the_reported_figures() -> None:
    app = run_app(period="2022Q3", region="360000")
    assert app.title[0].value == "江西省 · 2022年第三季度"
    assert metrics(app) == [
        ("合格率", "94.75%"),
        ("检查数", "552家"),
        ("抽查比例", "100%"),
        ("名单所列问题数", "29家"),
        ("合格率", "96.95%"),
        ("检查数", "1,213家"),  # the notice's word: 检查政务新媒体1213家
        ("抽查比例", "34.96%"),
        ("名单所列问题数", "36个"),
    ]
    assert deltas(app) == [("同比下降1.12%", "通报原文"), ("同比下降1.71%", "通报原文")]
    # A fall is red with a down arrow, though the words carry no minus sign.
    falls = [(m.proto.direction, m.proto.color) for m in app.metric if m.label == "合格率"]
    assert falls == [(Metric.DOWN, Metric.RED)] * 2
    shown = captions(app)
    assert "赣府厅函〔2022〕90号" in shown and "报送整改情况期限 2022-09-26" in shown
    assert [markdown.value for markdown in app.markdown if markdown.value.startswith("**江西省")] == [
        "**江西省 · 政府网站**",
        "**江西省 · 政务新媒体**",
    ]
    assert not any("数据来源范围" in text for text in shown)  # its own figures: the headings say whose
    assert not app.warning


@pytest.mark.usefixtures("app_env")
def test_jiangxi_2020q1_shows_figures_cities_and_trend() -> None:
    app = run_app(period="2020Q1", region="360000")
    shown = metrics(app)
    assert shown[:5] == [
        ("合格率", "98.94%"),
        ("运行总数", "538家"),
        ("检查数", "378家"),
        ("抽查比例（计算值）", "70.26%"),
        ("存在突出问题", "4家"),
    ]
    # Accounts are counted in the notice's words: 共1308家, 抽查政务新媒体356家, but 问题的政务新媒体57个.
    assert ("合格率", "84.27%") in shown and ("检查数", "356家") in shown and ("运行总数", "1,308家") in shown
    assert ("存在突出问题", "57个") in shown
    assert deltas(app) == [("同比上升1.33%", "通报原文"), ("环比下降3.82%", "通报原文")]
    cities = region_rows(app)
    assert len(cities) == 13  # 附件1: 11 cities, the province's own departments, 合计
    assert list(cities.index[:2]) == ["上饶市", "南昌市"]  # worst pass rate first
    assert (cities.loc["上饶市", "网站抽查数"], cities.loc["上饶市", "网站突出问题数"]) == (15, 3)
    assert cities.loc["省政府及省直各部门", ["网站运行总数", "网站抽查数", "网站突出问题数"]].tolist() == [52, 32, 0]
    assert cities.loc["合计", ["网站运行总数", "网站抽查数", "网站突出问题数"]].tolist() == [538, 378, 4]
    assert "网站合格率" not in cities.columns  # 附件1 prints no rates: they are computed, and say so
    assert cities["网站合格率（计算值）"].dtype == float  # numbers stay numbers, so sorting sorts
    assert cities.loc["上饶市", "网站合格率（计算值）"] == 80.0 and cities.loc["上饶市", "数据口径"] == "通报公布"
    assert cities.loc["合计", "数据口径"] == "计算值（各行相加）"
    assert cities.loc["九江市", "link"].startswith("/?period=2020Q1&region=360400#")
    assert cities.loc["省政府及省直各部门", "link"].startswith("/regions?period=2020Q1&region=360000#")
    trend = table(app, "政务新媒体").set_index("期次")
    assert trend.loc["2020年第一季度", "政府网站"] == 98.94
    assert trend.loc["2022年第三季度", "政务新媒体"] == 96.95
    assert list(trend.index) == ["2022年第三季度", "2020年第一季度"]
    high = table(app, "得分档次")
    assert len(high) == 21 and "得分" not in high.columns  # the notice gives bands, no scores
    assert high.iloc[0][["得分档次", "网站名称"]].tolist() == ["110-120", "中国·濂溪"]
    assert (high["得分档次"] == "100-110").sum() == 20
    breakdown = table(app, "口径")
    assert "市、县(区)网站" in set(breakdown["口径"])
    assert "98.84%" in set(breakdown["数值"])


@pytest.mark.usefixtures("app_env")
def test_the_notice_s_own_words_sit_under_the_figures_with_the_units_they_name() -> None:
    app = run_app(period="2020Q1", region="360000")
    assert [tab.label for tab in app.tabs] == ["主要成效和经验做法", "表现较好", "主要问题", "工作要求"]
    headings = [expander.label for expander in app.expander]
    assert "政府网站发布解读仍需强化" in headings and "强化政务新媒体建设管理" in headings
    assert any("搜索即服务" in markdown.value for markdown in app.markdown)
    links = {link.proto.label: link.proto.query_string for link in app.get("page_link")}
    assert links["省公安厅"].startswith("period=2020Q1&region=360000&unit=")
    assert "九江市" in links
    assert any("摘自：江西省人民政府办公厅关于2020年第一季度" in text for text in captions(app))
    suizhou = run_app(period="2024Q1", region="421300")
    named = {link.proto.label for link in suizhou.get("page_link")}
    assert {"随州高新区规划建设局", "市招商局"} <= named
    assert "原文" in [expander.label for expander in suizhou.expander]  # a problem paragraph without a heading


@pytest.mark.usefixtures("app_env")
def test_jiujiang_2023q1_and_suizhou_2024q1() -> None:
    jiujiang = metrics(run_app(period="2023Q1", region="360400"))
    assert jiujiang[:3] == [("整改后合格率", "100%"), ("检查数", "71家"), ("抽查比例", "100%")]
    assert ("检查数", "215个") in jiujiang
    suizhou = run_app(period="2024Q1", region="421300")
    assert suizhou.title[0].value == "随州市 · 2024年第一季度（2024年第一次）"  # the quarter, and the round by its name
    assert run_app(period="2023Q4", region="421300").title[0].value == "随州市 · 2023年第四季度（2023年第四次）"
    assert run_app(period="2023Q1", region="360400").title[0].value == "九江市 · 2023年第一季度"  # a quarter's round
    shown = metrics(suizhou)
    assert shown[:5] == [
        ("合格率（计算值）", "79.17%"),
        ("运行总数", "24家"),
        ("检查数", "24家"),
        ("抽查比例（计算值）", "100.00%"),
        ("存在突出问题", "5家"),
    ]
    assert ("检查数", "113家") in shown and ("检查数", "25家") in shown  # 检查了全市113家政务新媒体
    assert ("合格率（计算值）", "88.00%") in shown  # computed rates keep two decimals
    computed = [m for m in suizhou.metric if "计算值" in m.label]
    assert computed and all("不是通报公布的数字" in (m.help or "") for m in computed)
    # 2023Q4 holds only the re-check lists: the trend draws 2024Q1 and says why 2023Q4 has no rate.
    trend = chart(suizhou, 0)
    assert trend["layout"]["xaxis"]["type"] == "date"
    assert {trace["name"] for trace in trend["data"]} == {
        "政府网站（计算值）",
        "政务新媒体（计算值）",
        "政府信息公开平台（计算值）",
    }
    assert any("2023年第四季度" in text and "没有随州市的合格率" in text for text in captions(suizhou))
    trend_rows = table(suizhou, "政府网站（计算值）")
    assert trend_rows["期次"].tolist() == ["2024年第一次"]  # the round's own name, not 2024年第一季度
    assert trend["layout"]["xaxis"]["ticktext"] == ["23Q4", "24Q1"]  # 2023Q4 on the axis, empty
    low, high = trend["layout"]["yaxis"]["range"]
    assert low == 70 and high == 101  # starts under the lowest rate (79.17%), never above 100%


@pytest.mark.usefixtures("app_env")
def test_default_view_says_whose_figures_it_holds() -> None:
    app = run_app()
    assert app.title[0].value == "全国 · 2024年第一季度"
    assert app.query_params["period"] == "2024Q1"
    # Only Suizhou has figures for 2024Q1: no card presents them as the country's, the scope line names
    # Suizhou under its real parent, and the sub-regions link 湖北省 › 随州市.
    assert scope_line(app) == "本期没有全国的汇总数字。数据来源范围：湖北省 › 随州市"
    assert not app.metric
    assert not any("地区" in frame.value.columns for frame in app.dataframe)
    links = [(link.proto.label, link.proto.query_string) for link in app.get("page_link")]
    assert ("湖北省", "period=2024Q1&region=420000") in links
    assert ("随州市", "period=2024Q1&region=421300") in links
    assert any("摘自：关于2024年第一次全市政府网站" in text for text in captions(app))  # Suizhou's words, named


@pytest.mark.usefixtures("app_env")
def test_a_province_with_only_a_city_s_round_does_not_take_its_figures() -> None:
    jiangxi = run_app(period="2023Q1", region="360000")
    assert scope_line(jiangxi) == "本期没有江西省的汇总数字。数据来源范围：九江市"
    assert not jiangxi.metric
    assert list(region_rows(jiangxi).index) == ["九江市", "合计"]
    hubei = run_app(period="2024Q1", region="420000")
    assert scope_line(hubei) == "本期没有湖北省的汇总数字。数据来源范围：随州市"
    assert list(region_rows(hubei).index) == ["随州市", "合计"]
    national = run_app(period="2022Q3")
    assert scope_line(national).startswith("本期没有全国的汇总数字。数据来源范围：山西省、浙江省、江西省")
    assert not national.metric
    provinces = region_rows(national)
    assert "江西省" in provinces.index and "海南省" in provinces.index
    later = run_app(period="2023Q4")
    assert scope_line(later) == "本期没有全国的汇总数字。数据来源范围：湖北省 › 随州市（仅有问题名单）"


@pytest.mark.usefixtures("app_env")
def test_a_count_the_survey_does_not_qualify_is_named_by_its_kind() -> None:
    shanxi = metrics(run_app(period="2022Q3", region="140000"))
    assert shanxi == [
        ("合格率", "99.5%"),
        ("网站数", "421家"),
        ("抽查比例", "100%"),
        ("合格率", "99.8%"),
        ("新媒体数", "1,584个"),
        ("抽查比例", "100%"),
    ]


@pytest.mark.usefixtures("app_env")
def test_charts_share_one_palette_a_time_axis_and_whole_number_counts() -> None:
    app = run_app(period="2020Q1", region="360000")
    trend, categories = chart(app, 0), chart(app, 1)
    for figure in (trend, categories):
        for trace in figure["data"]:
            kind = next(
                k for k, name in (("site", "政府网站"), ("account", "政务新媒体")) if trace["name"].startswith(name)
            )
            colour = trace["line"]["color"] if trace["type"] == "scatter" else trace["marker"]["color"]
            assert colour == KIND_COLORS[kind], trace["name"]
    axis = trend["layout"]["xaxis"]
    # The axis runs to 2023Q1, the last quarter with data for Jiangxi (Jiujiang's round), one label a year.
    assert axis["type"] == "date" and axis["ticktext"] == ["20Q1", "21Q1", "22Q1", "23Q1"]
    # 2020Q1 and 2022Q3 are nine quarters apart: the lines break in between instead of joining them.
    site = next(trace for trace in trend["data"] if trace["name"] == "政府网站")
    assert site["y"] == [98.94, *[None] * 9, 94.75, None, None]
    assert site["connectgaps"] is False
    assert [a["text"] for a in trend["layout"]["annotations"]] == ["本期 20Q1"]
    assert trend["layout"]["shapes"][0]["type"] == "rect"
    assert trend["layout"]["legend"]["orientation"] == "h"  # under the chart, not beside it
    counts = categories["layout"]["xaxis"]
    assert counts["tickformat"] == ",d" and isinstance(counts["dtick"], int)
    config = json.loads(app.get("plotly_chart")[0].proto.config)
    assert config["locale"] == "zh-CN" and config["locales"]["zh-CN"]["dictionary"]["Reset axes"] == "恢复坐标轴"
    jiujiang = chart(run_app(period="2023Q1", region="360400"), 0)
    after = [trace for trace in jiujiang["data"] if trace["name"].endswith("（整改后）")]
    assert after and all(trace["mode"] == "markers" for trace in after)  # drawn apart, never joined to a rate


@pytest.mark.usefixtures("app_env")
def test_the_quarter_can_be_changed_in_the_page_itself() -> None:
    app = run_app(period="2020Q1", region="360000")
    app.selectbox(key="overview_period").set_value("2022Q3").run()
    assert app.query_params["period"] == "2022Q3"
    assert app.title[0].value == "江西省 · 2022年第三季度"
    assert ("合格率", "94.75%") in metrics(app)


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
    assert ("检查数", "15家") in metrics(app) and ("合格率（计算值）", "80.00%") in metrics(app)
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


def _rate(checked: int, failed: int) -> Decimal:
    return (Decimal(100) * (checked - failed) / checked).quantize(Decimal("0.01"))


def test_synthetic_national_store_shows_computed_figures_marked(synthetic_app_env: str) -> None:
    app = run_app()
    assert app.title[0].value == "全国 · 2024年第四季度"
    assert scope_line(app).startswith("数据来源范围：全部31个省级地区的完整检查结果")
    shown = dict(metrics(app)[:5])
    checked, failed = _raw_counts(synthetic_app_env, "2024Q4", "site", "%")
    assert shown["检查数（计算值）"] == f"{checked:,}家"
    assert shown["不合格（计算值）"] == f"{failed:,}家"
    assert shown["合格率（计算值）"] == f"{_rate(checked, failed)}%"
    # Every computed rate keeps two decimals; each change is against the quarter before, in points.
    rates = [m.value for m in app.metric if m.label == "合格率（计算值）"]
    assert len(rates) == 3 and all(re.fullmatch(r"\d+\.\d\d%", rate) for rate in rates)
    before = _rate(*_raw_counts(synthetic_app_env, "2024Q3", "site", "%"))
    change = _rate(checked, failed) - before
    words = "持平" if not change else ("上升" if change > 0 else "下降") + f"{abs(change)}个百分点"
    assert deltas(app, "合格率（计算值）")[0] == (f"环比{words}", "计算值")
    help_ = next(m.help for m in app.metric if m.label == "合格率（计算值）")
    assert "2024年第三季度" in help_ and "个百分点" in help_
    running = dict(metrics(app)).get("登记运行数")
    assert running and running.endswith("家")
    provinces = region_rows(app)
    assert len(provinces) == 32  # 31 provinces and 合计
    assert all(url.startswith("/?period=2024Q4&region=") for url in provinces["link"].iloc[:-1])
    site_rates = provinces["网站合格率（计算值）"].iloc[:-1]
    assert site_rates.is_monotonic_increasing  # worst first
    jiangxi = run_app(period="2022Q2", region="360000")
    checked, failed = _raw_counts(synthetic_app_env, "2022Q2", "account", "36%")
    assert ("检查数（计算值）", f"{checked:,}个") in metrics(jiangxi)
    assert ("不合格（计算值）", f"{failed:,}个") in metrics(jiangxi)
    assert scope_line(jiangxi).startswith("数据来源范围：江西省的完整检查结果")
    trend = table(jiangxi, "政府网站（计算值）")
    assert len(trend) == 20


def test_synthetic_charts_keep_the_palette_and_mark_the_quarter(synthetic_app_env: str) -> None:
    app = run_app(period="2023Q2")
    trend = chart(app, 0)
    colours = {trace["name"]: trace["line"]["color"] for trace in trend["data"]}
    assert colours == {
        "政府网站（计算值）": KIND_COLORS["site"],
        "政务新媒体（计算值）": KIND_COLORS["account"],
        "政府信息公开平台（计算值）": KIND_COLORS["platform"],
    }
    axis = trend["layout"]["xaxis"]
    assert axis["type"] == "date" and axis["tickangle"] == 0
    assert axis["ticktext"] == ["20Q1", "21Q1", "22Q1", "23Q1", "24Q1"]  # 20 quarters: one label a year
    assert len(axis["minor"]["tickvals"]) == 20
    assert [a["text"] for a in trend["layout"]["annotations"]] == ["本期 23Q2"]
    categories = chart(app, 1)
    assert {trace["name"]: trace["marker"]["color"] for trace in categories["data"]} == {
        "政府网站": KIND_COLORS["site"],
        "政务新媒体": KIND_COLORS["account"],
        "政府信息公开平台": KIND_COLORS["platform"],
    }


def test_a_failing_query_gets_a_chinese_message_not_a_traceback(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import streamlit as st

    from data_access.db import make_engine, migrate
    from data_access.sample_data import load_notices

    url = f"sqlite:///{tmp_path / 'broken.db'}"
    migrate(make_engine(url))
    engine = make_engine(url)
    load_notices(engine)  # a store with data, so the router does not stop at "no data yet"
    with engine.begin() as conn:
        conn.execute(sa.text("drop table reported_figures"))
    engine.dispose()
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    app = app_test().run()
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


def _visible_texts(app: AppTest) -> list[str]:
    """What a reader sees as text: headings, captions, cards, tabs, expanders, tables' headers, chart words."""
    texts = [element.value for element in (*app.title, *app.subheader, *app.markdown, *app.info)]
    texts += captions(app)
    texts += [text for m in app.metric for text in (m.label, m.value, m.delta, m.proto.delta_description)]
    texts += [tab.label for tab in app.tabs] + [expander.label for expander in app.expander]
    hidden = ("code", "source")  # the tables' hidden key columns
    texts += [str(column) for frame in app.dataframe for column in frame.value.columns if column not in hidden]
    for index in range(len(app.get("plotly_chart"))):
        figure = chart(app, index)
        texts += [trace["name"] for trace in figure["data"]]
        texts += [axis.get("title", {}).get("text", "") for key, axis in figure["layout"].items() if "axis" in key]
    return texts


@pytest.mark.parametrize(
    "params", [{}, {"period": "2020Q1", "region": "360000"}, {"period": "2024Q1", "region": "421300"}]
)
@pytest.mark.usefixtures("app_env")
def test_the_overview_speaks_chinese(params: dict[str, str]) -> None:
    app = run_app(**params)
    english = [text for text in _visible_texts(app) if re.search(r"[A-Za-z]", text)]
    assert not english


@pytest.mark.usefixtures("app_env")
def test_2022q3_nationwide_never_adds_the_survey_to_jiangxis_own_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notice 003's survey of six provinces and Jiangxi's notice 000 are two sources: a 合计 for the survey
    only, computed and named after it; none across both (2,874 sites and 552 sampled are not one total)."""
    from dashboard.export import csv_bytes
    from tests.test_problems import captured_tables

    tables = captured_tables(monkeypatch)
    app = run_app(period="2022Q3")
    rows = region_rows(app)
    survey = "2022年第三季度政府网站检查情况调研报告"
    assert "合计" not in rows.index
    total = rows.loc[f"合计（{survey}）"]
    assert (total["网站数量"], total["新媒体数量"], total["数据口径"]) == (2874, 12189, "计算值（各行相加）")
    assert pd.isna(total["网站抽查数"])  # Jiangxi's 552 sampled is not added to the survey's site counts
    assert rows.loc["江西省", "数据口径"] == "通报公布（赣府厅函〔2022〕90号）"
    assert rows.loc["浙江省", "数据口径"] == f"通报公布（{survey}）"
    assert any("不跨来源相加" in text for text in captions(app))
    export = next(table for table in tables if table.title == "下级地区")
    read = pd.read_csv(io.BytesIO(csv_bytes(export)), encoding="utf-8-sig", dtype=str).set_index("地区")
    assert read.loc[f"合计（{survey}）", "网站数量"] == "2874" and "合计" not in read.index
