"""/scores 评分分析: on the notices' data (printed bands only) and on the synthetic national data (scores)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard.filters import PAGE_FILES
from data_access.db import make_engine
from data_access.scope import NATIONAL
from data_access.scores import indicator_totals, points_by_child_indicator, score_summary, veto_reasons
from tests.conftest import app_test


def run_scores(**params: str) -> AppTest:
    app = app_test()
    app.switch_page(PAGE_FILES["scores"])
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


@pytest.fixture
def tables(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every table the page hands to its download buttons, in order."""
    from dashboard.downloads import PageDownloads

    captured: list[Any] = []
    original = PageDownloads.table

    def capture(self, table, *, key):  # type: ignore[no-untyped-def]
        captured.append(table)
        return original(self, table, key=key)

    monkeypatch.setattr(PageDownloads, "table", capture)
    return captured


@pytest.mark.usefixtures("app_env")
def test_the_notices_print_only_bands_and_the_page_says_so(tables: list[Any]) -> None:
    app = run_scores()
    # The newest quarter with anything to show: notice 001 names three portals 得分靠前.
    assert app.title[0].value == "评分分析 · 全国 · 2023年第一季度"
    assert [info.value for info in app.info] == ["全国在2023年第一季度没有按指标集评分的政府网站检查记录。"]
    (printed,) = tables
    assert printed.title == "通报公布的得分档次"
    assert [tuple(row) for row in printed.frame.iloc[:, :2].itertuples(index=False)] == [("得分靠前", 3)]
    assert not any("计算值" in column for column in printed.frame.columns)
    tables.clear()
    run_scores(period="2020Q1", region="360000")
    (printed,) = tables
    assert [tuple(row) for row in printed.frame.iloc[:, :2].itertuples(index=False)] == [
        ("110-120", 1),
        ("100-110", 20),
    ]


@pytest.mark.usefixtures("synthetic_app_env")
def test_the_national_page_ranks_indicators_and_counts_every_scored_site(synthetic_url: str, tables: list[Any]) -> None:
    app = run_scores()
    assert app.title[0].value == "评分分析 · 全国 · 2024年第四季度"
    engine = make_engine(synthetic_url)
    with engine.connect() as conn:
        summary = score_summary(conn, scope=NATIONAL, period="2024Q4", region=None, kind="site").iloc[0]
        points = indicator_totals(
            points_by_child_indicator(conn, scope=NATIONAL, period="2024Q4", region=None, kind="site")
        )
        reasons = veto_reasons(conn, scope=NATIONAL, period="2024Q4", region=None, kind="site")
        direct = conn.execute(
            sa.text(
                "select count(*), sum(f.counted) from findings f join check_results c on c.id = f.check_id "
                "join rounds r on r.id = c.round_id join indicators i on i.id = f.indicator_id "
                "where r.period = '2024Q4' and i.part = 'deduct' and f.counted > 0"
            )
        ).one()
        sites = conn.execute(
            sa.text(
                "select count(*) from check_results c join rounds r on r.id = c.round_id "
                "where r.period = '2024Q4' and c.target_kind = 'site'"
            )
        ).scalar_one()
    engine.dispose()
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["评分检查数"] == f"{sites:,}" and int(summary["checks"]) == sites
    configs = [json.loads(chart.proto.config) for chart in app.get("plotly_chart")]
    assert len(configs) == 2  # the indicators and the histogram, drawn the app's one way
    assert all(config["locale"] == "zh-CN" and config["displaylogo"] is False for config in configs)
    assert metrics["平均得分（计算值）"] == f"{float(summary['average']):.2f}"
    deduct = points[points["part"] == "deduct"]
    assert float(deduct["points"].sum()) == pytest.approx(float(direct[1]))
    by_title = {table.title: table for table in tables}
    assert {"各地区得分情况（计算值）", "失分最多的指标（计算值）", "得分分布（计算值）", "得分档次（计算值）"} <= set(
        by_title
    )
    ranked = by_title["失分最多的指标（计算值）"].frame
    assert list(ranked["扣分合计（计算值）"]) == sorted(ranked["扣分合计（计算值）"], reverse=True)
    assert ranked["扣分合计（计算值）"].sum() == pytest.approx(float(direct[1]), abs=0.5)
    children = by_title["各地区得分情况（计算值）"].frame
    assert len(children) == 31 and children["检查数"].sum() == sites
    bands = by_title["得分档次（计算值）"].frame
    assert bands["检查数"].sum() == sites
    if not reasons.empty:
        veto = by_title["单项否决原因（计算值）"].frame
        assert list(veto["单项否决项"]) == list(reasons["name"])
    histogram = by_title["得分分布（计算值）"].frame
    assert histogram["检查数"].sum() + int(summary["vetoed"]) == sites
    # Every computed column says so.
    for title in ("失分最多的指标（计算值）", "各地区得分情况（计算值）"):
        assert any("计算值" in column for column in by_title[title].frame.columns)


@pytest.mark.usefixtures("synthetic_app_env")
def test_an_indicator_lists_the_sites_that_lost_points_on_it_and_a_region_drills(tables: list[Any]) -> None:
    first = run_scores(region="360000")
    ranked = next(table for table in tables if table.title == "失分最多的指标（计算值）").frame
    top_name = ranked["指标"].iloc[0]
    engine_ids = next(frame.value for frame in first.dataframe if "排名" in frame.value.columns)
    indicator = int(engine_ids["indicator_id"].iloc[0])
    tables.clear()
    app = run_scores(region="360000", indicator=str(indicator))
    assert f"在“{top_name}”失分的检查" in [subheader.value for subheader in app.subheader]
    losers = next(table for table in tables if table.title == f"在“{top_name}”失分的检查").frame
    assert len(losers) and (losers["该指标扣分"] > 0).all()
    assert app.query_params["indicator"] == str(indicator)
    assert "九江市" in " ".join(
        str(value)
        for value in next(table for table in tables if table.title == "各地区得分情况（计算值）").frame["地区"]
    )


@pytest.mark.usefixtures("synthetic_app_env")
def test_accounts_have_no_scores_and_bad_values_are_dropped() -> None:
    app = run_scores(kind="account")
    assert any("没有按指标集评分的政务新媒体检查记录" in info.value for info in app.info)
    app = run_scores(kind="nonsense", indicator="x1")
    warnings = [warning.value for warning in app.warning]
    assert "网址中的对象类型“nonsense”无法识别，已显示政府网站。" in warnings
    assert "网址中的指标“x1”无法识别，已取消。" in warnings
    assert "kind" not in app.query_params and "indicator" not in app.query_params
