"""What only a browser shows: the served app, in Debian's Chromium driven by Playwright."""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run` on a free loopback port, serving a store filled with the notices."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'store.db'}"
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    engine.dispose()
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
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError("streamlit did not start: " + process.stdout.read().decode() if process.stdout else "")
    yield base
    process.terminate()
    process.wait(timeout=20)


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
