"""Tables to files: CSV (UTF-8 with BOM) and XLSX, codes kept as text, formulas escaped.

Pure functions, DataFrame in, bytes out; `dashboard.downloads` puts them behind buttons.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from dashboard import labels

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# OWASP CSV injection: a cell starting with one of these may be run as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_PERCENT_DECIMALS = 4
MIN_COLUMN_WIDTH = 6
MAX_COLUMN_WIDTH = 50
WIDTH_SAMPLE_ROWS = 1000
MAX_SHEET_NAME = 31
MAX_FILE_STEM = 80
EXPORTED_AT_FORMAT = "%Y-%m-%d %H:%M:%S"

_SHEET_ILLEGAL = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f-\x9f]")
_FILE_ILLEGAL = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f-\x9f]')
# Excel reserves this sheet name; sheet names compare case-insensitively.
_RESERVED_SHEETS = frozenset({"history"})


@dataclass(frozen=True)
class Table:
    """One table to export; `frame` has Chinese headers, numbers as numbers and text as str."""

    title: str
    frame: pd.DataFrame
    percent_columns: tuple[str, ...] = ()  # percent points: 94.75 means 94.75 %
    text_columns: tuple[str, ...] = ()  # always text: site codes, account IDs, region codes
    # Percent columns of computed rates: two decimals always (80.00%), as every computed figure is shown;
    # the other percent columns keep the digits the notice printed (99.6%).
    computed_columns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        headers = {str(column) for column in self.frame.columns}
        unknown = [name for name in (*self.percent_columns, *self.text_columns) if name not in headers]
        if unknown:
            raise ValueError(f"Table {self.title!r}: no such columns {unknown}")
        loose = [name for name in self.computed_columns if name not in self.percent_columns]
        if loose:
            raise ValueError(f"Table {self.title!r}: computed columns that are not percent columns {loose}")
        both = set(self.percent_columns) & set(self.text_columns)
        if both:
            raise ValueError(f"Table {self.title!r}: columns both percent and text {sorted(both)}")


@dataclass(frozen=True)
class _Cell:
    """One value as both formats see it."""

    text: str  # what the CSV holds
    value: str | float | datetime | None  # what the XLSX holds; None leaves the cell empty
    number_format: str | None = None


_EMPTY = _Cell("", None)


def csv_bytes(table: Table) -> bytes:
    """The table as CSV, UTF-8 with BOM so Excel reads the Chinese text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in _grid(table):
        writer.writerow([cell.text for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(table: Table) -> bytes:
    """The table as a one-sheet XLSX workbook."""
    buffer = io.BytesIO()
    with _workbook(buffer) as book:
        _write_table(book.add_worksheet(_sheet_names([table.title])[0]), _Formats(book), table)
    return buffer.getvalue()


def workbook_bytes(tables: Sequence[Table], *, context: Sequence[tuple[str, str]], exported_at: datetime) -> bytes:
    """One XLSX with an "导出说明" sheet (context pairs and export time), then one sheet per table."""
    info = Table(
        title=labels.EXPORT_INFO_SHEET,
        frame=pd.DataFrame(
            [*context, (labels.EXPORTED_AT, exported_at.strftime(EXPORTED_AT_FORMAT))],
            columns=list(labels.EXPORT_INFO_COLUMNS),
            dtype=object,
        ),
    )
    every = [info, *tables]
    buffer = io.BytesIO()
    with _workbook(buffer) as book:
        formats = _Formats(book)
        for name, table in zip(_sheet_names([table.title for table in every]), every, strict=True):
            _write_table(book.add_worksheet(name), formats, table)
    return buffer.getvalue()


def file_name(*parts: str, ext: str) -> str:
    """Parts joined by "_", without characters file systems reject: ("地区下钻", "江西省") -> "地区下钻_江西省.xlsx"."""
    stem = "_".join(cleaned for cleaned in (_clean(part, _FILE_ILLEGAL) for part in parts) if cleaned)
    # Leading dots hide a file; Windows drops trailing dots and blanks.
    stem = stem[:MAX_FILE_STEM].strip(" ._") or labels.EXPORT_UNTITLED_FILE
    suffix = _clean(ext, _FILE_ILLEGAL).strip(" .")
    return f"{stem}.{suffix}" if suffix else stem


def _grid(table: Table) -> Iterator[list[_Cell]]:
    """The header row, then one row of cells per frame row."""
    headers = [str(column) for column in table.frame.columns]
    yield [_text_cell(header) for header in headers]
    percent = [header in table.percent_columns for header in headers]
    text = [header in table.text_columns for header in headers]
    computed = [header in table.computed_columns for header in headers]
    for values in table.frame.itertuples(index=False, name=None):
        yield [
            _cell(value, as_percent=is_percent, as_text=is_text, computed=is_computed)
            for value, is_percent, is_text, is_computed in zip(values, percent, text, computed, strict=True)
        ]


def _cell(value: object, *, as_percent: bool, as_text: bool, computed: bool = False) -> _Cell:
    """Decide how one value is written: empty, text, number, percent (two decimals when ``computed``) or date."""
    if _missing(value):
        return _EMPTY
    if pd.api.types.is_bool(value):
        return _text_cell(labels.EXPORT_TRUE if value else labels.EXPORT_FALSE)
    number = _number(value)
    if as_text:
        return _text_cell(_digits(number) if number is not None else str(value), number_format="@")
    if number is not None and as_percent and computed:
        shown = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return _Cell(f"{shown:f}%", float(number / 100), "0.00%")
    if number is not None and as_percent:
        shown = number.quantize(Decimal(1).scaleb(-MAX_PERCENT_DECIMALS), rounding=ROUND_HALF_UP).normalize()
        decimals = max(0, -int(shown.as_tuple().exponent))
        number_format = "0." + "0" * decimals + "%" if decimals else "0%"
        return _Cell(f"{_digits(shown)}%", float(number / 100), number_format)
    if number is not None:
        return _Cell(_digits(number), float(number))
    if isinstance(value, date):
        return _date_cell(value)
    return _text_cell(str(value))


def _text_cell(text: str, *, number_format: str | None = None) -> _Cell:
    escaped = _escape(text)
    return _Cell(escaped, escaped, number_format)


def _date_cell(value: date) -> _Cell:
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    if isinstance(moment, pd.Timestamp):
        moment = moment.to_pydatetime()
    moment = moment.replace(tzinfo=None)  # Excel has no time zones
    if moment.time() == datetime.min.time():
        return _Cell(moment.strftime("%Y-%m-%d"), moment, "yyyy-mm-dd")
    return _Cell(moment.strftime("%Y-%m-%d %H:%M:%S"), moment, "yyyy-mm-dd hh:mm:ss")


def _missing(value: object) -> bool:
    """None, NaN, NA, NaT and infinities are written as empty cells."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, Decimal):
        return not value.is_finite()
    return isinstance(value, numbers.Real) and not math.isfinite(value)


def _number(value: object) -> Decimal | None:
    """The value as a Decimal if it is a number (int, float, Decimal, numpy), else None."""
    if pd.api.types.is_bool(value) or not isinstance(value, numbers.Real | Decimal):
        return None
    # str() of a float is its shortest round-trip form: 94.75 stays 94.75, not 94.7500000000000028...
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _digits(number: Decimal) -> str:
    """Plain digits without trailing zeros or exponent: 99.60 -> "99.6", 3600000053.0 -> "3600000053"."""
    return format(number.normalize(), "f")


def _escape(text: str) -> str:
    """Quote text a spreadsheet would run as a formula: "=1+1" -> "'=1+1"."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _clean(text: str, illegal: re.Pattern[str]) -> str:
    """Illegal characters become blanks, runs of blanks become one."""
    return " ".join(illegal.sub(" ", text).split())


def _sheet_names(titles: Sequence[str]) -> list[str]:
    """Valid, unique Excel sheet names: no []:*?/\\, at most 31 characters, no quote at either end."""
    used = set(_RESERVED_SHEETS)
    names = []
    for title in titles:
        base = _clean(title, _SHEET_ILLEGAL).strip("'").strip() or labels.EXPORT_UNTITLED_SHEET
        name, number = base[:MAX_SHEET_NAME], 1
        while name.casefold() in used:
            number += 1
            suffix = f"({number})"
            name = base[: MAX_SHEET_NAME - len(suffix)].rstrip("'") + suffix
        used.add(name.casefold())
        names.append(name)
    return names


def _display_width(text: str) -> int:
    """Width in Excel character units: CJK characters count double."""
    return max(
        (sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line) for line in text.splitlines()),
        default=0,
    )


def _workbook(buffer: io.BytesIO) -> Workbook:
    # Cells are written by type below; xlsxwriter must not reinterpret strings.
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    return Workbook(buffer, options)


class _Formats:
    """A workbook's cell formats, one per number format."""

    def __init__(self, book: Workbook) -> None:
        self._book = book
        self.header = book.add_format({"bold": True, "bottom": 1})
        self._by_number_format: dict[str, Format] = {}

    def get(self, number_format: str | None) -> Format | None:
        if number_format is None:
            return None
        if number_format not in self._by_number_format:
            self._by_number_format[number_format] = self._book.add_format({"num_format": number_format})
        return self._by_number_format[number_format]


def _write_table(sheet: Worksheet, formats: _Formats, table: Table) -> None:
    """Header in bold and frozen, then the rows; columns as wide as their first rows need."""
    widths: list[int] = []
    last_row = 0
    for row_number, row in enumerate(_grid(table)):
        if row_number == 0:
            widths = [MIN_COLUMN_WIDTH] * len(row)
        for column, cell in enumerate(row):
            cell_format = formats.header if row_number == 0 else formats.get(cell.number_format)
            _write_cell(sheet, row_number, column, cell, cell_format)
            if row_number <= WIDTH_SAMPLE_ROWS:
                widths[column] = max(widths[column], _display_width(cell.text) + 2)
        last_row = row_number
    for column, width in enumerate(widths):
        sheet.set_column(column, column, min(width, MAX_COLUMN_WIDTH))
    sheet.freeze_panes(1, 0)
    if widths:
        sheet.autofilter(0, 0, last_row, len(widths) - 1)


def _write_cell(sheet: Worksheet, row: int, column: int, cell: _Cell, cell_format: Format | None) -> None:
    if isinstance(cell.value, str):
        sheet.write_string(row, column, cell.value, cell_format)
    elif isinstance(cell.value, float):
        sheet.write_number(row, column, cell.value, cell_format)
    elif isinstance(cell.value, datetime):
        sheet.write_datetime(row, column, cell.value, cell_format)
