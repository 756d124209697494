"""The problem list: the taxonomy on every notice text, the notices' lists as stored, the queries, and /problems."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from data_access import schema as s
from data_access.problem_lists import (
    count_problems,
    problem_rows,
    problems_by_kind,
    problems_per_category,
    unit_options,
)
from data_access.problems import CATEGORIES, categorize, clauses
from data_access.sample_data import DATA_DIR
from data_access.scope import NATIONAL, Scope
from tests.conftest import APP_DIR, app_test

APP = str(APP_DIR / "streamlit_app.py")
TODAY = dt.date(2026, 11, 25)

# Every problem text the five notices hold, with the standard categories it names.
NOTICE_TEXTS = {
    "存在不当链接": ["improper_link"],
    "岀现严重表述错误": ["serious_error"],
    "监测2周,首页无信息更新": ["homepage_not_updated"],
    "空白栏目": ["empty_columns"],
    "多个栏目不更新": ["columns_not_updated"],
    "严重表述错误": ["serious_error"],
    "多个栏目为空白": ["empty_columns"],
    "严重表述错误、多个栏目不更新": ["columns_not_updated", "serious_error"],
    "严重表述错误、互动回应差": ["serious_error", "poor_response"],
    "互动回应差": ["poor_response"],
    "未提供有效互动功能": ["no_interaction"],
    "监测时间点前2周内无更新": ["not_updated"],
    "未及时更新、未提供有效互动功能": ["not_updated", "no_interaction"],
    "互动功能不可用": ["interaction_unusable"],
    "未及时更新、互动功能不可用": ["not_updated", "interaction_unusable"],
    "未及时更新": ["not_updated"],
    "APP使用异常": ["app_malfunction"],
    "1.有多个应更新栏目长期未更新": ["columns_not_updated"],
    (
        "1.监测时间点前2周内的动态、要闻类栏目未及时更新；\n"
        "2.监测时间点前6个月内的通知公告、政策文件类一级栏目未及时更新。"
    ): ["columns_not_updated"],
    "1.动态要闻类栏目超过2周未更新；\n2.有多个应更新栏目长期未更新。": ["columns_not_updated"],
    "1.监测时间点2周未更新": ["not_updated"],
    "1.缺有效互动渠道功能": ["no_interaction"],
    "栏目不更新": ["columns_not_updated"],
    "站点无法访问": ["unreachable"],
    "未提供网上有效咨询建言渠道": ["no_interaction"],
    "单项否决(缺有效互动渠道菜单功能)": ["no_interaction"],
    "单项否决(存在严重表述错误)": ["serious_error"],
    "单项否决(未及时更新)": ["not_updated"],
    "单项否决(未及时更新和缺有效互动渠道": ["not_updated", "no_interaction"],
    "“图片新闻”、“审计动态”栏目超2周未更新;“疫情防控”、“复工复产服务”、“三大攻坚战”、“党史学习教育”栏目超1年未更新": [
        "columns_not_updated"
    ],
    "“图片新闻”、“动态要闻”栏目超2周未更新;“以交通发展促乡村振兴”栏目超1年未更新": ["columns_not_updated"],
    "“规划信息”、“视频”栏目超1年未更新": ["columns_not_updated"],
    "“图片新闻”栏目超2周未更新": ["columns_not_updated"],
    "“规划信息”、“市场监管文化”、“两学一做学习教育”、“打击侵权假冒执法年”栏目超1年未更新": ["columns_not_updated"],
    "“政府信息公开指南”、“规划信息”栏目超1年未更新": ["columns_not_updated"],
    "“图片新闻、工作动态、要闻动态”栏目超2周未更新": ["columns_not_updated"],
    "信息超2周未更新": ["not_updated"],
    "未发布本级本部门政策文件": ["content_missing"],
    "“政府信息公开工作年度报告”栏目超1年未更新": ["columns_not_updated"],
    "“规划信息”栏目超1年未更新": ["columns_not_updated"],
    "“公益事业建设”栏目超1年未更新": ["columns_not_updated"],
    "“规划信息”栏目发布非本单位信息": ["misplaced_content"],
}


def notice_texts() -> set[str]:
    texts = set()
    for path in sorted(DATA_DIR.glob("*/checks.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            texts |= {row["problem"].strip() for row in csv.DictReader(handle) if row["problem"].strip()}
    return texts


def test_every_problem_text_of_the_notices_maps_to_the_written_out_categories() -> None:
    assert notice_texts() == set(NOTICE_TEXTS)
    for text, expected in NOTICE_TEXTS.items():
        found = categorize(text)
        assert [category for category, _ in found] == expected, text
        assert all(category in CATEGORIES for category, _ in found)


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        # Notice 004 附件1 序号1, 附件2 序号6 and notice 001 附件1 序号3: lists of columns stay whole.
        (
            "“图片新闻”、“审计动态”栏目超2周未更新;“疫情防控”、“复工复产服务”、“三大攻坚战”、“党史学习教育”栏目超1年未更新",
            "“图片新闻”、“审计动态”栏目超2周未更新；“疫情防控”、“复工复产服务”、“三大攻坚战”、“党史学习教育”栏目超1年未更新",
        ),
        ("“图片新闻、工作动态、要闻动态”栏目超2周未更新", "“图片新闻、工作动态、要闻动态”栏目超2周未更新"),
        (
            "1.监测时间点前2周内的动态、要闻类栏目未及时更新；\n2.监测时间点前6个月内的通知公告、政策文件类一级栏目未及时更新。",
            "监测时间点前2周内的动态、要闻类栏目未及时更新；监测时间点前6个月内的通知公告、政策文件类一级栏目未及时更新",
        ),
        ("监测2周,首页无信息更新", "监测2周,首页无信息更新"),
    ],
)
def test_a_category_keeps_the_whole_clause_that_names_it(text: str, whole: str) -> None:
    assert [detail for _, detail in categorize(text)] == [whole]


def test_clauses_split_only_between_problems() -> None:
    assert clauses("严重表述错误、多个栏目不更新") == ["严重表述错误", "多个栏目不更新"]
    assert clauses("“规划信息”、“视频”栏目超1年未更新") == ["“规划信息”、“视频”栏目超1年未更新"]
    assert clauses("1.动态要闻类栏目超过2周未更新；\n2.有多个应更新栏目长期未更新。") == [
        "动态要闻类栏目超过2周未更新",
        "有多个应更新栏目长期未更新",
    ]


# ---------------------------------------------------------------- the notices' lists as stored


def test_every_annex_row_is_one_problem_with_its_own_unit(conn: sa.Connection) -> None:
    c, t, r = s.check_results, s.targets, s.rounds
    u = s.units
    rows = conn.execute(
        sa.select(c.c.seq, c.c.host_unit_text, u.c.name, t.c.id)
        .join(t, t.c.id == c.c.target_id)
        .join(u, u.c.id == t.c.unit_id)
        .join(r, r.c.id == c.c.round_id)
        .where(r.c.key == "jx-2022q3", t.c.code.in_(("360000M011WX0002", "360000M083WX0003")))
        .order_by(c.c.seq)
    ).all()
    # One code under two units is two targets, each the unit its row prints.
    assert [tuple(row[:3]) for row in rows] == [
        (5, "省荣誉军人康复医院", "省荣誉军人康复医院"),
        (10, "省减灾备灾中心", "省减灾备灾中心"),
        (16, "省应急管理厅", "省应急管理厅"),
        (28, "省退役军人事务厅", "省退役军人事务厅"),
    ]
    assert len({target for *_, target in rows}) == 4
    units = set(conn.execute(sa.select(s.units.c.name).where(s.units.c.region_code == "360000")).scalars())
    assert {"省减灾备灾中心", "省应急管理厅", "省荣誉军人康复医院", "省退役军人事务厅"} <= units
    frame = problems_per_category(conn, scope=NATIONAL, period="2022Q3", region="360000", as_of=TODAY)
    accounts = frame[frame["target_kind"] == "account"].set_index("category")["problems"].to_dict()
    # 附件2: 15 rows say 未提供有效互动功能, one more 未及时更新、未提供有效互动功能; 16 rows, 14 accounts.
    assert accounts["no_interaction"] == 16
    kinds = problems_by_kind(conn, scope=NATIONAL, period="2022Q3", region="360000", as_of=TODAY)
    assert dict(zip(kinds["target_kind"], kinds["problems"], strict=True)) == {"account": 36, "site": 29}


def test_notice_004_sites_have_no_host_unit(conn: sa.Connection) -> None:
    c, t, r = s.check_results, s.targets, s.rounds
    rows = conn.execute(
        sa.select(c.c.host_unit_text, t.c.unit_id)
        .join(t, t.c.id == c.c.target_id)
        .join(r, r.c.id == c.c.round_id)
        .where(r.c.key.in_(("sz-2024q1", "sz-2023q4")), c.c.target_kind == "site")
    ).all()
    assert len(rows) == 13
    assert set(rows) == {(None, None)}


def test_notice_002_accounts_sit_at_the_county_they_name(conn: sa.Connection) -> None:
    c, r = s.check_results, s.rounds
    query = (
        sa.select(c.c.region_code, sa.func.count())
        .join(r, r.c.id == c.c.round_id)
        .where(r.c.key == "jx-2020q1", c.c.target_kind == "account")
        .group_by(c.c.region_code)
    )
    assert dict(conn.execute(query).all()) == {
        "360000": 4,  # provincial departments
        "360100": 2,
        "360681": 1,  # 贵溪报
        "360800": 1,
        "361000": 2,
        "361100": 8,  # 上饶大数据, 上饶统计, ...: the city's own accounts
        "361102": 14,  # 信州...
        "361103": 8,  # 广丰...
        "361123": 1,  # 玉山之窗
        "361124": 16,  # 铅山...
    }
    names = conn.execute(
        sa.select(s.targets.c.name, s.targets.c.region_code).where(s.targets.c.name.in_(("信州发改", "健康铅山")))
    ).all()
    assert sorted(names) == [("信州发改", "361102"), ("健康铅山", "361124")]


def test_each_deadline_is_stored_where_it_belongs(conn: sa.Connection) -> None:
    rows = conn.execute(sa.select(s.rounds.c.key, s.rounds.c.rectification_due, s.rounds.c.report_due)).all()
    deadlines = {key: (str(fix) if fix else None, str(report) if report else None) for key, fix, report in rows}
    assert deadlines["jx-2022q3"] == (None, "2022-09-26")  # 整改情况请于2022年9月26日前……报送
    assert deadlines["jx-2020q1"] == (None, "2020-04-15")  # 整改落实情况请于2020年4月15日前报送
    assert deadlines["sz-2024q1"] == ("2024-03-06", "2024-03-08")


def test_the_stored_categories_keep_the_whole_text(conn: sa.Connection) -> None:
    p, c, r = s.problems, s.check_results, s.rounds
    detail = conn.execute(
        sa.select(p.c.detail)
        .join(c, c.c.id == p.c.check_id)
        .join(r, r.c.id == c.c.round_id)
        .where(r.c.key == "sz-2024q1", c.c.seq == 1, c.c.target_kind == "site")
    ).scalar_one()
    assert detail.startswith("“图片新闻”、“审计动态”栏目超2周未更新") and detail.endswith(
        "“党史学习教育”栏目超1年未更新"
    )


# ---------------------------------------------------------------- the queries


def rows(conn: sa.Connection, **filters: object) -> pd.DataFrame:
    query = {"scope": NATIONAL, "period": "2022Q3", "region": "360000", "as_of": TODAY, **filters}
    return problem_rows(conn, **query)  # type: ignore[arg-type]


def test_the_filters_narrow_the_list(conn: sa.Connection) -> None:
    everything = rows(conn)
    assert len(everything) == 65
    assert list(everything["kind"].iloc[[0, 29]]) == ["site", "account"]  # sites first, in the annex's order
    serious = rows(conn, category="serious_error")
    assert len(serious) == 19 and set(serious["categories"].str.contains("serious_error")) == {True}
    assert len(rows(conn, kind="site", category="serious_error")) == 12
    assert len(rows(conn, platform="weibo")) == 6
    assert len(rows(conn, level="county")) == 8
    assert set(rows(conn, search="WX00")["code"].str[6:8]) == {"M0"}  # account IDs, whatever the case typed
    assert rows(conn, search="赣粮")["name"].tolist() == ["赣粮通", "赣粮执法"]
    assert rows(conn, search="%").empty and rows(conn, search="_").empty and rows(conn, search="'; drop").empty
    assert rows(conn, status="overdue").empty  # no record says any of them is being fixed: not overdue
    assert len(rows(conn, status="no_record")) == 65
    assert rows(conn, status="pending", as_of=dt.date(2022, 9, 20)).shape[0] == 65
    units = unit_options(conn, scope=NATIONAL, period="2022Q3", region="360000", as_of=TODAY)
    emergency = int(units.loc[units["name"] == "省应急管理厅", "unit_id"].iloc[0])
    by_unit = rows(conn, unit=emergency)
    # The row that prints 省减灾备灾中心 is that unit's, though the account is the same.
    assert by_unit["code"].tolist() == ["3600000055", "360000M011WX0001", "360000M011WX0002"]
    assert count_problems(conn, scope=NATIONAL, period="2022Q3", region="360000", as_of=TODAY, unit=emergency) == 3


def test_the_list_never_leaves_the_scope_and_pages_in_sql(conn: sa.Connection) -> None:
    assert rows(conn, scope=Scope("421300")).empty
    assert len(rows(conn, scope=Scope("360400"), region=None)) == 6
    assert len(rows(conn, offset=60)) == 5
    assert len(rows(conn, limit=10)) == 10


def test_suizhou_2024q1_lists_five_sites_one_account_three_platforms(conn: sa.Connection) -> None:
    frame = rows(conn, period="2024Q1", region="421300")
    assert frame["kind"].tolist() == ["site"] * 5 + ["account"] + ["platform"] * 3
    assert frame["problem_text"].iloc[0] == NOTICE_TEXTS_SUIZHOU_FIRST
    assert frame["host_unit_text"].iloc[:5].isna().all()
    assert str(frame["rectification_due"].iloc[0]) == "2024-03-06" and str(frame["report_due"].iloc[0]) == "2024-03-08"


NOTICE_TEXTS_SUIZHOU_FIRST = (
    "“图片新闻”、“审计动态”栏目超2周未更新;“疫情防控”、“复工复产服务”、“三大攻坚战”、“党史学习教育”栏目超1年未更新"
)


# ---------------------------------------------------------------- the page


def run_problems(**params: str) -> AppTest:
    app = app_test()
    app.switch_page("pages/problems.py")
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def grid(app: AppTest) -> tuple[pd.DataFrame, dict]:
    """The AG Grid's data and options, as the page sent them to the browser."""
    element = next(
        e for e in app.main if getattr(e, "type", "") == "component_instance" and "agGrid" in e.proto.component_name
    )
    data = next(arg for arg in element.proto.special_args if arg.key == "data")
    frame = pa.ipc.open_stream(data.arrow_dataframe.data.data).read_pandas()
    return frame.drop(columns=["::auto_unique_id::"], errors="ignore"), json.loads(element.proto.json_args)


