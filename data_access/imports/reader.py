"""An uploaded file's bytes as a clean table of text cells: the header row found, title rows and totals set aside.

The reader knows nothing of the store or of which kind of table it reads: it
finds the header row by the labels it is given and returns every cell as the
text the user saw in Excel. The format is recognised from the content
(XLSX, XLS, or text as CSV), never from the file name.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import openpyxl
import xlrd

HEADER_SEARCH_ROWS = 30
MAX_UNZIPPED_BYTES = 1 << 30  # a zip bomb guard: no real attachment comes near a gigabyte of XML
CSV_DELIMITERS = (",", "\t", ";")
TEXT_ENCODINGS = ("utf-8", "gb18030")  # GB18030 covers GBK, what a Chinese-locale Excel saves

SKIP_TOTAL = {"合计": "合计行", "总计": "总计行", "小计": "小计行"}
SKIP_REPEATED_HEADER = "重复的表头行"
SKIP_NOTE = "表尾说明"
SERIAL_HEADER = "序号"

MSG_EMPTY = "无法读取该文件：文件是空的。"
MSG_UNSUPPORTED = "无法读取该文件：只支持 Excel（.xlsx、.xls）和 CSV 文件。"
MSG_BAD_EXCEL = "无法读取该文件：不是有效的 Excel 文件。"
MSG_CORRUPT = "无法读取该文件：文件已损坏或不完整。"
MSG_ENCRYPTED = "无法读取该文件：文件设置了打开密码，请取消密码后再导入。"
MSG_HTML = "无法读取该文件：这是网页格式的表格，请在 Excel 中另存为 .xlsx 后再导入。"
MSG_ENCODING = "无法读取该文件：文字编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV 文件。"
MSG_BAD_CSV = "无法读取该文件：CSV 格式有误，可能有不成对的引号。"
MSG_TOO_LARGE = "无法读取该文件：文件内容过大，请拆分成多个文件后再导入。"
MSG_NO_SHEET = "文件中没有名为“{sheet}”的工作表。"
MSG_NO_HEADER = f"文件前 {HEADER_SEARCH_ROWS} 行中没有找到表头行（如 序号、网站名称 …）。"
MSG_TOO_MANY_ROWS = "文件的数据超过 {max_rows} 行，请拆分成多个文件后再导入。"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Office writes a password-protected xlsx as an OLE file holding this stream (its directory names are UTF-16).
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARKUP_RE = re.compile(r"^\s*<")
_HTML_RE = re.compile(r"^\s*<(!doctype\s+html|html|head|body|table|meta)", re.IGNORECASE)
_ZERO_WIDTH_RE = re.compile("[\u200b\ufeff]")  # not whitespace to Python, but invisible in a cell
# Stripped from both ends of a cell: every Unicode space (full-width, no-break …) and the invisible ones.
_EDGE_CHARS = "".join(ch for ch in map(chr, range(0x10000)) if ch.isspace()) + "\u200b\ufeff"
_QUOTED_RE = re.compile(r'"[^"]*"|\\.')
_NUMBER_RE = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?%?$")
_DECIMALS_RE = re.compile(r"\.(0+)")
_NOTE_RE = re.compile(r"^(注|备注|说明|制表|填表|审核)")
_SIGNATURE_RE = re.compile(r"^(制表|填表|填报|审核)(人|单位|日期|时间)?[:：]")

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column; 0-based, inclusive


class ReadError(ValueError):
    """A file that cannot be read as a table; the message is one Chinese sentence for the user."""


@dataclass(frozen=True)
class RawRow:
    """One data row: its line as the user sees it and one text cell per header."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class RawTable:
    """A file's table: the title lines above it, the header labels, the data rows and the rows set aside."""

    file_name: str
    sheet: str | None
    title_lines: tuple[str, ...]
    headers: tuple[str, ...]
    rows: tuple[RawRow, ...]
    skipped: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class _Grid:
    """A sheet as text: ``raw`` has merged cells empty but their top-left, ``lines`` each row's line number."""

    raw: list[list[str]]
    lines: list[int]
    merges: list[Merge]


def checksum(data: bytes) -> str:
    """The file's SHA-256 as hex, which tells a re-imported file."""
    return hashlib.sha256(data).hexdigest()


