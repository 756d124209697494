"""/report in Chromium: a section edited in the page is in the .docx the browser downloads."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _idle, logged_in_page, server  # noqa: F401

EDITED = "（一）试点“一网通办”新做法。这是在浏览器中修改的经验做法。"


def test_a_section_edited_in_the_page_is_in_the_downloaded_notice(server: str) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = logged_in_page(browser, server, viewport={"width": 1400, "height": 2400}, accept_downloads=True)
        page.goto(f"{server}/report?period=2022Q3&region=360000")
        page.get_by_text("通报起草 · 江西省 · 2022年第三季度").wait_for(timeout=60_000)
        _idle(page)
        assert "而附件2列出36个" in page.inner_text("body")  # the check, before the buttons
        practice = page.get_by_label("二、经验做法")
        practice.fill(EDITED)
        practice.press("Control+Enter")  # Streamlit takes a text area's value on Ctrl+Enter or blur
        _idle(page)
        page.screenshot(path=str(ARTIFACTS / "report-360000-2022Q3.png"))
        with page.expect_download() as download:
            page.get_by_role("button", name="下载 Word（.docx）").click()
        assert download.value.suggested_filename == "通报_江西省_2022年第三季度.docx"
        document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
        text = "\n".join(paragraph.text for paragraph in document.paragraphs)
        assert EDITED in text and "主要成效" not in text
        assert "共抽查政务新媒体1213家，抽查比例34.96%，合格率为96.95%，同比下降1.71%" in text
        assert len(document.tables[1].rows) == 1 + 36  # 附件2, the problem accounts
        with page.expect_download() as pdf:
            page.get_by_role("button", name="下载 PDF").click()
        assert Path(pdf.value.path()).read_bytes()[:5] == b"%PDF-"
        browser.close()
