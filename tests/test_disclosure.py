"""The disclosure and interaction page (/disclosure): notice 002's 附件5 and 附件6, notice 001's messages and
registry changes, in the store and as a user sees them."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from data_access.disclosure import (
    disclosure_by_child,
    disclosure_periods,
    disclosure_rows,
    disclosure_totals,
    message_rows,
    message_totals,
    requirements_mentioning,
    unit_disclosure_history,
)
from data_access.regions import get_region
from data_access.registry_changes import registry_change_counts, registry_change_periods, registry_change_rows
from data_access.scope import NATIONAL, Scope
from tests.conftest import APP_DIR, app_test

APP = str(APP_DIR / "streamlit_app.py")
# 附件5's first rows: 部门, 主动公开 总数, 政策解读, 建议提案, 重点领域, 已按时办结, 暂未办结 (None: an empty cell).
ANNEX_5_TOP = [
    ("省农业农村厅", 515, 3, None, 137, None, None),
    ("省药监局", 349, 14, None, 226, None, None),
    ("省金融监管局", 270, None, None, None, 1, None),
    ("省应急管理厅", 260, 4, 7, 120, 1, None),
]


def _none(value: object) -> object:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload, arg-type]


# ---------------------------------------------------------------- queries


def test_annex_5_ranked(conn: sa.Connection) -> None:
    jiangxi = get_region(conn, "360000")
    rows = disclosure_rows(conn, scope=NATIONAL, period="2020Q1", region=jiangxi)
    assert len(rows) == 37
    columns = [
        "proactive_total",
        "policy_interpretations",
        "proposal_handling",
        "key_area_items",
        "requests_on_time",
        "requests_pending",
    ]
    top = [(row["unit_name"], *(_none(row[c]) for c in columns)) for _, row in rows.head(4).iterrows()]
    assert top == ANNEX_5_TOP
    assert rows["seq"].tolist() == list(range(1, 38))  # the notice lists them most active first, too
    assert set(rows["period_text"]) == {"2019年12月—2020年2月"}
    total = disclosure_totals(conn, scope=NATIONAL, period="2020Q1", region="360000").iloc[0]
    # The notice: 4092 items disclosed; 18 departments handled 50 requests, all on time.
    assert (total["departments"], total["proactive_total"]) == (37, 4092)
    assert (total["departments_with_requests"], total["requests_on_time"], total["requests_pending"]) == (18, 50, None)
    assert total["first_period_text"] == total["last_period_text"] == "2019年12月—2020年2月"
    by_child = disclosure_by_child(conn, scope=NATIONAL, period="2020Q1", region=jiangxi)
    assert by_child[["region_code", "departments", "proactive_total"]].values.tolist() == [["360000", 37, 4092]]


def test_a_departments_history_and_the_scope(conn: sa.Connection) -> None:
    jiangxi = get_region(conn, "360000")
    first = disclosure_rows(conn, scope=NATIONAL, period="2020Q1", region=jiangxi).iloc[0]
    history = unit_disclosure_history(conn, scope=NATIONAL, unit_id=int(first["unit_id"]))
    assert history[["period", "proactive_total", "key_area_items"]].values.tolist() == [["2020Q1", 515, 137]]
    assert unit_disclosure_history(conn, scope=Scope("360400"), unit_id=int(first["unit_id"])).empty
    assert disclosure_rows(conn, scope=Scope("360400"), period="2020Q1", region=jiangxi).empty
    assert disclosure_totals(conn, scope=Scope("360400"), period="2020Q1", region=None).iloc[0]["departments"] == 0
    assert disclosure_periods(conn, scope=NATIONAL, region="360000") == ["2023Q1", "2020Q1"]
    assert disclosure_periods(conn, scope=NATIONAL, region="421300") == []


def test_annex_6_as_printed(conn: sa.Connection) -> None:
    rows = message_rows(conn, scope=NATIONAL, period="2020Q1", region="360000", channel="governor_suggestion")
    assert len(rows) == 22
    assert rows["group_label"].tolist() == ["省直单位"] * 15 + ["设区市"] * 7
    ji_an = rows.set_index("name").loc["吉安市"]  # printed 1 received, 7 completed, 13%: kept as printed
    assert (ji_an["received"], ji_an["completed"], Decimal(str(ji_an["completion_rate"]))) == (1, 7, 13)
    assert ji_an["completion_rate_decimals"] == 0 and ji_an["avg_working_days"] == 5
    assert rows.iloc[0][["name", "received", "avg_working_days"]].tolist() == ["省人力资源社会保障厅", 7, 9]
    totals = message_totals(conn, scope=NATIONAL, period="2020Q1", region="360000").set_index("channel")
    assert totals.loc["governor_suggestion", "received"] == 70  # the notice: 70 messages
    assert totals.loc["governor_suggestion", "rows"] == 22 and totals.loc["governor_suggestion", "completed_rows"] == 1
    # Weighted by received: (7*9 + 7*6 + ... + 1*4) / 70.
    assert round(float(totals.loc["governor_suggestion", "avg_working_days"]), 2) == 9.39
    assert message_rows(conn, scope=Scope("360400"), period="2020Q1", region=None, channel="governor_suggestion")[
        "name"
    ].tolist() == ["九江市"]


def test_site_error_reports_of_jiujiang(conn: sa.Connection) -> None:
    rows = message_rows(conn, scope=NATIONAL, period="2023Q1", region="360400", channel="site_error_report")
    assert rows[["name", "own", "received", "completed"]].values.tolist() == [["九江市", 1, 8, 8]]
    assert Decimal(str(rows.iloc[0]["on_time_rate"])) == 100 and rows.iloc[0]["on_time_rate_decimals"] == 0
    # Jiujiang's own row is what the notice reports; the computed sums leave it to the page.
    assert message_totals(conn, scope=NATIONAL, period="2023Q1", region="360400").empty
    # From the province, Jiujiang's row is one region-wide row under it, and counts once.
    province = message_totals(conn, scope=NATIONAL, period="2023Q1", region="360000").set_index("channel")
    assert province.loc["site_error_report", ["rows", "received", "completed"]].tolist() == [1, 8, 8]


def test_registry_changes_of_jiujiang(conn: sa.Connection) -> None:
    counts = registry_change_counts(conn, scope=NATIONAL, period="2023Q1", region="360400")
    assert counts.values.tolist() == [["closed", "account", 2], ["added", "account", 1]]
    rows = registry_change_rows(conn, scope=NATIONAL, period="2023Q1", region="360400")
    assert rows[["change", "name", "platform_label", "region_name"]].values.tolist() == [
        ["closed", "大美永修", "今日头条", "永修县"],
        ["closed", "庐山公安", "新浪微博", "庐山市"],
        ["added", "庐山市教育体育局", "微信公众号", "庐山市"],
    ]
    assert registry_change_counts(conn, scope=Scope("360483"), period="2023Q1", region=None)["changes"].sum() == 2
    assert registry_change_periods(conn, scope=NATIONAL, region="360425") == ["2023Q1"]
    assert registry_change_rows(conn, scope=Scope("360100"), period="2023Q1", region=None).empty


def test_the_reply_deadline_where_a_notice_states_it(conn: sa.Connection) -> None:
    suizhou = get_region(conn, "421300")
    stated = requirements_mentioning(conn, scope=NATIONAL, period="2024Q1", region=suizhou, words=("找错", "工作日"))
    assert len(stated) == 1 and "三个工作日内有效办结" in stated[0]
    jiujiang = get_region(conn, "360400")
    assert (
        requirements_mentioning(conn, scope=NATIONAL, period="2023Q1", region=jiujiang, words=("找错", "工作日")) == []
    )
    assert requirements_mentioning(conn, scope=Scope("360400"), period="2024Q1", region=suizhou, words=("找错",)) == []


def test_synthetic_message_totals_count_each_message_once(synthetic_url: str) -> None:
    engine = sa.create_engine(synthetic_url)
    with engine.connect() as conn:
        period = "2023Q2"
        national = message_totals(conn, scope=NATIONAL, period=period, region=None).set_index("channel")
        province_rows = conn.execute(
            sa.text(
                "select sum(m.received) from message_handling m join rounds r on r.id = m.round_id"
                " join regions g on g.code = m.region_code"
                " where r.period = :p and m.channel = 'site_error_report' and g.level = 'province'"
            ),
            {"p": period},
        ).scalar_one()
        assert national.loc["site_error_report", "received"] == province_rows
        jiangxi = message_totals(conn, scope=NATIONAL, period=period, region="360000").set_index("channel")
        city_rows = conn.execute(
            sa.text(
                "select sum(m.received) from message_handling m join rounds r on r.id = m.round_id"
                " where r.period = :p and m.channel = 'site_error_report' and m.region_code like '36%'"
                " and m.region_code != '360000'"
            ),
            {"p": period},
        ).scalar_one()
        assert jiangxi.loc["site_error_report", "received"] == city_rows
        suggestions = conn.execute(
            sa.text(
                "select sum(m.received) from message_handling m join rounds r on r.id = m.round_id"
                " where r.period = :p and m.channel = 'governor_suggestion' and m.region_code like '36%'"
            ),
            {"p": period},
        ).scalar_one()
        assert jiangxi.loc["governor_suggestion", "received"] == suggestions
    engine.dispose()


# ---------------------------------------------------------------- the page


def run_disclosure(**params: str) -> AppTest:
    app = app_test()
    app.switch_page("pages/disclosure.py")
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
def test_jiangxi_2020q1_disclosure_and_suggestions() -> None:
    app = run_disclosure(period="2020Q1", region="360000")
    assert app.title[0].value == "政府信息公开与互动 · 江西省 · 2020年第一季度"
    departments = table_with(app, "排名", "部门")
    assert len(departments) == 37
    first = departments.iloc[0]
    assert (first["排名"], first["部门"], first["主动公开信息（条）"], first["重点领域信息"]) == (
        1,
        "省农业农村厅",
        515,
        137,
    )
    assert first["建议提案办理"] is pd.NA  # an empty cell of 附件5 stays empty
    assert any(caption.value == "统计时段：2019年12月—2020年2月" for caption in app.caption)
    shown = metrics(app)
    # Reported counts keep the notice's counting words: 主动公开信息4092条, 办结政府信息公开申请50件.
    assert shown[:3] == [("主动公开信息", "4,092条"), ("依申请公开办结", "50件"), ("依申请公开按时办结率", "100%")]
    assert ("主动公开信息（计算值）", "4,092") in shown and ("办理依申请公开的部门", "18") in shown
    assert ("收到留言", "70条") in shown and ("收到留言（计算值）", "70") in shown
    provincial, cities = tables_with(app, "受理单位")
    assert len(provincial) == 15 and len(cities) == 7
    assert provincial.iloc[0][["受理单位", "受理（条）", "办结率", "办结平均时长（工作日）"]].tolist() == [
        "省人力资源社会保障厅",
        7,
        "100%",
        9.0,
    ]
    assert cities.set_index("受理单位").loc["吉安市", ["受理（条）", "办结（条）", "办结率"]].tolist() == [1, 7, "13%"]
    assert set(provincial["办结率"]) == {"100%"}
    assert "**“我为政府网站找错”留言办理情况**" not in [m.value for m in app.markdown]
    assert not app.warning


@pytest.mark.usefixtures("app_env")
def test_jiujiang_2023q1_messages_and_registry_changes() -> None:
    app = run_disclosure(period="2023Q1", region="360400")
    assert app.title[0].value == "政府信息公开与互动 · 九江市 · 2023年第一季度"
    shown = metrics(app)
    assert shown[:3] == [("收到留言", "8条"), ("办结", "8条"), ("按时办结率", "100%")]
    assert ("注销政务新媒体", "2") in shown and ("新增政务新媒体", "1") in shown
    assert any("3 个工作日内办结" in caption.value for caption in app.caption)
    changes = table_with(app, "变更", "名称")
    assert changes[["变更", "名称", "平台", "所在地区"]].values.tolist() == [
        ["注销", "大美永修", "今日头条", "永修县"],
        ["注销", "庐山公安", "新浪微博", "庐山市"],
        ["新增", "庐山市教育体育局", "微信公众号", "庐山市"],
    ]
    assert "政府网站和政务新媒体备案变更" in [header.value for header in app.subheader]


@pytest.mark.usefixtures("app_env")
def test_a_departments_history_and_bad_values(app_env: str) -> None:
    engine = sa.create_engine(app_env)
    with engine.connect() as conn:
        unit = conn.execute(
            sa.text("select unit_id from disclosure_stats where unit_text = '省农业农村厅'")
        ).scalar_one()
    engine.dispose()
    app = run_disclosure(period="2020Q1", region="360000", history=str(unit))
    assert "省农业农村厅 · 历次政府信息公开" in [header.value for header in app.subheader]
    history = table_with(app, "期次", "统计时段")
    assert history[["期次", "主动公开信息（条）"]].values.tolist() == [["2020年第一季度", 515]]
    bad = run_disclosure(period="2020Q1", region="360000", history="123456")
    assert any("“123456”不存在" in warning.value for warning in bad.warning)
    nothing = run_disclosure(period="2024Q1", region="421300")
    assert "随州市在2024年第一季度没有政府信息公开、网民留言办理或备案变更数据。" in [i.value for i in nothing.info]
    newest = run_disclosure()
    assert newest.title[0].value == "政府信息公开与互动 · 全国 · 2023年第一季度"


def test_synthetic_national_and_one_province(synthetic_app_env: str) -> None:
    app = run_disclosure()
    assert app.title[0].value == "政府信息公开与互动 · 全国 · 2024年第四季度"
    engine = sa.create_engine(synthetic_app_env)
    with engine.connect() as conn:
        departments, proactive = conn.execute(
            sa.text(
                "select count(*), sum(d.proactive_total) from disclosure_stats d"
                " join rounds r on r.id = d.round_id where r.period = '2024Q4'"
            )
        ).one()
        changes = conn.execute(
            sa.text(
                "select count(*) from registry_changes c join rounds r on r.id = c.round_id where r.period = '2024Q4'"
            )
        ).scalar_one()
    engine.dispose()
    shown = dict(metrics(app))
    assert shown["部门数"] == f"{departments:,}" and shown["主动公开信息（计算值）"] == f"{proactive:,}"
    provinces = table_with(app, "地区", "部门数")
    assert len(provinces) == 31 and provinces["主动公开信息（条）"].sum() == proactive
    ranked = table_with(app, "排名", "部门")
    assert len(ranked) == min(departments, 500)
    assert ranked["主动公开信息（条）"].is_monotonic_decreasing
    assert sum(int(value.replace(",", "")) for label, value in metrics(app) if label.startswith(("注销", "新增"))) == (
        changes
    )
    jiangxi = run_disclosure(period="2024Q3", region="360000")
    texts = [m.value for m in jiangxi.markdown]
    assert "**“我向省长建言”办理情况**" in texts and "**“我为政府网站找错”留言办理情况**" in texts
    cities = tables_with(jiangxi, "受理单位")
    assert cities and all(len(table) for table in cities)