def sheet_names(data: bytes, file_name: str) -> list[str]:
    """The worksheets of an Excel file in workbook order; [] for CSV (the name is not needed: content decides)."""
    fmt = _detect_format(data)
    if fmt == "csv":
        return []
    return _open_book(data, fmt).names


def read_table(
    data: bytes,
    file_name: str,
    known_headers: Collection[str],
    *,
    sheet: str | None = None,
    max_rows: int = 200_000,
) -> RawTable:
    """Read the table of ``sheet`` (or the first sheet with a header row); ``sheet`` is ignored for CSV.

    The header row is the first of the first 30 rows with at least two cells
    in ``known_headers`` (compared without whitespace, full-width forms folded).
    """
    known = frozenset(_label_key(label) for label in known_headers)
    fmt = _detect_format(data)
    if fmt == "csv":
        grid, chosen = _csv_grid(_decode(data), known), None
    else:
        chosen, grid = _pick_sheet(_open_book(data, fmt), known, sheet)
    return _build_table(grid, known, file_name=file_name, sheet=chosen, max_rows=max_rows)


def _normalise(label: str) -> str:
    """A header label with all whitespace removed, full-width spaces and line breaks included."""
    text = "".join(label.split())
    return _ZERO_WIDTH_RE.sub("", text) if _ZERO_WIDTH_RE.search(text) else text


def _label_key(label: str) -> str:
    """A label as compared with the known ones: no whitespace, full-width forms folded ('（' as '(')."""
    return _normalise(unicodedata.normalize("NFKC", label))


# --- format -------------------------------------------------------------------------------------------------------


def _detect_format(data: bytes) -> str:
    """'xlsx', 'xls' or 'csv' from the file's first bytes; ReadError for anything else."""
    if not data.strip():
        raise ReadError(MSG_EMPTY)
    if data.startswith(_ZIP_MAGIC):
        return _zip_format(data)
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise ReadError(MSG_ENCRYPTED)
        return "xls"
    if data.startswith(_BINARY_MAGIC) or (b"\x00" in data[:4096] and not data.startswith(_UTF16_BOMS)):
        raise ReadError(MSG_UNSUPPORTED)
    return "csv"


