"""What only a browser shows: the served app, in Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from data_access.db import URL_ENV, make_engine, migrate
from data_access.sample_data import load_notices
from tests.conftest import APP_DIR, TEST_ADMIN, ensure_test_accounts

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


_STORES: dict[str, str] = {}  # base URL of a test server -> the URL of the store it serves
SERVER_LOGS: dict[str, Path] = {}  # base URL of a test server -> the file its output goes to


@contextlib.contextmanager
def serving(url: str) -> Iterator[str]:
    """`streamlit run` on a free loopback port serving the store at ``url``; yields the base URL."""
    port = _free_port()
    env = {**os.environ, URL_ENV: url}
    # The server's output goes to a file (a pipe nobody reads could fill up and stall the server),
    # which tests read to check what the log holds.
    log_path = Path(tempfile.mkdtemp(prefix="dashboard-server-")) / "server.log"
    log_file = log_path.open("wb")
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
        stdout=log_file,
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
        _STORES[base], SERVER_LOGS[base] = url, log_path
        yield base
    finally:
        _STORES.pop(base, None)
        SERVER_LOGS.pop(base, None)
        process.terminate()
        process.wait(timeout=20)
        log_file.close()


def logged_in_page(browser, url: str, user: str = TEST_ADMIN, **options: Any):  # type: ignore[no-untyped-def]
    """A new page in a new browser context that holds ``user``'s session cookie for the server of ``url``.

    The cookie carries a token signed with the store's key by data_access.sessions, the
    token a login through the form leaves in the browser; there is no other way in.
    """
    from dashboard.auth import COOKIE_NAME
    from data_access import sessions, users

    base = "/".join(url.split("/", 3)[:3])
    store = _STORES[base]
    ensure_test_accounts(store)
    engine = make_engine(store)
    with engine.begin() as conn:
        account = users.get_account(conn, user)
        assert account is not None, user
        token = sessions.issue_token(conn, account)
    engine.dispose()
    context = browser.new_context(**options)
    context.add_cookies([{"name": COOKIE_NAME, "value": token, "url": base}])
    return context.new_page()


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
        page = logged_in_page(browser, server, viewport={"width": 1400, "height": 2200})
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


def _inside(parent: str, code: str) -> tuple[float, float]:
    """A longitude and latitude inside region ``code``'s outline on ``parent``'s map."""
    from shapely.geometry import shape

    from dashboard.maps import geometry

    geojson = geometry(parent)
    assert geojson is not None
    (feature,) = [f for f in geojson["features"] if f["properties"]["code"] == code]
    point = shape(feature["geometry"]).representative_point()
    return point.x, point.y


# Where a longitude and latitude are on the page: the map (MapLibre, a canvas) projects it itself.
_MAP_POINT_JS = """
(lonlat) => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout && g._fullLayout.map);
  if (!gd) return null;
  const map = gd._fullLayout.map._subplot.map;
  if (!map.loaded()) return null;
  const point = map.project(lonlat);
  const box = map.getContainer().getBoundingClientRect();
  return {x: box.left + point.x, y: box.top + point.y};
}
"""


def _click_map_at(page, lonlat: tuple[float, float]) -> None:  # type: ignore[no-untyped-def]
    """Click the regions map where ``lonlat`` is drawn."""
    page.wait_for_selector(".js-plotly-plot .maplibregl-canvas", timeout=30_000)
    page.locator(".js-plotly-plot .maplibregl-canvas").first.scroll_into_view_if_needed()
    handle = page.wait_for_function(_MAP_POINT_JS, arg=list(lonlat), timeout=30_000)
    point = handle.json_value()
    page.mouse.click(point["x"], point["y"])


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
        page = logged_in_page(browser, server, viewport={"width": 1440, "height": 2400})
        page.goto(f"{server}/regions?period=2020Q1&region=360000")
        _idle(page)
        page.get_by_text("江西省 · 2020年第一季度").wait_for(timeout=30_000)
        page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "regions-360000-2020Q1.png"))
        # The page runs inside the router: its own Chinese navigation, never Streamlit's file list.
        navigation = page.inner_text(".st-key-menu")
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

        # So does the map: a click inside 上饶市's outline (a point of it from the same offline geometry,
        # placed on the canvas by the map's own projection).
        _click_map_at(page, _inside("360000", "361100"))
        page.wait_for_url("**region=361100**", timeout=30_000)
        page.get_by_text("上饶市 · 2020年第一季度").wait_for(timeout=30_000)
        _idle(page)
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

        # The problem list downloads as Excel with its codes as text cells, exactly the rows shown.
        with page.expect_download() as download:
            page.get_by_role("button", name="下载 Excel").last.click()
        workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        sheet = workbook.active
        header = [cell.value for cell in sheet[1]]
        codes = [row[header.index("标识码/账号编号")] for row in sheet.iter_rows(min_row=2)]
        assert download.value.suggested_filename.startswith("地区下钻_2020年第一季度_")
        assert [cell.value for cell in codes[:3]] == ["3611000003", "3611000058", "3611280006"]
        assert all(cell.data_type == "s" for cell in codes if cell.value)

        # A row of the problem list opens that site's history.
        grids = page.locator('[data-testid="stDataFrame"]')
        _click_grid_row(page, grids.count() - 1, 0)
        page.wait_for_url("**target=**", timeout=30_000)
        page.get_by_text("历次检查记录", exact=True).wait_for(timeout=30_000)
        _idle(page)
        assert "上饶市住房和城乡建设局门户网" in page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "regions-target.png"))
        browser.close()


# ---------------------------------------------------------------- the overview at 1440 and 390 px (issue 7)


@pytest.fixture
def synthetic_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run` serving a small national synthetic store (scale 0.01, 20 quarters)."""
    from data_access.synthetic import generate

    url = f"sqlite:///{tmp_path_factory.mktemp('browser-synthetic') / 'store.db'}"
    engine = make_engine(url)
    migrate(engine)
    generate(engine, scale=0.01)
    engine.dispose()
    with serving(url) as base:
        yield base


