"""How numbers read, on screen and in a generated notice: reported percentages as printed, computed ones with two
decimals, counts with the notice's counting words, changes in the notice's words or in percentage points.

Pure functions shared by the pages (``dashboard.formatting``) and the notice writer (``data_access.report``).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

DASH = "—"
RISE, FALL, FLAT = "上升", "下降", "持平"
POINTS = "个百分点"


def _decimal(value: object) -> Decimal | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return Decimal(str(value))


def percent(value: object) -> str:
    """94.75 -> '94.75%', 99.60 -> '99.6%', 100.00 -> '100%': the digits the notice printed."""
    number = _decimal(value)
    if number is None:
        return DASH
    text = format(number.quantize(Decimal("0.01")).normalize(), "f")
    return f"{text}%"


def percent_as_printed(value: object, decimals: object) -> str:
    """A rate as the notice printed it: (3.00, 1) -> '3.0%', (22.00, 0) -> '22%'; '' when there is none.

    Without a digit count (rows loaded before the count was kept) the rate
    shows as its value reads, as ``formatting.percent`` does.
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if decimals is None or pd.isna(decimals):  # type: ignore[call-overload]
        return percent(value)
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(decimals)))  # type: ignore[call-overload]
    return f"{number:f}%"


def signed_percent(value: object) -> str:
    """-1.12 -> '-1.12%', 1.33 -> '+1.33%'."""
    number = _decimal(value)
    if number is None:
        return DASH
    sign = "+" if number > 0 else ""
    return f"{sign}{percent(number)}"


def computed_percent(value: object) -> str:
    """A rate we computed: always two decimals, 95.8 -> '95.80%', 100 -> '100.00%'."""
    number = _decimal(value)
    return DASH if number is None else f"{number.quantize(Decimal('0.01')):f}%"


def count(value: object, unit: str = "") -> str:
    """1308 -> '1,308'; with a unit, 1308 -> '1,308个'."""
    number = _decimal(value)
    return DASH if number is None else f"{int(number):,}{unit}"


# The counting words notices print after a count: 1308家, 57个, 4092条, 50件.
COUNTING_WORDS = "家个条件项次"


def printed_counting_word(value: object, source_text: object, default: str) -> str:
    """The word the notice printed after this count in ``source_text`` ('政务新媒体共1308家' -> '家'), else ``default``.

    Notices count accounts now in 家 and now in 个 (1308家, 57个); a reported figure keeps the notice's word.
    """
    number = _decimal(value)
    if number is None or not isinstance(source_text, str) or number != number.to_integral_value():
        return default
    whole = int(number)
    for digits in dict.fromkeys((str(whole), f"{whole:,}")):
        found = re.search(rf"(?<![\d.,]){re.escape(digits)}([{COUNTING_WORDS}])", source_text)
        if found:
            return found.group(1)
    return default


def _direction(number: Decimal) -> str:
    if number > 0:
        return RISE
    return FALL if number < 0 else FLAT


def stated_change(name: str, value: object) -> str:
    """A change as a notice words it: ('同比', 1.33) -> '同比上升1.33%', ('环比', -3.82) -> '环比下降3.82%'.

    Notices do not say whether the change is in points or in percent, so the
    printed "%" is kept and nothing is converted.
    """
    number = _decimal(value)
    if number is None:
        return DASH
    if not number:
        return f"{name}{FLAT}"
    return f"{name}{_direction(number)}{percent(abs(number))}"


def points_change(name: str, value: object) -> str:
    """A change we computed, in percentage points: ('环比', 0.25) -> '环比上升0.25个百分点'."""
    number = _decimal(value)
    if number is None:
        return DASH
    if not number.quantize(Decimal("0.01")):
        return f"{name}{FLAT}"
    return f"{name}{_direction(number)}{abs(number).quantize(Decimal('0.01')):f}{POINTS}"


def rate(passed: int, total: int) -> Decimal | None:
    """A computed pass rate in percent points, two decimals; None for no checks."""
    if not total:
        return None
    return (Decimal(100) * passed / total).quantize(Decimal("0.01"))
