"""The rectification loop in the store: publish, answer with evidence, return, answer again, confirm; who may
do what (also by another city's task id); evidence checks; the batch of answers and its undo; a re-check that
closes or reopens a task; what the statuses say on and after the deadline; the migration on a filled store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from data_access import schema as s
from data_access import tasks, users
from data_access.clock import beijing_today
from data_access.db import make_engine, migrate
from data_access.imports.batches import ImportRefused, run_import, undo
from data_access.periods import Period
from data_access.problem_lists import problem_rows
from data_access.rectification import repeat_offenders
from data_access.sample_data import load_notices
from data_access.scope import NATIONAL, Scope
from tests.conftest import (
    TEST_ADMIN,
    TEST_EDITOR,
    TEST_PROVINCE_EDITOR,
    TEST_VIEWER,
    ensure_test_accounts,
    fresh_store_url,
)
from tests.test_departments import _alembic
from tests.test_imports import csv_file, site_problems, xlsx_file

TODAY = beijing_today()
QUARTER = Period(TODAY.year, (TODAY.month - 1) // 3 + 1)  # the quarter of today: an import may be for it
PERIOD = QUARTER.key
ROUND = f"import-360000-{PERIOD}"
FIX_BY, REPORT_BY = TODAY + dt.timedelta(days=20), TODAY + dt.timedelta(days=25)
# A Jiangxi problem list of this quarter: Jiujiang's (the city and De'an county), Pingxiang's and the province's own.
PROBLEMS = {
    "3604000951": ("九江市戊局", "“工作动态”栏目超过2周未更新", "九江市戊局"),
    "3604260951": ("德安县戊局", "首页超过2周未更新", "德安县戊局"),
    "3603000951": ("萍乡市戊局", "空白栏目5个", "萍乡市戊局"),
    "3600000951": ("江西省戊厅", "互动回应差", "省戊厅"),
    "3604000952": ("九江市己局", "栏目不更新", "九江市己局"),
    "3604000953": ("九江市庚局", "站点无法访问", "九江市庚局"),
    "3604000954": ("九江市辛局", "服务不实用", "九江市辛局"),
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def build_loop_store(url: str) -> None:
    """The notices, the test accounts, this quarter's Jiangxi problem list imported and published by the
    province's editor with deadlines 20 and 25 days ahead (the notices' own rounds stay unpublished)."""
    engine = make_engine(url)
    try:
        migrate(engine)
        load_notices(engine)
        ensure_test_accounts(url)
        rows = [
            [str(seq), name, code, f"http://{code}.gov.cn/", problem, unit]
            for seq, (code, (name, problem, unit)) in enumerate(PROBLEMS.items(), start=1)
        ]
        outcome = run_import(engine, site_problems(*rows), "问题网站.csv", user="tests", period=PERIOD, region="360000")
        assert outcome.status == "written", [issue.text() for issue in outcome.issues]
        with engine.begin() as conn:
            tasks.publish(
                conn,
                actor=account(conn, TEST_PROVINCE_EDITOR),
                round_key=ROUND,
                rectification_due=FIX_BY,
                report_due=REPORT_BY,
                today=TODAY,
            )
    finally:
        engine.dispose()


def account(conn: sa.Connection, name: str) -> users.Account:
    found = users.get_account(conn, name)
    assert found is not None, name
    return found


def task_ids(engine: sa.Engine) -> dict[str, int]:
    """This quarter's tasks by site code."""
    query = (
        sa.select(s.targets.c.code, s.rectification_tasks.c.id)
        .join(s.check_results, s.check_results.c.id == s.rectification_tasks.c.check_id)
        .join(s.targets, s.targets.c.id == s.check_results.c.target_id)
        .join(s.rounds, s.rounds.c.id == s.check_results.c.round_id)
        .where(s.rounds.c.key == ROUND)
    )
    with engine.connect() as conn:
        return {code: task for code, task in conn.execute(query).all()}


