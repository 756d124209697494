"""The overview's parts on their own: how numbers and changes read, the trend and count charts, the notices' words."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard import charts
from dashboard.formatting import computed_percent, count, percent, points_change, stated_change
from data_access.notices import named_units, region_narratives, view_sources
from data_access.scope import NATIONAL, Scope


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        (percent(99.60), "99.6%"),  # reported: the digits the notice printed
        (computed_percent(95.8), "95.80%"),  # computed: always two decimals
        (computed_percent(100), "100.00%"),
        (count(1308, "个"), "1,308个"),
        (count(None, "家"), "—"),
        (stated_change("同比", 1.33), "同比上升1.33%"),
        (stated_change("环比", -3.82), "环比下降3.82%"),
        (stated_change("同比", 0), "同比持平"),
        (points_change("环比", 0.254), "环比上升0.25个百分点"),
        (points_change("同比", -1.2), "同比下降1.20个百分点"),
        (points_change("环比", 0.001), "环比持平"),
    ],
)
def test_numbers_and_changes_read_as_the_issue_words_them(shown: str, expected: str) -> None:
    assert shown == expected


def _points(*rows: tuple[str, str, str, float]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["period", "kind", "series", "value"])
    return frame.assign(shown=[f"{value}%" for value in frame["value"]])


def test_the_trend_leaves_missing_quarters_empty_and_marks_the_chosen_one() -> None:
    figure = charts.pass_rate_trend(
        _points(("2020Q1", "site", "reported", 98.94), ("2020Q3", "site", "reported", 97.5)), selected="2020Q3"
    )
    (site,) = figure.data
    assert list(site.y) == [98.94, None, 97.5] and site.connectgaps is False
    assert site.line.color == charts.KIND_COLORS["site"]
    assert figure.layout.xaxis.type == "date"
    assert list(figure.layout.xaxis.ticktext) == ["20Q1", "20Q2", "20Q3"]
    assert [a.text for a in figure.layout.annotations] == ["本期 20Q3"]


def test_a_single_rate_sits_on_an_honest_axis() -> None:
    figure = charts.pass_rate_trend(_points(("2024Q1", "site", "computed", 100.0)), selected="2024Q1")
    assert tuple(figure.layout.yaxis.range) == (90, 101)  # not 99-101: a lone 100% does not fill the chart
    assert list(figure.layout.yaxis.ticktext) == ["90%", "95%", "100%"]
    assert figure.data[0].line.dash == "dash"  # computed rates are dashed


def test_many_quarters_get_few_labels() -> None:
    rows = [(f"{2020 + q // 4}Q{q % 4 + 1}", "account", "reported", 90.0 + q / 4) for q in range(9)]
    figure = charts.pass_rate_trend(_points(*rows), selected="2021Q2")
    assert list(figure.layout.xaxis.ticktext) == ["20Q1", "20Q3", "21Q1", "21Q3", "22Q1"]
    assert len(figure.layout.xaxis.minor.tickvals) == 9


@pytest.mark.parametrize(("high", "step"), [(1, 1), (7, 1), (10, 1), (19, 2), (50, 5), (51, None)])
def test_count_axes_step_in_whole_numbers(high: int, step: int | None) -> None:
    assert charts.whole_number_step(high) == step


def test_problem_categories_count_in_whole_numbers_in_the_kind_colours() -> None:
    frame = pd.DataFrame(
        {"category_label": ["栏目不更新", "栏目不更新", "未及时更新"], "target_kind": ["site", "platform", "account"]}
    ).assign(targets=[2, 1, 1])
    figure = charts.problem_categories(frame)
    assert figure.layout.xaxis.dtick == 1 and figure.layout.xaxis.tickformat == ",d"
    assert {bar.name: bar.marker.color for bar in figure.data} == {
        "政府网站": charts.KIND_COLORS["site"],
        "政务新媒体": charts.KIND_COLORS["account"],
        "政府信息公开平台": charts.KIND_COLORS["platform"],
    }


def test_a_quarter_s_sources_are_the_rounds_under_the_region(conn: sa.Connection) -> None:
    sources = view_sources(conn, scope=NATIONAL, period="2024Q1", region=None)
    assert sources["round_key"].tolist() == ["sz-2024q1"]
    assert sources.iloc[0]["scope_region_code"] == "421300"
    assert bool(sources.iloc[0]["with_figures"]) and not bool(sources.iloc[0]["items_complete"])
    assert view_sources(conn, scope=Scope("360000"), period="2024Q1", region=None).empty


def test_narratives_belong_to_the_notice_s_own_region(conn: sa.Connection) -> None:
    survey = region_narratives(conn, scope=NATIONAL, period="2022Q3", region=None)
    assert set(survey["round_key"]) == {"survey-2022q3"}
    jiangxi = region_narratives(conn, scope=NATIONAL, period="2022Q3", region="360000")
    assert set(jiangxi["section"]) == {"practice", "problem", "requirement"}
    assert region_narratives(conn, scope=Scope("360400"), period="2022Q3", region="360000").empty


def test_named_units_are_found_by_name_by_short_name_and_never_across_cities(conn: sa.Connection) -> None:
    jiujiang = named_units(conn, scope=NATIONAL, period="2023Q1", region="360400")
    assert "九江市自然资源局" in set(jiujiang["unit_name"])  # written 市自然资源局 in Jiujiang's own notice
    jiangxi = named_units(conn, scope=NATIONAL, period="2020Q1", region="360000")
    assert "省公安厅" in set(jiangxi["unit_name"])
    # 市行政审批局 is Jiujiang's; the province's notice writes 南昌市行政审批局, another city's department.
    assert "市行政审批局" not in set(jiangxi["unit_name"])