def _zip_format(data: bytes) -> str:
    """'xlsx' for a zip holding a workbook; ReadError for a broken zip, a zip bomb or another zip (docx, ods)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise ReadError(MSG_CORRUPT) from error
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise ReadError(MSG_UNSUPPORTED)
    if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
        raise ReadError(MSG_TOO_LARGE)
    return "xlsx"


# --- workbooks ----------------------------------------------------------------------------------------------------


class _XlsxBook:
    """An XLSX workbook read by openpyxl (not read-only: merged cells need the full reader)."""

    def __init__(self, data: bytes) -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about extensions (data validation, WPS styles)
                self._book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        except Exception as error:  # any failure inside the third-party parser means a broken file
            raise ReadError(MSG_BAD_EXCEL) from error
        self.names = [ws.title for ws in self._book.worksheets]

    def hidden(self, name: str) -> bool:
        """Whether the sheet is hidden in Excel."""
        return bool(self._book[name].sheet_state != "visible")

    def grid(self, name: str, row_limit: int | None = None) -> _Grid:
        """The sheet's cells as text, up to ``row_limit`` rows."""
        ws = self._book[name]
        raw = [
            [_xlsx_cell_text(cell) for cell in row]
            for row in ws.iter_rows(min_row=1, min_col=1, max_row=_row_bound(ws.max_row, row_limit))
        ]
        merges = [(r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in ws.merged_cells.ranges]
        return _Grid(raw, list(range(1, len(raw) + 1)), merges)


def _xlsx_cell_text(cell: Any) -> str:
    """One openpyxl cell as the text Excel shows (the number format is looked up for numbers only: it is slow)."""
    value = cell.value
    return _value_text(value, cell.number_format if isinstance(value, int | float) else "")


class _XlsBook:
    """An XLS workbook read by xlrd, with formatting for merged cells and number formats."""

    def __init__(self, data: bytes) -> None:
        try:
            self._book = xlrd.open_workbook(file_contents=data, formatting_info=True)
        except Exception as error:  # any failure inside the third-party parser means a broken file
            raise ReadError(MSG_ENCRYPTED if "encrypted" in str(error) else MSG_BAD_EXCEL) from error
        self.names = list(self._book.sheet_names())

    def hidden(self, name: str) -> bool:
        """Whether the sheet is hidden in Excel."""
        return bool(self._book.sheet_by_name(name).visibility)

    def grid(self, name: str, row_limit: int | None = None) -> _Grid:
        """The sheet's cells as text, up to ``row_limit`` rows."""
        sheet = self._book.sheet_by_name(name)
        raw = [
            [self._cell_text(cell) for cell in sheet.row(index)] for index in range(_row_bound(sheet.nrows, row_limit))
        ]
        merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
        return _Grid(raw, list(range(1, len(raw) + 1)), merges)

    def _cell_text(self, cell: Any) -> str:
        """One xlrd cell as the text Excel shows."""
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return ""
        if cell.ctype == xlrd.XL_CELL_ERROR:
            return str(xlrd.error_text_from_code.get(cell.value, ""))
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return _value_text(bool(cell.value), "")
        number_format = self._book.format_map[self._book.xf_list[cell.xf_index].format_key].format_str
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return _value_text(xlrd.xldate.xldate_as_datetime(cell.value, self._book.datemode), number_format)
            except (xlrd.xldate.XLDateError, ValueError, OverflowError):
                pass  # a date format on a number Excel cannot show as a date: show the number
        return _value_text(cell.value, number_format)


_Book = _XlsxBook | _XlsBook


def _open_book(data: bytes, fmt: str) -> _Book:
    """The workbook of an 'xlsx' or 'xls' file."""
    return _XlsxBook(data) if fmt == "xlsx" else _XlsBook(data)


def _row_bound(available: int, limit: int | None) -> int:
    """How many rows to read: all, or at most ``limit``."""
    return available if limit is None else min(available, limit)


def _pick_sheet(book: _Book, known: frozenset[str], sheet: str | None) -> tuple[str, _Grid]:
    """The named sheet, or the first with a header row (visible sheets before hidden ones)."""
    if sheet is not None:
        if sheet not in book.names:
            raise ReadError(MSG_NO_SHEET.format(sheet=sheet))
        return sheet, book.grid(sheet)
    for name in sorted(book.names, key=book.hidden):
        if _header_index(book.grid(name, HEADER_SEARCH_ROWS).raw, known) is not None:
            return name, book.grid(name)
    raise ReadError(MSG_NO_HEADER)


# --- cell values --------------------------------------------------------------------------------------------------


def _value_text(value: Any, number_format: str) -> str:
    """A cell value as the text the user saw: whole numbers without '.0', percent formats as '37.9%', ISO dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return _number_text(value, number_format)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return _clean_text(str(value))


def _clean_text(text: str) -> str:
    """Text with surrounding whitespace (full-width and non-breaking too) removed and line breaks as '\\n'."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip(_EDGE_CHARS)


def _number_text(value: float, number_format: str) -> str:
    """A number as shown: '12' for 12.0, at most 10 significant digits, never scientific notation."""
    decimals = _percent_decimals(number_format)
    if decimals is not None:
        scaled = Decimal(repr(value)) * 100
        return f"{scaled.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}%"
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    text = f"{value:.10g}"
    return f"{Decimal(text):f}" if "e" in text else text


def _percent_decimals(number_format: str) -> int | None:
    """The decimals of a percent number format ('0.0%' -> 1), None when the format is not a percent."""
    positive = _QUOTED_RE.sub("", number_format or "").split(";")[0]
    if "%" not in positive:
        return None
    match = _DECIMALS_RE.search(positive)
    return len(match.group(1)) if match else 0


# --- CSV ----------------------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8 with or without BOM, UTF-16 with BOM, else GB18030."""
    if data.startswith(_UTF16_BOMS):
        candidates: Sequence[str] = ("utf-16",)
    elif data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    else:
        candidates = TEXT_ENCODINGS
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL_RE.search(text):
            raise ReadError(MSG_UNSUPPORTED)
        if _MARKUP_RE.match(text):
            raise ReadError(MSG_HTML if _HTML_RE.match(text) else MSG_UNSUPPORTED)
        return text
    raise ReadError(MSG_ENCODING)


def _csv_grid(text: str, known: frozenset[str]) -> _Grid:
    """The CSV's rows, split by the delimiter (comma, tab, semicolon) under which a header row is found."""
    best, best_score = CSV_DELIMITERS[0], 0
    for delimiter in CSV_DELIMITERS:
        head = [cells for _, cells in itertools.islice(_csv_rows(text, delimiter), HEADER_SEARCH_ROWS)]
        index = _header_index(head, known)
        score = 0 if index is None else _known_count(head[index], known)
        if score > best_score:
            best, best_score = delimiter, score
    lines, raw = [], []
    for line, cells in _csv_rows(text, best):
        lines.append(line)
        raw.append(cells)
    return _Grid(raw, lines, [])


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the row starts, cleaned cells) for each CSV row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            yield start, [_clean_text(cell) for cell in cells]
            start = reader.line_num + 1
    except csv.Error as error:
        raise ReadError(MSG_BAD_CSV) from error


