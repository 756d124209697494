"""Streamlit's file uploader speaks Chinese on our pages (dashboard/chrome.py, assets/chinese_widgets.css): its
button, its instructions, the overlay while a file is dragged, and a file it could not take. Only a browser
shows what a stylesheet draws, so this is a Chromium test; it also fails if a Streamlit upgrade changes the
structure the rules rely on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from data_access.db import make_engine, migrate
from data_access.sample_data import load_notices
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _idle, logged_in_page, serving

UPLOAD_LIMIT_MB = 1  # the server's upload limit in this test, so that a file over it is cheap to make

LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture
def small_limit_server(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A server of the notices whose uploads are limited to UPLOAD_LIMIT_MB (Streamlit reads the variable)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('chrome') / 'store.db'}"
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    engine.dispose()
    monkeypatch.setenv("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", str(UPLOAD_LIMIT_MB))
    with serving(url) as base:
        yield base


def _after(locator, selector: str) -> str:  # type: ignore[no-untyped-def]
    """The ::after content of the first element matching ``selector`` inside ``locator``, unquoted."""
    content = locator.evaluate(
        "(root, selector) => getComputedStyle(root.querySelector(selector), '::after').content", selector
    )
    return str(content).strip('"')


def _visible_text(locator) -> str:  # type: ignore[no-untyped-def]
    """The text a user reads in ``locator``: rendered text, leaving out text drawn at size 0."""
    return str(
        locator.evaluate(
            """root => {
                const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                const parts = [];
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    const element = node.parentElement;
                    if (!element || !element.getClientRects().length) continue;  // display: none, or not drawn
                    if (element.closest('[data-testid="stIconMaterial"]')) continue;  // an icon's ligature
                    const style = getComputedStyle(element);
                    if (style.fontSize === '0px' || style.visibility === 'hidden') continue;
                    if (style.clip === 'rect(0px, 0px, 0px, 0px)') continue;  // for screen readers only
                    parts.push(node.textContent);
                }
                return parts.join(' ');
            }"""
        )
    )


def test_the_uploader_speaks_chinese_before_during_and_after_an_upload(small_limit_server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    text_file = tmp_path / "说明.txt"
    text_file.write_text("这不是表格", encoding="utf-8")
    too_large = tmp_path / "附件1.xlsx"
    too_large.write_bytes(b"PK\x03\x04" + b"0" * (UPLOAD_LIMIT_MB * 1024 * 1024 + 1024))
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = logged_in_page(browser, small_limit_server, viewport={"width": 1440, "height": 1600})
        page.goto(f"{small_limit_server}/data")
        _idle(page)
        uploader = page.locator('[data-testid="stFileUploader"]').first
        uploader.wait_for(timeout=30_000)

        # Before: the button and the instructions in Chinese, no English word drawn anywhere in it.
        assert _after(uploader, 'button[data-testid="stBaseButton-secondary"] span[data-has-shortcut]') == "选择文件"
        assert _after(uploader, '[data-testid="stFileUploaderDropzoneInstructions"] > div') == "或将文件拖放到此处"
        drawn = _visible_text(uploader)
        assert "选择要导入的文件" in drawn and not LATIN.search(drawn.replace("Excel", "").replace("CSV", "")), drawn

        # During a drag: Streamlit's overlay words are drawn at size 0, ours after them.
        zone = uploader.locator('[data-testid="stFileUploaderDropzone"]')
        transfer = page.evaluate_handle(
            "() => { const d = new DataTransfer(); d.items.add(new File(['x'], 'a.csv')); return d; }"
        )
        zone.dispatch_event("dragenter", {"dataTransfer": transfer})
        overlay = ":scope > div:not([data-testid]) > span"  # Streamlit's words while a file is over the zone
        zone.locator(overlay).wait_for(timeout=10_000)
        assert _after(zone, overlay) == "松开鼠标即可上传"
        drawn = _visible_text(zone)
        assert "Drag" not in drawn and "drop" not in drawn, drawn
        zone.dispatch_event("dragleave", {"dataTransfer": transfer})

        # A file of a type we do not read is taken by Streamlit (no `type=`) and refused by us, in Chinese.
        uploader.locator('input[type="file"]').set_input_files(str(text_file))
        page.locator('[data-testid="stAlert"]').first.wait_for(timeout=30_000)
        _idle(page)
        main = page.inner_text('[data-testid="stMain"]')
        assert "not allowed" not in main and uploader.locator('[aria-invalid="true"]').count() == 0
        alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
        assert alerts and not any(LATIN.search(alert) for alert in alerts), alerts
        page.screenshot(path=str(ARTIFACTS / "uploader-refused-in-chinese.png"))
        uploader.locator('[data-testid="stFileChipDeleteBtn"] button').click()
        _idle(page)

        # A file over the server's limit: Streamlit refuses it before we see it; the chip says so in Chinese,
        # and the tooltip over it shows our sentence, not "File must be 1.0MB or smaller."
        uploader.locator('input[type="file"]').set_input_files(str(too_large))
        chip = uploader.locator('[data-testid="stFileChip"][aria-invalid="true"]')
        chip.wait_for(timeout=30_000)
        assert _after(chip, '[data-testid="stFileChipName"]') == "（未能上传）"
        box = uploader.locator('[data-testid="stTooltipErrorHoverTarget"]').bounding_box()
        assert box is not None
        page.mouse.move(0, 0)
        page.mouse.move(box["x"] + 5, box["y"] + 5)
        page.mouse.move(box["x"] + 15, box["y"] + 10)
        tooltip = page.locator('[data-testid="stTooltipErrorContent"]')
        tooltip.wait_for(timeout=10_000)
        assert _after(tooltip.locator("xpath=.."), '[data-testid="stTooltipErrorContent"]').startswith("未能上传该文件")
        drawn = _visible_text(tooltip)
        assert not LATIN.search(drawn), drawn
        page.screenshot(path=str(ARTIFACTS / "uploader-too-large-in-chinese.png"))
        page.screenshot(path="/tmp/tip.png")
        browser.close()