@pytest.fixture(scope="module")
def engine(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[sa.Engine]:
    url = fresh_store_url(backend, tmp_path_factory.mktemp(f"tasks-{backend}"), name="tasks_loop")
    build_loop_store(url)
    store = make_engine(url)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def ids(engine: sa.Engine) -> dict[str, int]:
    return task_ids(engine)


def statuses(engine: sa.Engine, as_of: dt.date = TODAY, region: str = "360000") -> dict[str, str]:
    with engine.connect() as conn:
        frame = problem_rows(conn, scope=NATIONAL, period=PERIOD, region=region, as_of=as_of)
    return dict(zip(frame["code"], frame["status"], strict=True))


def act(engine: sa.Engine, user: str, step: str, task: int, **values: object) -> int:
    """One step by ``user`` in its own transaction, as the page takes it."""
    with engine.begin() as conn:
        actor = account(conn, user)
        if step == "answer":
            values = {"link": None, "files": (), "today": TODAY, "done_on": TODAY, **values}
            return tasks.answer(conn, actor=actor, task_id=task, **values)  # type: ignore[arg-type]
        if step == "confirm":
            return tasks.confirm(conn, actor=actor, task_id=task)
        return tasks.return_answer(conn, actor=actor, task_id=task, **values)  # type: ignore[arg-type]


def snapshot(engine: sa.Engine) -> tuple[int, ...]:
    """Rows of every table a step writes, and the data version: a refused step changes none of them."""
    with engine.connect() as conn:
        counts = [
            conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in (s.task_events, s.task_evidence, s.audit_log)
        ]
        states = conn.execute(sa.select(sa.func.count()).where(s.rectification_tasks.c.state == "open")).scalar_one()
        version = conn.execute(sa.select(s.data_version.c.version)).scalar_one()
    return (*counts, states, version)


def test_a_published_round_becomes_tasks_with_both_deadlines(engine: sa.Engine, ids: dict[str, int]) -> None:
    assert set(ids) == set(PROBLEMS)
    assert set(statuses(engine).values()) <= {"unanswered", "submitted", "returned", "confirmed", "not_rectified"}
    with engine.connect() as conn:
        due = conn.execute(
            sa.select(s.rounds.c.rectification_due, s.rounds.c.report_due).where(s.rounds.c.key == ROUND)
        ).one()
        published = conn.execute(
            sa.select(s.audit_log.c.user_name, s.audit_log.c.detail).where(s.audit_log.c.action == "task_publish")
        ).all()
    assert tuple(due) == (FIX_BY, REPORT_BY)
    title = f"江西省{QUARTER.label}政府网站与政务新媒体检查情况"
    assert published == [(TEST_PROVINCE_EDITOR, f"{title}：{len(PROBLEMS)} 个整改任务")]


def test_the_notices_rounds_cannot_be_published_and_keep_no_record(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        province = account(conn, TEST_PROVINCE_EDITOR)
        with pytest.raises(tasks.TaskRefused, match="期限（2022-09-26）已过"):
            tasks.publish(
                conn, actor=province, round_key="jx-2022q3", rectification_due=None, report_due=None, today=TODAY
            )
        with pytest.raises(tasks.TaskRefused, match="期限（2020-04-15）已过"):
            tasks.publish(
                conn, actor=province, round_key="jx-2020q1", rectification_due=None, report_due=None, today=TODAY
            )
        with pytest.raises(tasks.TaskRefused, match="没有这一检查批次"):  # Suizhou lies outside Jiangxi
            tasks.publish(
                conn, actor=province, round_key="sz-2024q1", rectification_due=None, report_due=None, today=TODAY
            )
        with pytest.raises(
            tasks.TaskRefused, match="没有可下发的问题"
        ):  # notice 001's problems passed after rectification
            tasks.publish(
                conn,
                actor=account(conn, TEST_EDITOR),
                round_key="jj-2023q1",
                rectification_due=None,
                report_due=None,
                today=TODAY,
            )
        with pytest.raises(tasks.TaskRefused, match="没有这一检查批次"):  # the province's round, for a city's editor
            tasks.publish(
                conn,
                actor=account(conn, TEST_EDITOR),
                round_key=ROUND,
                rectification_due=None,
                report_due=None,
                today=TODAY,
            )
        with pytest.raises(tasks.TaskRefused, match="不能改动"):  # the deadline the round has, changed
            tasks.publish(conn, actor=province, round_key=ROUND, rectification_due=TODAY, report_due=None, today=TODAY)
        with pytest.raises(tasks.TaskRefused, match="只能查看"):
            tasks.publish(
                conn,
                actor=account(conn, TEST_VIEWER),
                round_key="jj-2023q1",
                rectification_due=None,
                report_due=None,
                today=TODAY,
            )
    with engine.connect() as conn:
        for period, region, count in (("2022Q3", "360000", 65), ("2020Q1", "360000", 61), ("2024Q1", "421300", 9)):
            frame = problem_rows(conn, scope=NATIONAL, period=period, region=region, as_of=TODAY)
            assert frame["status"].value_counts().to_dict() == {"no_record": count}, period
            assert frame["task_id"].isna().all()
        rechecked = problem_rows(conn, scope=NATIONAL, period="2023Q4", region="421300", as_of=TODAY)
        assert set(rechecked["status"]) == {"rectified"} and set(rechecked["status_text"]) == {"已完成整改"}


def test_answer_with_evidence_return_answer_again_confirm(engine: sa.Engine, ids: dict[str, int]) -> None:
    task = ids["3604000951"]
    assert statuses(engine)["3604000951"] == "unanswered"
    first = act(
        engine,
        TEST_EDITOR,
        "answer",
        task,
        text="已更新“工作动态”栏目",
        link="https://wj.jiujiang.gov.cn/gzdt/",
        files=[tasks.Evidence("截图.png", PNG), tasks.Evidence("C:\\材料\\整改报告.pdf", PDF)],
    )
    assert statuses(engine)["3604000951"] == "submitted"
    act(engine, TEST_PROVINCE_EDITOR, "return", task, reason="截图看不出更新日期")
    assert statuses(engine)["3604000951"] == "returned"
    assert statuses(engine, FIX_BY + dt.timedelta(days=1))["3604000951"] == "overdue"  # returned and past due
    act(engine, TEST_EDITOR, "answer", task, text="补充了带日期的截图", files=[tasks.Evidence("补充.png", PNG)])
    assert statuses(engine)["3604000951"] == "submitted"
    assert statuses(engine, FIX_BY + dt.timedelta(days=1))["3604000951"] == "submitted"  # answered: not overdue
    act(engine, TEST_PROVINCE_EDITOR, "confirm", task)
    assert statuses(engine)["3604000951"] == "confirmed"
    with engine.connect() as conn:
        history = tasks.task_history(conn, scope=Scope("360400"), task_id=task)
        files = tasks.evidence_list(conn, scope=Scope("360400"), task_id=task)
        entries = conn.execute(
            sa.select(s.audit_log.c.user_name, s.audit_log.c.action, s.audit_log.c.detail)
            .where(s.audit_log.c.detail.like(f"任务 {task}（%"))
            .order_by(s.audit_log.c.id)
        ).all()
        evidence = tasks.evidence_file(conn, scope=Scope("360400"), evidence_id=int(files["evidence_id"].iloc[1]))
        hidden = tasks.evidence_file(conn, scope=Scope("360300"), evidence_id=int(files["evidence_id"].iloc[1]))
    assert history[["action", "state_after", "user_name"]].values.tolist() == [
        ["publish", "open", TEST_PROVINCE_EDITOR],
        ["submit", "submitted", TEST_EDITOR],
        ["return", "returned", TEST_PROVINCE_EDITOR],
        ["submit", "submitted", TEST_EDITOR],
        ["confirm", "confirmed", TEST_PROVINCE_EDITOR],
    ]
    assert history["text"].tolist()[1:4] == ["已更新“工作动态”栏目", "截图看不出更新日期", "补充了带日期的截图"]
    assert history["link"].tolist()[1] == "https://wj.jiujiang.gov.cn/gzdt/" and history["files"].tolist() == [
        0,
        2,
        0,
        1,
        0,
    ]
    assert int(history["event_id"].iloc[1]) == first
    assert files["file_name"].tolist() == ["截图.png", "整改报告.pdf", "补充.png"]  # the name without its folder
    assert files["content_type"].tolist() == ["image/png", "application/pdf", "image/png"]
    assert evidence == ("整改报告.pdf", "application/pdf", PDF) and hidden is None
    assert [(user, action) for user, action, _ in entries] == [
        (TEST_EDITOR, "task_submit"),
        (TEST_PROVINCE_EDITOR, "task_return"),
        (TEST_EDITOR, "task_submit"),
        (TEST_PROVINCE_EDITOR, "task_confirm"),
    ]
    assert entries[1][2].endswith("截图看不出更新日期")
    with pytest.raises(tasks.TaskRefused, match="已确认整改"):
        act(engine, TEST_EDITOR, "answer", task, text="再次反馈")


def test_another_citys_task_is_no_task_at_all(engine: sa.Engine, ids: dict[str, int]) -> None:
    pingxiang = ids["3603000951"]
    before = snapshot(engine)
    with pytest.raises(tasks.TaskRefused) as refused:
        act(engine, TEST_EDITOR, "answer", pingxiang, text="代为反馈")
    assert str(refused.value) == f"没有编号为 {pingxiang} 的整改任务，或它不在本账号负责的地区范围内。"
    with pytest.raises(tasks.TaskRefused, match="没有编号为"):
        act(engine, TEST_EDITOR, "confirm", pingxiang)
    with pytest.raises(tasks.TaskRefused, match="没有编号为"):
        act(engine, TEST_EDITOR, "answer", 10**9, text="不存在的任务")
    assert snapshot(engine) == before
    with engine.connect() as conn:
        jiujiang = Scope("360400")
        assert tasks.facts(conn, pingxiang, scope=jiujiang) is None
        assert tasks.task_detail(conn, scope=jiujiang, task_id=pingxiang, as_of=TODAY).empty
        assert tasks.task_history(conn, scope=jiujiang, task_id=pingxiang).empty
        assert tasks.task_detail(conn, scope=NATIONAL, task_id=pingxiang, as_of=TODAY)["code"].tolist() == [
            "3603000951"
        ]


def test_who_may_answer_and_who_may_review(engine: sa.Engine, ids: dict[str, int]) -> None:
    deanxian, province_own = ids["3604260951"], ids["3600000951"]
    with engine.connect() as conn:

        def may(user: str, task: int) -> dict[str, str | None]:
            return tasks.permissions(conn, actor=account(conn, user), task_id=task)

        assert may(TEST_EDITOR, deanxian)["answer"] is None  # a county of Jiujiang: the city's editor answers
        assert may(TEST_EDITOR, deanxian)["review"] == "这一整改任务由江西省审核。"
        assert "只能查看" in str(may(TEST_VIEWER, deanxian)["answer"])
        assert (
            may(TEST_PROVINCE_EDITOR, deanxian)["answer"]
            == "这一问题由德安县反馈整改情况；江西省负责审核，不能代为反馈。"
        )
        assert may(TEST_ADMIN, deanxian)["answer"] == "这一问题由德安县反馈整改情况；全国负责审核，不能代为反馈。"
        assert may(TEST_PROVINCE_EDITOR, province_own)["answer"] is None  # the province's own department
        assert may(TEST_PROVINCE_EDITOR, deanxian)["review"] == "这一整改任务没有待审核的反馈。"
    act(engine, TEST_PROVINCE_EDITOR, "answer", province_own, text="已开通在线咨询")
    with engine.connect() as conn:
        assert "不能审核本账号自己提交的反馈" in str(may(TEST_PROVINCE_EDITOR, province_own)["review"])
        assert may(TEST_ADMIN, province_own)["review"] is None
    with pytest.raises(tasks.TaskRefused, match="自己提交"):
        act(engine, TEST_PROVINCE_EDITOR, "confirm", province_own)
    with pytest.raises(tasks.TaskRefused, match="请填写退回理由"):
        act(engine, TEST_ADMIN, "return", province_own, reason="  ")
    act(engine, TEST_ADMIN, "confirm", province_own)
    assert statuses(engine)["3600000951"] == "confirmed"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"files": [tasks.Evidence("截图.png", b"<html><script>alert(1)</script></html>")]},
            "不是 PNG、JPEG 图片或 PDF",
        ),
        ({"files": [tasks.Evidence("大图.png", PNG + b"\x00" * tasks.EVIDENCE_MAX_BYTES)]}, "超过 10 MB"),
        ({"files": [tasks.Evidence("空.pdf", b"")]}, "空文件"),
        ({"link": "javascript:alert(1)"}, "http:// 或 https://"),
        ({"link": "ftp://wj.jiujiang.gov.cn/"}, "http:// 或 https://"),
        ({"done_on": TODAY + dt.timedelta(days=1)}, "不能晚于今天"),
        ({"done_on": None}, "请填写整改完成日期"),
        ({"text": " \n "}, "请填写整改情况"),
    ],
)
def test_a_wrong_answer_is_refused_in_chinese_and_writes_nothing(
    engine: sa.Engine, ids: dict[str, int], values: dict[str, object], message: str
) -> None:
    before = snapshot(engine)
    with pytest.raises(tasks.TaskRefused, match=message):
        act(engine, TEST_EDITOR, "answer", ids["3604260951"], **{"text": "已整改", **values})
    assert snapshot(engine) == before


