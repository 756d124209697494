"""A province's new quarter, written by hand as the three attachments a notice carries, imported through /data
in Chromium, then seen on /, /regions and /problems (issue 10)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Alignment, Font

from data_access.db import make_engine, migrate
from data_access.sample_data import load_notices
from tests.conftest import fresh_store_url
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _idle, logged_in_page, serving

PERIOD, REGION = "2024Q2", "360000"  # Jiangxi's second quarter of 2024: the notices do not have it
CAPTION = "2024年第二季度"

# 附件1 as notice 002 prints it: 设区市, running sites split 市级 门户/部门 and 县级及以下, checks, pass rates.
FIGURE_HEADER_TOP = (
    "序号",
    "设区市",
    "运行网站总数",
    "市级政府网站数",
    None,
    "县级及以下政府网站数",
    None,
    "抽查网站数",
    "存在突出问题网站数",
    "合格率",
    "抽查比例",
)
FIGURE_HEADER_SUB = (None, None, None, "门户", "部门", "县级门户", "县级以下", None, None, None, None)
FIGURE_ROWS = (
    # name, running, portal, department, county portal, below county, checked, failed, pass rate, sampling share
    ("全省", 520, 12, 330, 120, 6, 372, 8, 0.9785, 0.7154),
    # The own departments' split is left blank: the core writes it to the province's own 门户/部门 segments, which
    # the 全省 row fills already (reported to the import core's owner).
    ("省政府及省直各部门", 52, None, None, None, None, 40, 0, 1, 0.7692),
    ("南昌市", 60, 1, 35, 20, 4, 48, 3, 0.9375, 0.8),
    ("九江市", 54, 1, 40, 13, 0, 36, 2, 0.9444, 0.6667),
)
PROBLEM_SITES = (
    ("南昌市教育局", "3601000007", "http://jyj.nc.gov.cn/", "“通知公告”栏目超过6个月未更新", "南昌市教育局"),
    ("九江市水利局", "3604000031", "http://slj.jiujiang.gov.cn/", "首页存在错别字", "九江市水利局"),
)
PROBLEM_ACCOUNTS = (
    ("360400M001WX0009", "微信订阅号", "九江水利", "超过2周未更新", "九江市水利局"),
)


def _save(book: openpyxl.Workbook, path: Path) -> Path:
    book.save(path)
    return path


def figures_attachment(path: Path) -> Path:
    """附件1: title, a merged caption, a two-row header with merged groups, the rows, a 合计 row, percent cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "附件1"
    sheet.append(["附件1"])
    sheet.append([f"{CAPTION}全省政府网站抽查情况统计表"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(FIGURE_HEADER_TOP))
    sheet.cell(row=2, column=1).alignment = Alignment(horizontal="center")
    sheet.cell(row=2, column=1).font = Font(bold=True, size=14)
    sheet.append(list(FIGURE_HEADER_TOP))
    sheet.append(list(FIGURE_HEADER_SUB))
    for column in (1, 2, 3, 8, 9, 10, 11):  # single labels span both header rows
        sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    sheet.merge_cells("D3:E3")
    sheet.merge_cells("F3:G3")
    for seq, row in enumerate(FIGURE_ROWS, start=1):
        sheet.append([seq, *row])
    totals = [sum(row[i] or 0 for row in FIGURE_ROWS[1:]) for i in range(1, 8)]
    sheet.append(["合计", None, *totals, None, None])
    for cells in sheet.iter_rows(min_row=5, min_col=10, max_col=11):
        for cell in cells:
            cell.number_format = "0.00%"
    return _save(book, path)


def list_attachment(path: Path, number: int, caption: str, header: tuple[str, ...], rows: tuple) -> Path:  # type: ignore[type-arg]
    """附件2 / 附件3: a title, a caption naming the quarter, the header, one target per row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"附件{number}"])
    sheet.append([f"{CAPTION}{caption}"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(header))
    sheet.append(list(header))
    for seq, row in enumerate(rows, start=1):
        sheet.append([seq, *row])
    return _save(book, path)


@pytest.fixture
def import_server(backend: str, tmp_path: Path) -> Iterator[str]:
    """A server of a notices store of this test's own (the test writes to it)."""
    url = fresh_store_url(backend, tmp_path, name="import_browser")
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    engine.dispose()
    with serving(url) as base:
        yield base


def _import(page, path: Path) -> str:  # type: ignore[no-untyped-def]
    """Upload ``path`` on /data, check it, confirm it; the success message."""
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.get_by_text("根据表头识别为").wait_for(timeout=30_000)
    page.get_by_text(f"文件标题写明了期次：{CAPTION}").wait_for(timeout=30_000)
    _idle(page)
    page.get_by_role("button", name="检查", exact=True).click()
    page.get_by_text(re.compile("检查通过|未写入任何数据|未重复写入")).first.wait_for(timeout=60_000)
    _idle(page)
    main = page.inner_text('[data-testid="stMain"]')
    assert "检查通过" in main, main
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("已导入").wait_for(timeout=60_000)
    _idle(page)
    message = page.locator('[data-testid="stAlert"]', has_text="已导入").inner_text()
    assert "Traceback" not in page.inner_text("body")
    return str(message)


def _download_csv(page, nth: int = 0) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 CSV").nth(nth).click()
    text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_province_s_quarter_imported_in_chromium_shows_on_every_page(import_server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    files = [
        figures_attachment(tmp_path / "附件1.xlsx"),
        list_attachment(
            tmp_path / "附件2.xlsx",
            2,
            "检查发现问题的政府网站名单",
            ("序号", "网站名称", "网站标识码", "首页网址", "主要存在问题", "主办单位"),
            PROBLEM_SITES,
        ),
        list_attachment(
            tmp_path / "附件3.xlsx",
            3,
            "检查发现问题的政务新媒体名单",
            ("序号", "政务新媒体编号", "类型", "政务新媒体名称", "主要存在问题", "主办单位"),
            PROBLEM_ACCOUNTS,
        ),
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = logged_in_page(browser, import_server, viewport={"width": 1440, "height": 2400})
        page.goto(f"{import_server}/data?region={REGION}")
        _idle(page)
        page.get_by_text("导入文件").first.wait_for(timeout=30_000)
        messages = [_import(page, path) for path in files]
        page.screenshot(path=str(ARTIFACTS / "data-imported.png"))
        assert "已导入 4 行" in messages[0] and "已导入 2 行" in messages[1] and "已导入 1 行" in messages[2]
        body = page.inner_text("body")
        assert "问题清单 · 江西省 · 2024年第二季度" in body  # the links to the pages that show it

        # The batches table lists the three files, newest first, downloadable as CSV.
        batches = _download_csv(page)
        assert [row["文件名"] for row in batches[:3]] == ["附件3.xlsx", "附件2.xlsx", "附件1.xlsx"]
        assert {row["状态"] for row in batches[:3]} == {"有效"} and batches[0]["地区"] == "江西省"

        # The overview: the province's reported pass rate and counts, as printed in 附件1.
        page.goto(f"{import_server}/?period={PERIOD}&region={REGION}")
        _idle(page)
        page.get_by_text("江西省 · 2024年第二季度").wait_for(timeout=30_000)
        page.get_by_text("97.85%").first.wait_for(timeout=30_000)
        _idle(page)
        overview = page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "data-overview-360000-2024Q2.png"))
        assert "97.85%" in overview and "372" in overview and "71.54%" in overview

        # The drill-down: each city's row of 附件1, as the table downloads.
        page.goto(f"{import_server}/regions?period={PERIOD}&region={REGION}")
        _idle(page)
        page.get_by_text("江西省 · 2024年第二季度").wait_for(timeout=30_000)
        page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
        _idle(page)
        page.screenshot(path=str(ARTIFACTS / "data-regions-360000-2024Q2.png"))
        cities = {row["地区"]: row for row in _download_csv(page)}
        jiujiang = cities["九江市"]
        assert (jiujiang["网站运行总数"], jiujiang["网站抽查数"], jiujiang["网站突出问题数"]) == ("54", "36", "2")
        assert jiujiang["网站合格率"] == "94.44%"  # the file's own 合格率: reported, not computed
        assert cities["南昌市"]["网站合格率"] == "93.75%"

        # The problem list: each problem site with its problem text, in the grid.
        page.goto(f"{import_server}/problems?period={PERIOD}&region={REGION}")
        _idle(page)
        page.get_by_text("问题清单 · 江西省 · 2024年第二季度").wait_for(timeout=30_000)
        grid = page.frame_locator('iframe[title="st_aggrid.AgGrid.agGrid"]')
        grid.locator(".ag-pinned-left-cols-container .ag-row").first.wait_for(timeout=30_000)
        _idle(page)
        page.screenshot(path=str(ARTIFACTS / "data-problems-360000-2024Q2.png"))
        shown = grid.locator(".ag-root").inner_text()
        for name, code, _url, problem, _unit in PROBLEM_SITES:
            assert name in shown and code in shown and problem in shown
        assert "九江水利" in shown and "360400M001WX0009" in shown
        assert "全部（3）" in page.inner_text("body")
        browser.close()