def captured_tables(monkeypatch: pytest.MonkeyPatch) -> list:
    """Every table the page hands to its download buttons, in order."""
    from dashboard.downloads import PageDownloads

    tables: list = []
    original = PageDownloads.table

    def capture(self, table, *, key):  # type: ignore[no-untyped-def]
        tables.append(table)
        return original(self, table, key=key)

    monkeypatch.setattr(PageDownloads, "table", capture)
    return tables


@pytest.mark.usefixtures("app_env")
def test_jiangxi_2022q3_lists_notice_000s_sites_and_accounts() -> None:
    app = run_problems(period="2022Q3", region="360000")
    assert app.title[0].value == "问题清单 · 江西省 · 2022年第三季度"
    assert [(m.label, m.value) for m in app.metric] == [("问题网站", "29"), ("问题新媒体", "36"), ("问题公开平台", "0")]
    assert app.radio[0].options == ["全部（65）", "政府网站（29）", "政务新媒体（36）", "政府信息公开平台（0）"]
    frame, options = grid(app)
    assert len(frame) == 65
    dean = frame[frame["标识码/账号编号"] == "3604260037"].iloc[0]
    assert dean["网址"] == "http://da.credit.jiujiang.gov.cn/"
    assert dean["主办单位（通报原文）"] == "德安县发展和改革委员会"
    assert dean["存在问题（通报原文）"] == "岀现严重表述错误" and dean["问题类别"] == "严重表述错误"
    twice = frame[frame["标识码/账号编号"] == "360000M011WX0002"]
    assert twice["主办单位（通报原文）"].tolist() == ["省减灾备灾中心", "省应急管理厅"]
    assert twice["target_id"].nunique() == 2  # each row opens its own unit's target
    forestry = frame[frame["名称"] == "省林业局"].iloc[0]
    assert forestry["问题类别"] == "栏目不更新、严重表述错误"  # the categories beside the notice's words
    columns = {column["field"]: column for column in options["gridOptions"]["columnDefs"]}
    assert columns["标识码/账号编号"]["pinned"] == "left" and columns["名称"]["pinned"] == "left"
    assert columns["target_id"]["hide"] and columns["region_code"]["hide"]
    assert "cellRenderer" in columns["网址"]
    assert options["height"] > 0 and options["gridOptions"]["rowSelection"] == "single"
    assert any("共 65 条问题" in caption.value for caption in app.caption)
    chart = json.loads(app.get("plotly_chart")[0].proto.spec)
    bars = {trace["name"]: dict(zip(trace["y"], trace["x"], strict=True)) for trace in chart["data"]}
    assert bars["政府网站"]["严重表述错误"] == 12 and bars["政务新媒体"]["缺少有效互动渠道"] == 16
    assert not app.warning


