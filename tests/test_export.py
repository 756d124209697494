"""Exports: exact CSV text, XLSX cell types read back with openpyxl and pandas, sheet and file names."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from dashboard.export import Table, _sheet_names, csv_bytes, file_name, workbook_bytes, xlsx_bytes

SITES = Table(
    title="下级地区",
    frame=pd.DataFrame(
        {
            "网站标识码": ["3600000053", "0100000001"],
            "账号": ["360000M052WX0001", None],
            "网站名称": ["江西省人民政府", "=1+1"],
            "检查数": [1308, 12],
            "合格率": [94.75, Decimal("99.6")],
            "同比": [-1.12, None],
        }
    ),
    percent_columns=("合格率",),
    text_columns=("网站标识码", "账号"),
)


def _sheet(data: bytes, name: str | None = None) -> openpyxl.worksheet.worksheet.Worksheet:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return book[name] if name else book.worksheets[0]


def test_csv_is_exact_text_with_bom() -> None:
    expected = (
        "网站标识码,账号,网站名称,检查数,合格率,同比\r\n"
        "3600000053,360000M052WX0001,江西省人民政府,1308,94.75%,-1.12\r\n"
        "0100000001,,'=1+1,12,99.6%,\r\n"
    )
    data = csv_bytes(SITES)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data == b"\xef\xbb\xbf" + expected.encode("utf-8")


def test_csv_percent_digits_as_given() -> None:
    frame = pd.DataFrame({"合格率": [100, Decimal("99.60"), 94.75, 33.333333333, None, Decimal("0")]})
    text = csv_bytes(Table("率", frame, percent_columns=("合格率",))).decode("utf-8-sig")
    # The csv module quotes a lone empty field so that the row is not read as a blank line.
    assert text == '合格率\r\n100%\r\n99.6%\r\n94.75%\r\n33.3333%\r\n""\r\n0%\r\n'


def test_formula_escaping_in_csv_and_xlsx() -> None:
    risky = ["=1+1", "+x", "-x", "@x", "\tx", "\rx", "a=b"]
    quoted = ["'=1+1", "'+x", "'-x", "'@x", "'\tx", "'\rx", "a=b"]
    frame = pd.DataFrame({"=表头": risky, "数值": [-1.12, -1, 0, 1, 2, 3, 4]})
    table = Table("公式", frame)

    rows = list(pd.read_csv(io.BytesIO(csv_bytes(table)), encoding="utf-8-sig", dtype=str).itertuples(index=False))
    assert [row[0] for row in rows] == quoted
    assert rows[0][1] == "-1.12"
    assert csv_bytes(table).decode("utf-8-sig").startswith("'=表头,数值\r\n'=1+1,-1.12\r\n")

    sheet = _sheet(xlsx_bytes(table))
    assert sheet["A1"].value == "'=表头"
    # openpyxl leaves a carriage return in its OOXML escape, _x000D_; Excel shows "\r".
    assert [sheet.cell(row, 1).value.replace("_x000D_", "\r") for row in range(2, 9)] == quoted
    assert all(sheet.cell(row, 1).data_type == "s" for row in range(2, 9))
    assert sheet["B2"].value == -1.12
    assert sheet["B2"].data_type == "n"


def test_xlsx_cell_types_and_layout() -> None:
    sheet = _sheet(xlsx_bytes(SITES))
    assert sheet.title == "下级地区"
    assert [cell.value for cell in sheet[1]] == ["网站标识码", "账号", "网站名称", "检查数", "合格率", "同比"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"

    code, account, name, checked, pass_rate, change = sheet[2]
    assert (code.value, code.data_type) == ("3600000053", "s")
    assert (account.value, account.data_type) == ("360000M052WX0001", "s")
    assert name.value == "江西省人民政府"
    assert checked.value == 1308 and checked.data_type == "n"
    assert pass_rate.data_type == "n"
    assert pass_rate.value == 0.9475
    assert pass_rate.number_format == "0.00%"
    assert change.value == -1.12 and change.data_type == "n"

    second = sheet[3]
    assert second[0].value == "0100000001"
    assert second[1].value is None
    assert second[2].value == "'=1+1"
    assert second[4].value == pytest.approx(0.996)
    assert second[4].number_format == "0.0%"
    assert second[5].value is None

    # CJK text counts double: the name column is wider than the count column.
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["D"].width


def test_percent_formats_keep_printed_digits() -> None:
    frame = pd.DataFrame({"率": [100, Decimal("99.6"), 94.75, Decimal("99.60")]})
    sheet = _sheet(xlsx_bytes(Table("率", frame, percent_columns=("率",))))
    cells = [sheet.cell(row, 1) for row in range(2, 6)]
    assert [cell.number_format for cell in cells] == ["0%", "0.0%", "0.00%", "0.0%"]
    assert [cell.value for cell in cells] == [1, pytest.approx(0.996), 0.9475, pytest.approx(0.996)]


def test_numeric_looking_text_stays_text() -> None:
    # Codes that pandas made numeric are still written as text in a text column.
    frame = pd.DataFrame({"地区代码": [360000, 360100.0], "备注": ["0123", "1e5"]})
    table = Table("代码", frame, text_columns=("地区代码",))
    sheet = _sheet(xlsx_bytes(table))
    assert [sheet.cell(row, col).value for row in (2, 3) for col in (1, 2)] == ["360000", "0123", "360100", "1e5"]
    assert all(sheet.cell(row, col).data_type == "s" for row in (2, 3) for col in (1, 2))
    assert sheet["A2"].number_format == "@"
    assert csv_bytes(table).decode("utf-8-sig") == "地区代码,备注\r\n360000,0123\r\n360100,1e5\r\n"


def test_round_trip_through_read_excel() -> None:
    read = pd.read_excel(io.BytesIO(xlsx_bytes(SITES)), dtype=str)
    assert list(read.columns) == list(SITES.frame.columns)
    assert read["网站标识码"].tolist() == ["3600000053", "0100000001"]
    assert read["账号"].tolist()[0] == "360000M052WX0001"
    numbers = pd.read_excel(io.BytesIO(xlsx_bytes(SITES)))
    assert numbers["检查数"].tolist() == [1308, 12]
    assert numbers["合格率"].tolist() == pytest.approx([0.9475, 0.996])


def test_dates_booleans_and_empty_frames() -> None:
    frame = pd.DataFrame(
        {
            "印发日期": pd.to_datetime(["2020-03-31", None]),
            "日期": [date(2020, 1, 2), datetime(2020, 1, 2, 8, 30)],
            "整改": [True, False],
        }
    )
    table = Table("日期", frame)
    assert csv_bytes(table).decode("utf-8-sig") == (
        "印发日期,日期,整改\r\n2020-03-31,2020-01-02,是\r\n,2020-01-02 08:30:00,否\r\n"
    )
    sheet = _sheet(xlsx_bytes(table))
    assert sheet["A2"].value == datetime(2020, 3, 31)
    assert sheet["A2"].number_format == "yyyy-mm-dd"
    assert sheet["A3"].value is None
    assert sheet["B3"].value == datetime(2020, 1, 2, 8, 30)

    empty = Table("空表", pd.DataFrame({"地区": pd.Series([], dtype=str)}))
    assert csv_bytes(empty).decode("utf-8-sig") == "地区\r\n"
    assert [cell.value for cell in _sheet(xlsx_bytes(empty))[1]] == ["地区"]


def test_table_rejects_unknown_columns() -> None:
    with pytest.raises(ValueError, match="合格律"):
        Table("表", pd.DataFrame({"合格率": [1]}), percent_columns=("合格律",))
    with pytest.raises(ValueError, match="both"):
        Table("表", pd.DataFrame({"合格率": [1]}), percent_columns=("合格率",), text_columns=("合格率",))


def test_workbook_has_info_sheet_then_one_sheet_per_table() -> None:
    other = Table("下级地区", pd.DataFrame({"地区": ["南昌市"], "检查数": [3]}))
    data = workbook_bytes(
        [SITES, other, Table("a/b:c*d?e[f]g\\h", pd.DataFrame({"x": [1]}))],
        context=[("页面", "地区下钻"), ("期次", "2020年第一季度"), ("地区", "江西省"), ("关键词", "=cmd")],
        exported_at=datetime(2020, 4, 1, 9, 5, 7),
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["导出说明", "下级地区", "下级地区(2)", "a b c d e f g h"]
    info = [tuple(cell.value for cell in row) for row in book["导出说明"].iter_rows()]
    assert info == [
        ("项目", "内容"),
        ("页面", "地区下钻"),
        ("期次", "2020年第一季度"),
        ("地区", "江西省"),
        ("关键词", "'=cmd"),
        ("导出时间", "2020-04-01 09:05:07"),
    ]
    assert book["下级地区"]["A2"].value == "3600000053"
    assert book["下级地区(2)"]["B2"].value == 3


def test_sheet_names_are_valid_and_unique() -> None:
    long = "很长" * 20
    names = _sheet_names(["导出说明", "导出说明", "", "'引号'", long, long, "History", "a:b", "A:B"])
    assert names == [
        "导出说明",
        "导出说明(2)",
        "表格",
        "引号",
        long[:31],
        long[:28] + "(2)",
        "History(2)",
        "a b",
        "A B(2)",
    ]
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names)


def test_file_name() -> None:
    assert file_name("地区下钻", "2020年第一季度", "江西省", "下级地区", ext="xlsx") == (
        "地区下钻_2020年第一季度_江西省_下级地区.xlsx"
    )
    assert file_name('a/b\\c:d*e?f"g<h>i|j', "  多个   空格\t", "", "行\n尾\x00", ext=".csv") == (
        "a b c d e f g h i j_多个 空格_行 尾.csv"
    )
    assert file_name("..隐藏", ext="csv") == "隐藏.csv"
    assert file_name("", "  ", ext="csv") == "导出.csv"
    long = file_name("很长" * 100, ext="xlsx")
    assert long == "很长" * 40 + ".xlsx"


def test_downloads_imports() -> None:
    from dashboard.downloads import PageDownloads

    downloads = PageDownloads("地区下钻", [("期次", "2020年第一季度")])
    assert downloads._file_name("下级地区", ext="csv") == "地区下钻_2020年第一季度_下级地区.csv"
