"""The comparison page (/compare): its queries on the notices' store, and what a user sees."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe

from dashboard.charts import KIND_COLORS
from data_access.compare import across_periods, side_by_side, with_changes
from data_access.sample_data import DATA_DIR
from data_access.scope import NATIONAL, Scope
from tests.conftest import APP_DIR, app_test

APP = str(APP_DIR / "streamlit_app.py")
SURVEY_PROVINCES = {"浙江省", "四川省", "贵州省", "广西壮族自治区", "山西省", "海南省"}
HEADLINE_KINDS = ("site", "account", "platform")


def notice_headlines(folder: str, period_round: str) -> list[dict[str, str]]:
    """The headline rows (segment 'all', sites, accounts, platforms) of one notice's figures.csv."""
    with (DATA_DIR / folder / "figures.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return [
        row
        for row in rows
        if row["round"] == period_round and row["segment"] == "all" and row["target_kind"] in HEADLINE_KINDS
    ]


# ---------------------------------------------------------------- queries


def test_2022q3_side_by_side_holds_every_headline_of_notices_003_and_000(conn: sa.Connection) -> None:
    frame = side_by_side(conn, scope=NATIONAL, period="2022Q3", region=None)
    assert set(frame["region_name"]) == SURVEY_PROVINCES | {"江西省"}
    assert set(frame["source"]) == {"reported"}
    assert set(frame["level"]) == {"province"}
    assert frame[["computed_checked", "computed_failed", "computed_pass_rate"]].isna().all().all()
    expected = notice_headlines("003", "survey-2022q3") + notice_headlines("000", "jx-2022q3")
    assert len(expected) == 35 + 8
    indexed = frame.set_index(["region_code", "target_kind"])
    for row in expected:
        value = indexed.loc[(row["region"], row["target_kind"]), row["measure"]]
        assert Decimal(str(value)) == Decimal(row["value"]), row
    # Nothing besides those figures: every other cell of a reported row is empty.
    figures = frame[["running", "count", "checked", "failed", "pass_rate", "sampling_share", "pass_rate_yoy"]]
    assert int(figures.notna().sum().sum()) == len(expected)


def test_2022q3_literal_figures(conn: sa.Connection) -> None:
    frame = side_by_side(conn, scope=NATIONAL, period="2022Q3", region=None)
    by = frame.set_index(["region_name", "target_kind"])
    assert (by.loc[("浙江省", "site"), "count"], by.loc[("浙江省", "site"), "pass_rate"]) == (547, 99.6)
    assert (by.loc[("浙江省", "account"), "count"], by.loc[("浙江省", "account"), "pass_rate"]) == (3120, 99.94)
    hainan = by.loc[("海南省", "account")]
    assert (hainan["count"], hainan["pass_rate"], hainan["sampling_share"]) == (1037, 94.7, 30.7)
    assert math.isnan(by.loc[("海南省", "site"), "sampling_share"])  # the survey gives 30.7% for new media only
    jiangxi = by.loc[("江西省", "site")]
    assert (jiangxi["checked"], jiangxi["pass_rate"], jiangxi["pass_rate_yoy"]) == (552, 94.75, -1.12)
    assert jiangxi["notice_number"] == "赣府厅函〔2022〕90号"
    jiangxi = by.loc[("江西省", "account")]
    assert (jiangxi["checked"], jiangxi["pass_rate"], jiangxi["sampling_share"]) == (1213, 96.95, 34.96)


def test_a_province_shows_its_cities_and_the_country_its_topmost_regions(conn: sa.Connection) -> None:
    cities = side_by_side(conn, scope=NATIONAL, period="2020Q1", region="360000").set_index("region_name")
    assert len(cities) == 11 and set(cities["level"]) == {"city"}
    shangrao = cities.loc["上饶市"]
    assert (shangrao["running"], shangrao["checked"], shangrao["failed"]) == (22, 15, 3)
    assert math.isnan(shangrao["pass_rate"])  # annex 1 prints no rate ...
    assert shangrao["computed_pass_rate"] == 80.0  # ... so it follows from 15 and 3, marked computed
    assert cities.loc["南昌市", "computed_pass_rate"] == 97.37
    # Nationally, Jiangxi's own total stands for its cities; a city shows when its province has none.
    national = side_by_side(conn, scope=NATIONAL, period="2020Q1", region=None)
    assert set(national["region_name"]) == {"江西省"}
    suizhou = side_by_side(conn, scope=NATIONAL, period="2024Q1", region=None)
    assert set(suizhou["region_name"]) == {"随州市"} and set(suizhou["level"]) == {"city"}
    site = suizhou.set_index("target_kind").loc["site"]
    assert (site["checked"], site["failed"], site["computed_pass_rate"]) == (24, 5, 79.17)
    assert side_by_side(conn, scope=NATIONAL, period="2022Q3", region="360000").empty


