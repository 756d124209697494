"""The rectification loop on the pages (AppTest): /tasks as a Jiujiang editor, the province's editor and a
viewer, another city's task asked for by URL, publishing, the overview's panel, and the statuses elsewhere."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from data_access import schema as s
from data_access.db import make_engine, migrate
from data_access.imports.batches import run_import
from data_access.sample_data import load_notices
from tests.conftest import (
    TEST_ADMIN,
    TEST_EDITOR,
    TEST_PROVINCE_EDITOR,
    TEST_VIEWER,
    app_test,
    ensure_test_accounts,
    fresh_store_url,
    serve,
)
from tests.test_access import shown
from tests.test_imports import site_problems
from tests.test_tasks import PERIOD, PROBLEMS, build_loop_store, task_ids

NO_TASK = "没有编号为“{value}”的整改任务，或它不在您的账号可查看的地区范围内。"


@pytest.fixture(scope="module")
def loop_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_store_url(backend, tmp_path_factory.mktemp(f"tasks-pages-{backend}"), name="tasks_pages")
    build_loop_store(url)
    return url


@pytest.fixture
def loop_env(loop_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    yield from serve(loop_url, monkeypatch)


@pytest.fixture(scope="module")
def ids(loop_url: str) -> dict[str, int]:
    engine = make_engine(loop_url)
    try:
        return task_ids(engine)
    finally:
        engine.dispose()


def run_tasks(user: str, **params: str) -> AppTest:
    app = app_test(user)
    app.switch_page("pages/tasks.py")
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def table(app: AppTest, first_column: str) -> pd.DataFrame:
    return next(frame.value for frame in app.dataframe if first_column in frame.value.columns)


def facts(app: AppTest) -> dict[str, str]:
    frame = table(app, "项目")
    return dict(zip(frame["项目"], frame["内容"], strict=True))


def steps(app: AppTest) -> list[list[str]]:
    return table(app, "环节")[["办理人", "环节", "整改情况或理由"]].values.tolist()


def click(app: AppTest, label: str) -> AppTest:
    next(button for button in app.button if button.label == label).click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.mark.usefixtures("loop_env")
def test_a_jiujiang_editor_answers_the_province_returns_then_confirms(
    ids: dict[str, int],
    downloads: dict[str, list[Any]],
) -> None:
    task = str(ids["3604000951"])
    editor = run_tasks(TEST_EDITOR, task=task)
    assert editor.subheader[0].value == f"整改任务 {task}：九江市戊局"
    assert facts(editor)["整改状态"] == "未反馈" and facts(editor)["下发单位"] == "江西省"
    editor.text_area(key="tasks_answer_text").input("已更新“工作动态”栏目")
    editor.text_input(key="tasks_answer_link").input("https://wj.jiujiang.gov.cn/gzdt/")
    click(editor, "提交反馈")
    assert [m.value for m in editor.success] == ["已提交反馈，等待审核。"]
    assert facts(editor)["整改状态"] == "已反馈"
    assert not [b for b in editor.button if b.label == "提交反馈"]  # nothing more to answer
    assert not [b for b in editor.button if b.label == "确认整改"]  # nor to review: the province does

    province = run_tasks(TEST_PROVINCE_EDITOR, task=task)
    province.text_area(key="tasks_return_reason").input("请附带更新日期的截图")
    click(province, "退回")
    assert [m.value for m in province.success] == ["已退回，等待重新反馈。"]
    assert facts(province)["整改状态"] == "已退回"

    editor = run_tasks(TEST_EDITOR, task=task)
    assert facts(editor)["整改状态"] == "已退回"
    editor.text_area(key="tasks_answer_text").input("补充了带日期的截图")
    click(editor, "提交反馈")
    province = run_tasks(TEST_PROVINCE_EDITOR, task=task)
    click(province, "确认整改")
    assert [m.value for m in province.success] == ["已确认整改。"]
    assert facts(province)["整改状态"] == "已确认"
    assert steps(province) == [
        [TEST_PROVINCE_EDITOR, "下发", ""],
        [TEST_EDITOR, "反馈整改情况", "已更新“工作动态”栏目"],
        [TEST_PROVINCE_EDITOR, "退回", "请附带更新日期的截图"],
        [TEST_EDITOR, "反馈整改情况", "补充了带日期的截图"],
        [TEST_PROVINCE_EDITOR, "确认整改", ""],
    ]
    history = next(t for t in downloads["tables"][::-1] if t.title == f"整改任务{task}办理记录")
    assert history.frame["环节"].tolist() == ["下发", "反馈整改情况", "退回", "反馈整改情况", "确认整改"]
    engine = make_engine(os.environ["DASHBOARD_DATABASE_URL"])
    with engine.connect() as conn:
        audit = conn.execute(
            sa.select(s.audit_log.c.user_name, s.audit_log.c.action)
            .where(s.audit_log.c.detail.like(f"任务 {task}（%"))
            .order_by(s.audit_log.c.id)
        ).all()
    engine.dispose()
    assert [tuple(row) for row in audit] == [
        (TEST_EDITOR, "task_submit"),
        (TEST_PROVINCE_EDITOR, "task_return"),
        (TEST_EDITOR, "task_submit"),
        (TEST_PROVINCE_EDITOR, "task_confirm"),
    ]
    admin = app_test(TEST_ADMIN)
    admin.switch_page("pages/accounts.py")
    admin.run()
    log = next(frame.value for frame in admin.dataframe if "操作" in frame.value.columns)
    assert {"反馈整改情况", "退回整改反馈", "确认整改", "下发整改任务"} <= set(log["操作"])


@pytest.mark.usefixtures("loop_env")
def test_another_citys_task_by_url_shows_and_changes_nothing(ids: dict[str, int]) -> None:
    pingxiang = str(ids["3603000951"])
    app = run_tasks(TEST_EDITOR, task=pingxiang)
    assert [w.value for w in app.warning] == [NO_TASK.format(value=pingxiang)]
    assert "task" not in app.query_params
    text = shown(app)
    assert "萍乡" not in text and "3603000951" not in text
    assert not [b for b in app.button if b.label in ("提交反馈", "确认整改", "退回")]
    bad = run_tasks(TEST_EDITOR, task="abc<script>")
    assert [w.value for w in bad.warning] == [NO_TASK.format(value="abc\\<script\\>")]  # as typed, no markup


@pytest.mark.usefixtures("loop_env")
def test_the_lists_reminders_and_who_sees_the_forms(ids: dict[str, int]) -> None:
    province = run_tasks(TEST_PROVINCE_EDITOR, period=PERIOD, due="30")
    listed = table(province, "任务编号")
    assert set(listed["标识码/账号编号"]) >= set(PROBLEMS) - {"3604000951"}
    rounds = table(province, "已下发任务数")
    assert rounds[["问题数", "已下发任务数"]].values.tolist() == [[len(PROBLEMS), len(PROBLEMS)]]
    nothing_to_publish = "本期没有可由您的账号下发的通报，或通报的问题都已下发。"
    assert any(caption.value == nothing_to_publish for caption in province.caption)
    counts = table(province, "地区")
    assert "萍乡市" in set(counts["地区"]) and set(counts["逾期（计算值）"]) == {0}
    assert province.query_params.get("due") == "30"
    quiet = run_tasks(TEST_PROVINCE_EDITOR, period=PERIOD, due="9")  # not a choice: 7 days, said so
    assert [w.value for w in quiet.warning] == ["到期提醒范围“9”无法识别，已按7日内提醒。"]
    assert "due" not in quiet.query_params
    assert any(caption.value == "没有逾期或7日内到期的整改任务。" for caption in quiet.caption)  # all 20 days ahead

    viewer = run_tasks(TEST_VIEWER, period=PERIOD)
    codes = set(table(viewer, "任务编号")["标识码/账号编号"])
    assert codes <= {code for code in PROBLEMS if code.startswith("3604")} and "3604260951" in codes
    assert not [link for link in viewer.get("page_link") if "数据导入" in str(link.proto.label)]
    one = run_tasks(TEST_VIEWER, task=str(ids["3604260951"]))
    assert not [b for b in one.button if b.label in ("提交反馈", "确认整改", "退回")]
    assert "查看账号只能查看整改任务，不能办理；请使用数据维护员账号。" in [t.value for t in one.text]


@pytest.mark.usefixtures("loop_env")
def test_a_scoped_overview_shows_its_open_tasks_first() -> None:
    viewer = app_test(TEST_VIEWER).run()
    assert not viewer.exception
    assert viewer.markdown[0].value == "**本地区整改任务**"
    cards = {metric.label: metric.value for metric in viewer.metric[:6]}
    assert cards["未反馈"] != "0" and "7日内到期" in cards
    national = app_test(TEST_ADMIN).run()
    assert "**本地区整改任务**" not in [m.value for m in national.markdown]


@pytest.mark.usefixtures("loop_env")
def test_the_other_pages_show_the_tasks_statuses() -> None:
    rect = app_test(TEST_VIEWER)
    rect.switch_page("pages/rectification.py")
    rect.query_params["period"] = PERIOD
    rect.run()
    assert not rect.exception and not rect.error
    metrics = {metric.label: metric.value for metric in rect.metric}
    assert metrics["未反馈"] != "0" and metrics["逾期（计算值）"] == "0"
    problems = app_test(TEST_VIEWER)
    problems.switch_page("pages/problems.py")
    problems.query_params["period"] = PERIOD
    problems.query_params["status"] = "unanswered"
    problems.run()
    assert not problems.exception and not problems.error
    assert "未反馈" in shown(problems)


def test_an_editor_publishes_a_round_on_the_page(backend: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    url = fresh_store_url(backend, tmp_path, name="tasks_publish")
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    data = site_problems(["1", "九江市壬局", "3604000981", "http://rj.gov.cn/", "栏目不更新", "九江市壬局"])
    assert run_import(engine, data, "问题.csv", user="tests", period=PERIOD, region="360400").status == "written"
    engine.dispose()
    ensure_test_accounts(url)
    for _ in serve(url, monkeypatch):
        app = run_tasks(TEST_EDITOR, period=PERIOD)
        app.selectbox(key="tasks_publish_round").set_value(f"import-360400-{PERIOD}")
        click(app, "下发整改任务")
        assert [m.value for m in app.success] == ["已下发 1 个整改任务。"]
        listed = table(app, "任务编号")
        assert listed[["标识码/账号编号", "整改状态", "整改期限"]].values.tolist() == [
            ["3604000981", "未反馈", "通报未规定期限（不计逾期）"]
        ]
