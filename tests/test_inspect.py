"""Recording a scored check (data_access.inspections), on both engines, and the /inspect page in AppTest.

The store is the notices' data of our own (tests write to it); the editor is Jiujiang's (scope 360400).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard.filters import PAGE_FILES
from data_access import schema as s
from data_access.check_counts import counted
from data_access.db import make_engine, migrate
from data_access.indicator_sets import default_set_id, load_set
from data_access.inspections import (
    InspectionRefused,
    close_round,
    create_round,
    delete_check,
    existing_check,
    find_targets,
    open_rounds,
    save_check,
)
from data_access.problem_lists import problem_rows
from data_access.report.draft import build_draft
from data_access.sample_data import load_notices
from data_access.scope import NATIONAL, Scope
from data_access.scored_checks import FindingInput
from data_access.scoring import IndicatorSet
from tests.conftest import TEST_EDITOR, TEST_VIEWER, app_test, fresh_store_url, serve
from tests.test_problems import grid

JIUJIANG = Scope("360400")
EDITOR = "jiujiang-editor"
DEAN_SITE = "3604260037"  # 信用中国(江西德安), in notice 000
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def store_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_store_url(backend, tmp_path_factory.mktemp(f"inspect-{backend}"), name="inspect")
    store = make_engine(url)
    migrate(store)
    load_notices(store)
    store.dispose()
    return url


@pytest.fixture(scope="module")
def engine(store_url: str) -> Iterator[sa.Engine]:
    store = make_engine(store_url)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def site_set(engine: sa.Engine) -> IndicatorSet:
    with engine.connect() as conn:
        set_id = default_set_id(conn, kind="site", region_code="360400")
        assert set_id is not None
        return load_set(conn, set_id)


def new_round(engine: sa.Engine, period: str) -> int:
    with engine.begin() as conn:
        return create_round(
            conn,
            period=period,
            region_code="360400",
            site_set_id=None,
            account_set_id=None,
            user=EDITOR,
            scope=JIUJIANG,
        )


def target_id(engine: sa.Engine, code: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(s.targets.c.id).where(s.targets.c.code == code)).scalar_one())


def finding(indicator_set: IndicatorSet, key: str, points: str | None = None, **evidence: str | bytes) -> FindingInput:
    part, name = key.split(":")
    indicator = indicator_set.by_name(name)
    assert indicator is not None and indicator.part == part
    return FindingInput(int(indicator.key), None if points is None else Decimal(points), **evidence)  # type: ignore[arg-type]


def audit(engine: sa.Engine) -> list[tuple[str, str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(s.audit_log.c.user_name, s.audit_log.c.action, s.audit_log.c.detail).order_by(s.audit_log.c.id)
        ).all()
    return [tuple(row) for row in rows]


def counts_in_step(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        stored = sorted(tuple(row) for row in conn.execute(sa.select(s.check_counts)).all())
        again = sorted(tuple(row) for row in conn.execute(counted()).all())
    assert stored == again


def test_a_check_with_two_findings_and_a_veto_fails_and_lists_its_problem(
    engine: sa.Engine, site_set: IndicatorSet
) -> None:
    round_id = new_round(engine, "2024Q3")
    site = target_id(engine, DEAN_SITE)
    findings = [
        finding(site_set, "deduct:政策解读", "5", note="政策解读栏目半年未更新"),
        finding(site_set, "deduct:办事指南", "2", evidence_url="https://www.dean.gov.cn/bszn/1.html"),
        finding(site_set, "veto:首页不更新", note="监测2周，首页无信息更新", image=PNG),
    ]
    saved = save_check(
        engine,
        round_id=round_id,
        target_id=site,
        portal=False,
        has_services=True,
        findings=findings,
        user=EDITOR,
        scope=JIUJIANG,
    )
    assert saved.created and not saved.verdict.passed and saved.verdict.vetoed and saved.verdict.score is None
    with engine.connect() as conn:
        check = conn.execute(sa.select(s.check_results).where(s.check_results.c.id == saved.check_id)).mappings().one()
        assert (check["passed"], check["score"], check["region_code"]) == (False, None, "360426")
        assert check["problem_text"] == "单项否决：首页不更新（监测2周，首页无信息更新）"
        assert check["host_unit_text"] == "德安县发展和改革委员会"
        rows = problem_rows(conn, scope=JIUJIANG, period="2024Q3", region="360400", as_of=dt.date(2024, 9, 30))
        stored = existing_check(conn, round_id=round_id, target_id=site)
    assert list(zip(rows["code"], rows["problem_text"], rows["categories"], strict=True)) == [
        (DEAN_SITE, "单项否决：首页不更新（监测2周，首页无信息更新）", "homepage_not_updated")
    ]
    assert stored is not None and [f["name"] for f in stored["findings"]] == ["政策解读", "办事指南", "首页不更新"]
    assert [f["counted"] for f in stored["findings"]] == [0, 0, 0]  # vetoed: nothing else is scored
    assert stored["findings"][2]["image"] == PNG and stored["findings"][2]["image_type"] == "image/png"
    with engine.connect() as conn:  # the notice writer lists it among the quarter's problem sites
        draft = build_draft(conn, scope=JIUJIANG, period="2024Q3", region="360400")
    (annex,) = [annex for annex in draft.annexes if annex.key == "problems_site"]
    assert any(DEAN_SITE in row and "单项否决：首页不更新（监测2周，首页无信息更新）" in row for row in annex.rows)
    user, action, detail = audit(engine)[-1]
    assert (user, action) == (EDITOR, "check_record")
    assert (
        "信用中国(江西德安)（3604260037） 录入，不合格" in detail and "首页不更新（监测2周，首页无信息更新）" in detail
    )
    counts_in_step(engine)


def test_an_edit_rescores_rewrites_the_problems_and_is_audited(engine: sa.Engine, site_set: IndicatorSet) -> None:
    round_id = new_round(engine, "2024Q2")
    site = target_id(engine, "3604000028")
    first = [finding(site_set, "veto:栏目不更新", note="空白栏目6个"), finding(site_set, "deduct:政策解读", "5")]
    save_check(
        engine,
        round_id=round_id,
        target_id=site,
        portal=False,
        has_services=True,
        findings=first,
        user=EDITOR,
        scope=JIUJIANG,
    )
    with engine.connect() as conn:
        before = existing_check(conn, round_id=round_id, target_id=site)
        assert before is not None
        categories = conn.execute(sa.select(s.problems.c.category).where(s.problems.c.check_id == before["id"]))
        assert list(categories.scalars()) == ["empty_columns"]
    edited = save_check(
        engine,
        round_id=round_id,
        target_id=site,
        portal=False,
        has_services=True,
        findings=first[1:],
        user="other-editor",
        scope=JIUJIANG,
        revision=before["revision"],
    )
    assert not edited.created and edited.check_id == before["id"]
    assert edited.verdict.passed and edited.verdict.score == 95
    with engine.connect() as conn:
        check = conn.execute(sa.select(s.check_results).where(s.check_results.c.id == edited.check_id)).mappings().one()
        assert (check["passed"], check["score"], check["problem_text"]) == (True, Decimal("95.0"), None)
        assert not conn.execute(sa.select(s.problems).where(s.problems.c.check_id == edited.check_id)).first()
        scores = (
            conn.execute(sa.select(s.check_scores).where(s.check_scores.c.check_id == edited.check_id)).mappings().one()
        )
        assert (scores["revision"], scores["recorded_by"], scores["updated_by"]) == (2, EDITOR, "other-editor")
    user, action, detail = audit(engine)[-1]
    assert (user, action) == ("other-editor", "check_edit")
    assert "结论 不合格 → 合格 95分" in detail and "删除 栏目不更新（空白栏目6个）" in detail
    with pytest.raises(InspectionRefused, match="已被他人修改"):
        save_check(
            engine,
            round_id=round_id,
            target_id=site,
            portal=False,
            has_services=True,
            findings=[],
            user=EDITOR,
            scope=JIUJIANG,
            revision=before["revision"],
        )
    counts_in_step(engine)


def test_scope_round_and_existing_checks_are_kept(engine: sa.Engine, site_set: IndicatorSet) -> None:
    round_id = new_round(engine, "2024Q1")
    with engine.connect() as conn:
        nanchang = conn.execute(
            sa.select(s.targets.c.id).where(s.targets.c.region_code.like("3601%"), s.targets.c.kind == "site")
        ).scalar()
        rounds = open_rounds(conn, scope=JIUJIANG)
        jj = conn.execute(sa.select(s.rounds.c.id).where(s.rounds.c.key == "jj-2023q1")).scalar_one()
        province = conn.execute(sa.select(s.rounds.c.id).where(s.rounds.c.key == "jx-2022q3")).scalar_one()
        checked_in_jj = conn.execute(
            sa.select(s.check_results.c.target_id).where(s.check_results.c.round_id == jj)
        ).scalar()
        found = find_targets(conn, scope=JIUJIANG, region="360400", kind="site", text="信用中国")
    assert round_id in set(rounds["id"]) and jj in set(rounds["id"]) and province not in set(rounds["id"])
    assert list(found["code"]) == ["3604260037", "3604280041"]
    kwargs = {"portal": False, "has_services": True, "findings": [], "user": EDITOR, "scope": JIUJIANG}
    with pytest.raises(InspectionRefused, match="不在本账号负责的地区"):
        save_check(engine, round_id=round_id, target_id=nanchang, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InspectionRefused, match="不在本账号负责的地区"):
        save_check(engine, round_id=province, target_id=target_id(engine, DEAN_SITE), **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InspectionRefused, match="来自批次"):
        save_check(engine, round_id=jj, target_id=checked_in_jj, **kwargs)  # type: ignore[arg-type]
    bad_image = [finding(site_set, "deduct:可用性", "0.2", image=b"%PDF-1.4 not an image")]
    with pytest.raises(InspectionRefused, match="PNG、JPEG、GIF 或 WebP"):
        save_check(
            engine, round_id=round_id, target_id=target_id(engine, DEAN_SITE), **{**kwargs, "findings": bad_image}
        )  # type: ignore[arg-type]
    bad_url = [finding(site_set, "deduct:可用性", "0.2", evidence_url="javascript:alert(1)")]
    with pytest.raises(InspectionRefused, match="证据网址"):
        save_check(engine, round_id=round_id, target_id=target_id(engine, DEAN_SITE), **{**kwargs, "findings": bad_url})  # type: ignore[arg-type]


def test_a_closed_round_takes_no_more_checks_and_is_complete(engine: sa.Engine, site_set: IndicatorSet) -> None:
    round_id = new_round(engine, "2023Q4")
    site = target_id(engine, "3604290007")
    saved = save_check(
        engine,
        round_id=round_id,
        target_id=site,
        portal=True,
        has_services=True,
        findings=[finding(site_set, "bonus:数据发布", "4"), finding(site_set, "deduct:IPv6改造", "1")],
        user=EDITOR,
        scope=JIUJIANG,
    )
    assert saved.verdict.score == 103 and saved.verdict.high_band == "100-110"
    with engine.begin() as conn:
        close_round(conn, round_id=round_id, user=EDITOR, scope=JIUJIANG)
    with engine.connect() as conn:
        closed = conn.execute(sa.select(s.rounds).where(s.rounds.c.id == round_id)).mappings().one()
        assert closed["items_complete"] and closed["closed_by"] == EDITOR
        assert round_id not in set(open_rounds(conn, scope=NATIONAL)["id"])
        band = conn.execute(
            sa.select(s.check_results.c.score_band).where(s.check_results.c.id == saved.check_id)
        ).scalar_one()
        assert band == "100-110"
    with pytest.raises(InspectionRefused, match="已结束录入"):
        save_check(
            engine,
            round_id=round_id,
            target_id=site,
            portal=True,
            has_services=True,
            findings=[],
            user=EDITOR,
            scope=JIUJIANG,
        )
    with pytest.raises(InspectionRefused, match="已结束录入"):
        delete_check(engine, check_id=saved.check_id, user=EDITOR, scope=JIUJIANG)
    assert [action for _, action, _ in audit(engine)][-2:] == ["check_record", "round_close"]


def test_a_recorded_check_can_be_deleted_while_its_round_is_open(engine: sa.Engine, site_set: IndicatorSet) -> None:
    round_id = new_round(engine, "2023Q3")
    saved = save_check(
        engine,
        round_id=round_id,
        target_id=target_id(engine, DEAN_SITE),
        portal=False,
        has_services=False,
        findings=[finding(site_set, "veto:服务不实用")],
        user=EDITOR,
        scope=JIUJIANG,
    )
    assert saved.verdict.passed and saved.verdict.score == 100  # a unit without external services is not checked on it
    delete_check(engine, check_id=saved.check_id, user=EDITOR, scope=JIUJIANG)
    with engine.connect() as conn:
        for table in (s.check_results, s.check_scores, s.findings):
            column = table.c.id if table is s.check_results else table.c.check_id
            assert not conn.execute(sa.select(table).where(column == saved.check_id)).first()
    assert audit(engine)[-1][1] == "check_delete"
    counts_in_step(engine)


# ---------------------------------------------------------------- the page


def _button(app: AppTest, label: str) -> Any:
    return next(button for button in app.button if button.label == label)


def _add(app: AppTest, name: str, points: float, note: str = "") -> None:
    indicator = next(box for box in app.selectbox if box.label == "指标")
    indicator.select(next(option for option in indicator.options if f"› {name}（" in option))
    app.number_input[0].set_value(points)
    if note:
        app.text_area[0].input(note)
    _button(app, "添加").click().run()
    assert not app.exception and not app.error, [*app.exception, *app.error]


def test_the_page_records_a_check_with_two_findings_and_a_veto_and_problems_shows_it(
    store_url: str, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in serve(store_url, monkeypatch):
        round_id = new_round(engine, "2022Q4")
        app = app_test(TEST_EDITOR)
        app.switch_page(PAGE_FILES["inspect"])
        app.query_params["round"] = str(round_id)
        app.run()
        assert not app.exception and not app.error, [*app.exception, *app.error]
        app.text_input(key="inspect_search").input(DEAN_SITE).run()
        pick = app.selectbox(key="inspect_pick")
        assert pick.options == ["3604260037 信用中国(江西德安)（德安县发展和改革委员会，德安县）"]
        pick.select_index(0).run()
        assert app.query_params["target"] == str(target_id(engine, DEAN_SITE))
        next(box for box in app.checkbox if box.label == "首页不更新").check().run()
        next(box for box in app.text_input if box.label == "说明").input("监测2周，首页无信息更新").run()
        _add(app, "政策解读", 5.0, "政策解读栏目半年未更新")
        _add(app, "办事指南", 2.0)
        metrics = {metric.label: metric.value for metric in app.metric}
        assert metrics["结论"] == "不合格" and metrics["得分（计算值）"] == "—"
        assert metrics["得分档次"] == "单项否决（不合格）"
        assert any("单项否决：首页不更新" in warning.value for warning in app.warning)
        _button(app, "保存检查结果").click().run()
        assert not app.exception and not app.error, [*app.exception, *app.error]
        assert any("已保存" in message.value and "不合格" in message.value for message in app.success)
        assert "第 1 版" in " ".join(caption.value for caption in app.caption)

        problems = app_test(TEST_EDITOR)
        problems.switch_page(PAGE_FILES["problems"])
        problems.query_params["period"] = "2022Q4"
        problems.query_params["region"] = "360400"
        problems.run()
        assert not problems.exception and not problems.error
        frame, _ = grid(problems)
        assert list(frame["标识码/账号编号"]) == [DEAN_SITE]
        assert list(frame["存在问题（通报原文）"]) == ["单项否决：首页不更新（监测2周，首页无信息更新）"]
        assert list(frame["问题类别"]) == ["首页不更新"]


def test_a_viewer_cannot_open_the_page(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in serve(store_url, monkeypatch):
        app = app_test(TEST_VIEWER)
        app.switch_page(PAGE_FILES["inspect"])
        app.run()
        assert [error.value for error in app.error] == ["您的账号无权打开此页面。"]
        assert not app.selectbox


def test_a_crafted_round_or_target_in_the_url_is_said_plainly_and_dropped(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in serve(store_url, monkeypatch):
        app = app_test(TEST_EDITOR)
        app.switch_page(PAGE_FILES["inspect"])
        app.query_params["round"] = "[x](https://example.org)"
        app.query_params["target"] = "999999999"  # an id, but of nothing the account may record
        app.run()
        assert not app.exception and not app.error
        warnings = [warning.value for warning in app.warning]
        assert any("网址中的检查批次" in text and "](" not in text for text in warnings), warnings
        assert "round" not in app.query_params
