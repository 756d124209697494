"""What only a browser shows of serving: unknown paths and crafted URL values, in Debian's Chromium."""

from __future__ import annotations

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _idle, server  # noqa: F401  (server is a fixture)

CRAFTED = {
    "link": "[点此重新登录](https://example.org/login)",
    "image": "![x](http://127.0.0.2:9/beacon.png)",
    "html": "<img src=http://127.0.0.2:9/x.png><script>alert(1)</script>",
    "long": "9" * 10_000,
}


def test_unknown_paths_and_crafted_values_stay_chinese_and_plain(server: str) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1200})
        outside: list[str] = []
        page.on("request", lambda request: outside.append(request.url) if "127.0.0.1" not in request.url else None)

        page.goto(f"{server}/nope")
        _idle(page)
        page.get_by_text("页面不存在").first.wait_for(timeout=30_000)
        text = page.inner_text("body")
        assert "Page not found" not in text and "does not seem to exist" not in text
        assert "地区下钻" in text

        for name, value in CRAFTED.items():
            for page_path in ("", "regions", "compare"):
                page.goto(f"{server}/{page_path}", wait_until="commit")
                page.goto(f"{server}/{page_path}?region={value}&period={value[:50]}")
                _idle(page)
                page.locator('[data-testid="stAlert"]').first.wait_for(timeout=30_000)
                alerts = page.inner_text('[data-testid="stMain"]')
                assert "不存在" in alerts, (name, page_path)
                assert page.locator('[data-testid="stMain"] a[href*="example.org"]').count() == 0
                assert page.locator('[data-testid="stMain"] img[src*="127.0.0.2"]').count() == 0
                assert "9" * 100 not in alerts  # a 10,000-character value is cut, not echoed whole
        assert not outside, outside
        browser.close()
