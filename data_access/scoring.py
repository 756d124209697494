"""The scoring rule of an indicator set: one pure function from a check's findings to its verdict.

``score(indicator_set, findings, portal=..., has_services=...)`` is the rule of 国办秘函〔2019〕19号 as
the set's data parameterise it, and the only place it is decided; the /inspect page, the scoring-sheet
import and the synthetic generator all call it. No database, no streamlit: Decimal arithmetic, one decimal.

- A finding against a single-veto item (``part == "veto"``) fails the check (不合格) and nothing else is
  scored: no score, every deduction and bonus counts 0.
- Otherwise the score is ``max_score`` minus the deductions, each indicator's deductions (several findings
  may name one indicator) capped at its cap, and never below 0. Below ``pass_line`` (60) it fails; exactly
  60 passes.
- At ``bonus_threshold`` (80) or more, the bonus findings count, each indicator capped at its cap and the
  whole bonus at ``bonus_max``, for portals only when ``bonus_portals_only`` (the national set). The
  published text says 高于80分 (above 80) where the summary says 80 or more; the set's threshold is
  inclusive, as the issue that introduced scoring decided.
- A unit without external service functions (``has_services=False``) is not checked on the indicators the
  set marks ``needs_services`` (服务不实用 and the 办事服务 group): findings against them count 0, and the
  score stays out of ``max_score`` (the points of the skipped group are not taken away, nor re-scaled).
- A set without deduction indicators (the national new-media set) gives no score: 合格 unless vetoed.

Each finding's ``counted`` points say what it contributed after caps, skips and the veto, in the order the
findings were given: a cap is used up by the earlier findings of its indicator first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from data_access.problems import CATEGORIES, categorize

PARTS = ("veto", "deduct", "bonus")
TENTH = Decimal("0.1")
ZERO = Decimal("0.0")

# The bands /scores counts checks in, best first: (code, lowest score, highest score exclusive). A vetoed
# check has no score and is its own band; so is a pass of a set that gives no score. The edges are the
# rule's own thresholds (60 the pass line, 80 where bonus points start, 100 the deduction part's maximum)
# and the notices' 高分网站 bands (100–110, 110–120 and up); 90 splits the 80–100 range most sites fall in.
SCORE_BANDS: tuple[tuple[str, Decimal | None, Decimal | None], ...] = (
    ("110_plus", Decimal(110), None),
    ("100_110", Decimal(100), Decimal(110)),
    ("90_100", Decimal(90), Decimal(100)),
    ("80_90", Decimal(80), Decimal(90)),
    ("60_80", Decimal(60), Decimal(80)),
    ("below_60", None, Decimal(60)),
)
VETO_BAND = "veto"
UNSCORED_BAND = "unscored"
BANDS = (*(code for code, _, _ in SCORE_BANDS), VETO_BAND, UNSCORED_BAND)
# The high-score bands a notice lists (附件2 of notice 002: 110-120, 100-110), written to check_results.score_band
# for a check that earned bonus points and scored 100 or more, so the overview and the notice writer name it.
HIGH_BAND_STEP = 10


class ScoringError(ValueError):
    """Findings the rule cannot score (an unknown indicator, a bad number); the message is Chinese."""


@dataclass(frozen=True)
class Indicator:
    """One item of a set: a single-veto item, a deduction indicator or a bonus indicator."""

    key: int | str  # its id in the store, or its name before it is stored
    part: str  # veto | deduct | bonus
    name: str
    group: str | None = None  # 一级指标 (发布解读, 办事服务, …); None for veto items
    cap: Decimal | None = None  # the most its findings may deduct (or add); None for veto items
    category: str | None = None  # the standard problem category (data_access.problems.CATEGORIES)
    also: tuple[str, ...] = ()  # other categories the item covers, chosen by a finding's note
    needs_services: bool = False  # not checked for a unit without external service functions
    rule: str = ""  # the rule text as published

    @property
    def label(self) -> str:
        """The name as lists show it: 发布解读 › 政策解读."""
        return f"{self.group} › {self.name}" if self.group else self.name


@dataclass(frozen=True)
class IndicatorSet:
    """A versioned set of indicators and the numbers of its rule."""

    key: int | str  # its id in the store, or its code before it is stored
    code: str  # the set's identity across versions: national-2019-site
    version: int
    name: str
    kind: str  # site | account
    indicators: tuple[Indicator, ...]
    region_code: str | None = None  # None: national
    max_score: Decimal = Decimal(100)
    pass_line: Decimal = Decimal(60)
    bonus_threshold: Decimal = Decimal(80)
    bonus_max: Decimal = Decimal(30)
    bonus_portals_only: bool = True
    _by_key: dict[int | str, Indicator] = field(default_factory=dict, init=False, repr=False, compare=False)
    _parts: dict[str, tuple[Indicator, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_key.update((indicator.key, indicator) for indicator in self.indicators)
        for part in PARTS:
            self._parts[part] = tuple(indicator for indicator in self.indicators if indicator.part == part)

    def indicator(self, key: int | str) -> Indicator:
        """The indicator with ``key``; ScoringError when the set has none."""
        found = self._by_key.get(key)
        if found is None:
            raise ScoringError(f"指标集“{self.name}”中没有这一指标（{key}）")
        return found

    def by_name(self, name: str) -> Indicator | None:
        """The indicator named ``name`` (its name or its 一级指标 › name), or None."""
        wanted = name.strip()
        return next((i for i in self.indicators if wanted in (i.name, i.label)), None)

    def part(self, part: str) -> tuple[Indicator, ...]:
        """The indicators of one part (veto, deduct or bonus), in the set's order."""
        return self._parts.get(part, ())

    @property
    def scored(self) -> bool:
        """True when the set has a deduction part, so a check that is not vetoed gets a score."""
        return bool(self._parts["deduct"])