@pytest.mark.usefixtures("app_env")
def test_a_category_narrows_the_list_and_the_download_holds_exactly_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.export import csv_bytes, xlsx_bytes

    tables = captured_tables(monkeypatch)
    app = run_problems(period="2022Q3", region="360000", category="serious_error")
    frame, _ = grid(app)
    assert len(frame) == 19
    assert set(frame["问题类别"].str.contains("严重表述错误")) == {True}
    assert [(m.label, m.value) for m in app.metric][:2] == [("问题网站", "12"), ("问题新媒体", "7")]
    assert app.selectbox(key="problems_filter_category").value == "serious_error"
    table = tables[0]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table)))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    code = header.index("标识码/账号编号")
    body = list(sheet.iter_rows(min_row=2))
    assert len(body) == 19
    assert all(row[code].data_type == "s" for row in body)  # codes as text, never numbers
    assert sorted(str(row[code].value) for row in body) == sorted(frame["标识码/账号编号"])
    assert "target_id" not in header and "region_code" not in header
    downloaded = pd.read_csv(io.BytesIO(csv_bytes(table)), encoding="utf-8-sig", dtype=str)
    assert len(downloaded) == 19 and "3604260037" in set(downloaded["标识码/账号编号"])


@pytest.mark.usefixtures("app_env")
def test_suizhou_2024q1_lists_its_sites_account_and_platforms_with_the_whole_text() -> None:
    app = run_problems(period="2024Q1", region="421300")
    assert [(m.label, m.value) for m in app.metric] == [("问题网站", "5"), ("问题新媒体", "1"), ("问题公开平台", "3")]
    frame, _ = grid(app)
    assert frame["类型"].tolist() == ["政府网站"] * 5 + ["政务新媒体"] + ["政府信息公开平台"] * 3
    assert frame["存在问题（通报原文）"].iloc[0] == NOTICE_TEXTS_SUIZHOU_FIRST
    assert frame["主办单位（通报原文）"].iloc[:5].tolist() == [""] * 5  # the annex has no host unit column
    assert frame["名称"].iloc[-3:].tolist() == [
        "随州高新区规划建设局信息公开平台",
        "市招商局信息公开平台",
        "市国资委信息公开平台",
    ]
    platforms = run_problems(period="2024Q1", region="421300", kind="platform")
    frame, _ = grid(platforms)
    assert list(frame.columns[2:5]) == ["主办单位（通报原文）", "公开平台名称", "所在地区"]
    assert frame["主办单位（通报原文）"].tolist() == ["随州高新区规划建设局", "市招商局", "市国资委"]


