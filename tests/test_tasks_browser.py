"""The rectification loop in Chromium: a Jiujiang editor answers with an uploaded image, the province's editor
returns it, the editor answers again, the province confirms; the statuses, the audit log, the evidence and the
steps' download show each step; another city's task asked for by URL shows nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from data_access import schema as s
from data_access.db import make_engine
from tests.conftest import TEST_EDITOR, TEST_PROVINCE_EDITOR
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, SERVER_LOGS, _idle, logged_in_page, serving
from tests.test_tasks import PNG, build_loop_store, task_ids

VIEWPORT = {"width": 1400, "height": 2600}


@pytest.fixture
def loop_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A server of the notices' store with this quarter's Jiangxi round published (tests/test_tasks.py)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('tasks-browser') / 'store.db'}"
    build_loop_store(url)
    with serving(url) as base:
        yield base, url


def _main(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.inner_text('[data-testid="stMain"]'))


def _open(page, url: str, expect: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    _idle(page)
    page.get_by_text(expect).first.wait_for(timeout=30_000)


def _answer(page, text: str, image: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("整改情况（做了什么）").fill(text)
    page.get_by_label("佐证链接（可选，http:// 或 https:// 开头）").fill("https://wj.jiujiang.gov.cn/gzdt/")
    if image is not None:
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(image))
        page.get_by_text(image.name).first.wait_for(timeout=30_000)
    page.get_by_role("button", name="提交反馈").click()
    page.get_by_text("已提交反馈，等待审核。").wait_for(timeout=30_000)
    _idle(page)


def test_the_loop_in_chromium(loop_server: tuple[str, str], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    base, url = loop_server
    engine = make_engine(url)
    ids = task_ids(engine)
    task, pingxiang = ids["3604000951"], ids["3603000951"]
    link = f"{base}/tasks?task={task}"
    image = tmp_path / "整改截图.png"
    image.write_bytes(PNG)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        editor = logged_in_page(browser, base, TEST_EDITOR, viewport=VIEWPORT)
        province = logged_in_page(browser, base, TEST_PROVINCE_EDITOR, viewport=VIEWPORT)

        # Another city's task, by URL: a message, and nothing of it.
        _open(editor, f"{base}/tasks?task={pingxiang}", "的整改任务，或它不在您的账号可查看的地区范围内")
        assert "萍乡" not in _main(editor) and "提交反馈" not in _main(editor)

        _open(editor, link, "整改状态：未反馈")
        _answer(editor, "已更新“工作动态”栏目", image)
        editor.get_by_text("整改状态：已反馈").wait_for(timeout=30_000)
        assert "整改截图.png" in _main(editor)
        with editor.expect_download() as evidence:
            editor.get_by_role("button", name="下载 整改截图.png（1 KB）").click()
        assert Path(evidence.value.path()).read_bytes() == PNG

        _open(province, link, "整改状态：已反馈")
        province.get_by_label("退回理由").fill("截图看不出更新日期")
        province.get_by_role("button", name="退回", exact=True).click()
        province.get_by_text("已退回，等待重新反馈。").wait_for(timeout=30_000)
        _idle(province)

        _open(editor, link, "整改状态：已退回")
        _answer(editor, "补充了带日期的截图")

        _open(province, link, "整改状态：已反馈")
        province.get_by_role("button", name="确认整改").click()
        province.get_by_text("已确认整改。").wait_for(timeout=30_000)
        _idle(province)
        province.get_by_text("整改状态：已确认").wait_for(timeout=30_000)
        province.screenshot(path=str(ARTIFACTS / "tasks-confirmed.png"))
        # The steps as a download: the history table's CSV (the second table of the page).
        with province.expect_download() as steps:
            province.get_by_role("button", name="下载 CSV").nth(1).click()
        rows = list(csv.DictReader(io.StringIO(Path(steps.value.path()).read_bytes().decode("utf-8-sig"))))
        assert [(row["办理人"], row["环节"]) for row in rows] == [
            (TEST_PROVINCE_EDITOR, "下发"),
            (TEST_EDITOR, "反馈整改情况"),
            (TEST_PROVINCE_EDITOR, "退回"),
            (TEST_EDITOR, "反馈整改情况"),
            (TEST_PROVINCE_EDITOR, "确认整改"),
        ]
        assert rows[1]["附件数"] == "1" and rows[1]["佐证链接"] == "https://wj.jiujiang.gov.cn/gzdt/"
        browser.close()
    with engine.connect() as conn:
        audit = conn.execute(
            sa.select(s.audit_log.c.user_name, s.audit_log.c.action)
            .where(s.audit_log.c.detail.like(f"任务 {task}（%"))
            .order_by(s.audit_log.c.id)
        ).all()
        untouched = conn.execute(
            sa.select(s.rectification_tasks.c.state).where(s.rectification_tasks.c.id == pingxiang)
        ).scalar_one()
    engine.dispose()
    assert [tuple(row) for row in audit] == [
        (TEST_EDITOR, "task_submit"),
        (TEST_PROVINCE_EDITOR, "task_return"),
        (TEST_EDITOR, "task_submit"),
        (TEST_PROVINCE_EDITOR, "task_confirm"),
    ]
    assert untouched == "open"
    log = SERVER_LOGS[base].read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