def test_a_png_named_pdf_is_taken_as_what_it_is(engine: sa.Engine) -> None:
    assert tasks.evidence_type(tasks.Evidence("证明.pdf", PNG)) == "image/png"
    assert tasks.evidence_type(tasks.Evidence("photo", b"\xff\xd8\xff\xe0" + b"\x00" * 16)) == "image/jpeg"


def feedback_file(*rows: Sequence[str]) -> bytes:
    return csv_file([["序号", "名称", "网站标识码或账号编号", "主办单位", "整改情况", "整改日期", "佐证链接"], *rows])


def test_a_file_of_answers_is_all_or_nothing_and_undone(engine: sa.Engine, ids: dict[str, int]) -> None:
    task = ids["3604000952"]
    day = TODAY.isoformat()
    wrong = feedback_file(
        ["1", "九江市己局", "3604000952", "九江市己局", "已更新栏目", day, ""],
        ["2", "萍乡市戊局", "3603000951", "萍乡市戊局", "已补充内容", day, ""],  # Pingxiang's: not Jiujiang's to answer
    )
    before = snapshot(engine)
    outcome = run_import(
        engine, wrong, "整改反馈.csv", user=TEST_EDITOR, period=PERIOD, region="360400", scope=Scope("360400")
    )
    assert outcome.kind is not None and outcome.kind.key == "feedback"
    assert [issue.text() for issue in outcome.issues] == [
        "第3行：本期没有“3603000951”（萍乡市戊局）的整改任务，无法对应整改情况"
    ]
    assert snapshot(engine) == before
    right = xlsx_file(  # as staff fill in the template: an Excel file, one row per problem
        [
            ["序号", "名称", "网站标识码或账号编号", "主办单位", "整改情况", "整改日期", "佐证链接"],
            [1, "九江市己局", "3604000952", "九江市己局", "已更新栏目", TODAY, "https://jj.gov.cn/x"],
        ],
        formats={"F2": "yyyy-mm-dd"},
    )
    preview = run_import(engine, right, "整改反馈.xlsx", user=TEST_EDITOR, period=PERIOD, region="360400", dry_run=True)
    assert preview.status == "dry_run" and preview.counts == {"整改反馈和复查记录": 1}
    assert statuses(engine)["3604000952"] == "unanswered"
    written = run_import(engine, right, "整改反馈.xlsx", user=TEST_EDITOR, period=PERIOD, region="360400")
    assert written.status == "written" and statuses(engine)["3604000952"] == "submitted"
    undo(engine, written.batch_id or 0, user=TEST_EDITOR)
    assert statuses(engine)["3604000952"] == "unanswered"
    again = run_import(engine, right, "整改反馈（重报）.xlsx", user=TEST_EDITOR, period=PERIOD, region="360400")
    assert again.status == "written"
    act(engine, TEST_PROVINCE_EDITOR, "return", task, reason="请附截图")
    with pytest.raises(ImportRefused, match=f"整改任务 {task} 在这批数据之后又有办理记录"):
        undo(engine, again.batch_id or 0, user=TEST_EDITOR)
    assert statuses(engine)["3604000952"] == "returned"
    with pytest.raises(ImportRefused, match="整改任务用到了它新增的检查记录"):  # the published problems' own batch
        with engine.connect() as conn:
            batch = conn.execute(
                sa.select(s.check_results.c.import_id).where(s.check_results.c.id == _check_of(conn, task))
            ).scalar_one()
        undo(engine, batch, user="tests")


