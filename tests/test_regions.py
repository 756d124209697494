"""The drill-down page (/regions) as a user sees it, on the notices' data and on national synthetic data."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard import labels
from dashboard.export import csv_bytes, xlsx_bytes
from tests.conftest import APP_DIR, app_test
from tests.test_problems import captured_tables

APP = str(APP_DIR / "streamlit_app.py")


def run_regions(**params: str) -> AppTest:
    app = app_test()
    app.switch_page("pages/regions.py")
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def frame_with(app: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page that has ``column``."""
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def target_id(url: str, code: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(sa.text("select id from targets where code = :code"), {"code": code}).scalar_one()
    engine.dispose()
    return int(found)


def chart_specs(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


@pytest.mark.usefixtures("app_env")
def test_jiangxi_2020q1_children_are_annex_1(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = captured_tables(monkeypatch)
    app = run_regions(period="2020Q1", region="360000")
    assert app.title[0].value == "江西省 · 2020年第一季度"
    table = frame_with(app, "网站运行总数").set_index("地区")
    # Notice 002, 附件1: 11 cities and the province's own departments, then 合计.
    assert len(table) == 13
    assert list(table.index[:2]) == ["上饶市", "南昌市"]  # worst pass rate first
    assert table.index[-1] == "合计"
    own = table.loc["省政府及省直各部门"]
    assert (own["网站运行总数"], own["网站抽查数"], own["网站突出问题数"]) == (52, 32, 0)
    shangrao = table.loc["上饶市"]
    assert (shangrao["网站运行总数"], shangrao["网站门户"], shangrao["网站部门"]) == (22, 1, 9)
    assert (shangrao["网站县级门户"], shangrao["网站抽查数"], shangrao["网站突出问题数"]) == (12, 15, 3)
    # 附件1 prints no rates: the rate follows from its counts and sits in the computed column only.
    assert "网站合格率" not in table.columns
    assert shangrao["网站合格率（计算值）"] == 80.0
    assert shangrao["数据口径"] == "通报公布"
    total = table.loc["合计"]
    assert (total["网站运行总数"], total["网站抽查数"], total["网站突出问题数"]) == (538, 378, 4)
    assert total["网站合格率（计算值）"] == 98.94 and total["数据口径"] == "计算值（各行相加）"
    assert table.loc["九江市", "网站县级以下"] == 0
    # The bars and the map say the rates are computed, in the legend, the hover and the colour bar.
    bars, drawn_map = chart_specs(app)
    assert [trace["name"] for trace in bars["data"]] == ["政府网站（计算值）"]
    trace = bars["data"][0]
    hover = dict(zip(trace["x"], (custom[1] for custom in trace["customdata"]), strict=True))
    assert hover["上饶市"] == "80.00%（计算值）" and "计算值" in trace["hovertemplate"]
    assert trace["marker"]["pattern"]["shape"] == "/"
    assert drawn_map["layout"]["coloraxis"]["colorbar"]["title"]["text"] == "合格率（计算值，%）"
    rates = {custom[0]: custom[2] for custom in drawn_map["data"][0]["customdata"]}
    assert rates["361100"] == "80.00%（计算值）"
    # The download says the same: the computed column, the source of each row, 合计 marked.
    export = next(table for table in tables if table.title == "下级地区检查情况")
    read = pd.read_csv(io.BytesIO(csv_bytes(export)), encoding="utf-8-sig", dtype=str).set_index("地区")
    assert read.loc["上饶市", "网站合格率（计算值）"] == "80.00%"
    assert read.loc["上饶市", "数据口径"] == "通报公布" and read.loc["合计", "数据口径"] == "计算值（各行相加）"
    assert "网站合格率" not in read.columns and "code" not in read.columns and "source" not in read.columns
    sheet = pd.read_excel(io.BytesIO(xlsx_bytes(export)), dtype={"地区": str}).set_index("地区")
    assert sheet.loc["上饶市", "网站合格率（计算值）"] == pytest.approx(0.8)  # a percent cell: 80.00%
    assert sheet.loc["合计", "数据口径"] == "计算值（各行相加）"


@pytest.mark.usefixtures("app_env")
def test_shangrao_lists_its_three_problem_sites() -> None:
    app = run_regions(period="2020Q1", region="361100")
    assert app.title[0].value == "上饶市 · 2020年第一季度"
    failing = frame_with(app, "存在问题")
    sites = failing[failing["类型"] == "政府网站"]
    assert sites["标识码/账号编号"].tolist() == ["3611000003", "3611000058", "3611280006"]
    assert "上饶市住房和城乡建设局门户网" in set(sites["名称"])


@pytest.mark.usefixtures("app_env")
def test_a_site_shows_its_history_with_the_notice(app_env: str) -> None:
    site = target_id(app_env, "3603000031")  # 萍乡武功山管委会政务网, notice 000 附件1
    app = run_regions(period="2022Q3", region="360300", target=str(site))
    assert app.title[0].value == "萍乡武功山管委会政务网"
    texts = [text.value for text in app.text]
    assert "网站标识码/账号编号：3603000031" in texts
    assert "网址：http://www.wugongshan.gov.cn" in texts
    history = frame_with(app, "存在问题（通报原文）")
    assert len(history) == 1
    row = history.iloc[0]
    assert row["期次"] == "2022年第三季度"
    assert "赣府厅函〔2022〕90号" in row["通报"]
    assert row["检查结果"] == "不合格"
    assert row["存在问题（通报原文）"] == "存在不当链接"
    assert row["问题类别"] == "不当链接"


@pytest.mark.usefixtures("app_env")
def test_a_target_settles_the_region_in_the_url(app_env: str) -> None:
    site = target_id(app_env, "3603000031")
    app = run_regions(period="2022Q3", region="421300", target=str(site))
    assert app.query_params["region"] == "360300"
    assert app.query_params["target"] == str(site)


@pytest.mark.parametrize("value", ["999999", "abc", "[x](https://example.org)"])
@pytest.mark.usefixtures("app_env")
def test_an_unknown_target_falls_back_with_a_message(value: str) -> None:
    app = run_regions(period="2020Q1", region="361100", target=value)
    assert app.title[0].value == "上饶市 · 2020年第一季度"
    assert any("网站或账号编号" in warning.value for warning in app.warning)
    assert "target" not in app.query_params
    assert all("](" not in warning.value for warning in app.warning)


@pytest.mark.usefixtures("app_env")
def test_a_unit_lists_its_sites_and_accounts() -> None:
    app = run_regions(period="2022Q3", region="360400")
    units = frame_with(app, "单位名称")
    assert len(units) > 0
    unit = units.iloc[0]
    opened = run_regions(period="2022Q3", region="360400", unit=str(int(unit["unit_id"])))
    assert opened.title[0].value == f"{unit['单位名称']}（九江市）"
    assert len(frame_with(opened, "本期结果")) == unit["网站数"] + unit["新媒体数"] + unit["公开平台数"]


def test_synthetic_country_province_and_county(synthetic_app_env: str) -> None:
    country = run_regions(period="2024Q4")
    provinces = frame_with(country, "网站合格率（计算值）")
    assert len(provinces) == 32  # 31 provinces and 合计
    rates = provinces["网站合格率（计算值）"].iloc[:-1]
    assert rates.is_monotonic_increasing
    assert set(provinces["数据口径"].iloc[:-1]) == {"计算值（运行数为当前登记数）"}
    total = provinces.iloc[-1]
    assert total["网站抽查数"] == provinces["网站抽查数"].iloc[:-1].sum()
    jiangxi = run_regions(period="2024Q4", region="360000")
    cities = frame_with(jiangxi, "网站合格率（计算值）")
    assert "省政府及省直各部门" in set(cities["地区"])
    engine = sa.create_engine(synthetic_app_env)
    with engine.connect() as conn:
        county = conn.execute(
            sa.text(
                "select min(c.region_code) from check_results c join regions r on r.code = c.region_code"
                " where r.level = 'county'"
            )
        ).scalar_one()
    engine.dispose()
    app = run_regions(period="2024Q4", region=str(county))
    assert len(frame_with(app, "单位名称")) > 0


def test_a_synthetic_department_is_compared_across_its_sibling_counties(synthetic_app_env: str) -> None:
    engine = sa.create_engine(synthetic_app_env)
    with engine.connect() as conn:
        unit_id, region, siblings = conn.execute(
            sa.text(
                "select min(u.id), min(u.region_code), count(distinct u.region_code) from units u"
                " join regions r on r.code = u.region_code"
                " where u.dept_type = 'education' and r.level = 'county'"
                " group by r.parent_code having count(distinct u.region_code) >= 2 order by 3 desc"
            )
        ).first()
    engine.dispose()
    app = run_regions(period="2024Q4", region=region, unit=str(unit_id))
    compared = frame_with(app, "单位数")
    counties = compared[compared["地区"] != "市政府及市直各部门"]
    assert len(counties) == siblings
    assert app.subheader and any("教育部门对比" in header.value for header in app.subheader)


def test_a_synthetic_account_shows_every_check_and_rectification(synthetic_app_env: str) -> None:
    engine = sa.create_engine(synthetic_app_env)
    with engine.connect() as conn:
        account, region, checks = conn.execute(
            sa.text(
                "select t.id, t.region_code, count(*) from targets t join check_results c on c.target_id = t.id"
                " where t.kind = 'account' and not c.passed group by t.id, t.region_code order by count(*) desc, t.id"
            )
        ).first()
        total = conn.execute(
            sa.text("select count(*) from check_results where target_id = :t"), {"t": account}
        ).scalar_one()
    engine.dispose()
    app = run_regions(period="2024Q4", region=region, target=str(account))
    history = frame_with(app, "存在问题（通报原文）")
    assert len(history) >= total  # one row per check, and one more per re-check of it
    assert (history["检查结果"] == "不合格").sum() >= checks
    assert history["期次"].iloc[0].endswith("季度")


@pytest.mark.usefixtures("app_env")
def test_a_repeated_parameter_is_settled_to_the_value_shown() -> None:
    app = app_test()
    app.switch_page("pages/regions.py")
    app.query_params["period"] = ["2020Q1", "2020Q1"]
    app.query_params["region"] = ["360000", "361100"]
    app.run()
    assert not app.exception
    assert app.title[0].value == "上饶市 · 2020年第一季度"
    assert app.query_params["region"] == "361100" and app.query_params["period"] == "2020Q1"


# ---------------------------------------------------------------- one code under two units

# Notice 000 附件2 lists 江西减灾 (360000M011WX0002) under 省减灾备灾中心 (row 10) and under 省应急管理厅 (row 16),
# and 江西康宁医院 (360000M083WX0003) under 省荣誉军人康复医院 (row 5) and under 省退役军人事务厅 (row 28).
TWICE_LISTED = {
    "省应急管理厅": ("360000M011WX0002", 16, ["3600000055", "360000M011WX0001", "360000M011WX0002"]),
    "省减灾备灾中心": ("360000M011WX0002", 10, ["360000M011WX0002"]),
    "省退役军人事务厅": ("360000M083WX0003", 28, ["3600000112", "360000M083WX0002", "360000M083WX0003"]),
    "省荣誉军人康复医院": ("360000M083WX0003", 5, ["360000M083WX0003"]),
}


def unit_and_target(url: str, unit: str, code: str) -> tuple[int, int]:
    """The id of the provincial unit named ``unit`` and of its target of ``code``."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(
            sa.text(
                "select u.id, t.id from units u join targets t on t.unit_id = u.id"
                " where u.region_code = '360000' and u.name = :unit and t.code = :code"
            ),
            {"unit": unit, "code": code},
        ).one()
    engine.dispose()
    return int(found[0]), int(found[1])


def downloaded(captured: dict[str, list[Any]], title: str) -> pd.DataFrame:
    """The table ``title`` as its CSV and its XLSX download hold it (and the page's workbook), all as text;
    the three must agree, and codes must be text cells in both workbooks."""
    table = next(table for table in captured["tables"] if table.title == title)
    from_csv = pd.read_csv(io.BytesIO(csv_bytes(table)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    sheets = [openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table))).worksheets[0]]
    sheets.append(openpyxl.load_workbook(io.BytesIO(captured["workbooks"][-1]))[title[:31]])
    for sheet in sheets:
        header, *body = list(sheet.iter_rows())
        names = [cell.value for cell in header]
        code = labels.TARGET_COLUMNS["code"]
        if code in names:
            assert all(row[names.index(code)].data_type == "s" for row in body)
        cells = [["" if cell.value is None else str(cell.value) for cell in row] for row in body]
        assert pd.DataFrame(cells, columns=names).equals(from_csv)
    return from_csv


def test_the_province_lists_each_units_own_problems_and_downloads_them(
    app_env: str, downloads: dict[str, list[Any]]
) -> None:
    app = run_regions(period="2022Q3", region="360000")
    counts = ["本期检查数", "本期问题数"]
    shown = frame_with(app, "单位名称").set_index("单位名称")
    saved = downloaded(downloads, labels.UNITS).set_index("单位名称")
    for name, (_, _, codes) in TWICE_LISTED.items():
        assert shown.loc[name, counts].tolist() == [len(codes), len(codes)], name
        assert saved.loc[name, counts].tolist() == [str(len(codes))] * 2, name
    # The failing list: each row of the code opens the target of the unit it prints.
    failing = frame_with(app, "存在问题")
    saved = downloaded(downloads, labels.FAILING)
    code = labels.TARGET_COLUMNS["code"]
    for listed in ("360000M011WX0002", "360000M083WX0003"):
        rows = failing[failing[code] == listed]
        units = rows["主办单位"].tolist()
        assert saved.loc[saved[code] == listed, "主办单位"].tolist() == units
        opened = [unit_and_target(app_env, unit, listed)[1] for unit in units]
        assert rows["target_id"].tolist() == opened and len(set(opened)) == 2


@pytest.mark.parametrize("unit", list(TWICE_LISTED))
def test_a_unit_lists_the_code_its_row_printed_with_its_result(
    app_env: str, unit: str, downloads: dict[str, list[Any]]
) -> None:
    code, seq, codes = TWICE_LISTED[unit]
    unit_id, target = unit_and_target(app_env, unit, code)
    app = run_regions(period="2022Q3", region="360000", unit=str(unit_id))
    assert app.title[0].value == f"{unit}（江西省）"
    column = labels.TARGET_COLUMNS["code"]
    listed = frame_with(app, labels.UNIT_RESULT_COLUMN)
    assert listed[column].tolist() == codes
    assert set(listed[labels.UNIT_RESULT_COLUMN]) == {"不合格"}
    assert int(listed.loc[listed[column] == code, "target_id"].iloc[0]) == target
    saved = downloaded(downloads, labels.UNIT_TARGETS)
    assert saved[[column, labels.UNIT_RESULT_COLUMN]].values.tolist() == [[c, "不合格"] for c in codes]
    sites = sum(1 for c in codes if "M" not in c)
    history = [["2022年第三季度", "政务新媒体", len(codes) - sites, len(codes) - sites]]
    history += [["2022年第三季度", "政府网站", sites, sites]] if sites else []
    assert frame_with(app, "问题数").values.tolist() == history
    assert downloaded(downloads, labels.UNIT_HISTORY).values.tolist() == [[str(v) for v in row] for row in history]

    # The target page shows its own check only, under its own unit.
    downloads["tables"].clear()
    opened = run_regions(period="2022Q3", region="360000", target=str(target))
    assert f"主办单位：{unit}" in [text.value for text in opened.text]
    checks = frame_with(opened, "通报所列主办单位")
    assert checks[["序号", "通报所列主办单位", "检查结果"]].values.tolist() == [[str(seq), unit, "不合格"]]
    saved = downloaded(downloads, labels.TARGET_HISTORY)
    assert saved[["序号", "通报所列主办单位"]].values.tolist() == [[str(seq), unit]]
