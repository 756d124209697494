"""The import reader: XLSX, XLS and CSV files read to exact tables; unreadable files refused in Chinese."""

from __future__ import annotations

import hashlib
import io
import random
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from data_access.imports import reader
from data_access.imports.reader import RawRow, RawTable, ReadError, checksum, read_table, sheet_names

KNOWN = frozenset(
    {
        "序号",
        "网站名称",
        "网站标识码",
        "主办单位",
        "依申请公开已按时办结",
        "逾期办结",
        "合格率",
        "采用率",
        "检查日期",
        "是否整改",
        "主要存在问题",
        "地区",
    }
)
HEADER_ROW = [
    "序号",
    "网站\n名称",
    "网站标识码",
    "主办单位",
    "依申请公开",
    None,
    "合\u3000格率",
    "采用率",
    "检查日期",
    "是否整改",
]
ATTACHMENT_HEADERS = (
    "序号",
    "网站名称",
    "网站标识码",
    "主办单位",
    "依申请公开已按时办结",
    "逾期办结",
    "合格率",
    "采用率",
    "检查日期",
    "是否整改",
    "",
)


def _xlsx(*builders: Callable[[Worksheet], None], titles: tuple[str, ...] = ("Sheet1",)) -> bytes:
    """A workbook with one sheet per builder, named ``titles``."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, build in zip(titles, builders, strict=True):
        build(book.create_sheet(title))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _attachment(ws: Worksheet) -> None:
    """附件1 as offices send it: title rows, a two-row header with a merged group, merged units, totals, notes."""
    ws["A1"] = "附件1"
    ws["A2"] = "2024年第一季度全市政府网站抽查情况表"
    ws.merge_cells("A2:L2")
    ws["A3"] = "填报单位：九江市政务服务管理局"
    ws.append(HEADER_ROW)
    for col in "ABCDGHIJ":
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("E4:F4")
    ws["E5"], ws["F5"] = "已按时办结", "逾期办结"
    ws.append([1, "九江市审计局网站", 3600000012, "九江市审计局", 12, 0, 0.9475, "37.9%", datetime(2024, 3, 6), True])
    ws.append(["2", "  网站二\u3000\xa0", "3604000013", None, 3.0, 1, 0.379, " 100% ", date(2024, 3, 7), False, "补充"])
    ws.append([3.0, "第一行\n第二行", 3604000014.0, None, 2, "=SUM(E6:E7)", 0.5, "50%", datetime(2024, 3, 8, 14, 30)])
    ws.merge_cells("D6:D8")
    ws.append([])
    ws.append([4, "网站四", "037", "单位四", 94.75, 0.1 + 0.2, 1, "12.5%"])
    ws.append(HEADER_ROW)
    ws.append(["合 计", None, None, None, 17, 1])
    ws.append(["注：合格率按抽查网站计算。"])
    ws.append(["2. 标识码以全国政府网站信息报送系统为准。"])
    ws.append(["制表人：张三", None, None, "审核人：李四"])
    for cell, number_format in (("G6", "0.00%"), ("G7", "0.0%"), ("G8", "0%"), ("G10", "0%")):
        ws[cell].number_format = number_format


ATTACHMENT = RawTable(
    file_name="附件1.xlsx",
    sheet="附件1",
    title_lines=("附件1", "2024年第一季度全市政府网站抽查情况表", "填报单位：九江市政务服务管理局"),
    headers=ATTACHMENT_HEADERS,
    rows=(
        RawRow(
            6,
            (
                "1",
                "九江市审计局网站",
                "3600000012",
                "九江市审计局",
                "12",
                "0",
                "94.75%",
                "37.9%",
                "2024-03-06",
                "是",
                "",
            ),
        ),
        RawRow(7, ("2", "网站二", "3604000013", "九江市审计局", "3", "1", "37.9%", "100%", "2024-03-07", "否", "补充")),
        RawRow(
            8,
            ("3", "第一行\n第二行", "3604000014", "九江市审计局", "2", "", "50%", "50%", "2024-03-08 14:30:00", "", ""),
        ),
        RawRow(10, ("4", "网站四", "037", "单位四", "94.75", "0.3", "100%", "12.5%", "", "", "")),
    ),
    skipped=((11, "重复的表头行"), (12, "合计行"), (13, "表尾说明"), (14, "表尾说明"), (15, "表尾说明")),
)


def _assert_refused(data: bytes, message: str, **kwargs: object) -> None:
    """Reading ``data`` fails with exactly ``message``: one Chinese sentence, no English but format names."""
    with pytest.raises(ReadError) as caught:
        read_table(data, "上传的文件", KNOWN, **kwargs)  # type: ignore[arg-type]
    text = str(caught.value)
    assert text == message
    assert not re.search(r"[A-Za-z]", re.sub(r"Excel|CSV|UTF-8|GBK|xlsx|xls", "", text))
    assert text.count("。") == 1 and text.endswith("。")


# --- XLSX ---------------------------------------------------------------------------------------------------------


def test_attachment_xlsx_reads_to_the_exact_table() -> None:
    data = _xlsx(_attachment, titles=("附件1",))
    assert read_table(data, "附件1.xlsx", KNOWN) == ATTACHMENT


def test_first_sheet_with_a_header_row_is_read_visible_before_hidden() -> None:
    def notes(ws: Worksheet) -> None:
        ws.append(["说明：本表由系统导出"])

    def hidden(ws: Worksheet) -> None:
        ws.append(["序号", "网站名称"])
        ws.append([9, "隐藏表的网站"])
        ws.sheet_state = "hidden"

    data = _xlsx(notes, hidden, _attachment, titles=("说明", "旧表", "附件1"))
    assert sheet_names(data, "附件1.xlsx") == ["说明", "旧表", "附件1"]
    assert read_table(data, "附件1.xlsx", KNOWN) == ATTACHMENT
    chosen = read_table(data, "附件1.xlsx", KNOWN, sheet="旧表")
    assert (chosen.sheet, chosen.rows) == ("旧表", (RawRow(2, ("9", "隐藏表的网站")),))
    _assert_refused(data, reader.MSG_NO_HEADER, sheet="说明")
    _assert_refused(data, reader.MSG_NO_SHEET.format(sheet="附件9"), sheet="附件9")


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (12.0, "General", "12"),
        (94.7500000001, "General", "94.75"),
        (0.0000001, "General", "0.0000001"),
        (1234567.891, "#,##0.00", "1234567.891"),
        (3600000012.0, "General", "3600000012"),
        (0.379, "0.0%", "37.9%"),
        (0.9475, "0.00%", "94.75%"),
        (0.5, "0%", "50%"),
        (-0.0512, "0.0%", "-5.1%"),
        (0.00125, "0.00%", "0.13%"),
        (False, "General", "否"),
        ("\u3000 037 \xa0", "@", "037"),
        (datetime(2024, 3, 6, 0, 0), "yyyy-mm-dd", "2024-03-06"),
    ],
)
def test_xlsx_cell_reads_as_the_text_the_user_saw(value: object, number_format: str, expected: str) -> None:
    def one_cell(ws: Worksheet) -> None:
        ws.append(["序号", "合格率"])
        ws.append([1, value])
        ws["B2"].number_format = number_format

    table = read_table(_xlsx(one_cell), "a.xlsx", KNOWN)
    assert table.rows == (RawRow(2, ("1", expected)),)


def test_header_row_is_searched_in_the_first_30_rows_only() -> None:
    def header_at(row: int) -> Callable[[Worksheet], None]:
        def build(ws: Worksheet) -> None:
            ws.cell(row - 1, 1, "标题")
            ws.cell(row, 1, "序号")
            ws.cell(row, 2, "网站名称")
            ws.cell(row + 1, 1, 1)
            ws.cell(row + 1, 2, "网站一")

        return build

    table = read_table(_xlsx(header_at(30)), "a.xlsx", KNOWN)
    assert (table.title_lines, table.headers, table.rows) == (
        ("标题",),
        ("序号", "网站名称"),
        (RawRow(31, ("1", "网站一")),),
    )
    _assert_refused(_xlsx(header_at(31)), reader.MSG_NO_HEADER)


def test_data_row_with_a_label_like_value_is_not_taken_for_a_sub_header() -> None:
    def build(ws: Worksheet) -> None:
        ws.append(["序号", "网站名称", "地区"])
        ws.append([1, "九江市政府网", "地区"])

    table = read_table(_xlsx(build), "a.xlsx", KNOWN)
    assert (table.headers, table.rows) == (("序号", "网站名称", "地区"), (RawRow(2, ("1", "九江市政府网", "地区")),))


def test_twenty_thousand_row_xlsx_reads() -> None:
    def build(ws: Worksheet) -> None:
        ws.append(["序号", "网站名称", "网站标识码", "主办单位", "合格率", "主要存在问题"])
        for n in range(1, 20_001):
            ws.append([n, f"网站{n}", 3600000000 + n, "九江市审计局", 0.95, "“工作动态”栏目超过2周未更新"])

    table = read_table(_xlsx(build), "大表.xlsx", KNOWN)
    assert len(table.rows) == 20_000
    assert table.rows[-1] == RawRow(
        20_001, ("20000", "网站20000", "3600020000", "九江市审计局", "0.95", "“工作动态”栏目超过2周未更新")
    )


# --- XLS ----------------------------------------------------------------------------------------------------------


def test_xls_with_merged_cells_and_formats() -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("附件3")
    ws.write_merge(0, 0, 0, 4, "检查发现突出问题的政府网站名单")
    for col, label in enumerate(["序号", "网站名称", "网站标识码", "主办单位", "合格率", "检查日期"]):
        ws.write(1, col, label)
    percent, day = xlwt.easyxf(num_format_str="0.0%"), xlwt.easyxf(num_format_str="YYYY-MM-DD")
    rows = [
        (1, "九江市审计局网站", 3600000012.0, 0.379, date(2024, 3, 6)),
        (2, "网站二", "037", 1.0, date(2024, 3, 7)),
    ]
    for offset, (serial, name, code, rate, checked) in enumerate(rows):
        ws.write(2 + offset, 0, serial)
        ws.write(2 + offset, 1, name)
        ws.write(2 + offset, 2, code)
        ws.write(2 + offset, 4, rate, percent)
        ws.write(2 + offset, 5, checked, day)
    ws.write_merge(2, 3, 3, 3, "九江市审计局")
    ws.write(5, 0, "合计")
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    assert sheet_names(data, "附件3.xls") == ["附件3"]
    assert read_table(data, "附件3.xls", KNOWN) == RawTable(
        file_name="附件3.xls",
        sheet="附件3",
        title_lines=("检查发现突出问题的政府网站名单",),
        headers=("序号", "网站名称", "网站标识码", "主办单位", "合格率", "检查日期"),
        rows=(
            RawRow(3, ("1", "九江市审计局网站", "3600000012", "九江市审计局", "37.9%", "2024-03-06")),
            RawRow(4, ("2", "网站二", "037", "九江市审计局", "100.0%", "2024-03-07")),
        ),
        skipped=((6, "合计行"),),
    )


# --- CSV ----------------------------------------------------------------------------------------------------------

GBK_TEXT = (
    "附件1\r\n"
    "2024年第一季度全市政府网站抽查情况表,,,\r\n"
    "序号,网站名称,网站标识码,合格率\r\n"
    "1,九江市审计局网站,3600000012,94.75%\r\n"
    " 2 ,网站二,037,37.9%\r\n"
    ",,,\r\n"
    "合计,,,\r\n"
)
GBK_TABLE = RawTable(
    file_name="附件1.csv",
    sheet=None,
    title_lines=("附件1", "2024年第一季度全市政府网站抽查情况表"),
    headers=("序号", "网站名称", "网站标识码", "合格率"),
    rows=(
        RawRow(4, ("1", "九江市审计局网站", "3600000012", "94.75%")),
        RawRow(5, ("2", "网站二", "037", "37.9%")),
    ),
    skipped=((7, "合计行"),),
)


@pytest.mark.parametrize(
    "data",
    [
        GBK_TEXT.encode("gbk"),
        GBK_TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + GBK_TEXT.encode("utf-8"),
        GBK_TEXT.replace(",", "\t").encode("utf-16"),
        GBK_TEXT.replace(",", ";").encode("gb18030"),
    ],
    ids=["gbk", "utf-8", "utf-8-bom", "utf-16-tab", "semicolon"],
)
def test_csv_in_any_encoding_and_delimiter_reads_to_the_same_table(data: bytes) -> None:
    assert read_table(data, "附件1.csv", KNOWN) == GBK_TABLE
    assert sheet_names(data, "附件1.csv") == []


def test_csv_line_numbers_count_physical_lines_of_quoted_breaks() -> None:
    text = '附件2\r\n\r\n序号,网站名称,主要存在问题\r\n1,网站一,"第一条\r\n第二条"\r\n2,网站二,无\r\n合计,,\r\n'
    table = read_table(text.encode(), "附件2.csv", KNOWN)
    assert table.rows == (RawRow(4, ("1", "网站一", "第一条\n第二条")), RawRow(6, ("2", "网站二", "无")))
    assert table.skipped == ((7, "合计行"),)


def test_tab_separated_text_with_commas_in_cells() -> None:
    text = "序号\t网站名称\t主要存在问题\n1\t网站一\t首页链接不可用,栏目不更新\n"
    table = read_table(text.encode(), "a.txt", KNOWN)
    assert (table.headers, table.rows) == (
        ("序号", "网站名称", "主要存在问题"),
        (RawRow(2, ("1", "网站一", "首页链接不可用,栏目不更新")),),
    )


def test_csv_two_row_header_with_the_group_typed_once() -> None:
    text = "序号,主办单位,依申请公开,,合格率\n,,已按时办结,逾期办结,\n1,单位一,5,0,99%\n"
    table = read_table(text.encode(), "a.csv", KNOWN)
    assert table.headers == ("序号", "主办单位", "依申请公开已按时办结", "逾期办结", "合格率")
    assert table.rows == (RawRow(3, ("1", "单位一", "5", "0", "99%")),)


def test_subtotal_under_serial_column_and_columns_without_header() -> None:
    text = "地区,序号,网站名称,,\n合肥市,1,网站一,,\n九江,小计,,,\n总 计,,,,\n九江,2,网站二,附注,\n"
    table = read_table(text.encode(), "a.csv", KNOWN)
    assert table.headers == ("地区", "序号", "网站名称", "")
    assert table.rows == (RawRow(2, ("合肥市", "1", "网站一", "")), RawRow(5, ("九江", "2", "网站二", "附注")))
    assert table.skipped == ((3, "小计行"), (4, "总计行"))


def test_more_data_rows_than_allowed_is_refused() -> None:
    data = ("序号,网站名称\n" + "".join(f"{n},网站{n}\n" for n in range(1, 6))).encode()
    assert len(read_table(data, "a.csv", KNOWN, max_rows=5).rows) == 5
    _assert_refused(data, reader.MSG_TOO_MANY_ROWS.format(max_rows=4), max_rows=4)


# --- refused files ------------------------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", reader.MSG_EMPTY),
        (b" \r\n ", reader.MSG_EMPTY),
        (random.Random(0).randbytes(4096), reader.MSG_UNSUPPORTED),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", reader.MSG_UNSUPPORTED),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), reader.MSG_UNSUPPORTED),
        (_zip({"word/document.xml": b"<w:document/>"}), reader.MSG_UNSUPPORTED),
        (_zip({"xl/workbook.xml": b"not xml"}), reader.MSG_BAD_EXCEL),
        (_xlsx(_attachment)[:2000], reader.MSG_CORRUPT),
        (reader._OLE_MAGIC + bytes(1024), reader.MSG_BAD_EXCEL),
        (reader._OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le"), reader.MSG_ENCRYPTED),
        ("<html><body><table><tr><td>序号</td><td>网站名称</td></tr></table></body></html>".encode(), reader.MSG_HTML),
        (b"\xff\x80\x81 not text", reader.MSG_ENCODING),
        ("姓名,年龄\n张三,30\n".encode("gbk"), reader.MSG_NO_HEADER),
        (('序号,网站名称\n1,"' + "长" * 140_000).encode(), reader.MSG_BAD_CSV),
    ],
    ids=[
        "empty",
        "blank",
        "garbage",
        "pdf",
        "png",
        "docx",
        "broken-xlsx",
        "truncated-xlsx",
        "ole-not-xls",
        "password",
        "html-as-xls",
        "bad-encoding",
        "no-header",
        "unclosed-quote",
    ],
)
def test_unreadable_file_is_refused_in_chinese(data: bytes, message: str) -> None:
    _assert_refused(data, message)


def test_sheet_names_refuses_an_unreadable_file() -> None:
    with pytest.raises(ReadError, match="不是有效的 Excel 文件"):
        sheet_names(_zip({"xl/workbook.xml": b"not xml"}), "a.xlsx")


def test_zip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_UNZIPPED_BYTES", 1000)
    _assert_refused(_xlsx(_attachment), reader.MSG_TOO_LARGE)


def test_checksum_is_sha256_hex() -> None:
    assert checksum(b"abc") == hashlib.sha256(b"abc").hexdigest()
    assert checksum(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