def test_side_by_side_stays_inside_the_scope(conn: sa.Connection) -> None:
    zhejiang = side_by_side(conn, scope=Scope("330000"), period="2022Q3", region=None)
    assert set(zhejiang["region_code"]) == {"330000"}
    assert side_by_side(conn, scope=Scope("330000"), period="2020Q1", region="360000").empty
    assert across_periods(conn, scope=Scope("330000"), region="360000").empty
    assert side_by_side(conn, scope=NATIONAL, period="2022Q3", region="999999").empty


def test_jiangxi_across_periods_keeps_the_notices_changes(conn: sa.Connection) -> None:
    frame = across_periods(conn, scope=NATIONAL, region="360000")
    assert list(frame["period"].unique()) == ["2020Q1", "2022Q3"]
    by = frame.set_index(["period", "target_kind"])
    assert (by.loc[("2020Q1", "site"), "pass_rate"], by.loc[("2020Q1", "site"), "pass_rate_yoy"]) == (98.94, 1.33)
    assert (by.loc[("2020Q1", "account"), "pass_rate"], by.loc[("2020Q1", "account"), "pass_rate_qoq"]) == (
        84.27,
        -3.82,
    )
    assert (by.loc[("2022Q3", "site"), "pass_rate"], by.loc[("2022Q3", "site"), "pass_rate_yoy"]) == (94.75, -1.12)
    # 2019Q1, 2019Q4, 2021Q3 and 2022Q2 are not stored: no change can be computed.
    assert frame[["yoy_points", "qoq_points"]].isna().all().all()
    assert across_periods(conn, scope=NATIONAL, region=None).empty  # no notice reports on the whole country


def test_changes_compare_like_with_like() -> None:
    rows = [
        ("2021Q3", "reported", "a", "site", 95.87, None),
        ("2022Q2", "reported", "b", "site", 90.0, None),
        ("2022Q2", "reported", "c", "site", 91.0, None),  # two notices for one quarter: ambiguous
        ("2022Q3", "reported", "d", "site", 94.75, None),
        ("2022Q2", "computed", None, "site", None, 97.5),
        ("2022Q3", "computed", None, "site", None, 98.0),
        ("2022Q3", "computed", None, "account", None, 99.0),
    ]
    frame = pd.DataFrame(
        rows, columns=["period", "source", "round_key", "target_kind", "pass_rate", "computed_pass_rate"]
    ).astype({"pass_rate": float, "computed_pass_rate": float})
    changed = with_changes(frame).set_index(["period", "source", "target_kind", "round_key"], drop=False)
    reported = changed[(changed["period"] == "2022Q3") & (changed["source"] == "reported")].iloc[0]
    assert reported["yoy_points"] == -1.12  # 94.75 - 95.87: 同比, from two reported figures
    assert math.isnan(reported["qoq_points"])  # 2022Q2 has two reported rates
    computed = changed[(changed["period"] == "2022Q3") & (changed["source"] == "computed")]
    assert computed.set_index("target_kind").loc["site", "qoq_points"] == 0.5  # 98.0 - 97.5, never 98.0 - 90.0
    assert math.isnan(computed.set_index("target_kind").loc["site", "yoy_points"])
    assert math.isnan(computed.set_index("target_kind").loc["account", "qoq_points"])


# ---------------------------------------------------------------- the page