@pytest.mark.usefixtures("app_env")
def test_filters_are_written_to_the_url() -> None:
    app = run_problems(period="2022Q3", region="360000")
    app.radio[0].set_value("account").run()
    assert app.query_params["kind"] == "account"
    assert len(grid(app)[0]) == 36
    app.selectbox(key="problems_filter_level").set_value("city").run()
    assert app.query_params["level"] == "city"
    assert len(grid(app)[0]) == 4
    app.text_input(key="problems_filter_search").input("鹰潭").run()
    assert app.query_params["q"] == "鹰潭"
    assert grid(app)[0]["名称"].tolist() == ["鹰潭市工业和信息化局", "鹰潭市财政局"]
    app.selectbox(key="problems_filter_level").set_value("").run()
    assert "level" not in app.query_params


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"category": "nonsense"}, "问题类别“nonsense”无法识别"),
        ({"kind": "[x](https://example.org)"}, "对象类型“\\[x\\]\\(https"),
        ({"status": "done"}, "整改状态“done”无法识别"),
        ({"host_unit": "999999"}, "主办单位“999999”不在江西省"),
        ({"host_unit": "abc"}, "主办单位“abc”不在江西省"),
        ({"level": "x" * 200}, "地区层级“" + "x" * 40 + "…”"),
    ],
)
@pytest.mark.usefixtures("app_env")
def test_bad_url_values_are_dropped_with_a_chinese_message(params: dict[str, str], message: str) -> None:
    app = run_problems(period="2022Q3", region="360000", **params)
    assert any(message in warning.value for warning in app.warning), [w.value for w in app.warning]
    assert all("](" not in warning.value for warning in app.warning)  # no link from a URL value
    for name in params:
        assert name not in app.query_params
    assert len(grid(app)[0]) == 65


