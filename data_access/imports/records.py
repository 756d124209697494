"""From a file's text cells to typed records of a kind, with every row's problems in Chinese.

Only what the cells themselves tell is checked here (numbers, percentages,
codes, dates, required cells, duplicates within the file); what needs the
store (regions, units, rows already there) is checked by the writer.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from data_access.imports import kinds as k
from data_access.imports.reader import RawTable
from data_access.periods import FIRST_YEAR, LAST_YEAR, Period

SITE_CODE_RE = re.compile(r"^\d{10}$")
ACCOUNT_CODE_RE = re.compile(r"^(\d{6}[A-Z]\d{3}[A-Z]{2}\d{4}|\d{5,20})$")
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_QUARTER_RE = re.compile(r"(\d{4})\s*年\s*(?:第\s*)?([一二三四1-4])\s*季度")
_QUARTER_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Issue:
    """One reason a file cannot be taken: where (row line, column label) and what, in Chinese."""

    line: int | None
    column: str | None
    message: str

    def text(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"第{self.line}行")
        if self.column:
            where.append(f"“{self.column}”")
        return f"{'，'.join(where)}：{self.message}" if where else self.message


@dataclass
class Record:
    """One row of the file as the kind's typed fields; ``printed`` keeps a percentage's digits as printed."""

    line: int
    values: dict[str, Any]
    printed: dict[str, str]


class CellError(ValueError):
    """A cell that does not hold what its column needs; the message is Chinese."""


def _number_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "").strip()


def parse_int(text: str) -> int:
    value = _number_text(text)
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError(f"应为数字，而不是“{text}”") from None
    if number != number.to_integral_value() or not number.is_finite():
        raise CellError(f"应为整数，而不是“{text}”")
    if number < 0:
        raise CellError(f"不能为负数：{text}")
    return int(number)


def parse_decimal(text: str) -> Decimal:
    try:
        number = Decimal(_number_text(text))
    except InvalidOperation:
        raise CellError(f"应为数字，而不是“{text}”") from None
    if not number.is_finite() or number < 0:
        raise CellError(f"应为不小于0的数字，而不是“{text}”")
    return number


def parse_percent(text: str) -> tuple[Decimal, str]:
    """A percentage in percent points and its digits as printed: '37.9%' and '37.9' -> (37.9, '37.9')."""
    value = _number_text(text).removesuffix("%")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError(f"应为百分比，而不是“{text}”") from None
    if not number.is_finite() or number < 0:
        raise CellError(f"应为0%到100%之间的百分比，而不是“{text}”")
    if number > 100:
        raise CellError(f"百分比不能超过100%：{text}")
    return number, value


def parse_date(text: str) -> dt.date:
    match = _DATE_RE.match(unicodedata.normalize("NFKC", text).strip())
    try:
        if match is None:
            raise ValueError
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise CellError(f"应为日期（如 2024-03-20），而不是“{text}”") from None


def period_from_titles(lines: tuple[str, ...]) -> str | None:
    """The quarter a title line names ('2024年第一季度…' -> '2024Q1'), or None."""
    for line in lines:
        match = _QUARTER_RE.search(line)
        if match and FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
            return Period(int(match.group(1)), _QUARTER_DIGITS[match.group(2)]).key
    return None


def _parse_cell(f: k.Field, text: str) -> tuple[Any, str | None]:
    """(typed value, printed digits for percentages)."""
    if f.type == k.INT:
        return parse_int(text), None
    if f.type == k.DECIMAL:
        return parse_decimal(text), None
    if f.type == k.PERCENT:
        return parse_percent(text)
    if f.type == k.DATE:
        return parse_date(text), None
    if f.type == k.SITE_CODE:
        code = unicodedata.normalize("NFKC", text).strip()
        if not SITE_CODE_RE.match(code):
            raise CellError(f"网站标识码应为10位数字，而不是“{text}”")
        return code, None
    if f.type == k.ACCOUNT_CODE:
        code = unicodedata.normalize("NFKC", text).strip().upper()
        if not ACCOUNT_CODE_RE.match(code):
            raise CellError(f"政务新媒体编号格式不对（应如 360400M001WX0001）：“{text}”")
        return code, None
    return text, None


# The fields that identify one row of a kind within a file: a second row with the same values is a duplicate.
# A code under two host units is two targets (data_access.schema.targets), so the unit is part of a target's key.
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "site_figures": ("region",),
    "account_figures": ("region",),
    "summary": ("region",),
    "site_problems": ("code", "name", "problem", "unit"),
    "account_problems": ("code", "name", "platform_label", "problem", "unit"),
    "platform_problems": ("name", "problem", "unit"),
    "rectification": ("code", "name", "unit", "found_period"),
    "feedback": ("code", "name", "unit"),
    "high_scorers": ("code", "name", "unit"),
    "content": ("portal", "unit"),
    "disclosure": ("unit",),
    "messages": ("channel", "group_label", "unit"),
    "registry_changes": ("kind", "code", "name", "platform_label", "unit"),
    "registry_regions": ("code",),
    "registry_units": ("region", "name"),
    "registry_sites": ("code", "unit"),
    "registry_accounts": ("code", "unit"),
    "scores_long": ("seq", "code", "unit", "indicator", "points", "note", "evidence_url"),
    "scores_wide": ("code", "unit"),
}
OPEN_COLUMNS = "_columns"  # a record's cells under headers that name no field of an open kind: header -> text


def to_records(table: RawTable, kind: k.Kind) -> tuple[list[Record], list[Issue]]:
    """The file's rows as records of ``kind``, and every problem found in its cells."""
    columns = k.column_map(kind, table.headers)
    issues = [Issue(None, f.label, "缺少这一必需的列") for f in kind.fields if f.required and f.name not in columns]
    if issues:
        return [], issues
    if any(not header for header in table.headers):
        issues.append(Issue(None, None, "有一列没有表头，但有数据；请补上表头或删除这一列"))
    records: list[Record] = []
    seen: dict[tuple[Any, ...], int] = {}
    for row in table.rows:
        values: dict[str, Any] = {}
        printed: dict[str, str] = {}
        for f in kind.fields:
            text = row.cells[columns[f.name]].strip() if f.name in columns else ""
            if not text:
                if f.required:
                    issues.append(Issue(row.line, f.label, "不能为空"))
                values[f.name] = None
                continue
            try:
                values[f.name], digits = _parse_cell(f, text)
            except CellError as error:
                issues.append(Issue(row.line, f.label, str(error)))
                values[f.name] = None
                continue
            if digits is not None:
                printed[f.name] = digits
        if kind.open_columns:
            named = set(columns.values())
            values[OPEN_COLUMNS] = {
                header: row.cells[index].strip()
                for index, header in enumerate(table.headers)
                if index not in named and header and row.cells[index].strip()
            }
        key = tuple(values.get(name) for name in ROW_KEYS[kind.key])
        if key in seen:
            issues.append(Issue(row.line, None, f"与第{seen[key]}行重复"))
        else:
            seen[key] = row.line
        issues.extend(_row_checks(kind, row.line, values))
        records.append(Record(row.line, values, printed))
    if not records and not issues:
        issues.append(Issue(None, None, "表中没有数据行"))
    return records, issues


def _row_checks(kind: k.Kind, line: int, values: dict[str, Any]) -> list[Issue]:
    """Checks across cells of one row: sampled no more than running, failed no more than sampled."""
    found = []
    running, checked, failed = values.get("running"), values.get("checked"), values.get("failed")
    if kind.key.endswith("_figures"):
        if running is not None and checked is not None and checked > running:
            found.append(Issue(line, kind.field("checked").label, f"抽查数（{checked}）大于运行总数（{running}）"))
        if checked is not None and failed is not None and failed > checked:
            found.append(Issue(line, kind.field("failed").label, f"问题数（{failed}）大于抽查数（{checked}）"))
    adopted, submitted = values.get("adopted"), values.get("submitted")
    if kind.key == "content" and adopted is not None and submitted is not None and adopted > submitted:
        found.append(Issue(line, "信息采用数", f"采用数（{values['adopted']}）大于报送数（{values['submitted']}）"))
    return found
