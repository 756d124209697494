"""Quarters as the store keys them ('2022Q3') and as users read them (2022年第三季度)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_PERIOD_RE = re.compile(r"^(\d{4})Q([1-4])$")
_QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
FIRST_YEAR, LAST_YEAR = 2000, 2099


@dataclass(frozen=True, order=True)
class Period:
    """One quarter."""

    year: int
    quarter: int

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{_QUARTER_NAMES[self.quarter]}季度"

    def shifted(self, quarters: int) -> Period:
        """The quarter ``quarters`` later (earlier when negative)."""
        index = self.year * 4 + self.quarter - 1 + quarters
        return Period(index // 4, index % 4 + 1)


def parse_period(text: str) -> Period:
    """Parse '2022Q3'; raise ValueError for anything else."""
    match = _PERIOD_RE.match(text.strip().upper())
    if not match:
        raise ValueError(f"not a quarter: {text!r}")
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year out of range: {text!r}")
    return Period(year, int(match.group(2)))


def round_name(period: str, label: object = None) -> str:
    """A round as users read it: its own name where it has one (2024年第一次), else its quarter's label."""
    return label if isinstance(label, str) and label else period_label(period)


@functools.lru_cache(maxsize=512)
def period_label(key: str) -> str:
    """'2022Q3' -> '2022年第三季度' (remembered: tables label thousands of rows with a few dozen quarters)."""
    return parse_period(key).label