def _check_of(conn: sa.Connection, task: int) -> int:
    return conn.execute(
        sa.select(s.rectification_tasks.c.check_id).where(s.rectification_tasks.c.id == task)
    ).scalar_one()


def recheck_file(*rows: Sequence[str]) -> bytes:
    return csv_file([["序号", "名称", "网站标识码或账号编号", "复查结果", "复查日期", "主办单位", "问题期次"], *rows])


def test_a_recheck_closes_or_reopens_a_task_and_counts_a_repeat(engine: sa.Engine, ids: dict[str, int]) -> None:
    task = ids["3604000953"]
    act(engine, TEST_EDITOR, "answer", task, text="已恢复访问")
    act(engine, TEST_PROVINCE_EDITOR, "confirm", task)
    day = TODAY.isoformat()
    reopened = run_import(
        engine,
        recheck_file(["1", "九江市庚局", "3604000953", "未整改", day, "九江市庚局", ""]),
        "复查.csv",
        user=TEST_PROVINCE_EDITOR,
        period=PERIOD,
        region="360000",
    )
    assert reopened.status == "written", [issue.text() for issue in reopened.issues]
    assert statuses(engine)["3604000953"] == "not_rectified"
    assert (
        statuses(engine, FIX_BY + dt.timedelta(days=9))["3604000953"] == "not_rectified"
    )  # never overdue by the old date
    act(engine, TEST_EDITOR, "answer", task, text="已迁移到新服务器")  # reopened: answered again
    assert statuses(engine)["3604000953"] == "submitted"
    undo_refused = pytest.raises(ImportRefused, match="又有办理记录")
    with undo_refused:
        undo(engine, reopened.batch_id or 0, user=TEST_PROVINCE_EDITOR)
    act(engine, TEST_PROVINCE_EDITOR, "confirm", task)
    assert statuses(engine)["3604000953"] == "confirmed"
    with engine.connect() as conn:
        history = tasks.task_history(conn, scope=NATIONAL, task_id=task)
    assert history["action"].tolist() == ["publish", "submit", "confirm", "recheck", "submit", "confirm"]
    assert history["text"].tolist()[3] == "未整改"
    closing = run_import(
        engine,
        recheck_file(["1", "九江市辛局", "3604000954", "已完成整改", TODAY.isoformat(), "九江市辛局", ""]),
        "复查（二）.csv",
        user=TEST_PROVINCE_EDITOR,
        period=PERIOD,
        region="360000",
    )
    assert closing.status == "written" and closing.counts["整改反馈和复查记录"] == 1
    assert statuses(engine)["3604000954"] == "rectified"  # closed without an answer: the re-check is the finding
    with pytest.raises(tasks.TaskRefused, match="复查已认定这一问题整改完成"):
        act(engine, TEST_EDITOR, "answer", ids["3604000954"], text="已整改")


