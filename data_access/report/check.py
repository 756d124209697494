"""Before a notice goes out: every figure its text states that its annexes do not bear out.

Real notices have such slips: notice 000 says 96.95% of 1213 accounts passed, which leaves 37
failing, and its annex lists 36. The check compares what the text states (the figures its
sentences were written from) with what the annexes hold: failing counts with the rows of the
problem lists, a pass rate with the checked and failing counts it should follow from (at the
precision the rate is printed to), running and checked counts with 附件1's 合计, content and
message totals with their tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from data_access.report.model import Annex, Draft, Stated
from data_access.vocabulary import KIND_NAMES, KIND_UNITS

KINDS = ("site", "account", "platform")


@dataclass(frozen=True)
class Mismatch:
    """One figure of the text that an annex does not bear out, said in one Chinese sentence."""

    subject: str  # 政务新媒体
    text: str  # what the text says: 抽查1213家，合格率96.95%（即不合格37个）
    annex: str  # what the annex holds: 附件2列出36个
    sentence: str  # the whole finding, for the page and the drafting note


def check(draft: Draft) -> list[Mismatch]:
    """Every figure of ``draft``'s text that its annexes (or its own other figures) do not bear out."""
    stated = {figure.key: figure for figure in draft.figures}
    numbers = {annex.key: index for index, annex in enumerate(draft.annexes, start=1)}
    annexes = {annex.key: annex for annex in draft.annexes}
    found: list[Mismatch] = []
    for kind in KINDS:
        name, word = KIND_NAMES[kind], KIND_UNITS[kind]
        checked, failed, rate = (stated.get(f"{kind}.{m}") for m in ("checked", "failed", "pass_rate"))
        listed = annexes.get(f"problems_{kind}")
        where = f"附件{numbers[f'problems_{kind}']}" if listed else ""
        rows = listed.counts["rows"] if listed else None
        if failed is not None and rows is not None and int(failed.value) != rows:
            found.append(_mismatch(name, f"存在突出问题的{name}{failed.shown}", f"{where}列出{rows}{word}"))
        if rate is not None and checked is not None and not rate.computed:
            failing = int(failed.value) if failed is not None else rows
            if failing is not None and not _rate_fits(rate, int(checked.value), failing):
                implied = _implied_failures(rate, int(checked.value))
                said = f"抽查{checked.shown}，合格率{rate.shown}（即不合格约{implied}{word}）"
                if failed is not None:
                    found.append(_mismatch(name, said, f"正文所说存在突出问题的{name}为{failed.shown}"))
                else:
                    found.append(_mismatch(name, said, f"{where}列出{rows}{word}"))
        found += _against_totals(stated, kind, annexes, numbers)
    found += _against_sums(stated, annexes, numbers)
    return found


def drafting_note(draft: Draft, findings: Sequence[Mismatch]) -> list[str]:
    """The lines of the drafting note (起草说明) both files end with: what the draft could not fill, the check's
    findings, and every computed figure of the text, for a reviewer to settle before the notice is issued."""
    lines = list(draft.notes)
    if findings:
        lines.append("正文与附件不一致之处：")
        lines += [f"{index}. {finding.sentence}" for index, finding in enumerate(findings, start=1)]
    else:
        lines.append("正文中的数字与附件一致。")
    computed = [figure for figure in draft.figures if figure.computed]
    if computed:
        lines.append("以下数字不是通报公布的数字，是由已入库数据计算的计算值，请核实：")
        lines += [f"{figure.label}：{figure.shown}" for figure in computed]
    return lines


def _mismatch(subject: str, text: str, annex: str) -> Mismatch:
    return Mismatch(subject, text, annex, f"{subject}：正文称{text}，而{annex}。")


def _places(rate: Stated) -> int:
    """Digits the rate is printed with after the point (98.94% -> 2, 100% -> 0)."""
    exponent = rate.value.normalize().as_tuple().exponent
    return max(0, -int(exponent))


def _rate_fits(rate: Stated, checked: int, failing: int) -> bool:
    """True when (checked - failing) / checked rounds to the rate as printed."""
    if checked <= 0:
        return True
    exact = Decimal(100) * (checked - failing) / checked
    half = Decimal(5) * Decimal(10) ** (-_places(rate) - 1)
    return abs(exact - rate.value) <= half


def _implied_failures(rate: Stated, checked: int) -> int:
    """The failing count the printed rate implies: 1213 at 96.95% -> 37."""
    return int((Decimal(checked) * (Decimal(100) - rate.value) / 100).to_integral_value())


def _against_totals(
    stated: dict[str, Stated], kind: str, annexes: dict[str, Annex], numbers: dict[str, int]
) -> list[Mismatch]:
    """The region's running, checked and failing counts against 附件1's 合计, when both have them."""
    table = annexes.get("regions")
    if table is None:
        return []
    found = []
    name, word = KIND_NAMES[kind], KIND_UNITS[kind]
    for measure, said in (("running", "运行"), ("checked", "抽查"), ("failed", "存在突出问题")):
        figure, total = stated.get(f"{kind}.{measure}"), table.counts.get(f"{kind}:{measure}")
        if figure is not None and total is not None and int(figure.value) != total:
            where = f"附件{numbers['regions']}合计为{total}{word}"
            found.append(_mismatch(name, f"{said}{name}{figure.shown}", where))
    return found


def _against_sums(stated: dict[str, Stated], annexes: dict[str, Annex], numbers: dict[str, int]) -> list[Mismatch]:
    """Content and message totals of the text against the sums of their tables."""
    found = []
    checks = [("content", "content", ("submitted", "报送信息"), ("adopted", "采用信息"))]
    checks += [
        (f"message.{channel}", f"messages_{channel}", ("received", "收到留言"), ("completed", "办结"))
        for channel in ("site_error_report", "governor_suggestion")
    ]
    for prefix, key, *measures in checks:
        annex = annexes.get(key)
        if annex is None:
            continue
        for measure, said in measures:
            figure, total = stated.get(f"{prefix}.{measure}"), annex.counts.get(measure)
            if figure is not None and total is not None and int(figure.value) != total:
                found.append(_mismatch(said, f"{said}{figure.shown}", f"附件{numbers[key]}合计为{total}条"))
    return found
