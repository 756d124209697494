"""Blank templates for every importable kind: the Chinese headers and one example row, as XLSX and CSV.

Pure functions, kind key in, bytes out. The XLSX holds the table on its
first sheet (header bold, codes as text cells, percentages as percent
cells) and a second sheet 填写说明 that lists each column; the CSV is UTF-8
with BOM so that Excel opens the Chinese headers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from decimal import Decimal

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from data_access.imports import kinds as k

GUIDE_SHEET = "填写说明"
GUIDE_HEADERS = ("列名", "是否必填", "填写内容", "其他可识别的列名", "示例")
REQUIRED, OPTIONAL = "必填", "选填"
TYPE_NAMES = {
    k.TEXT: "文字",
    k.INT: "整数",
    k.PERCENT: "百分比（如 98.5%）",
    k.DECIMAL: "数字",
    k.DATE: "日期（如 2024-03-20）",
    k.SITE_CODE: "网站标识码（10位数字）",
    k.ACCOUNT_CODE: "政务新媒体编号（如 360400M001WX0001）",
    k.REGION: "地区名称或6位区划代码",
}
MIN_WIDTH, MAX_WIDTH = 8, 60
_SHEET_ILLEGAL = re.compile(r"[\[\]:*?/\\]")
_FORMULA_PREFIXES = ("=", "+", "-", "@")


def _kind(kind_key: str) -> k.Kind:
    if kind_key not in k.KINDS:
        raise KeyError(kind_key)
    return k.KINDS[kind_key]


def _width(text: str) -> int:
    """Column width in Excel units for ``text``: CJK characters count double, plus a margin."""
    shown = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return max(MIN_WIDTH, min(MAX_WIDTH, shown + 2))


def _escaped(text: str) -> str:
    """Text a spreadsheet would run as a formula, quoted."""
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


# A wide scoring sheet's example cells, by indicator; every other indicator column is left empty.
_INDICATOR_EXAMPLES = {"政策解读": "5", "办事指南": "2", "可用性": "0.2"}
_PART_WORDS = {
    "veto": "单项否决项：出现即填“是”",
    "deduct": "扣分指标：填扣分",
    "bonus": "加分指标：填加分（仅门户网站）",
}


def indicator_columns(kind_key: str) -> list[tuple[str, str, str]]:
    """The indicator columns a kind's template adds after its fields: (header, what to fill in, example), from
    the shipped national website set; none for a kind without open columns."""
    if not _kind(kind_key).open_columns:
        return []
    from data_access.indicator_sets import shipped

    site = next(spec.indicator_set for spec in shipped() if spec.indicator_set.kind == "site")
    return [
        (
            item.name,
            f"{_PART_WORDS[item.part]}" + (f"（上限 {item.cap} 分）" if item.cap is not None else ""),
            _INDICATOR_EXAMPLES.get(item.name, ""),
        )
        for item in site.indicators
    ]


def guide_rows(kind_key: str) -> list[tuple[str, str, str, str, str]]:
    """One row per column of the kind: label, required or not, what to fill in, other spellings, example."""
    return [
        *(
            (
                f.label,
                REQUIRED if f.required else OPTIONAL,
                TYPE_NAMES.get(f.type, TYPE_NAMES[k.TEXT]),
                "、".join(f.variants),
                f.example,
            )
            for f in _kind(kind_key).fields
        ),
        *((header, OPTIONAL, what, "", example) for header, what, example in indicator_columns(kind_key)),
    ]


def sheet_name(kind: k.Kind) -> str:
    """The data sheet's name: the kind's label, legal and at most 31 characters."""
    return _SHEET_ILLEGAL.sub(" ", kind.label)[:31]


def template_xlsx(kind_key: str) -> bytes:
    """An XLSX template: the kind's headers and one example row, then the 填写说明 sheet."""
    kind = _kind(kind_key)
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with Workbook(buffer, options) as book:
        bold = book.add_format({"bold": True, "bottom": 1})
        text = book.add_format({"num_format": "@"})
        date = book.add_format({"num_format": "yyyy-mm-dd"})
        sheet = book.add_worksheet(sheet_name(kind))
        for column, f in enumerate(kind.fields):
            sheet.write_string(0, column, f.label, bold)
            sheet.set_column(column, column, max(_width(f.label), _width(f.example)), text if _is_text(f) else None)
            _write_example(book, sheet, column, f, text, date)
        for column, (header, _, example) in enumerate(indicator_columns(kind_key), start=len(kind.fields)):
            sheet.write_string(0, column, header, bold)
            sheet.set_column(column, column, _width(header))
            if example:
                sheet.write_number(1, column, float(Decimal(example)))
        sheet.freeze_panes(1, 0)

        guide = book.add_worksheet(GUIDE_SHEET)
        guide.write_string(0, 0, f"表格类型：{kind.label}", book.add_format({"bold": True}))
        guide.write_string(1, 0, kind.description)
        guide.write_string(2, 0, _context_line(kind))
        start = 4
        rows = guide_rows(kind_key)
        for column, header in enumerate(GUIDE_HEADERS):
            guide.write_string(start, column, header, bold)
            width = max([_width(header), *(_width(row[column]) for row in rows)])
            guide.set_column(column, column, width)
        for offset, row in enumerate(rows, start=start + 1):
            for column, value in enumerate(row):
                guide.write_string(offset, column, _escaped(value))
    return buffer.getvalue()


def _context_line(kind: k.Kind) -> str:
    needs = [word for word, needed in (("期次", kind.needs_period), ("所属地区", kind.needs_region)) if needed]
    if not needs:
        return "导入时不需要选择期次和地区。"
    return f"导入时请选择{'和'.join(needs)}（文件标题中写明的期次会自动识别）。列的顺序不限，标题行和合计行可以保留。"


def _is_text(f: k.Field) -> bool:
    return f.type in (k.TEXT, k.SITE_CODE, k.ACCOUNT_CODE, k.REGION)


def _write_example(book: Workbook, sheet: Worksheet, column: int, f: k.Field, text: Format, date: Format) -> None:
    """The example cell, typed as a user's spreadsheet holds it: numbers, percent cells, dates, codes as text."""
    value = f.example
    if not value:
        return
    if f.type in (k.INT, k.DECIMAL):
        sheet.write_number(1, column, float(Decimal(value)))
    elif f.type == k.PERCENT:
        digits = value.removesuffix("%")
        decimals = len(digits.partition(".")[2])
        percent = book.add_format({"num_format": "0." + "0" * decimals + "%" if decimals else "0%"})
        sheet.write_number(1, column, float(Decimal(digits) / 100), percent)
    elif f.type == k.DATE:
        sheet.write_datetime(1, column, dt.datetime.fromisoformat(value), date)
    else:
        sheet.write_string(1, column, _escaped(value), text)


def template_csv(kind_key: str) -> bytes:
    """A CSV template (UTF-8 with BOM): the kind's headers and one example row."""
    kind = _kind(kind_key)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    extra = indicator_columns(kind_key)
    writer.writerow([*(f.label for f in kind.fields), *(header for header, _, _ in extra)])
    writer.writerow([*(_escaped(f.example) for f in kind.fields), *(example for _, _, example in extra)])
    return buffer.getvalue().encode("utf-8-sig")


def template_name(kind_key: str, ext: str) -> str:
    """The template's file name: 导入模板_<kind label>.<ext>."""
    return f"导入模板_{_SHEET_ILLEGAL.sub(' ', _kind(kind_key).label)}.{ext}"