def test_a_later_rounds_recheck_of_an_earlier_problem(backend: str, tmp_path: Path) -> None:
    """Notice 004's way, through an import: a re-check of 2024年第一次's problem in the next quarter closes or
    reopens it, and a problem found not rectified makes its target a repeat offender."""
    engine = make_engine(fresh_store_url(backend, tmp_path, name="tasks_recheck"))
    try:
        migrate(engine)
        load_notices(engine)
        data = recheck_file(
            ["1", "随州市审计局", "4213000045", "未整改", "2024-05-20", "", "2024Q1"],
            ["2", "随州统计", "", "整改后合格", "2024-05-20", "随州市统计局", "2024年第一季度"],
        )
        outcome = run_import(engine, data, "复查.csv", user="tests", period="2024Q2", region="421300")
        assert outcome.status == "written", [issue.text() for issue in outcome.issues]
        with engine.connect() as conn:
            frame = problem_rows(conn, scope=NATIONAL, period="2024Q1", region="421300", as_of=TODAY)
            found = frame.set_index("name")["status"]
            offenders = repeat_offenders(conn, scope=NATIONAL, period="2024Q2", region=None, as_of=TODAY)
        assert found["随州市审计局"] == "not_rectified" and found["随州统计"] == "passed_after_rectification"
        audited = offenders[offenders["code"] == "4213000045"]
        assert audited["period"].tolist() == ["2023Q4", "2024Q1", "2024Q2"] and set(audited["rounds"]) == {3}
        assert audited["finding"].tolist()[-1] == "not_rectified"
        late = recheck_file(["1", "随州市审计局", "4213000045", "未整改", "2024-05-20", "", "2024Q3"])
        refused = run_import(engine, late, "复查2.csv", user="tests", period="2024Q2", region="421300")
        assert [issue.message for issue in refused.issues] == [
            "问题期次（2024年第三季度）应早于本期，复查的是此前发现的问题"
        ]
    finally:
        engine.dispose()