# --- table --------------------------------------------------------------------------------------------------------


def _header_index(raw: Sequence[Sequence[str]], known: frozenset[str]) -> int | None:
    """The first of the first 30 rows with at least two known header labels."""
    for index, cells in enumerate(raw[:HEADER_SEARCH_ROWS]):
        if _known_count(cells, known) >= 2:
            return index
    return None


def _known_count(cells: Sequence[str], known: frozenset[str]) -> int:
    """How many cells are known header labels."""
    return sum(1 for cell in cells if cell and _label_key(cell) in known)


def _filled(grid: _Grid) -> list[list[str]]:
    """The rows, padded to one width, with every cell of a merged range holding the range's top-left value."""
    width = max((len(cells) for cells in grid.raw), default=0)
    rows = [cells + [""] * (width - len(cells)) for cells in grid.raw]
    for first_row, first_col, last_row, last_col in grid.merges:
        if first_row >= len(rows) or first_col >= width:
            continue
        value = rows[first_row][first_col]
        for row in rows[first_row : last_row + 1]:
            row[first_col : last_col + 1] = [value] * (min(last_col, width - 1) - first_col + 1)
    return rows


def _header_labels(grid: _Grid, filled: list[list[str]], index: int, known: frozenset[str]) -> tuple[list[str], int]:
    """The header labels and the number of header rows (1, or 2 when the row below holds sub-labels)."""
    top = [_normalise(cell) for cell in filled[index]]
    if index + 1 >= len(filled):
        return top, 1
    combined = _combined_headers(top, [_normalise(cell) for cell in filled[index + 1]], known)
    return (combined, 2) if _is_sub_header(grid, index, top, combined, known) else (top, 1)


def _is_sub_header(grid: _Grid, index: int, top: list[str], combined: list[str], known: frozenset[str]) -> bool:
    """Whether the row below the header row holds sub-labels: one makes a known label, or fills a merged group.

    A row with a bare number in it is data (a 序号, a count), even when one of its cells reads like a label.
    """
    below = grid.raw[index + 1]
    if any(_NUMBER_RE.match(cell) for cell in below):
        return False
    if any(label != upper and _label_key(label) in known for label, upper in zip(combined, top, strict=True)):
        return True
    return any(
        first_row == last_row == index
        and last_col > first_col
        and all(col < len(below) and below[col] for col in range(first_col, last_col + 1))
        for first_row, first_col, last_row, last_col in grid.merges
    )


def _combined_headers(top: Sequence[str], sub: Sequence[str], known: frozenset[str]) -> list[str]:
    """One label per column of a two-row header: group + sub-label, or the sub-label alone when only it is known.

    A column whose top cell is empty but has a sub-label belongs to the group
    on its left (a group typed once rather than merged, as in a CSV).
    """
    labels, group = [], ""
    for upper, lower in zip(top, sub, strict=True):
        if not lower or lower == upper:
            labels.append(upper)
            group = ""
            continue
        group = upper or group
        combined = group + lower
        keep_sub = _label_key(combined) not in known and _label_key(lower) in known
        labels.append(lower if keep_sub else combined)
    return labels


