"""The quarterly notice (通报) drafted from the store, in the fixed shape of the five real ones.

Every sentence with a figure is written from the store: a figure a notice printed keeps its digits
and counting word (98.94%, 1308家), its change the notice's words (同比上升1.33%); a figure computed
(from check results, or from a notice's own counts) has two decimals and its change is in 个百分点.
Sentences of judgement (经验做法, 主要问题, 工作要求) start from the round's stored prose, else from a
template the user edits. The annexes are the notices' tables: 附件1 per region with the region's own
departments and 合计, high scorers, problem lists, re-checks, content, disclosure and messages — only
those with data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
import sqlalchemy as sa

from data_access.breakdown import (
    TOTAL_SOURCE,
    children_rows,
    part_column,
    registry_by_child,
    reported_children,
)
from data_access.checks import HIGH_SCORER_ROW_CAP, computed_by_subregion, high_scorers
from data_access.clock import beijing_today
from data_access.compare import COMPUTED, REPORTED, across_periods
from data_access.content import SUBMISSION_ROW_CAP, submission_rows, submission_totals
from data_access.disclosure import DISCLOSURE_COUNTS, DISCLOSURE_ROW_CAP, MESSAGE_ROW_CAP, disclosure_rows, message_rows
from data_access.figures import region_figures
from data_access.notices import region_narratives, view_sources
from data_access.periods import period_label, round_name
from data_access.problem_lists import EXPORT_ROW_CAP, problem_rows
from data_access.rectification import LIST_ROW_CAP, rechecked_problems
from data_access.regions import Region, get_region, in_scope, region_names
from data_access.report.model import (
    GENERATED,
    NARRATIVE,
    TEMPLATE,
    Annex,
    Draft,
    Paragraph,
    Section,
    Stated,
    chinese_date,
)
from data_access.scope import Scope
from data_access.vocabulary import CATEGORY_NAMES, KIND_NAMES, KIND_UNITS, OWN_ROW_NAMES
from data_access.wording import (
    computed_percent,
    percent,
    percent_as_printed,
    points_change,
    printed_counting_word,
    stated_change,
)

KINDS = ("site", "account", "platform")
CHINESE_NUMBERS = "一二三四五六七八九十"
SCOPE_WORDS = {None: "全国", "province": "全省", "city": "全市", "county": "全县"}
ISSUERS = {
    None: "国务院办公厅",
    "province": "{name}人民政府办公厅",
    "city": "{name}人民政府办公室",
    "county": "{name}人民政府办公室",
}
ADDRESSEES = {
    None: "各省、自治区、直辖市人民政府办公厅（室），国务院各部委、各直属机构办公厅（室）：",
    "province": "各市、县（区）人民政府，省政府各部门：",
    "city": "各县（市、区）人民政府，市政府各部门：",
    "county": "各乡（镇）人民政府，县政府各部门：",
}
# How each kind's paragraph of 一、总体情况 is headed, and what its failing targets are called.
KIND_HEADINGS = {"site": "政府网站检查情况", "account": "政务新媒体检查情况", "platform": "政府信息公开平台检查情况"}
FAILING_WORDS = {"site": "网站", "account": "政务新媒体", "platform": "信息公开平台"}
CHANNEL_NAMES = {"site_error_report": "“我为政府网站找错”平台", "governor_suggestion": "“我向省长建言”"}
NAMED_EXAMPLES = 3  # targets a problem paragraph names
HIGH_SCORERS_NAMED = 10
PORTALS_NAMED = 3  # portals the content annex's title names

PRACTICE_TEMPLATE = (
    "（一）……。（请结合本期检查情况，填写各地各部门在信息发布、办事服务、互动交流等方面的经验做法。）",
)
REQUIREMENT_TEMPLATE = (
    "（一）强化日常监管。各地、各部门要严格落实政府网站和政务新媒体主管主办责任，坚持“先审后发”，"
    "加强日常巡检，确保内容准确、更新及时、互动有效。",
    "（二）抓好问题整改。对本次检查发现的问题，要逐项建立台账，明确责任人和整改时限，举一反三，杜绝同类问题反复出现。",
    "（三）加强安全保障。要落实网络安全责任制，开展风险隐患排查，做好防篡改、防攻击、防泄密等工作。",
)
CONTACT_TEMPLATE = "联系人：（请填写）　　联系电话：（请填写）　　电子邮箱：（请填写）"


@dataclass(frozen=True)
class _Round:
    """The round the notice is about, if the store has one for exactly this region and period."""

    title: str | None
    issuer: str | None
    number: str | None
    label: str | None
    issued_on: dt.date | None
    rectification_due: dt.date | None
    report_due: dt.date | None
    key: str | None


class NotInScope(ValueError):
    """The region asked for lies outside the account's scope, or does not exist."""