# Every chart's traces as drawn: name, type and colour (a line's colour for lines, a bar's fill for bars).
_CHART_COLOURS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => ({
    trend: !!gd.closest('.st-key-overview_trend'),
    xtype: gd._fullLayout.xaxis.type,
    traces: gd._fullData.map(t => ({name: t.name, colour: t.type === 'bar' ? t.marker.color : t.line.color})),
    legend: [...gd.querySelectorAll('.legend .traces')].map(node => ({
        name: node.querySelector('.legendtext').textContent,
        colour: (node.querySelector('.legendpoints path') || {style: {}}).style.stroke
            || (node.querySelector('.legendpoints path') || {style: {}}).style.fill,
    })),
}))"""
# Tables, charts and cards whose box reaches past the right edge of the window, and the page's own scroll width.
_TOO_WIDE = """() => {
    const width = window.innerWidth;
    const boxes = [...document.querySelectorAll(
        '[data-testid="stDataFrame"], [data-testid="stPlotlyChart"], .js-plotly-plot, [data-testid="stMetric"]'
    )];
    return {
        width,
        scroll: document.documentElement.scrollWidth,
        wide: boxes.map(box => [box.getAttribute('data-testid') || 'plotly', box.getBoundingClientRect().right])
            .filter(([, right]) => right > width + 0.5),
    };
}"""
_CONTENT_HEIGHT = """() => Math.ceil(Math.max(...[...document.querySelectorAll('[data-testid="stMain"] *')]
    .map(node => node.getBoundingClientRect().bottom), 0)) + 40"""


def _rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def _overview_views(server: str, synthetic_server: str) -> list[tuple[str, str, bool]]:
    """(name, URL, has a trend) for the three views the issue names."""
    return [
        ("root", f"{server}/", False),
        ("360000-2020Q1", f"{server}/?period=2020Q1&region=360000", True),
        ("synthetic-national", f"{synthetic_server}/", True),
    ]


def test_overview_at_1440_and_390_px_has_a_date_axis_one_palette_and_fits_a_phone(
    server: str, synthetic_server: str
) -> None:
    from playwright.sync_api import sync_playwright

    from dashboard.charts import KIND_COLORS

    ARTIFACTS.mkdir(exist_ok=True)
    site_colours: set[str] = set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, url, has_trend in _overview_views(server, synthetic_server):
            for width in (1440, 390):
                page = logged_in_page(browser, url, viewport={"width": width, "height": 900})
                page.goto(url)
                _idle(page)
                page.wait_for_selector(".js-plotly-plot", timeout=60_000)
                if has_trend:
                    page.wait_for_selector(".st-key-overview_trend .js-plotly-plot", timeout=60_000)
                # Streamlit scrolls inside its own container: a window as tall as the page shows all of it.
                page.set_viewport_size({"width": width, "height": min(page.evaluate(_CONTENT_HEIGHT), 16_000)})
                page.wait_for_timeout(1_000)
                page.screenshot(path=str(ARTIFACTS / f"overview-{name}-{width}.png"))
                body = page.inner_text("body")
                assert "Traceback" not in body and "None" not in body

                charts = page.evaluate(_CHART_COLOURS)
                trends = [chart for chart in charts if chart["trend"]]
                assert len(trends) == (1 if has_trend else 0), name
                assert all(chart["xtype"] == "date" for chart in trends), name
                for chart in charts:
                    for trace in chart["traces"]:
                        if trace["name"].startswith("政府网站"):
                            site_colours.add(trace["colour"])
                    for entry in chart["legend"]:
                        if entry["name"].startswith("政府网站"):
                            assert entry["colour"] == _rgb(KIND_COLORS["site"]), (name, width, entry)

                if width == 390:
                    fit = page.evaluate(_TOO_WIDE)
                    assert not fit["wide"], (name, fit)
                    assert fit["scroll"] <= fit["width"], (name, fit)
                page.close()
        browser.close()
    assert site_colours == {KIND_COLORS["site"]}  # the same blue in every chart of every view


def test_problem_list_filters_by_a_category_bar_and_opens_a_row_in_chromium(server: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = logged_in_page(browser, server, viewport={"width": 1440, "height": 2400})
        page.goto(f"{server}/problems?period=2022Q3&region=360000")
        _idle(page)
        page.get_by_text("问题清单 · 江西省 · 2022年第三季度").wait_for(timeout=30_000)
        # The AG Grid renders its rows, the code and name pinned, the URL a link.
        grid = page.frame_locator('iframe[title="st_aggrid.AgGrid.agGrid"]')
        pinned = grid.locator(".ag-pinned-left-cols-container")
        pinned.locator(".ag-row").first.wait_for(timeout=30_000)
        assert "3600000053" in pinned.inner_text() and "省粮食和物资储备局政府网站" in pinned.inner_text()
        link = grid.locator('a[href="http://lswz.jiangxi.gov.cn/"]')
        assert link.count() == 1 and link.get_attribute("target") == "_blank"
        assert "全部（65）" in page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "problems-360000-2022Q3.png"))

        # A bar of the category chart filters the list: the URL says so and 19 problems remain.
        chart = page.locator(".js-plotly-plot").first
        chart.scroll_into_view_if_needed()
        label = chart.locator(".yaxislayer-above text", has_text="严重表述错误").bounding_box()
        plot = chart.locator(".nsewdrag").first.bounding_box()
        assert label is not None and plot is not None
        page.mouse.click(plot["x"] + 4, label["y"] + label["height"] / 2)  # the bar starts at the axis
        page.wait_for_url("**category=serious_error**", timeout=30_000)
        _idle(page)
        page.get_by_text("全部（19）").wait_for(timeout=30_000)
        pinned.locator(".ag-row").first.wait_for(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "problems-360000-2022Q3-serious_error.png"))

        # A row opens that site's history on the drill-down's target page.
        pinned.locator('.ag-row[row-index="0"] .ag-cell').last.click()
        page.wait_for_url("**/regions?**target=**", timeout=30_000)
        _idle(page)
        page.get_by_text("历次检查记录", exact=True).wait_for(timeout=30_000)
        assert "省发展和改革委员会" in page.inner_text("body")
        page.wait_for_selector('[data-testid="stDataFrame"] canvas', timeout=30_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "problems-target.png"))

        # Back returns to the filtered list.
        page.go_back()
        page.wait_for_url("**/problems?**category=serious_error**", timeout=30_000)
        _idle(page)
        page.get_by_text("全部（19）").wait_for(timeout=30_000)

        # On /rectification a row of the list opens the target too.
        page.goto(f"{server}/rectification?period=2024Q1&region=421300")
        _idle(page)
        page.get_by_text("上期问题复查情况").wait_for(timeout=30_000)
        page.wait_for_selector('[data-testid="stDataFrame"] canvas', timeout=30_000)
        page.wait_for_selector(".js-plotly-plot", timeout=30_000)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(ARTIFACTS / "rectification-421300-2024Q1.png"))
        _click_grid_row(page, 1, 0)  # grid 0 holds the deadlines; grid 1 this period's problems, 随州市审计局 first
        page.wait_for_url("**/regions?**target=**", timeout=30_000)
        _idle(page)
        page.get_by_text("历次检查记录", exact=True).wait_for(timeout=30_000)
        assert "随州市审计局" in page.inner_text("body")
        browser.close()
