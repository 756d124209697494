"""Recording a check at /inspect in Chromium: Jiujiang's editor finds a site, ticks a veto item, adds a finding
with a screenshot, sees the verdict and saves; the store holds the check, its findings and the image."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from data_access import schema as s
from data_access.db import make_engine, migrate
from data_access.inspections import create_round
from data_access.sample_data import load_notices
from data_access.scope import Scope
from tests.conftest import TEST_EDITOR
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _idle, logged_in_page, serving

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" + (
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('inspect-browser') / 'store.db'}"
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    with engine.begin() as conn:
        round_id = create_round(
            conn,
            period="2024Q3",
            region_code="360400",
            site_set_id=None,
            account_set_id=None,
            user="t",
            scope=Scope(None),
        )
    engine.dispose()
    yield url, round_id


def test_an_editor_records_a_check_in_chromium(store: tuple[str, int], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    url, round_id = store
    image = tmp_path / "截图.png"
    image.write_bytes(PNG)
    ARTIFACTS.mkdir(exist_ok=True)
    with serving(url) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = logged_in_page(browser, base, TEST_EDITOR, viewport={"width": 1400, "height": 2600})
            page.goto(f"{base}/inspect?round={round_id}")
            _idle(page)
            page.get_by_text("检查评分录入").first.wait_for(timeout=60_000)
            page.get_by_label("输入网站标识码、账号编号或名称查找").fill("3604260037")
            page.keyboard.press("Enter")
            _idle(page)
            page.get_by_text("选择网站或账号").wait_for(timeout=30_000)
            page.locator('[data-testid="stSelectbox"]', has_text="选择网站或账号").click()
            page.get_by_role("option", name=re.compile("信用中国\\(江西德安\\)")).click()
            page.get_by_text("德安县发展和改革委员会").first.wait_for(timeout=30_000)
            _idle(page)
            assert "target=" in page.url
            page.get_by_text("首页不更新", exact=True).click()
            _idle(page)
            page.get_by_role("textbox", name="说明").first.fill("监测2周，首页无信息更新")
            page.keyboard.press("Enter")
            _idle(page)
            form = page.locator('[data-testid="stForm"]', has_text="添加一项")
            form.locator('[data-testid="stSelectbox"]').click()
            page.get_by_role("option", name=re.compile("政策解读")).click()
            form.get_by_role("spinbutton", name="分值").fill("5")
            form.get_by_role("textbox", name="说明").fill("政策解读栏目半年未更新")
            form.locator('input[type="file"]').set_input_files(str(image))
            form.get_by_text("截图.png").wait_for(timeout=30_000)
            form.get_by_role("button", name="添加").click()
            _idle(page)
            page.get_by_role("button", name="删除所选的一项").wait_for(timeout=30_000)  # the finding is listed
            page.get_by_text("单项否决：首页不更新").first.wait_for(timeout=30_000)
            page.get_by_role("button", name="保存检查结果").click()
            page.get_by_text(re.compile("已保存：信用中国\\(江西德安\\)，不合格")).wait_for(timeout=60_000)
            _idle(page)
            page.screenshot(path=str(ARTIFACTS / "inspect-recorded.png"))
            body = page.inner_text("body")
            assert "第 1 版" in body and "本批次在本页录入的检查" in body
            assert "Traceback" not in body and "Error" not in body
        finally:
            browser.close()
    engine = make_engine(url)
    with engine.connect() as conn:
        check = conn.execute(
            sa.select(s.check_results.c.id, s.check_results.c.passed, s.check_results.c.problem_text).where(
                s.check_results.c.round_id == round_id
            )
        ).one()
        found = conn.execute(
            sa.select(s.findings.c.note, s.findings.c.image, s.findings.c.image_type)
            .where(s.findings.c.check_id == check.id)
            .order_by(s.findings.c.seq)
        ).all()
    engine.dispose()
    assert check.passed is False and check.problem_text == "单项否决：首页不更新（监测2周，首页无信息更新）"
    assert [(note, bytes(data) if data else None, kind) for note, data, kind in found] == [
        ("监测2周，首页无信息更新", None, None),
        ("政策解读栏目半年未更新", PNG, "image/png"),
    ]