class NothingToReport(ValueError):
    """The store holds no figures, checks or notice for the region in the period."""


def build_draft(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> Draft:
    """The notice for ``region`` (None: the whole country) in ``period``, drafted from the store within ``scope``."""
    place = get_region(conn, region) if region else None
    if region and (place is None or not in_scope(place, scope)):
        raise NotInScope(region)
    if place is None and scope.region_code is not None:
        raise NotInScope("")
    level = place.level if place else None
    name = place.name if place else "全国"
    own = _own_round(conn, scope=scope, period=period, region=region)
    label = round_name(period, own.label)
    issuer = own.issuer or ISSUERS[level].format(name=name)
    scope_word = SCOPE_WORDS[level]
    headline = across_periods(conn, scope=scope, region=region)
    headline = headline[headline["period"] == period]
    figures = region_figures(conn, scope=scope, period=period, region=region)
    problems = problem_rows(
        conn, scope=scope, period=period, region=region, as_of=beijing_today(), limit=EXPORT_ROW_CAP
    )
    problems = problems.sort_values(["round_key", "seq", "check_id"], na_position="last", kind="stable")
    annexes = _annexes(conn, scope=scope, period=period, place=place, problems=problems, figures=figures)
    if own.key is None and headline.empty and not annexes:
        raise NothingToReport(f"{name}{period_label(period)}")
    sections = (
        _overview(headline, figures, own, scope_word, label, annexes),
        *_prose(conn, scope, period, region, problems),
    )
    title = (
        own.title
        if own.title and "通报" in own.title
        else (f"{issuer}关于{label}{scope_word}政府网站与政务新媒体检查情况的通报")
    )
    opening = (
        "根据国务院办公厅有关要求，按照《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号），"
        f"{issuer}组织开展了{label}{scope_word}政府网站与政府系统政务新媒体检查工作。现将有关情况通报如下。"
    )
    notes = [] if own.key else [f"库中没有{name}{label}的通报，标题、文号和落款按惯例拟写，请核改。"]
    notes += [
        f"附件{number}“{annex.title}”只列出前{len(annex.rows) - annex.total_rows}行，完整名单请在相应页面下载。"
        for number, annex in enumerate(annexes, start=1)
        if annex.capped
    ]
    return Draft(
        period=period,
        region_code=region,
        region_name=name,
        round_name=label,
        title=title,
        number=own.number or "",
        addressees=ADDRESSEES[level],
        issuer=issuer,
        issued_on=own.issued_on,
        rectification_due=own.rectification_due,
        report_due=own.report_due,
        opening=opening,
        sections=sections,
        closing=closing_text(issuer, own.rectification_due, own.report_due),
        contact=CONTACT_TEMPLATE,
        annexes=annexes,
        notes=tuple(notes),
    )


def closing_text(issuer: str, rectification_due: dt.date | None, report_due: dt.date | None) -> str:
    """The paragraph that ends 四、下一步工作要求 with both deadlines: fix by one date, report by another."""
    fix = f"，于{chinese_date(rectification_due)}前完成整改" if rectification_due else ""
    report = (
        f"，整改情况请于{chinese_date(report_due)}前报送{issuer}" if report_due else f"，整改情况请按要求报送{issuer}"
    )
    return f"各地、各部门要对照检查发现的问题，举一反三，抓好整改落实{fix}{report}。"


# ---------------------------------------------------------------- the round


def _own_round(conn: sa.Connection, *, scope: Scope, period: str, region: str | None) -> _Round:
    sources = view_sources(conn, scope=scope, period=period, region=region)
    match = sources["scope_region_code"].isna() if region is None else sources["scope_region_code"] == region
    found = sources[match]
    if found.empty:
        return _Round(None, None, None, None, None, None, None, None)
    row = found.iloc[0]
    return _Round(
        title=_text(row["round_title"]),
        issuer=_text(row["issuer"]),
        number=_text(row["notice_number"]),
        label=_text(row["round_label"]),
        issued_on=_date(row["issued_on"]),
        rectification_due=_date(row["rectification_due"]),
        report_due=_date(row["report_due"]),
        key=str(row["round_key"]),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _date(value: object) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _present(value: object) -> bool:
    return value is not None and not pd.isna(value)  # type: ignore[call-overload]


# ---------------------------------------------------------------- 一、总体情况


def _overview(
    headline: pd.DataFrame,
    figures: pd.DataFrame,
    own: _Round,
    scope_word: str,
    label: str,
    annexes: tuple[Annex, ...],
) -> Section:
    paragraphs: list[Paragraph] = []
    numbered = _numbering()
    for kind in KINDS:
        row = _headline_row(headline, kind, own.key)
        if row is None:
            continue
        round_key = str(row["round_key"]) if row["source"] == REPORTED else None
        texts = _source_texts(figures, round_key, kind)
        running, checks, stated = _kind_sentences(kind, row, texts, scope_word, label)
        running_parts, checked_parts, segment_figures = _segment_sentences(figures, kind, round_key)
        high = _high_scorer_sentence(kind, annexes)
        text = f"{next(numbered)}{KIND_HEADINGS[kind]}。{running}{running_parts}{checks}{checked_parts}{high}"
        paragraphs.append(Paragraph(text, (*stated, *segment_figures)))
    others = (_content_paragraph(figures, annexes), _message_paragraph(figures), _disclosure_paragraph(figures))
    for paragraph in others:
        if paragraph is not None:
            paragraphs.append(Paragraph(f"{next(numbered)}{paragraph.text}", paragraph.figures))
    if not paragraphs:
        paragraphs.append(Paragraph(f"（库中没有{label}的检查数字，请填写总体情况。）"))
    return Section("overview", "一、总体情况", tuple(paragraphs))


def _numbering() -> Iterator[str]:
    for number in CHINESE_NUMBERS:
        yield f"（{number}）"


def _headline_row(headline: pd.DataFrame, kind: str, own_key: str | None) -> pd.Series | None:
    """The kind's headline figures: the region's own notice, else any notice's, else computed from check results."""
    rows = headline[headline["target_kind"] == kind]
    reported = rows[rows["source"] == REPORTED]
    if own_key is not None and (reported["round_key"] == own_key).any():
        return reported[reported["round_key"] == own_key].iloc[0]
    if not reported.empty:
        return reported.iloc[0]
    computed = rows[rows["source"] == COMPUTED]
    return computed.iloc[0] if not computed.empty else None


def _source_texts(figures: pd.DataFrame, round_key: str | None, kind: str) -> dict[str, str]:
    rows = figures[
        (figures["round_key"] == round_key) & (figures["target_kind"] == kind) & (figures["segment"] == "all")
    ]
    return {str(m): str(t) for m, t in zip(rows["measure"], rows["source_text"], strict=True) if isinstance(t, str)}


def _count(kind: str, measure: str, label: str, value: object, text: object, computed: bool) -> Stated:
    """A count as the text states it, with the counting word ``text`` (the notice's sentence) prints after it."""
    word = KIND_UNITS.get(kind, "个")
    if not computed:
        word = printed_counting_word(value, text, word)
    number = Decimal(str(int(float(str(value)))))
    return Stated(f"{kind}.{measure}", label, number, f"{number}{word}", computed)


def _rate(kind: str, measure: str, label: str, value: object, computed: bool) -> Stated:
    number = Decimal(str(value))
    shown = computed_percent(number) if computed else percent(number)
    return Stated(f"{kind}.{measure}", label, number, shown, computed)


def _kind_sentences(
    kind: str, row: pd.Series, texts: dict[str, str], scope_word: str, label: str
) -> tuple[str, str, list[Stated]]:
    """The kind's running count, then its checked, failing and pass rate with the change, as the notices word them."""
    name, failing = KIND_NAMES[kind], FAILING_WORDS[kind]
    reported = row["source"] == REPORTED
    stated: list[Stated] = []
    running_text = ""
    running = row.get("running") if reported else None
    if _present(running):
        figure = _count(kind, "running", f"{name}运行总数", running, texts.get("running"), False)
        stated.append(figure)
        running_text = f"{scope_word}正在运行的{name}{figure.shown}。"
    checked = row["checked"] if reported else row["computed_checked"]
    failed = row["failed"] if reported else row["computed_failed"]
    clauses: list[str] = []
    if _present(checked):
        figure = _count(kind, "checked", f"{name}抽查数", checked, texts.get("checked"), not reported)
        stated.append(figure)
        clauses.append(f"{label}共抽查{name}{figure.shown}")
        share = row.get("sampling_share") if reported else None
        if _present(share):
            rate = _rate(kind, "sampling_share", f"{name}抽查比例", share, False)
            stated.append(rate)
            clauses.append(f"抽查比例{rate.shown}")
    if _present(failed):
        figure = _count(kind, "failed", f"存在突出问题的{name}数", failed, texts.get("failed"), not reported)
        stated.append(figure)
        clauses.append(f"发现存在突出问题的{failing}{figure.shown}")
    rate_value, rate_computed = (
        (row["pass_rate"], False)
        if reported and _present(row["pass_rate"])
        else (
            row["computed_pass_rate"],
            True,
        )
    )
    if _present(rate_value):
        rate = _rate(kind, "pass_rate", f"{name}合格率", rate_value, rate_computed)
        stated.append(rate)
        clause = f"合格率为{rate.shown}"
        change = _change(row, rate_computed)
        if change:
            clause += f"，{change}"
        clauses.append(clause)
    after = row.get("pass_rate_after_rectification") if reported else None
    if _present(after):
        rate = _rate(kind, "pass_rate_after_rectification", f"{name}整改后合格率", after, False)
        stated.append(rate)
        clauses.append(f"整改后合格率{rate.shown}")
    return running_text, "，".join(clauses) + "。" if clauses else "", stated


def _change(row: pd.Series, computed: bool) -> str:
    """The notice's own words for the change (同比上升1.33%), else the change computed in points."""
    if not computed:
        for measure, name in (("pass_rate_yoy", "同比"), ("pass_rate_qoq", "环比")):
            if _present(row.get(measure)):
                return stated_change(name, row[measure])
    for column, name in (("qoq_points", "环比"), ("yoy_points", "同比")):
        if _present(row.get(column)):
            return points_change(name, row[column])
    return ""


def _segment_sentences(figures: pd.DataFrame, kind: str, round_key: str | None) -> tuple[str, str, list[Stated]]:
    """其中，… : the notice's own breakdown of the region's running targets (省政府门户网站1家) and of its
    checks (省政府部门网站抽查31家，合格率为100%; 门户网站112家全部抽查); nothing for computed figures."""
    rows = figures[(figures["target_kind"] == kind) & (figures["segment"] != "all")]
    rows = rows[rows["round_key"] == round_key]
    running, checked = [], []
    stated: list[Stated] = []
    for segment, group in rows.groupby("segment", sort=False):
        if str(segment) in OWN_ROW_NAMES.values():
            continue
        measures = dict(zip(group["measure"], group["value"], strict=True))
        texts = dict(zip(group["measure"], group["source_text"], strict=True))

        def counted(measure: str, label: str, measures: dict = measures, texts: dict = texts) -> Stated:
            found = _count(kind, f"{label}.{measure}", label, measures[measure], texts.get(measure), False)
            stated.append(found)
            return found

        whole = "running" in measures and measures.get("checked") == measures["running"]
        if "running" in measures and not whole:
            running.append(f"{segment}{counted('running', str(segment)).shown}")
        if "checked" in measures:
            figure = counted("checked", str(segment))
            clause = f"{segment}{figure.shown}全部抽查" if whole else f"{segment}抽查{figure.shown}"
            if "pass_rate" in measures:
                rate = _rate(kind, f"{segment}.pass_rate", f"{segment}合格率", measures["pass_rate"], False)
                stated.append(rate)
                clause += f"，合格率为{rate.shown}"
            checked.append(clause)
        elif "count" in measures:
            checked.append(f"{segment}{counted('count', str(segment)).shown}")
    running_text = "其中，" + "，".join(running) + "。" if running else ""
    checked_text = "其中，" + "；".join(checked) + "。" if checked else ""
    return running_text, checked_text, stated


def _high_scorer_sentence(kind: str, annexes: tuple[Annex, ...]) -> str:
    """The high scorers by name, from their annex (the query's rows, in its order), with the annex's number."""
    found = [(number, annex) for number, annex in enumerate(annexes, start=1) if annex.key == "high_scorers"]
    if kind != "site" or not found:
        return ""
    number, annex = found[0]
    names = list(dict.fromkeys(row[1] for row in annex.rows))  # 序号, 网站名称, …
    shown = "、".join(f"“{name}”" for name in names[:HIGH_SCORERS_NAMED])
    more = "等" if len(names) > HIGH_SCORERS_NAMED else ""
    return f"{shown}{more}{len(names)}家网站检查得分较高（名单见附件{number}）。"


def _measure_figures(figures: pd.DataFrame, kind: str) -> pd.DataFrame:
    return figures[(figures["target_kind"] == kind) & (figures["segment"] == "all")]


def _content_paragraph(figures: pd.DataFrame, annexes: tuple[Annex, ...]) -> Paragraph | None:
    """信息报送: the totals the notice printed (828, 314, 37.9%), else those of the content annex, computed."""
    rows = _measure_figures(figures, "content")
    measures: dict[str, object] = dict(zip(rows["measure"], rows["value"], strict=True))
    computed = not {"submitted", "adopted"} <= set(measures)
    if computed:
        annex = next((a for a in annexes if a.key == "content"), None)
        if annex is None:
            return None
        submitted, adopted = annex.counts["submitted"], annex.counts["adopted"]
        measures = {"submitted": submitted, "adopted": adopted}
        if submitted:
            measures["adoption_rate"] = round(Decimal(100) * adopted / submitted, 2)
    stated = [
        Stated(f"content.{m}", label, Decimal(str(int(float(str(measures[m]))))), "", computed)
        for m, label in (("submitted", "报送信息数"), ("adopted", "采用信息数"))
    ]
    stated = [Stated(f.key, f.label, f.value, f"{f.value}条", computed) for f in stated]
    text = f"信息报送情况。各单位共报送信息{stated[0].shown}，被采用{stated[1].shown}"
    if _present(measures.get("adoption_rate")):
        rate = _rate("content", "adoption_rate", "平均采用率", measures["adoption_rate"], computed)
        stated.append(rate)
        text += f"，平均采用率{rate.shown}"
    return Paragraph(text + "。", tuple(stated))


def _message_paragraph(figures: pd.DataFrame) -> Paragraph | None:
    """网民留言办理: the notice's own totals of one channel."""
    rows = _measure_figures(figures, "message")
    if rows.empty:
        return None
    measures = dict(zip(rows["measure"], rows["value"], strict=True))
    text = str(rows["source_text"].iloc[0])
    channel = "governor_suggestion" if "建言" in text else "site_error_report"
    stated: list[Stated] = []
    clauses = []
    for measure, label in (("received", "收到网民留言"), ("completed", "办结")):
        if measure in measures:
            value = Decimal(str(int(measures[measure])))
            stated.append(Stated(f"message.{channel}.{measure}", label, value, f"{value}条", False))
            clauses.append(f"{label}{value}条")
    for measure, label in (("completion_rate", "办结率"), ("on_time_rate", "按时办结率")):
        if measure in measures:
            rate = _rate(f"message.{channel}", measure, label, measures[measure], False)
            stated.append(rate)
            clauses.append(f"{label}{rate.shown}")
    if not clauses:
        return None
    return Paragraph(f"网民留言办理情况。{CHANNEL_NAMES[channel]}" + "，".join(clauses) + "。", tuple(stated))


def _disclosure_paragraph(figures: pd.DataFrame) -> Paragraph | None:
    rows = _measure_figures(figures, "disclosure")
    if rows.empty:
        return None
    return Paragraph("政府信息公开情况。" + "；".join(str(text) for text in dict.fromkeys(rows["source_text"])) + "。")


# ---------------------------------------------------------------- 二、三、四: prose


def _prose(
    conn: sa.Connection, scope: Scope, period: str, region: str | None, problems: pd.DataFrame
) -> tuple[Section, Section, Section]:
    stored = region_narratives(conn, scope=scope, period=period, region=region)

    def narrative(*sections: str) -> tuple[Paragraph, ...]:
        rows = stored[stored["section"].isin(sections)]
        numbered = _numbering()
        paragraphs: list[Paragraph] = []
        for heading, body in zip(rows["heading"], rows["body"], strict=True):
            lead = f"{next(numbered)}{heading}。" if isinstance(heading, str) and heading else ""
            paragraphs.append(Paragraph(lead + str(body)))
        return tuple(paragraphs)

    practice = narrative("practice", "highlight")
    practice_section = Section(
        "practice",
        "二、经验做法",
        practice or tuple(Paragraph(text) for text in PRACTICE_TEMPLATE),
        NARRATIVE if practice else TEMPLATE,
    )
    problem_prose = narrative("problem")
    counted = _problem_paragraphs(problems, summary=bool(problem_prose))
    problems_section = Section(
        "problems",
        "三、主要问题",
        (*problem_prose, *counted) if problem_prose else counted,
        NARRATIVE if problem_prose else GENERATED,
    )
    requirements = narrative("requirement")
    requirements_section = Section(
        "requirements",
        "四、下一步工作要求",
        requirements or tuple(Paragraph(text) for text in REQUIREMENT_TEMPLATE),
        NARRATIVE if requirements else TEMPLATE,
    )
    return practice_section, problems_section, requirements_section


def _problem_paragraphs(problems: pd.DataFrame, *, summary: bool) -> tuple[Paragraph, ...]:
    """The problems by standard category, most targets first, naming the first examples each annex lists.

    One numbered paragraph per category; with ``summary`` (the notice's own prose comes first) one
    paragraph counting them all.
    """
    if problems.empty:
        return (Paragraph("本期检查未发现存在突出问题的政府网站和政务新媒体。"),)
    exploded = problems.assign(category=problems["categories"].fillna("other").str.split(",")).explode("category")
    # One pass of grouping, not a filter per category and kind (10,000 problems nationally); the categories with
    # most problems first, ties in the order they first appear.
    groups = {str(category): rows for category, rows in exploded.groupby("category", sort=False)}
    clauses: list[tuple[str, str, tuple[Stated, ...]]] = []
    for category in sorted(groups, key=lambda key: -len(groups[key])):
        rows = groups[category]
        name = CATEGORY_NAMES.get(category, category)
        sizes = rows["kind"].value_counts()
        counts: list[str] = []
        stated: list[Stated] = []
        for kind in KINDS:
            if not sizes.get(kind, 0):
                continue
            count, word = Decimal(int(sizes[kind])), KIND_UNITS[kind]
            counts.append(f"{count}{word}{KIND_NAMES[kind]}")
            label = f"{name}的{KIND_NAMES[kind]}数"
            stated.append(Stated(f"{kind}.category.{category}", label, count, f"{count}{word}", True))
        examples = "、".join(f"“{n}”" for n in list(dict.fromkeys(str(n) for n in rows["name"]))[:NAMED_EXAMPLES])
        clauses.append((name, f"{'、'.join(counts)}存在{name}问题，如{examples}等", tuple(stated)))
    if summary:
        text = "经统计，本期" + "；".join(clause for _, clause, _ in clauses) + "。"
        return (Paragraph(text, tuple(f for _, _, figures in clauses for f in figures)),)
    numbered = _numbering()
    return tuple(Paragraph(f"{next(numbered, '')}{name}。{clause}。", figures) for name, clause, figures in clauses)


# ---------------------------------------------------------------- annexes


def _annexes(
    conn: sa.Connection,
    *,
    scope: Scope,
    period: str,
    place: Region | None,
    problems: pd.DataFrame,
    figures: pd.DataFrame,
) -> tuple[Annex, ...]:
    code = place.code if place else None
    found = [
        _regions_annex(conn, scope, period, place),
        _high_scorers_annex(conn, scope, period, code),
        *(_problems_annex(problems, kind, len(problems) >= EXPORT_ROW_CAP) for kind in KINDS),
        _rechecks_annex(conn, scope, period, code),
        _content_annex(conn, scope, period, place, _measure_figures(figures, "content")),
        _disclosure_annex(conn, scope, period, place),
        *(_messages_annex(conn, scope, period, code, channel) for channel in CHANNEL_NAMES),
    ]
    return tuple(annex for annex in found if annex is not None and annex.rows)


# 附件1's region column, as notice 002 heads it for a province; other levels have no printed model.
_REGION_HEADS: dict[str | None, str] = {"province": "省级/设区市"}
# 附件1's columns, as notice 002 heads them (组（部分）: printed as a two-row header, report.model.header_rows);
# accounts and platforms alike.
_REGION_COLUMNS = {
    "site": {
        "running": "运行网站总数",
        "portal": "市级政府网站数（门户）",
        "department": "市级政府网站数（部门）",
        "county_portal": "县级及以下政府网站数（县级门户）",
        "below_county": "县级及以下政府网站数（县级以下）",
        "count": "网站数",
        "checked": "抽查网站数",
        "failed": "存在突出问题网站数",
    },
    "account": {
        "running": "运行政务新媒体总数",
        "count": "政务新媒体数",
        "checked": "抽查政务新媒体数",
        "failed": "存在突出问题政务新媒体数",
    },
    "platform": {
        "running": "信息公开平台总数",
        "checked": "抽查信息公开平台数",
        "failed": "存在问题信息公开平台数",
    },
}


def _regions_annex(conn: sa.Connection, scope: Scope, period: str, place: Region | None) -> Annex | None:
    """附件1: the children's running and checks, the region's own departments first, then 合计."""
    if place is not None and place.level == "county":
        return None
    code = place.code if place else None
    reported = reported_children(conn, scope=scope, period=period, region=code)
    computed = computed_by_subregion(conn, scope=scope, period=period, region=place)
    registry = (
        registry_by_child(conn, scope=scope, region=place)
        if not computed.empty
        else pd.DataFrame(columns=["region_code", "target_kind", "part", "running"])
    )
    rows = children_rows(reported, computed, registry, place)
    if rows.empty:
        return None
    names = region_names(conn, codes=tuple(sorted(set(rows["code"]) - {""})))
    own_name = OWN_ROW_NAMES.get(place.level, "") if place else ""
    columns = [
        (part_column(kind, part), title)
        for kind in KINDS
        for part, title in _REGION_COLUMNS[kind].items()
        if part_column(kind, part) in rows and rows[part_column(kind, part)].notna().any()
    ]
    several = rows.loc[rows["source"] != TOTAL_SOURCE, "source"].nunique() > 1
    table = []
    number = 0
    for _, record in rows.iterrows():
        if record["source"] == TOTAL_SOURCE:
            origin = record["origin"] if isinstance(record["origin"], str) else "由检查结果统计"
            lead = ["", f"合计（{origin}）" if several else "合计"]
        else:
            number += 1
            lead = [str(number), own_name if record["own"] else names.get(str(record["code"]), str(record["code"]))]
        table.append((*lead, *(_whole(record[column]) for column, _ in columns)))
    kinds = "、".join(dict.fromkeys(KIND_NAMES[str(column).partition(":")[0]] for column, _ in columns))
    scope_word = SCOPE_WORDS[place.level if place else None]
    totals = rows[rows["source"] == TOTAL_SOURCE]
    counts = {}
    if len(totals) == 1:
        for column, _ in columns:
            value = totals[column].iloc[0]
            if _present(value):
                counts[column] = int(value)
    return Annex(
        "regions",
        f"{scope_word}{kinds}运行和检查情况",
        ("序号", _REGION_HEADS.get(place.level if place else None, "地区"), *(title for _, title in columns)),
        tuple(table),
        total_rows=len(totals),
        counts=counts,
    )


def _int(value: Any) -> int:
    return int(value)


def _whole(value: object) -> str:
    if not _present(value):
        return ""
    return str(int(float(str(value))))


def _high_scorers_annex(conn: sa.Connection, scope: Scope, period: str, region: str | None) -> Annex | None:
    high = high_scorers(conn, scope=scope, period=period, region=region)
    if high.empty:
        return None
    scored = high["score"].notna().any()
    rows = []
    for index, row in enumerate(high.itertuples(index=False), start=1):
        cells = [str(index), str(row.name), str(row.region_name), str(row.score_band or "")]
        if scored:
            cells.append(str(row.score) if _present(row.score) else "")
        rows.append(tuple(cells))
    columns = ("序号", "网站名称", "所在地区", "得分档次", *(("得分",) if scored else ()))
    return Annex(
        "high_scorers",
        "检查得分较高的政府网站名单",
        columns,
        tuple(rows),
        counts={"rows": len(rows)},
        capped=len(rows) >= HIGH_SCORER_ROW_CAP,
    )


_PROBLEM_COLUMNS = {
    "site": ("序号", "网站名称", "网站标识码", "网址", "存在问题", "主办单位"),
    "account": ("序号", "账号名称", "账号编号", "账号类型", "存在问题", "主办单位"),
    "platform": ("序号", "平台名称", "存在问题", "主办单位"),
}
_PROBLEM_TITLES = {
    "site": "检查发现突出问题的政府网站名单",
    "account": "检查发现突出问题的政务新媒体名单",
    "platform": "检查发现问题的政府信息公开平台名单",
}


def _problems_annex(problems: pd.DataFrame, kind: str, capped: bool) -> Annex | None:
    rows = problems[problems["kind"] == kind]
    if rows.empty:
        return None
    rectified = rows["status_text"].notna().any()
    table = []
    for index, row in enumerate(rows.itertuples(index=False), start=1):
        fields = {
            "site": (row.name, row.code, row.url, row.problem_text, row.host_unit_text),
            "account": (row.name, row.code, row.platform_label, row.problem_text, row.host_unit_text),
            "platform": (row.name, row.problem_text, row.host_unit_text),
        }[kind]
        cells = [str(index), *(str(value) if _present(value) else "" for value in fields)]
        if rectified:
            cells.append(str(row.status_text) if _present(row.status_text) else "")
        table.append(tuple(cells))
    columns = (*_PROBLEM_COLUMNS[kind], *(("整改情况",) if rectified else ()))
    # A capped list's length says nothing of the kind's failing count: the check leaves it alone.
    counts = {} if capped else {"rows": len(table)}
    return Annex(f"problems_{kind}", _PROBLEM_TITLES[kind], columns, tuple(table), counts=counts, capped=capped)


def _rechecks_annex(conn: sa.Connection, scope: Scope, period: str, region: str | None) -> Annex | None:
    rows = rechecked_problems(conn, scope=scope, period=period, region=region, as_of=beijing_today())
    if rows.empty:
        return None
    table = [
        (
            str(index),
            KIND_NAMES.get(str(row.kind), str(row.kind)),
            str(row.name),
            str(row.code) if _present(row.code) else "",
            round_name(str(row.period), row.round_label),
            str(row.problem_text) if _present(row.problem_text) else "",
            str(row.recheck_text) if _present(row.recheck_text) else "",
        )
        for index, row in enumerate(rows.itertuples(index=False), start=1)
    ]
    columns = ("序号", "类型", "名称", "标识码/账号编号", "发现期次", "存在问题", "复查情况")
    return Annex(
        "rechecks",
        "此前检查发现问题的复查情况",
        columns,
        tuple(table),
        counts={"rows": len(table)},
        capped=len(table) >= LIST_ROW_CAP,
    )


def _content_annex(
    conn: sa.Connection, scope: Scope, period: str, place: Region | None, reported: pd.DataFrame
) -> Annex | None:
    """Each unit's submissions, then 合计: the notice's own total rate where it printed one (平均采用率37.9%)."""
    rows = submission_rows(conn, scope=scope, period=period, region=place)
    if rows.empty:
        return None
    table = []
    for index, row in enumerate(rows.itertuples(index=False), start=1):
        if _present(row.adoption_rate):
            rate = percent_as_printed(row.adoption_rate, row.adoption_rate_decimals)
        elif row.submitted:
            rate = computed_percent(round(Decimal(100) * _int(row.adopted) / _int(row.submitted), 2))
        else:
            rate = ""
        table.append((str(index), str(row.unit_name), str(_int(row.submitted)), str(_int(row.adopted)), rate))
    capped = len(rows) >= SUBMISSION_ROW_CAP
    if capped:  # the 合计 of every unit, not of the rows shown
        totals = submission_totals(conn, scope=scope, period=period, region=place).iloc[0]
        submitted, adopted = _int(totals["submitted"] or 0), _int(totals["adopted"] or 0)
    else:
        submitted, adopted = _int(rows["submitted"].sum()), _int(rows["adopted"].sum())
    printed = dict(zip(reported["measure"], reported["value"], strict=True))
    if printed.get("submitted") == submitted and printed.get("adopted") == adopted and "adoption_rate" in printed:
        total_rate = percent(printed["adoption_rate"])
    else:
        total_rate = computed_percent(round(Decimal(100) * adopted / submitted, 2)) if submitted else ""
    table.append(("", "合计", str(submitted), str(adopted), total_rate))
    named = list(dict.fromkeys(rows["portal"]))
    more = "等" if len(named) > PORTALS_NAMED else ""
    portals = "、".join(f"“{portal}”" for portal in named[:PORTALS_NAMED]) + more
    return Annex(
        "content",
        f"{portals}网站内容保障情况统计表",
        ("序号", "单位名称", "报送数", "采用数", "采用率"),
        tuple(table),
        total_rows=1,
        counts={"submitted": submitted, "adopted": adopted},
        capped=capped,
    )


_DISCLOSURE_TITLES = {
    "proactive_total": "主动公开信息",
    "policy_interpretations": "政策解读材料",
    "proposal_handling": "建议提案办理",
    "key_area_items": "重点领域信息",
    "requests_on_time": "依申请公开已按时办结",
    "requests_pending": "依申请公开暂未办结",
}


def _disclosure_annex(conn: sa.Connection, scope: Scope, period: str, place: Region | None) -> Annex | None:
    rows = disclosure_rows(conn, scope=scope, period=period, region=place)
    if rows.empty:
        return None
    rows = rows.sort_values(["seq"], na_position="last", kind="stable")
    shown = [name for name in DISCLOSURE_COUNTS if rows[name].notna().any()]
    table = [
        (
            str(index),
            str(row["unit_name"]),
            str(row["period_text"]) if _present(row["period_text"]) else "",
            *(_whole(row[name]) for name in shown),
        )
        for index, (_, row) in enumerate(rows.iterrows(), start=1)
    ]
    columns = ("序号", "单位名称", "统计时段", *(_DISCLOSURE_TITLES[name] for name in shown))
    return Annex(
        "disclosure",
        "政府信息公开情况",
        columns,
        tuple(table),
        counts={"rows": len(table)},
        capped=len(table) >= DISCLOSURE_ROW_CAP,
    )


def _messages_annex(conn: sa.Connection, scope: Scope, period: str, region: str | None, channel: str) -> Annex | None:
    rows = message_rows(conn, scope=scope, period=period, region=region, channel=channel)
    rows = rows[rows["own"] == 0] if "own" in rows else rows
    if rows.empty:
        return None
    table = []
    for index, row in enumerate(rows.itertuples(index=False), start=1):
        completion = (
            percent_as_printed(row.completion_rate, row.completion_rate_decimals)
            if _present(row.completion_rate)
            else ""
        )
        on_time = percent_as_printed(row.on_time_rate, row.on_time_rate_decimals) if _present(row.on_time_rate) else ""
        days = str(row.avg_working_days) if _present(row.avg_working_days) else ""
        table.append(
            (str(index), str(row.name), _whole(row.received), _whole(row.completed), completion, days, on_time)
        )
    received = int(pd.to_numeric(rows["received"], errors="coerce").fillna(0).sum())
    completed = int(pd.to_numeric(rows["completed"], errors="coerce").fillna(0).sum())
    capped = len(rows) >= MESSAGE_ROW_CAP
    columns = ("序号", "单位", "收到留言", "办结", "办结率", "平均办结时长（工作日）", "按时办结率")
    return Annex(
        f"messages_{channel}",
        f"{CHANNEL_NAMES[channel]}网民留言办理情况",
        columns,
        tuple(table),
        counts={} if capped else {"received": received, "completed": completed},  # a part says nothing of the sum
        capped=capped,
    )
