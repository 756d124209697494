"""Logging in as a person does it, in Debian's Chromium: the form, a reload, the logout, a wrong password, a lock."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from dashboard.filters import PAGES
from data_access import users
from data_access.db import make_engine
from tests.conftest import TEST_ADMIN, TEST_PASSWORD, TEST_VIEWER, ensure_test_accounts
from tests.test_browser import (  # noqa: F401  (server is a fixture)
    _STORES,
    CHROMIUM,
    CHROMIUM_ARGS,
    SERVER_LOGS,
    _idle,
    server,
)


def _log_in(page, name: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("账号", exact=True).fill(name)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录", exact=True).click()
    _idle(page)


def _main_text(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.inner_text('[data-testid="stMain"]'))


def _wait_for_attempts(engine, count: int) -> None:  # type: ignore[no-untyped-def]
    """Wait until the server has recorded ``count`` login attempts of lock-me (a click returns before it ran)."""
    query = sa.text("select count(*) from audit_log where user_name = 'lock-me' and action like 'login%'")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            if conn.execute(query).scalar_one() >= count:
                return
        time.sleep(0.2)
    raise AssertionError(f"the server did not record login attempt {count}")


def test_log_in_reload_log_out_and_a_wrong_password_in_chromium(server: str) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    ensure_test_accounts(_STORES[server])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 1400})
        page = context.new_page()
        page.goto(f"{server}/problems?period=2022Q3&region=360000")
        _idle(page)
        page.get_by_role("button", name="登录", exact=True).wait_for(timeout=30_000)
        before = page.inner_text("body")
        assert "江西省" not in before and "九江市" not in before and "地区下钻" not in before  # not even the menu

        _log_in(page, TEST_VIEWER, "not-the-password")
        page.get_by_text("账号或密码错误。").wait_for(timeout=30_000)
        assert page.get_by_label("密码", exact=True).input_value() == ""  # a submitted password is not kept
        assert not [c for c in context.cookies() if c["name"] == "dashboard_session" and c["value"]]

        _log_in(page, TEST_VIEWER, TEST_PASSWORD)
        page.get_by_text("问题清单 · 九江市 · 2022年第三季度").wait_for(timeout=30_000)
        assert "无权查看地区“360000”" in _main_text(page)  # the deep link asked for the province
        page.wait_for_function("document.cookie.includes('dashboard_session=')", timeout=30_000)
        cookie = next(c for c in context.cookies() if c["name"] == "dashboard_session")
        assert cookie["sameSite"] == "Strict" and TEST_PASSWORD not in cookie["value"]

        page.reload()
        _idle(page)
        page.get_by_text("问题清单 · 九江市").first.wait_for(timeout=30_000)
        assert "共 6 条问题" in _main_text(page)  # Jiujiang's five sites and one account of notice 000
        assert page.get_by_role("button", name="登录", exact=True).count() == 0

        page.get_by_role("button", name="退出登录").click()
        _idle(page)
        page.get_by_role("button", name="登录", exact=True).wait_for(timeout=30_000)
        page.wait_for_function("!document.cookie.includes('dashboard_session=')", timeout=30_000)
        page.reload()
        _idle(page)
        page.get_by_role("button", name="登录", exact=True).wait_for(timeout=30_000)
        assert "九江市" not in page.inner_text("body")
        browser.close()
    # The server's whole output during the test: it started and served, and holds no password or hash.
    log = SERVER_LOGS[server].read_text(encoding="utf-8", errors="replace")
    assert "You can now view your Streamlit app" in log
    for secret in (TEST_PASSWORD, "not-the-password", "$2b$", cookie["value"]):
        assert secret not in log


# Every text the main area shows while the page loads, in order (a page drawn outside the router, even for a
# moment, would be among them).
_RECORD_MAIN = """
window.mainTexts = [];
window.sidebarNavShown = false;
new MutationObserver(() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const text = main ? main.innerText : '';
  if (window.mainTexts[window.mainTexts.length - 1] !== text) window.mainTexts.push(text);
  if (document.querySelector('[data-testid="stSidebarNav"]')) window.sidebarNavShown = true;
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def test_a_deep_link_as_the_first_request_after_start_goes_through_the_login(server: str) -> None:  # noqa: F811
    """With a top-level pages/ folder, Streamlit runs the first request through pages/regions.py itself, not the
    router (pages/__init__.py): the file runs the router, so the login comes first and the link survives it."""
    from playwright.sync_api import sync_playwright

    ensure_test_accounts(_STORES[server])  # written to the store directly: the server has served nothing yet
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        page.add_init_script(_RECORD_MAIN)
        page.goto(f"{server}/regions?period=2022Q3&region=360000")
        _idle(page)
        page.get_by_role("button", name="登录", exact=True).wait_for(timeout=30_000)
        _idle(page)
        shown = page.evaluate("window.mainTexts")
        assert shown and all("江西省" not in text and "下级地区" not in text for text in shown), shown
        assert all("error" not in text.lower() for text in shown), shown
        before = page.inner_text("body")
        assert "地区下钻" not in before and "江西省" not in before  # not even the menu
        # Nor Streamlit's list of the files of pages/, not even for a moment while the first run starts.
        assert not page.evaluate("window.sidebarNavShown")
        assert not {*PAGES, "streamlit app"} & {line.strip() for line in before.splitlines()}

        _log_in(page, TEST_ADMIN, TEST_PASSWORD)
        page.get_by_text("江西省 · 2022年第三季度").wait_for(timeout=30_000)
        _idle(page)
        assert "下级地区检查情况" in _main_text(page)  # the regions page, not the overview
        assert "/regions?" in page.url and "period=2022Q3" in page.url and "region=360000" in page.url
        navigation = page.inner_text(".st-key-menu")
        assert "地区下钻" in navigation and "streamlit" not in navigation.lower() and "regions" not in navigation
        browser.close()
    log = SERVER_LOGS[server].read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log and "Error" not in log


def test_a_locked_account_stays_locked_for_its_period_in_chromium(server: str) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    engine = make_engine(_STORES[server])
    with engine.begin() as conn:
        users.add_account(
            conn, user_name="lock-me", password="lock-me-password", role="viewer", region_code="360400", actor="t"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1200})
        page.goto(server)
        _idle(page)
        for attempt in range(1, users.MAX_FAILED_LOGINS + 1):
            _log_in(page, "lock-me", "wrong-password")
            _wait_for_attempts(engine, attempt)
        page.get_by_text("账号已锁定").wait_for(timeout=30_000)
        _log_in(page, "lock-me", "lock-me-password")  # the right password, inside the lock period
        _wait_for_attempts(engine, users.MAX_FAILED_LOGINS + 1)
        page.get_by_text("账号已锁定").wait_for(timeout=30_000)
        locked = _main_text(page)
        assert "账号已锁定" in locked and f"{users.LOCK_MINUTES} 分钟" in locked
        assert page.get_by_role("button", name="退出登录").count() == 0
        browser.close()
    with engine.begin() as conn:
        until = users.lock_state(conn, "lock-me")
        assert until is not None
        # Once its period is over (the lock moved into the past), the right password opens it.
        conn.execute(
            users.users.update().where(users.users.c.user_name == "lock-me").values(locked_until=users.utc_now())
        )
        assert users.authenticate(conn, "lock-me", "lock-me-password").reason == "ok"
    engine.dispose()


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