@pytest.mark.usefixtures("app_env")
def test_a_unit_of_another_region_is_dropped(app_env: str) -> None:
    engine = sa.create_engine(app_env)
    with engine.connect() as conn:
        unit = conn.execute(sa.select(s.units.c.id).where(s.units.c.name == "市招商局")).scalar_one()
    engine.dispose()
    app = run_problems(period="2024Q1", region="421300", host_unit=str(unit))
    assert app.query_params["host_unit"] == str(unit) and len(grid(app)[0]) == 1
    moved = run_problems(period="2022Q3", region="360000", host_unit=str(unit))
    assert "host_unit" not in moved.query_params
    assert any("不在江西省" in warning.value for warning in moved.warning)


def failing_checks(url: str, period: str) -> dict[str, int]:
    """Failing checks of ``period`` per province, counted straight from the tables."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "select g.province_code, count(*) from check_results c join rounds r on r.id = c.round_id"
                " join regions g on g.code = c.region_code"
                " where r.period = :period and not c.passed group by g.province_code"
            ),
            {"period": period},
        ).all()
    engine.dispose()
    return {str(code): int(count) for code, count in rows}


def test_the_national_synthetic_list_is_paged_in_sql(synthetic_app_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import dashboard.problems

    size = 10  # the small synthetic store has a few dozen problems a quarter
    monkeypatch.setattr(dashboard.problems, "PAGE_SIZE", size)
    per_province = failing_checks(synthetic_app_env, "2020Q1")
    total = sum(per_province.values())
    assert total > 2 * size
    app = run_problems(period="2020Q1")
    assert sum(int(m.value.replace(",", "")) for m in app.metric) == total
    assert len(grid(app)[0]) == size
    assert any(f"共 {total:,} 条问题，按页显示，每页 {size} 条；当前第 1–{size} 条" in c.value for c in app.caption)
    last = -(-total // size)
    app.number_input[0].set_value(last).run()
    assert len(grid(app)[0]) == total - size * (last - 1)
    province = max(per_province, key=lambda code: per_province[code])
    one = run_problems(period="2020Q1", region=province)
    assert sum(int(m.value.replace(",", "")) for m in one.metric) == per_province[province]
    frame = grid(one)[0]
    assert len(frame) == min(per_province[province], size)
    assert set(frame["region_code"].str[:2]) == {province[:2]}