@dataclass(frozen=True)
class Finding:
    """What an inspector recorded against one indicator: for a deduction or bonus indicator its points,
    for a single-veto item no points (naming it is the veto)."""

    indicator: int | str  # the indicator's key
    points: Decimal | None = None


@dataclass(frozen=True)
class Verdict:
    """What the rule makes of a check's findings."""

    passed: bool
    vetoed: bool
    score: Decimal | None  # None when vetoed, or for a set that gives no score
    deducted: Decimal  # deductions counted, after caps
    bonus: Decimal  # bonus points counted
    band: str  # one of BANDS
    counted: tuple[Decimal, ...]  # per finding, in the order given
    skipped: tuple[int, ...] = ()  # positions of findings not counted because the unit has no external services
    vetoes: tuple[int, ...] = ()  # positions of the single-veto findings

    @property
    def high_band(self) -> str | None:
        """The notices' high-score band (100-110, 110-120, …) of a check that earned bonus points; else None."""
        if self.score is None or self.bonus <= 0 or self.score < 100:
            return None
        # The top score (130 nationally) belongs to the band below it, as a notice's 120-130 includes 130.
        low = int(self.score // HIGH_BAND_STEP * HIGH_BAND_STEP)
        if low == self.score and low > 100:
            low -= HIGH_BAND_STEP
        return f"{low}-{low + HIGH_BAND_STEP}"


def points(value: object) -> Decimal:
    """A number of points as the rule counts them: at least 0, at most one decimal ('0.5', 2 -> Decimal)."""
    if isinstance(value, Decimal) and value.is_finite() and value >= 0 and value.as_tuple().exponent in _ONE_DECIMAL:
        return value  # the common case, checked without a conversion
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ScoringError(f"分值应为数字，而不是“{value}”") from None
    if not number.is_finite() or number < 0:
        raise ScoringError(f"分值应为不小于0的数字，而不是“{value}”")
    if number != number.quantize(TENTH, rounding=ROUND_HALF_UP):
        raise ScoringError(f"分值最多保留一位小数，而不是“{value}”")
    return number.quantize(TENTH)


_ONE_DECIMAL = frozenset({0, -1})


def score(indicator_set: IndicatorSet, findings: Sequence[Finding], *, portal: bool, has_services: bool) -> Verdict:
    """The verdict of a check with ``findings`` under ``indicator_set`` (see the module's docstring)."""
    items: list[tuple[Decimal, Indicator]] = []
    skip: list[int] = []
    veto: list[int] = []
    for position, finding in enumerate(findings):
        indicator = indicator_set.indicator(finding.indicator)
        if indicator.part == "veto":
            if finding.points is not None:
                raise ScoringError(f"单项否决项“{indicator.name}”不计分值")
            amount = ZERO
        elif finding.points is None:
            raise ScoringError(f"“{indicator.name}”缺少分值")
        else:
            amount = points(finding.points)
        items.append((amount, indicator))
        if indicator.needs_services and not has_services:
            skip.append(position)
        elif indicator.part == "veto":
            veto.append(position)
    skipped, vetoes = tuple(skip), tuple(veto)
    counted = [ZERO] * len(items)
    if vetoes:
        return Verdict(False, True, None, ZERO, ZERO, VETO_BAND, tuple(counted), skipped, vetoes)
    deducted = _capped(items, "deduct", skipped, counted, None)
    if not indicator_set.scored:
        return Verdict(True, False, None, ZERO, ZERO, UNSCORED_BAND, tuple(counted), skipped, vetoes)
    base = max(ZERO, (indicator_set.max_score - deducted).quantize(TENTH))
    passed = base >= indicator_set.pass_line
    bonus = ZERO
    if passed and base >= indicator_set.bonus_threshold and (portal or not indicator_set.bonus_portals_only):
        bonus = _capped(items, "bonus", skipped, counted, indicator_set.bonus_max)
    total = (base + bonus).quantize(TENTH)
    return Verdict(passed, False, total, deducted, bonus, band(total), tuple(counted), skipped, vetoes)


def _capped(
    items: list[tuple[Decimal, Indicator]],
    part: str,
    skipped: tuple[int, ...],
    counted: list[Decimal],
    whole_cap: Decimal | None,
) -> Decimal:
    """Count the findings of ``part`` into ``counted``, each indicator up to its cap and all up to ``whole_cap``."""
    used: dict[int | str, Decimal] = {}
    total = ZERO
    for position, (given, indicator) in enumerate(items):
        if indicator.part != part or position in skipped:
            continue
        room = (indicator.cap if indicator.cap is not None else _NO_CAP) - used.get(indicator.key, ZERO)
        if whole_cap is not None:
            room = min(room, whole_cap - total)
        amount = min(given, room) if room > 0 else ZERO
        used[indicator.key] = used.get(indicator.key, ZERO) + amount
        counted[position] = amount
        total += amount
    return total.quantize(TENTH)


_NO_CAP = Decimal("Infinity")


def band(score_value: Decimal | None, *, vetoed: bool = False) -> str:
    """The band of a score (see SCORE_BANDS): VETO_BAND when vetoed, UNSCORED_BAND without a score."""
    if vetoed:
        return VETO_BAND
    if score_value is None:
        return UNSCORED_BAND
    for code, low, high in SCORE_BANDS:
        if (low is None or score_value >= low) and (high is None or score_value < high):
            return code
    raise AssertionError(score_value)  # the bands cover every number


def finding_category(indicator: Indicator, note: str | None) -> str:
    """The problem category a finding counts under: the indicator's, or another it covers that the note names."""
    default = indicator.category or "other"
    if indicator.also and note:
        allowed = (default, *indicator.also)
        named = [category for category, _ in categorize(note) if category in allowed]
        if named:
            return named[0]
    return default


@dataclass(frozen=True)
class Problem:
    """One problem row of a failed check: a standard category and the findings it covers, as text."""

    category: str
    detail: str


def problem_findings(verdict: Verdict, indicators: Sequence[Indicator]) -> list[int]:
    """Positions of the findings that are the check's problems: its veto items when vetoed; its counted
    deductions when it failed on points; none when it passed (a passing site is not a problem site)."""
    if verdict.passed:
        return []
    if verdict.vetoed:
        return list(verdict.vetoes)
    return [i for i, indicator in enumerate(indicators) if indicator.part == "deduct" and verdict.counted[i] > 0]


def _described(indicator: Indicator, note: str | None, amount: Decimal | None) -> str:
    said = indicator.name if amount is None else f"{indicator.name}扣{_number(amount)}分"
    return f"{said}（{note.strip()}）" if note and note.strip() else said


def problems_of(
    verdict: Verdict,
    indicators: Sequence[Indicator],
    notes: Sequence[str | None],
    *,
    pass_line: Decimal = Decimal(60),
) -> tuple[str | None, list[Problem]]:
    """The problem text of a failed check (None when it passed) and its problems, one per category."""
    chosen = problem_findings(verdict, indicators)
    if not chosen:
        return None, []
    amounts = [None if verdict.vetoed else verdict.counted[i] for i in chosen]
    parts = [_described(indicators[i], notes[i], amount) for i, amount in zip(chosen, amounts, strict=True)]
    if verdict.vetoed:
        text = "单项否决：" + "；".join(parts)
    else:
        text = f"得分{_number(verdict.score or ZERO)}分，低于{_number(pass_line)}分：" + "；".join(parts)
    grouped: dict[str, list[str]] = {}
    for i, part in zip(chosen, parts, strict=True):
        grouped.setdefault(finding_category(indicators[i], notes[i]), []).append(part)
    ordered = sorted(grouped.items(), key=lambda item: CATEGORIES.index(item[0]))
    return text, [Problem(category, "；".join(details)) for category, details in ordered]


def _number(value: Decimal) -> str:
    """1.0 -> '1', 0.5 -> '0.5', 92.0 -> '92'."""
    text = f"{value.quantize(TENTH)}"
    return text[:-2] if text.endswith(".0") else text


def total_caps(indicators: Iterable[Indicator]) -> Decimal:
    """The sum of the caps of ``indicators`` (the points a group or part is worth)."""
    return sum((indicator.cap or ZERO for indicator in indicators), ZERO)
