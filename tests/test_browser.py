"""What only a browser shows: the served app, in Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from data_access.db import URL_ENV, make_engine, migrate
from data_access.sample_data import load_notices
from tests.conftest import APP_DIR

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
ARTIFACTS = APP_DIR / "test-artifacts"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"CI=true but {CHROMIUM} is missing: .ci/run must install chromium")
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(url: str) -> Iterator[str]:
    """`streamlit run` on a free loopback port serving the store at ``url``; yields the base URL."""
    port = _free_port()
    env = {**os.environ, URL_ENV: url}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=APP_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server of a store filled with the notices.

    One server per test: each test's first request is the first the server sees,
    as a deep link shared with a leader would be.
    """
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'store.db'}"
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    engine.dispose()
    with serving(url) as base:
        yield base


def test_overview_in_chromium_shows_the_jiangxi_2022q3_pass_rates(server: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2200})
        page.goto(f"{server}/?period=2022Q3&region=360000")
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
        page.get_by_text("94.75%").first.wait_for(timeout=30_000)
        text = page.inner_text("body")
        page.wait_for_selector(".js-plotly-plot", timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "overview-360000-2022Q3.png"))
        assert "江西省 · 2022年第三季度" in text
        assert "94.75%" in text and "96.95%" in text
        assert "552" in text and "1,213" in text
        assert "period=2022Q3" in page.url and "region=360000" in page.url
        browser.close()


def _idle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)


def _click_grid_row(page, grid_index: int, row: int) -> None:  # type: ignore[no-untyped-def]
    """Tick the selection box of ``row`` in the ``grid_index``-th st.dataframe (a canvas, so by position)."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(grid_index)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 35 * row + 17)


def test_drill_down_by_row_and_bar_and_back_in_chromium(server: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 2400})
        page.goto(f"{server}/regions?period=2020Q1&region=360000")
        _idle(page)
        page.get_by_text("江西省 · 2020年第一季度").wait_for(timeout=30_000)
        page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "regions-360000-2020Q1.png"))
        # The page runs inside the router: its own Chinese navigation, never Streamlit's file list.
        navigation = page.inner_text('[data-testid="stSidebarNav"]')
        assert "地区下钻" in navigation and "概况" in navigation
        assert "streamlit" not in navigation.lower() and "regions" not in navigation

        # Row 0 is 上饶市, the worst pass rate: ticking it drills to the city and its three problem sites.
        _click_grid_row(page, 0, 0)
        page.wait_for_url("**region=361100**", timeout=30_000)
        page.get_by_text("上饶市 · 2020年第一季度").wait_for(timeout=30_000)
        _idle(page)
        page.screenshot(path=str(ARTIFACTS / "regions-361100-2020Q1.png"))

        # The browser's back button returns to the province.
        page.go_back()
        page.wait_for_url("**region=360000**", timeout=30_000)
        page.get_by_text("江西省 · 2020年第一季度").wait_for(timeout=30_000)
        _idle(page)

        # A bar of the chart drills too: the first bar is 上饶市 (sorted worst first).
        page.wait_for_selector(".js-plotly-plot .bars .point path", timeout=30_000)
        bar = page.locator(".js-plotly-plot .bars .point path").first
        bar.scroll_into_view_if_needed()
        box = bar.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 8)  # the bar runs on, clipped, below the axis
        page.wait_for_url("**region=361100**", timeout=30_000)
        page.get_by_text("上饶市 · 2020年第一季度").wait_for(timeout=30_000)
        _idle(page)

        # A row of the problem list opens that site's history.
        grids = page.locator('[data-testid="stDataFrame"]')
        _click_grid_row(page, grids.count() - 1, 0)
        page.wait_for_url("**target=**", timeout=30_000)
        page.get_by_text("历次检查记录").wait_for(timeout=30_000)
        _idle(page)
        assert "上饶市住房和城乡建设局门户网" in page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "regions-target.png"))
        browser.close()
