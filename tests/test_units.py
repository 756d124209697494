"""Pure functions: periods, problem categories, platforms, number formatting, URL filter resolution."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dashboard.filters import Filters, resolve
from dashboard.formatting import count, percent, rate, signed_percent
from data_access.periods import Period, parse_period, period_label
from data_access.problems import CATEGORIES, categorize
from data_access.regions import Region
from data_access.scope import NATIONAL, Scope
from data_access.targets import platform_code


def test_periods() -> None:
    assert parse_period("2022Q3") == Period(2022, 3)
    assert parse_period(" 2024q1 ").key == "2024Q1"
    assert period_label("2022Q3") == "2022年第三季度"
    assert Period(2020, 1).shifted(-1) == Period(2019, 4)
    assert Period(2023, 4).shifted(1).label == "2024年第一季度"
    for bad in ("2099Q9", "2022Q0", "2022-3", "", "1999Q1", "2022Q3; drop table"):
        with pytest.raises(ValueError):
            parse_period(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("站点无法访问", ["unreachable"]),
        ("监测2周,首页无信息更新", ["homepage_not_updated"]),
        ("严重表述错误、多个栏目不更新", ["columns_not_updated", "serious_error"]),
        ("严重表述错误、互动回应差", ["serious_error", "poor_response"]),
        ("多个栏目为空白", ["empty_columns"]),
        ("存在不当链接", ["improper_link"]),
        ("未及时更新、未提供有效互动功能", ["not_updated", "no_interaction"]),
        ("未及时更新、互动功能不可用", ["not_updated", "interaction_unusable"]),
        ("单项否决(未及时更新和缺有效互动渠道", ["not_updated", "no_interaction"]),
        ("APP使用异常", ["app_malfunction"]),
        ("“图片新闻”、“审计动态”栏目超2周未更新;“疫情防控”栏目超1年未更新", ["columns_not_updated"]),
        ("“规划信息”栏目发布非本单位信息", ["misplaced_content"]),
        ("未发布本级本部门政策文件", ["content_missing"]),
        ("网站名称与报送系统不一致", ["other"]),
    ],
)
def test_problem_categories(text: str, expected: list[str]) -> None:
    found = categorize(text)
    assert [category for category, _ in found] == expected
    assert all(category in CATEGORIES and detail for category, detail in found)


def test_platform_codes() -> None:
    labels = [
        "微信订阅号",
        "新浪微博",
        "快手短视频",
        "今日头条",
        "移动客户端",
        "小程序+微信",
        "其他+APP",
        "抖音短视频",
        "某平台",
    ]
    assert [platform_code(label) for label in labels] == [
        "wechat", "weibo", "kuaishou", "toutiao", "app", "miniprogram", "app", "douyin", "other",
    ]  # fmt: skip
    assert platform_code("") is None


def test_numbers_read_as_the_notice_printed_them() -> None:
    assert [percent(Decimal(v)) for v in ("94.75", "99.60", "100.00", "30.7", "0", "3.0")] == [
        "94.75%", "99.6%", "100%", "30.7%", "0%", "3%",
    ]  # fmt: skip
    assert (signed_percent(Decimal("-1.12")), signed_percent(Decimal("1.33"))) == ("-1.12%", "+1.33%")
    assert (count(1308), count(None), percent(None)) == ("1,308", "—", "—")
    assert (rate(19, 24), rate(0, 0)) == (Decimal("79.17"), None)


JIANGXI = Region("360000", "江西省", "province", None, "360000", None)
JIUJIANG = Region("360400", "九江市", "city", "360000", "360000", "360400")
HUBEI = Region("420000", "湖北省", "province", None, "420000", None)
REGIONS = {region.code: region for region in (JIANGXI, JIUJIANG, HUBEI)}
PERIODS = {None: ["2024Q1", "2023Q1", "2022Q3"], "360000": ["2023Q1", "2022Q3"], "360400": ["2023Q1"]}


def _resolve(period: str | None, region: str | None, scope: Scope = NATIONAL):  # type: ignore[no-untyped-def]
    return resolve(period, region, scope=scope, lookup_region=REGIONS.get, periods_for=lambda c: PERIODS.get(c, []))


def test_resolve_keeps_valid_values_and_defaults_to_the_latest_period() -> None:
    assert _resolve("2022Q3", "360000")[0] == Filters("2022Q3", "360000")
    assert _resolve(None, None) == (Filters("2024Q1", None), None, [])
    assert _resolve(None, "360400")[0] == Filters("2023Q1", "360400")


def test_resolve_replaces_nonsense_with_a_message() -> None:
    filters, _, messages = _resolve("2099Q9", "123456")
    assert filters == Filters("2024Q1", None)
    assert messages == [
        "网址中的地区代码“123456”不存在，已显示全国。",
        "网址中的期次“2099Q9”无法识别（应为 2022Q3 这样的格式），已显示最新一期（2024年第一季度）。",
    ]
    filters, _, messages = _resolve("2022Q3", "360400")
    assert filters == Filters("2023Q1", "360400")
    assert messages == ["九江市在2022年第三季度没有检查数据，已显示最新一期（2023年第一季度）。"]


def test_resolve_never_leaves_the_scope() -> None:
    filters, region, messages = _resolve("2023Q1", "420000", scope=Scope("360400"))
    assert filters == Filters("2023Q1", "360400") and region == JIUJIANG
    assert "无权查看" in messages[0]


def test_filter_urls() -> None:
    assert Filters("2022Q3", "360000").url() == "/?period=2022Q3&region=360000"
    assert Filters("2022Q3", None).url("regions") == "/regions?period=2022Q3"
    assert Filters(None, None).url() == "/"
    assert Filters("2020Q1", "360000").with_region("360400").query_params() == {"period": "2020Q1", "region": "360400"}


def test_plain_keeps_links_images_and_html_as_text() -> None:
    from dashboard.formatting import plain

    assert plain("[点此](https://example.org/x)") == "\\[点此\\]\\(https\\:\u200b//example\\.org/x\\)"
    assert plain("![x](http://h/b.png)").startswith("\\!\\[x\\]\\(")
    assert plain("<img src=x>") == "\\<img src\\=x\\>"
    assert "\u200b" in plain("www.example.org") and "\u200b" in plain("a@b.com")
    assert plain("江西省 2022Q3") == "江西省 2022Q3"
