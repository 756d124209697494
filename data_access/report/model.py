"""What a drafted notice is made of: its head, sections of paragraphs, the figures each states, and its annexes.

Plain data, built by ``data_access.report.draft`` from the store, edited on /report, rendered by
``data_access.report.docx`` and ``.pdf`` and checked by ``data_access.report.check``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal


@dataclass(frozen=True)
class Stated:
    """A figure a sentence states: what it is, its value, how the text writes it, and whether it is computed.

    ``key`` names it for the check: '{kind}.{measure}' (site.checked, account.pass_rate,
    content.submitted, message.site_error_report.received).
    """

    key: str
    label: str  # what a reader calls it: 政务新媒体抽查数
    value: Decimal
    shown: str  # as the text writes it: 1213家, 96.95%
    computed: bool  # not printed by a notice: computed from its counts or from check results


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a section, and the figures its text states (none for prose from a notice or a template)."""

    text: str
    figures: tuple[Stated, ...] = ()


# Where a section's text comes from, for the page to say so.
GENERATED, NARRATIVE, TEMPLATE = "generated", "narrative", "template"


@dataclass(frozen=True)
class Section:
    """A numbered part of the notice: 一、总体情况 and its paragraphs."""

    key: str  # overview | practice | problems | requirements
    heading: str
    paragraphs: tuple[Paragraph, ...]
    origin: str = GENERATED  # GENERATED (figures from the store), NARRATIVE (a notice's own prose), TEMPLATE

    @property
    def text(self) -> str:
        """The section's paragraphs, one a line, as the page edits them."""
        return "\n".join(paragraph.text for paragraph in self.paragraphs)

    @property
    def figures(self) -> tuple[Stated, ...]:
        return tuple(figure for paragraph in self.paragraphs for figure in paragraph.figures)

    def edited(self, text: str) -> Section:
        """The section with ``text`` (a paragraph a line) in place of its own; the figures stay for the check."""
        if text == self.text:
            return self
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        figures = self.figures
        paragraphs = tuple(Paragraph(line, figures if index == 0 else ()) for index, line in enumerate(lines))
        return replace(self, paragraphs=paragraphs)


@dataclass(frozen=True)
class Annex:
    """One attachment as a table: its title, header and rows of text cells, as a notice prints them."""

    key: str  # regions | high_scorers | problems_site | problems_account | problems_platform | rechecks | ...
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total_rows: int = 0  # how many of the last rows are 合计 rows
    counts: dict[str, int] = field(default_factory=dict)  # what the check compares: rows, or a column's sum
    capped: bool = False  # the table holds only the first rows of a longer list (the query's row cap)


@dataclass(frozen=True)
class HeaderCell:
    """One cell of an annex's printed header: its text, the grid column it starts at, and what it spans."""

    column: int
    text: str
    colspan: int = 1
    rowspan: int = 1


_GROUPED = re.compile(r"^(?P<group>[^（]+)（(?P<part>[^）]+)）$")


def header_rows(columns: tuple[str, ...]) -> tuple[tuple[HeaderCell, ...], ...]:
    """The header as the notices print it. Columns side by side named 组（部分） share one cell over their
    parts (市级政府网站数 over 门户 and 部门, notice 002's 附件1), and then every other column spans both rows;
    with no such pair, one row of the column names."""
    found = [_GROUPED.match(column) for column in columns]
    runs: list[tuple[int, int]] = []  # (first column, how many)
    start = 0
    while start < len(columns):
        end = start + 1
        head = found[start]
        while head and end < len(columns) and (following := found[end]) and following["group"] == head["group"]:
            end += 1
        runs.append((start, end - start))
        start = end
    if all(length == 1 for _, length in runs):
        return (tuple(HeaderCell(index, column) for index, column in enumerate(columns)),)
    top: list[HeaderCell] = []
    bottom: list[HeaderCell] = []
    for start, length in runs:
        head = found[start]
        if length == 1 or head is None:
            top.append(HeaderCell(start, columns[start], rowspan=2))
            continue
        top.append(HeaderCell(start, head["group"], colspan=length))
        bottom.extend(
            HeaderCell(index, match["part"]) for index in range(start, start + length) if (match := found[index])
        )
    return (tuple(top), tuple(bottom))


@dataclass(frozen=True)
class Draft:
    """A whole notice: head, opening, sections, contact lines, signature and annexes."""

    period: str
    region_code: str | None
    region_name: str
    round_name: str  # the round as the notice names it: 2020年第一季度, 2024年第一次
    title: str
    number: str  # 文号, may be empty
    addressees: str  # 主送机关
    issuer: str  # 发文机关 (落款)
    issued_on: dt.date | None
    rectification_due: dt.date | None  # 整改: fix by
    report_due: dt.date | None  # 报送: report the rectification by
    opening: str
    sections: tuple[Section, ...]
    closing: str  # ends 四、下一步工作要求: the two deadlines
    contact: str
    annexes: tuple[Annex, ...]
    notes: tuple[str, ...] = ()  # what the draft could not fill from the store, for the page to say

    @property
    def figures(self) -> tuple[Stated, ...]:
        return tuple(figure for section in self.sections for figure in section.figures)

    def section(self, key: str) -> Section | None:
        return next((section for section in self.sections if section.key == key), None)

    def with_sections(self, texts: dict[str, str]) -> Draft:
        """The draft with the sections named in ``texts`` edited."""
        return replace(self, sections=tuple(s.edited(texts[s.key]) if s.key in texts else s for s in self.sections))

    @property
    def text(self) -> str:
        """The whole notice as plain text, head to signature (annex titles, not their tables)."""
        parts = [self.title, self.number, self.addressees, self.opening]
        for section in self.sections:
            parts += [section.heading, section.text]
        parts += [self.closing, self.contact]
        parts += [annex_list_line(self.annexes)] if self.annexes else []
        parts += [self.issuer, chinese_date(self.issued_on) if self.issued_on else ""]
        return "\n".join(part for part in parts if part)


def chinese_date(day: dt.date) -> str:
    """2020-04-02 -> '2020年4月2日', as notices date themselves."""
    return f"{day.year}年{day.month}月{day.day}日"


def annex_list_line(annexes: tuple[Annex, ...]) -> str:
    """附件：1.全省政府网站运行和检查情况　2.…"""
    items = [f"{index}.{annex.title}" for index, annex in enumerate(annexes, start=1)]
    return "附件：" + "\n　　　".join(items)