def run_compare(**params: str) -> AppTest:
    app = app_test()
    app.switch_page("pages/compare.py")
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _format(number_format: str | None, value: object) -> str:
    """A cell as the browser prints it with the column's printf format (sprintf-js)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if number_format is None:
        return str(value)
    if number_format == "%,d":
        return f"{int(value):,}"  # type: ignore[call-overload]
    return number_format % value


def shown(element: Dataframe) -> pd.DataFrame:
    """The table as the user reads it: numbers through their column format, links as their text."""
    config = json.loads(element.proto.columns)
    frame = element.value
    texts = {}
    for column in frame.columns:
        spec = config.get(column, {}).get("type_config", {})
        if spec.get("type") == "link":
            pattern = re.compile(spec["display_text"])
            texts[column] = [unquote(pattern.search(url).group(1)) for url in frame[column]]  # type: ignore[union-attr]
        else:
            texts[column] = [_format(spec.get("format"), value) for value in frame[column]]
    return pd.DataFrame(texts)


def table_with(app: AppTest, column: str) -> tuple[Dataframe, pd.DataFrame]:
    element = next(frame for frame in app.dataframe if column in frame.value.columns)
    return element, shown(element)


def visible_texts(app: AppTest) -> list[str]:
    kinds = ("title", "subheader", "caption", "info", "warning", "markdown")
    texts = [element.value for kind in kinds for element in app.get(kind)]
    for element in app.dataframe:
        texts += [str(column) for column in element.value.columns]
        texts += [str(v) for column in shown(element).columns for v in shown(element)[column] if column != "代码"]
    return texts


@pytest.mark.usefixtures("app_env")
def test_2022q3_nationwide_shows_the_notices_digits() -> None:
    app = run_compare(period="2022Q3")
    assert app.title[0].value == "对比分析 · 全国"
    assert app.subheader[0].value == "地区对比 · 2022年第三季度"
    element, table = table_with(app, "政府网站合格率")
    table = table.set_index("地区")
    assert set(table.index) == SURVEY_PROVINCES | {"江西省"}
    assert set(table["来源"]) == {"通报公布"}
    sites = ["政府网站数量", "政府网站合格率", "政府网站抽查比例"]
    assert table.loc["浙江省", sites].tolist() == ["547", "99.6%", "100%"]
    assert table.loc["浙江省", ["政务新媒体数量", "政务新媒体合格率"]].tolist() == ["3,120", "99.94%"]
    assert table.loc["海南省", sites].tolist() == ["120", "95.8%", ""]
    assert table.loc["海南省", ["政务新媒体数量", "政务新媒体合格率", "政务新媒体抽查比例"]].tolist() == [
        "1,037",
        "94.7%",
        "30.7%",
    ]
    assert table.loc["广西壮族自治区", "政府网站合格率"] == "96.6%"
    jiangxi = table.loc["江西省"]
    stated = ["政府网站检查数", "政府网站合格率", "政府网站同比（通报所述）"]
    assert jiangxi[stated].tolist() == ["552", "94.75%", "同比下降1.12%"]  # the notice's words, not a signed number
    assert jiangxi[["政务新媒体检查数", "政务新媒体合格率", "政务新媒体抽查比例"]].tolist() == [
        "1,213",
        "96.95%",
        "34.96%",
    ]
    assert jiangxi["出处"] == "赣府厅函〔2022〕90号"
    assert not any("计算值" in column for column in table.columns)
    # Numbers stay numbers, so the table sorts numerically.
    assert element.value["政府网站合格率"].dtype == float
    assert element.value.set_index("代码").loc["330000", "地区"].startswith("/regions?period=2022Q3&region=330000#")
    assert not app.warning


@pytest.mark.usefixtures("app_env")
def test_the_chart_has_one_colour_per_kind_and_the_page_no_english() -> None:
    app = run_compare(period="2022Q3")
    chart = json.loads(app.get("plotly_chart")[0].proto.spec)
    colours = {trace["name"]: trace["marker"]["color"] for trace in chart["data"]}
    assert colours == {"政府网站（通报公布）": KIND_COLORS["site"], "政务新媒体（通报公布）": KIND_COLORS["account"]}
    zhejiang = next(trace for trace in chart["data"] if trace["name"].startswith("政府网站"))
    index = zhejiang["x"].index("浙江省")
    assert zhejiang["y"][index] == 99.6 and zhejiang["customdata"][index][0] == "99.6%"
    texts = visible_texts(app) + [trace["name"] for trace in chart["data"]]
    assert not [text for text in texts if re.search(r"[A-Za-z]", text)]
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels.count("下载 CSV") == 1 and "下载本页全部表格（Excel）" in labels


@pytest.mark.usefixtures("app_env")
def test_jiangxi_across_periods_with_the_notices_changes() -> None:
    app = run_compare(period="2022Q3", region="360000")
    assert app.title[0].value == "对比分析 · 江西省"
    assert app.info[0].value == "江西省下级地区在2022年第三季度没有可对比的数字。"
    assert app.subheader[1].value == "江西省各期对比"
    _, table = table_with(app, "期次")
    rows = table.set_index(["期次", "类别"])
    first = rows.loc[("2020年第一季度", "政府网站")]
    assert first[["来源", "检查数", "存在突出问题", "合格率", "同比（通报所述）"]].tolist() == [
        "通报公布",
        "378",
        "4",
        "98.94%",
        "同比上升1.33%",
    ]
    assert rows.loc[("2020年第一季度", "政务新媒体"), "环比（通报所述）"] == "环比下降3.82%"
    latest = rows.loc[("2022年第三季度", "政府网站")]
    assert latest[["检查数", "合格率", "同比（通报所述）"]].tolist() == ["552", "94.75%", "同比下降1.12%"]
    assert list(table["期次"]) == ["2022年第三季度"] * 2 + ["2020年第一季度"] * 2  # newest first
    assert "同比（计算值，个百分点）" not in table.columns  # no two stored quarters a year or a quarter apart
    assert len([button for button in app.get("download_button") if button.proto.label == "下载 CSV"]) == 1


@pytest.mark.usefixtures("app_env")
def test_jiangxi_2020q1_cities_link_to_the_regions_page() -> None:
    app = run_compare(period="2020Q1", region="360000")
    element, table = table_with(app, "政府网站运行总数")
    table = table.set_index("地区")
    assert len(table) == 11
    annex = ["政府网站运行总数", "政府网站检查数", "政府网站存在突出问题"]
    assert table.loc["上饶市", annex].tolist() == ["22", "15", "3"]
    assert table.loc["上饶市", "政府网站合格率（计算值）"] == "80.00%"
    assert table.loc["南昌市", "政府网站合格率（计算值）"] == "97.37%"
    links = element.value.set_index("代码")["地区"]
    assert links["360400"] == "/regions?period=2020Q1&region=360400#%E4%B9%9D%E6%B1%9F%E5%B8%82"
    help_ = json.loads(element.proto.columns)["政府网站合格率（计算值）"]["help"]
    assert "不是通报公布的数字" in help_


@pytest.mark.usefixtures("app_env")
def test_a_bad_url_falls_back_with_a_plain_message() -> None:
    app = run_compare(period="[x](https://example.com)", region="360000")
    assert app.title[0].value == "对比分析 · 江西省"
    assert any("无法识别" in warning.value for warning in app.warning)
    assert not any("](https://" in warning.value for warning in app.warning)


def _raw_counts(url: str, period: str, kind: str, province_like: str) -> tuple[int, int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        checked, failed = conn.execute(
            sa.text(
                "select count(*), sum(case when c.passed then 0 else 1 end) from check_results c"
                " join rounds r on r.id = c.round_id"
                " where r.period = :period and c.target_kind = :kind and c.region_code like :region"
                " and r.items_complete"
            ),
            {"period": period, "kind": kind, "region": province_like},
        ).one()
    engine.dispose()
    return int(checked), int(failed or 0)


def test_synthetic_national_store_compares_31_provinces_computed(synthetic_app_env: str) -> None:
    app = run_compare()
    assert app.subheader[0].value == "地区对比 · 2024年第四季度"
    _, table = table_with(app, "政府网站合格率（计算值）")
    assert len(table) == 31
    assert set(table["来源"]) == {"计算值"}
    assert not {"政府网站合格率", "政府网站检查数"} & set(table.columns)  # nothing passes as reported
    assert all(re.fullmatch(r"\d+\.\d\d%", rate) for rate in table["政府网站合格率（计算值）"])
    jiangxi = table.set_index("地区").loc["江西省"]
    checked, failed = _raw_counts(synthetic_app_env, "2024Q4", "account", "36%")
    assert jiangxi["政务新媒体检查数（计算值）"] == f"{checked:,}"
    assert jiangxi["政务新媒体不合格（计算值）"] == f"{failed:,}"
    assert jiangxi["政务新媒体合格率（计算值）"] == f"{100 * (checked - failed) / checked:.2f}%"
    chart = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert {trace["marker"]["color"] for trace in chart["data"]} <= set(KIND_COLORS.values())
    assert all(trace["marker"]["pattern"]["shape"] == "/" for trace in chart["data"])  # computed bars hatched

    _, periods = table_with(app, "同比（计算值，个百分点）")
    assert set(periods["来源"]) == {"计算值"}
    sites = periods[periods["类别"] == "政府网站"].set_index("期次")
    assert len(sites) == 20
    latest, quarter_before, year_before = (
        float(sites.loc[label, "合格率（计算值）"].rstrip("%"))
        for label in ("2024年第四季度", "2024年第三季度", "2023年第四季度")
    )
    assert sites.loc["2024年第四季度", "环比（计算值，个百分点）"] == f"{latest - quarter_before:+.2f} 个百分点"
    assert sites.loc["2024年第四季度", "同比（计算值，个百分点）"] == f"{latest - year_before:+.2f} 个百分点"
    assert sites.loc["2020年第一季度", "同比（计算值，个百分点）"] == ""  # nothing stored a year before


def test_synthetic_province_compares_its_cities(synthetic_app_env: str) -> None:
    app = run_compare(period="2024Q4", region="360000")
    element, table = table_with(app, "政府网站合格率（计算值）")
    names = set(table["地区"])
    assert "省本级" in names  # provincial departments' sites, beside the cities
    assert set(table.set_index("地区").drop(index="省本级")["级别"]) == {"市级"}
    links = element.value.set_index("代码")["地区"]
    assert links["360000"].startswith("/regions?period=2024Q4&region=360000#")
    _, periods = table_with(app, "环比（计算值，个百分点）")
    assert len(periods[periods["类别"] == "政务新媒体"]) == 20


def test_two_sources_for_one_region_stay_two_rows(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit as st

    from data_access.db import make_engine, migrate
    from data_access.sample_data import load_notices
    from tests.conftest import fresh_store_url

    url = fresh_store_url(backend, tmp_path, name="compare_two_sources")
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    with engine.begin() as conn:  # Zhejiang's own notice, beside the survey's figures for 2022Q3
        round_id = conn.execute(
            sa.text(
                "insert into rounds (key, issuer, scope_region_code, period, title, notice_number, items_complete)"
                " values ('zj-2022q3', '浙江省人民政府办公厅', '330000', '2022Q3', '浙江省通报', '浙政办函〔2022〕1号',"
                " false) returning id"
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
    try:
        app = run_compare(period="2022Q3")
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
    _, table = table_with(app, "政府网站合格率")
    zhejiang = table[table["地区"] == "浙江省"].set_index("出处")
    assert zhejiang["政府网站合格率"].to_dict() == {
        "2022年第三季度政府网站检查情况调研报告": "99.6%",
        "浙政办函〔2022〕1号": "99.5%",
    }
    chart = json.loads(app.get("plotly_chart")[0].proto.spec)
    sites = next(trace for trace in chart["data"] if trace["name"] == "政府网站（通报公布）")
    assert {"浙江省（浙政办函〔2022〕1号）", "浙江省（2022年第三季度政府网站检查情况调研报告）"} <= set(sites["x"])


def test_the_downloaded_table_keeps_the_printed_digits(conn: sa.Connection) -> None:
    from dashboard.compare import side_by_side_table
    from dashboard.export import csv_bytes

    table = side_by_side_table(side_by_side(conn, scope=NATIONAL, period="2022Q3", region=None), None)
    rows = list(csv.DictReader(io.StringIO(csv_bytes(table.export("地区对比")).decode("utf-8-sig"))))
    zhejiang = next(row for row in rows if row["地区"] == "浙江省")
    assert (zhejiang["代码"], zhejiang["政府网站数量"], zhejiang["政府网站合格率"]) == ("330000", "547", "99.6%")
    jiangxi = next(row for row in rows if row["地区"] == "江西省")
    assert (jiangxi["政务新媒体抽查比例"], jiangxi["政府网站同比（通报所述）"]) == ("34.96%", "同比下降1.12%")
    assert jiangxi["来源"] == "通报公布"