def test_a_round_without_a_deadline_never_makes_a_task_overdue(backend: str, tmp_path: Path) -> None:
    url = fresh_store_url(backend, tmp_path, name="tasks_no_deadline")
    engine = make_engine(url)
    try:
        migrate(engine)
        load_notices(engine)
        ensure_test_accounts(url)
        data = site_problems(["1", "九江市辛局", "3604000971", "http://xj.gov.cn/", "栏目不更新", "九江市辛局"])
        assert run_import(engine, data, "问题.csv", user="tests", period=PERIOD, region="360400").status == "written"
        with engine.begin() as conn:
            made = tasks.publish(
                conn,
                actor=account(conn, TEST_EDITOR),
                round_key=f"import-360400-{PERIOD}",
                rectification_due=None,
                report_due=None,
                today=TODAY,
            )
        assert made == 1
        far = TODAY + dt.timedelta(days=3650)
        assert statuses(engine, far, region="360400")["3604000971"] == "unanswered"
        with engine.connect() as conn:
            assert tasks.reminders(conn, scope=NATIONAL, region=None, as_of=far, within_days=30).empty
    finally:
        engine.dispose()


def test_reminders_list_what_is_due_soon_and_overdue_per_region(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        soon = tasks.reminders(conn, scope=Scope("360400"), region=None, as_of=TODAY, within_days=30)
        none_yet = tasks.reminders(conn, scope=Scope("360400"), region=None, as_of=TODAY, within_days=7)
        late = tasks.reminder_counts(
            conn, scope=NATIONAL, region="360000", as_of=FIX_BY + dt.timedelta(days=1), within_days=7
        )
        counts = tasks.open_task_counts(conn, scope=Scope("360400"), as_of=TODAY, within_days=30)
    assert none_yet.empty  # due in 20 days
    assert set(soon["region_code"]) <= {"360400", "360426"} and set(soon["status"]) <= {"unanswered", "returned"}
    assert set(soon["deadline"].map(str)) == {FIX_BY.isoformat()}
    assert "3603000951" not in set(soon["code"])
    assert "360300" in set(late["region_code"]) and (late["due_soon"] == 0).all() and (late["overdue"] > 0).all()
    assert counts["due_soon"] == len(soon)


def test_the_migration_adds_and_drops_the_task_tables_on_a_filled_store(backend: str, tmp_path: Path) -> None:
    url = fresh_store_url(backend, tmp_path, name="tasks_migration")
    build_loop_store(url)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            task = conn.execute(sa.select(sa.func.min(s.rectification_tasks.c.id))).scalar_one()
            tasks.answer(
                conn,
                actor=account(conn, TEST_EDITOR),
                task_id=task,
                text="已整改",
                done_on=TODAY,
                link=None,
                files=[tasks.Evidence("a.png", PNG)],
                today=TODAY,
            )
        with engine.connect() as conn:
            before = problem_rows(conn, scope=NATIONAL, period="2022Q3", region="360000", as_of=TODAY)
            checks = conn.execute(sa.select(sa.func.count()).select_from(s.check_results)).scalar_one()
        command.downgrade(_alembic(engine), "0009")
        with engine.connect() as conn:
            names = set(sa.inspect(conn).get_table_names())
            assert not names & {"rectification_tasks", "task_events", "task_evidence"}
            assert conn.execute(sa.select(sa.func.count()).select_from(s.check_results)).scalar_one() == checks
        migrate(engine)
        with engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(s.rectification_tasks)).scalar_one() == 0
            after = problem_rows(conn, scope=NATIONAL, period="2022Q3", region="360000", as_of=TODAY)
            mine = problem_rows(conn, scope=NATIONAL, period=PERIOD, region="360000", as_of=TODAY)
        assert after.equals(before)
        assert set(mine["status"]) == {"pending"} and mine["task_id"].isna().all()  # unpublished again: no task
    finally:
        engine.dispose()