def _build_table(grid: _Grid, known: frozenset[str], *, file_name: str, sheet: str | None, max_rows: int) -> RawTable:
    """Split a sheet into title lines, headers, data rows and rows set aside."""
    index = _header_index(grid.raw, known)
    if index is None:
        raise ReadError(MSG_NO_HEADER)
    filled = _filled(grid)
    headers, header_count = _header_labels(grid, filled, index, known)
    data, skipped = _data_rows(grid, filled, headers, list(range(index, index + header_count)), max_rows)
    kept = [col for col, label in enumerate(headers) if label or any(cells[col] for _, cells in data)]
    return RawTable(
        file_name=file_name,
        sheet=sheet,
        title_lines=tuple(" ".join(cell for cell in cells if cell) for cells in grid.raw[:index] if any(cells)),
        headers=tuple(headers[col] for col in kept),
        rows=tuple(RawRow(line, tuple(cells[col] for col in kept)) for line, cells in data),
        skipped=tuple(skipped),
    )


def _data_rows(
    grid: _Grid, filled: list[list[str]], headers: list[str], header_rows: list[int], max_rows: int
) -> tuple[list[tuple[int, list[str]]], list[tuple[int, str]]]:
    """The data rows below the header as (line, cells), and (line, reason) for the rows set aside."""
    header_keys = {_row_key(rows[i]) for i in header_rows for rows in (grid.raw, filled)}
    serial = headers.index(SERIAL_HEADER) if SERIAL_HEADER in headers else None
    first_col = next((col for col, label in enumerate(headers) if label), 0)
    data: list[tuple[int, list[str]]] = []
    skipped: list[tuple[int, str]] = []
    in_notes = False
    for index in range(header_rows[-1] + 1, len(grid.raw)):
        raw, cells, line = grid.raw[index], filled[index], grid.lines[index]
        if not any(raw):
            continue
        reason = _total_reason(cells, serial)
        if reason is None and _is_repeated_header((raw, cells), header_keys):
            reason = SKIP_REPEATED_HEADER
        if reason is None and _is_note(raw, first_col, in_notes):
            reason, in_notes = SKIP_NOTE, True
        if reason is not None:
            skipped.append((line, reason))
            continue
        data.append((line, cells))
        if len(data) > max_rows:
            raise ReadError(MSG_TOO_MANY_ROWS.format(max_rows=max_rows))
    return data, skipped


def _is_repeated_header(rows: Sequence[Sequence[str]], header_keys: set[tuple[str, ...]]) -> bool:
    """Whether a row (as read, or with merges filled) repeats a header row, as on a new printed page."""
    firsts = {key[0] for key in header_keys}  # a cheap test first: most rows differ in their first cell
    return any(row and _normalise(row[0]) in firsts and _row_key(row) in header_keys for row in rows)


def _row_key(cells: Sequence[str]) -> tuple[str, ...]:
    """A row's normalised cells without trailing empties, to recognise a repeated header row."""
    key = [_normalise(cell) for cell in cells]
    while key and not key[-1]:
        key.pop()
    return tuple(key)


def _total_reason(cells: Sequence[str], serial: int | None) -> str | None:
    """'合计行', '总计行' or '小计行' when the first filled cell (or the one under 序号) starts so."""
    first = next((cell for cell in cells if cell), "")
    candidates = [first] if serial is None else [first, cells[serial]]
    for text in candidates:
        prefix = _normalise(text)[:2]
        if prefix in SKIP_TOTAL:
            return SKIP_TOTAL[prefix]
    return None


def _is_note(raw: Sequence[str], first_col: int, in_notes: bool) -> bool:
    """A note below the table: a signature line, or one cell at the table's left starting 注/备注/说明/制表 ….

    Once a note is found, further one-cell lines at the left are its continuation ("2. …").
    """
    filled_cols = [col for col, cell in enumerate(raw) if cell]
    text = _normalise(raw[filled_cols[0]])
    if _SIGNATURE_RE.match(text):
        return True
    return len(filled_cols) == 1 and filled_cols[0] <= first_col and (in_notes or bool(_NOTE_RE.match(text)))
