"""The scoring rule (data_access.scoring.score), exhaustively, on the shipped national sets and on small sets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from data_access.indicator_sets import SetError, parse_yaml, shipped
from data_access.scoring import (
    BANDS,
    Finding,
    Indicator,
    IndicatorSet,
    ScoringError,
    band,
    finding_category,
    problems_of,
    score,
)

D = Decimal


@pytest.fixture(scope="module")
def national() -> dict[str, IndicatorSet]:
    return {spec.indicator_set.kind: spec.indicator_set for spec in shipped()}


@pytest.fixture(scope="module")
def site(national: dict[str, IndicatorSet]) -> IndicatorSet:
    return national["site"]


def f(part: str, name: str, points: str | None = None) -> Finding:
    return Finding(f"{part}:{name}", None if points is None else D(points))


def cut(*findings: tuple[str, str]) -> list[Finding]:
    """Deductions (name, points)."""
    return [f("deduct", name, points) for name, points in findings]


# ---------------------------------------------------------------- the shipped sets


def test_the_shipped_website_set_is_the_published_one(site: IndicatorSet) -> None:
    veto, deduct, bonus = site.part("veto"), site.part("deduct"), site.part("bonus")
    assert [i.name for i in veto] == [
        "安全、泄密事故等严重问题",
        "站点无法访问",
        "首页不更新",
        "栏目不更新",
        "互动回应差",
        "服务不实用",
    ]
    groups = {}
    for i in deduct:
        groups[i.group] = groups.get(i.group, D(0)) + (i.cap or 0)
    assert groups == {"发布解读": 31, "办事服务": 25, "互动交流": 23, "功能设计": 21}
    bonus_groups = {}
    for i in bonus:
        bonus_groups[i.group] = bonus_groups.get(i.group, D(0)) + (i.cap or 0)
    assert bonus_groups == {"信息发布": 7, "办事服务": 6, "互动交流": 8, "功能设计": 6, "创新发展": 3}
    assert (site.max_score, site.pass_line, site.bonus_threshold, site.bonus_max) == (100, 60, 80, 30)
    assert site.bonus_portals_only
    assert {i.name for i in site.indicators if i.needs_services} == {
        "服务不实用",
        *(i.name for i in deduct if i.group == "办事服务"),
        *(i.name for i in bonus if i.group == "办事服务"),
    }
    assert site.indicator("deduct:可用性").rule.startswith(
        "1.首页上的链接（包括图片、附件、外部链接等）打不开或错误的，每发现一处，扣0.2分"
    )


def test_the_shipped_account_set_has_veto_items_only(national: dict[str, IndicatorSet]) -> None:
    account = national["account"]
    assert [i.part for i in account.indicators] == ["veto"] * 3
    assert not account.scored
    assert score(account, [], portal=False, has_services=True).band == "unscored"


def test_a_set_whose_caps_do_not_add_up_is_refused() -> None:
    text = (
        "code: x\nversion: 1\nname: 测试\nkind: site\nmax_score: 100\npass_line: 60\nbonus_threshold: 80\n"
        "deduct:\n  - group: 甲\n    points: 10\n    indicators:\n      - {name: 乙, cap: 9, rule: 规则}\n"
    )
    with pytest.raises(SetError) as refused:
        parse_yaml(text)
    assert "扣分指标的上限分值合计 9.0 分，应等于满分 100.0 分" in str(refused.value)
    assert "“甲”的指标合计 9.0 分，与该组的 10.0 分不符" in str(refused.value)


# ---------------------------------------------------------------- single veto


def test_a_veto_fails_the_check_and_nothing_else_is_scored(site: IndicatorSet) -> None:
    findings = [*cut(("政策解读", "5"), ("办事指南", "2")), f("veto", "首页不更新"), f("bonus", "数据发布", "4")]
    verdict = score(site, findings, portal=True, has_services=True)
    assert not verdict.passed and verdict.vetoed
    assert verdict.score is None and verdict.deducted == 0 and verdict.bonus == 0
    assert verdict.band == "veto"
    assert verdict.counted == (0, 0, 0, 0)
    assert verdict.vetoes == (2,)
    assert verdict.high_band is None


def test_two_veto_items_are_both_named(site: IndicatorSet) -> None:
    findings = [f("veto", "栏目不更新"), f("veto", "互动回应差")]
    verdict = score(site, findings, portal=False, has_services=True)
    assert verdict.vetoes == (0, 1)
    text, problems = problems_of(verdict, [site.indicator(x.indicator) for x in findings], [None, "无咨询渠道"])
    assert text == "单项否决：栏目不更新；互动回应差（无咨询渠道）"
    assert [p.category for p in problems] == ["columns_not_updated", "poor_response"]


def test_a_veto_item_takes_no_points_and_a_deduction_needs_them(site: IndicatorSet) -> None:
    with pytest.raises(ScoringError, match="不计分值"):
        score(site, [f("veto", "首页不更新", "5")], portal=False, has_services=True)
    with pytest.raises(ScoringError, match="缺少分值"):
        score(site, [f("deduct", "政策解读")], portal=False, has_services=True)


# ---------------------------------------------------------------- deductions and caps


def test_a_check_without_findings_scores_the_full_100(site: IndicatorSet) -> None:
    verdict = score(site, [], portal=False, has_services=True)
    assert (verdict.passed, verdict.score, verdict.band) == (True, D(100), "100_110")
    assert verdict.high_band is None  # 100 without bonus points is not a notice's high-score band


def test_each_indicator_is_capped_at_its_cap(site: IndicatorSet) -> None:
    # 办事指南 (cap 8): three guides without a 办事指南 at 4 each are 12, counted 8; 可用性 (cap 1) 0.2 × 6.
    findings = cut(("办事指南", "4"), ("办事指南", "4"), ("办事指南", "4"), *[("可用性", "0.2")] * 6, ("动态要闻", "5"))
    verdict = score(site, findings, portal=False, has_services=True)
    assert verdict.counted == (4, 4, 0, D("0.2"), D("0.2"), D("0.2"), D("0.2"), D("0.2"), D("0.0"), 5)
    assert verdict.deducted == D("14.0")
    assert verdict.score == D("86.0")


def test_one_finding_above_its_cap_counts_the_cap(site: IndicatorSet) -> None:
    verdict = score(site, cut(("概况信息", "5")), portal=False, has_services=True)
    assert verdict.counted == (2,) and verdict.score == 98


def test_scores_keep_one_decimal_exactly(site: IndicatorSet) -> None:
    findings = cut(
        ("解读关联", "0.5"), ("页面标签", "0.1"), ("页面标签", "0.1"), ("网站标识", "0.5"), ("可用性", "0.2")
    )
    verdict = score(site, findings, portal=False, has_services=True)
    assert verdict.score == D("98.6") and str(verdict.score) == "98.6"
    with pytest.raises(ScoringError, match="一位小数"):
        score(site, cut(("可用性", "0.25")), portal=False, has_services=True)
    with pytest.raises(ScoringError, match="不小于0"):
        score(site, cut(("可用性", "-1")), portal=False, has_services=True)
    with pytest.raises(ScoringError, match="没有这一指标"):
        score(site, cut(("不存在的指标", "1")), portal=False, has_services=True)


# ---------------------------------------------------------------- the 60 and 80 thresholds


def losing(total: str) -> list[Finding]:
    """Deductions adding up to ``total`` points (at most 40), spread over indicators with large caps."""
    left, found = D(total), []
    for name, cap in (
        ("办事指南", 8),
        ("信息提交", 7),
        ("办理答复", 7),
        ("留言公开", 6),
        ("动态要闻", 5),
        ("政策文件", 5),
        ("政策解读", 5),
    ):
        take = min(left, D(cap))
        if take:
            found.append(f("deduct", name, str(take)))
        left -= take
    assert left == 0
    return found


@pytest.mark.parametrize(
    ("lost", "passed", "score_", "band_"),
    [
        ("40.1", False, "59.9", "below_60"),
        ("40", True, "60.0", "60_80"),
        ("20.1", True, "79.9", "60_80"),
        ("20", True, "80.0", "80_90"),
        ("10", True, "90.0", "90_100"),
    ],
)
def test_sixty_passes_and_below_fails(site: IndicatorSet, lost: str, passed: bool, score_: str, band_: str) -> None:
    findings = losing(lost) if D(lost) <= 40 else [*losing("40"), f("deduct", "可用性", "0.1")]
    verdict = score(site, findings, portal=False, has_services=True)
    assert (verdict.passed, verdict.score, verdict.band) == (passed, D(score_), band_)


def test_below_sixty_gets_no_bonus_and_its_deductions_are_its_problems(site: IndicatorSet) -> None:
    findings = [*losing("40"), f("deduct", "可用性", "0.1"), f("bonus", "数据发布", "4")]
    verdict = score(site, findings, portal=True, has_services=True)
    assert not verdict.passed and not verdict.vetoed and verdict.bonus == 0 and verdict.score == D("59.9")
    indicators = [site.indicator(x.indicator) for x in findings]
    text, problems = problems_of(verdict, indicators, [None] * len(findings))
    assert text is not None and text.startswith("得分59.9分，低于60分：办事指南扣8分；信息提交扣7分；")
    assert "数据发布" not in text
    assert [p.category for p in problems] == [
        "columns_not_updated",
        "interaction_unusable",
        "poor_response",
        "service_unusable",
        "other",
    ]


def test_bonus_counts_from_80_for_portals_only(site: IndicatorSet) -> None:
    bonus = [f("bonus", "数据发布", "4"), f("bonus", "实时互动", "3")]
    at_80 = score(site, [*losing("20"), *bonus], portal=True, has_services=True)
    assert (at_80.score, at_80.bonus, at_80.counted[-2:]) == (D(87), D(7), (4, 3))
    below = score(site, [*losing("20"), f("deduct", "可用性", "0.1"), *bonus], portal=True, has_services=True)
    assert (below.score, below.bonus, below.counted[-2:]) == (D("79.9"), 0, (0, 0))
    not_portal = score(site, [*losing("20"), *bonus], portal=False, has_services=True)
    assert (not_portal.score, not_portal.bonus) == (D(80), 0)


def test_bonus_is_capped_per_indicator_and_in_all(site: IndicatorSet) -> None:
    every = [f("bonus", i.name, str(i.cap)) for i in site.part("bonus")]
    verdict = score(site, [*every, f("bonus", "数据发布", "4")], portal=True, has_services=True)
    assert verdict.bonus == 30 and verdict.score == 130 and verdict.counted[-1] == 0
    assert verdict.high_band == "120-130"
    small = IndicatorSet(
        "t",
        "t",
        1,
        "小",
        "site",
        (
            Indicator("d", "deduct", "甲", "组", D(100)),
            Indicator("b1", "bonus", "乙", "组", D(5)),
            Indicator("b2", "bonus", "丙", "组", D(5)),
        ),
        bonus_max=D(6),
    )
    verdict = score(small, [Finding("b1", D(5)), Finding("b2", D(5))], portal=True, has_services=True)
    assert verdict.counted == (5, 1) and verdict.bonus == 6 and verdict.score == 106
    assert verdict.high_band == "100-110"


def test_a_set_that_gives_bonus_to_every_site(site: IndicatorSet) -> None:
    from dataclasses import replace

    everyone = replace(site, bonus_portals_only=False)
    verdict = score(everyone, [f("bonus", "用户空间", "2")], portal=False, has_services=True)
    assert verdict.score == 102 and verdict.high_band == "100-110"


# ---------------------------------------------------------------- units without external services


def test_without_services_the_service_items_are_skipped(site: IndicatorSet) -> None:
    findings = [f("veto", "服务不实用"), *cut(("办事指南", "8"), ("政策解读", "5")), f("bonus", "服务功能", "2")]
    with_services = score(site, findings, portal=False, has_services=True)
    assert with_services.vetoed
    without = score(site, findings, portal=True, has_services=False)
    assert not without.vetoed and without.passed
    assert without.skipped == (0, 1, 3)
    assert without.counted == (0, 0, 5, 0)
    assert without.score == 95  # out of 100: the skipped group's points are neither taken nor re-scaled


def test_other_vetoes_still_fail_a_unit_without_services(site: IndicatorSet) -> None:
    verdict = score(site, [f("veto", "服务不实用"), f("veto", "首页不更新")], portal=False, has_services=False)
    assert verdict.vetoed and verdict.vetoes == (1,)


# ---------------------------------------------------------------- bands and categories


def test_bands_cover_every_score() -> None:
    cases = {
        "130": "110_plus",
        "110": "110_plus",
        "109.9": "100_110",
        "100": "100_110",
        "99.9": "90_100",
        "90": "90_100",
        "89.9": "80_90",
        "80": "80_90",
        "79.9": "60_80",
        "60": "60_80",
        "59.9": "below_60",
        "0": "below_60",
    }
    for value, expected in cases.items():
        assert band(D(value)) == expected, value
    assert band(None) == "unscored" and band(D(95), vetoed=True) == "veto"
    assert set(BANDS) == {"110_plus", "100_110", "90_100", "80_90", "60_80", "below_60", "veto", "unscored"}


def test_a_finding_counts_under_the_category_its_note_names(site: IndicatorSet) -> None:
    security = site.indicator("veto:安全、泄密事故等严重问题")
    assert finding_category(security, "存在严重表述错误") == "serious_error"
    assert finding_category(security, "首页存在不当链接") == "improper_link"
    assert finding_category(security, "页面被篡改") == "security"
    assert finding_category(security, None) == "security"
    columns = site.indicator("veto:栏目不更新")
    assert finding_category(columns, "空白栏目7个") == "empty_columns"
    assert finding_category(site.indicator("deduct:站内搜索"), "搜索不可用") == "other"
