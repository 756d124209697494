"""Import templates: every kind's XLSX and CSV template reads back as that kind, its example row as written."""

from __future__ import annotations

import io
from collections.abc import Iterator

import openpyxl
import pytest
import sqlalchemy as sa

from data_access.db import make_engine
from data_access.imports import kinds as k
from data_access.imports.batches import run_import
from data_access.imports.templates import (
    GUIDE_SHEET,
    indicator_columns,
    template_csv,
    template_name,
    template_xlsx,
)

# The examples describe Jiujiang (360400); a quarter the notices do not hold, so nothing is there yet.
PERIOD, REGION = "2024Q2", "360400"
# Kinds whose example names rows of the store that a fresh quarter cannot have: the only problems allowed
# are the store's answer about them (the example region exists already; no problem record to re-check).
LOOKUP_ONLY = {
    "registry_regions": "区划代码“360403”已存在",
    "rectification": "本期没有“3604000012”（九江市审计局）的问题记录，无法对应复查结果",
    "feedback": "本期没有“3604000012”（九江市审计局）的整改任务，无法对应整改情况",
}


@pytest.fixture(scope="module")
def engine(notices_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(notices_url)
    yield engine
    engine.dispose()


def _shown(value: object) -> str:
    return "" if value is None else str(value)


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
@pytest.mark.parametrize("kind_key", list(k.KINDS))
def test_every_template_reads_back_as_its_kind_with_its_example_row(
    engine: sa.Engine, kind_key: str, ext: str
) -> None:
    kind = k.KINDS[kind_key]
    data = template_xlsx(kind_key) if ext == "xlsx" else template_csv(kind_key)
    outcome = run_import(
        engine,
        data,
        template_name(kind_key, ext),
        period=PERIOD if kind.needs_period else None,
        region=REGION if kind.needs_region else None,
        dry_run=True,
    )
    assert outcome.kind is not None and outcome.kind.key == kind_key
    assert outcome.candidates[0].kind.key == kind_key  # recognised from the header alone, not only when told
    indicators = tuple(header for header, _, _ in indicator_columns(kind_key))  # a wide scoring sheet's columns
    assert outcome.table is not None and outcome.table.headers == (*(f.label for f in kind.fields), *indicators)
    if kind_key in LOOKUP_ONLY:
        assert [issue.text() for issue in outcome.issues] == [f"第2行：{LOOKUP_ONLY[kind_key]}"]
    else:
        assert outcome.status == "dry_run", [issue.text() for issue in outcome.issues]
    row = outcome.preview().iloc[0]
    assert row["行号"] == 2
    assert {f.label: _shown(row[f.label]) for f in kind.fields} == {f.label: f.example for f in kind.fields}


def test_the_xlsx_template_keeps_codes_as_text_and_explains_every_column() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx("site_problems")))
    data, guide = book.worksheets
    assert guide.title == GUIDE_SHEET
    header = [cell.value for cell in data[1]]
    assert header == [
        *("序号", "网站名称", "网站标识码", "首页网址"),
        *("主要存在问题", "主办单位", "所属地区", "抽查整改情况"),
    ]
    assert all(cell.font.bold for cell in data[1])
    code = data.cell(row=2, column=header.index("网站标识码") + 1)
    assert (code.value, code.data_type) == ("3604000012", "s")
    assert data.cell(row=2, column=1).value == 1  # a count is a number
    assert data.column_dimensions["E"].width >= 2 * len("主要存在问题")  # wide enough for CJK
    rows = [[cell.value for cell in row] for row in guide.iter_rows(min_row=6)]
    assert [row[0] for row in rows] == header
    problem = rows[header.index("主要存在问题")]
    assert problem[1] == "必填" and "存在问题" in problem[3]
    figures = openpyxl.load_workbook(io.BytesIO(template_xlsx("site_figures"))).worksheets[0]
    rate = figures.cell(row=2, column=[c.value for c in figures[1]].index("合格率") + 1)
    assert (rate.value, rate.number_format) == (1, "0%")  # a percent cell, as attachments hold it


def test_the_csv_template_is_utf8_with_bom() -> None:
    data = template_csv("account_problems")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "序号,政务新媒体编号,类型,政务新媒体名称,主要存在问题,主办单位,所属地区,抽查整改情况"
    assert lines[1].startswith("1,360400M001WX0001,微信订阅号,九江发布,")
    assert template_name("account_problems", "csv") == "导入模板_问题政务新媒体名单.csv"
