"""What only a browser shows of serving: unknown paths and crafted URL values, in Debian's Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.filters import PAGE_FILES
from data_access.db import make_engine, migrate
from data_access.sample_data import load_notices
from tests.conftest import fresh_store_url
from tests.test_browser import (  # noqa: F401  (server is a fixture)
    CHROMIUM,
    CHROMIUM_ARGS,
    _idle,
    logged_in_page,
    server,
    serving,
)

# Crafted values in pairs, each pair sent as the period and region of one URL of every page.
CRAFTED = (
    ("[点此重新登录](https://example.org/login)", "![x](http://127.0.0.2:9/beacon.png)"),
    ("<img src=http://127.0.0.2:9/x.png><script>alert(1)</script>", "9" * 10_000),
)


def test_unknown_paths_and_crafted_values_stay_chinese_and_plain(server: str) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = logged_in_page(browser, server, viewport={"width": 1280, "height": 1200})
        outside: list[str] = []
        page.on("request", lambda request: outside.append(request.url) if "127.0.0.1" not in request.url else None)

        page.goto(f"{server}/nope")  # the server's first request
        _idle(page)
        page.get_by_text("页面不存在").first.wait_for(timeout=30_000)
        assert "地区下钻" in page.inner_text('[data-testid="stMain"]')
        # Until the router has run once in a process, Streamlit also answers an unknown path with its own English
        # notice, over the Chinese page (README, "Why pages/ is safe"); from then on, never.
        page.goto(f"{server}/nope")
        _idle(page)
        page.get_by_text("页面不存在").first.wait_for(timeout=30_000)
        text = page.inner_text("body")
        assert "Page not found" not in text and "does not seem to exist" not in text
        assert "地区下钻" in text

        # Every page that reads the region and period from the URL (accounts, indicator sets and recording read
        # neither: /inspect takes its round and target from its own parameters).
        no_filters = ("overview", "accounts", "indicators", "inspect")
        for page_path in ["", *(path for path in PAGE_FILES if path not in no_filters)]:
            for region, period in CRAFTED:
                page.goto(f"{server}/{page_path}", wait_until="commit")
                page.goto(f"{server}/{page_path}?region={region}&period={period[:60]}&unit={region}&target={period}")
                _idle(page)
                page.locator('[data-testid="stAlert"]').first.wait_for(timeout=30_000)
                main = page.inner_text('[data-testid="stMain"]')
                assert "不存在" in main, page_path
                assert page.locator('[data-testid="stMain"] a[href*="example.org"]').count() == 0, page_path
                assert page.locator('[data-testid="stMain"] img[src*="127.0.0.2"]').count() == 0, page_path
                assert "9" * 100 not in main, page_path  # a 10,000-character value is cut, not echoed whole
                assert "Traceback" not in main and "Error" not in main, page_path
        assert not outside, outside
        browser.close()


def _page_text(browser, url: str, shows: str, *, log_in: bool = True) -> str:  # type: ignore[no-untyped-def]
    """The page's text once ``shows`` is on it (the script may still be drawing when the title appears)."""
    options = {"viewport": {"width": 1280, "height": 1600}}
    page = logged_in_page(browser, url, **options) if log_in else browser.new_page(**options)
    page.goto(url)
    _idle(page)
    page.get_by_text(shows).first.wait_for(timeout=30_000)
    _idle(page)
    text = page.inner_text("body")
    page.close()
    return text


def test_a_store_that_is_down_then_back(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    store = tmp_path / "store.db"
    store.write_text("not a database")  # unreadable, as a half-copied file or a dead volume is
    with serving(f"sqlite:///{store}") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        down = _page_text(browser, f"{base}/?period=2022Q3&region=360000", "暂时无法连接数据库", log_in=False)
        assert "暂时无法连接数据库" in down
        assert "Traceback" not in down and "sqlite" not in down.lower() and str(tmp_path) not in down
        # No one can log in while the store is down: no menu, and never Streamlit's English fallback list of files.
        assert "地区下钻" not in down and "overview" not in down.lower() and "regions" not in down.lower()
        store.unlink()
        engine = make_engine(f"sqlite:///{store}")
        migrate(engine)
        load_notices(engine)
        engine.dispose()
        up = _page_text(browser, f"{base}/?period=2022Q3&region=360000", "94.75%")
        assert "94.75%" in up and "暂时无法连接数据库" not in up
        browser.close()


def test_two_app_processes_on_one_postgresql_database_serve_the_same_figures(backend: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    url = fresh_store_url(backend, tmp_path, name="two_processes")
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    engine.dispose()
    with serving(url) as first, serving(url) as second, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        shown = [_page_text(browser, f"{base}/?period=2020Q1&region=360000", "98.94%") for base in (first, second)]
        browser.close()
    for text in shown:
        assert "98.94%" in text and "84.27%" in text and "538" in text
