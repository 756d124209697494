"""Scoring sheets through the one import: both shapes recognised, scored by the round's set, all or nothing,
refused in Chinese, and undone exactly; on both engines."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
import sqlalchemy as sa

from data_access import schema as s
from data_access.check_counts import counted
from data_access.db import make_engine, migrate
from data_access.imports import kinds as k
from data_access.imports.batches import run_import, undo
from data_access.imports.templates import template_csv, template_xlsx
from data_access.problem_lists import problem_rows
from data_access.sample_data import load_notices
from data_access.scope import NATIONAL
from tests.conftest import fresh_store_url
from tests.test_imports import TODAY, csv_file, snapshot, texts, xlsx_file

USER = "tester"
LONG_HEADER = ["序号", "网站标识码", "网站名称", "指标", "扣分", "说明", "证据网址", "对外服务职能"]
DEAN, DUCHANG, HUKOU = "3604260037", "3604280041", "3604290007"


@pytest.fixture(scope="module")
def engine(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[sa.Engine]:
    store = make_engine(fresh_store_url(backend, tmp_path_factory.mktemp(f"scores-{backend}"), name="score_import"))
    migrate(store)
    load_notices(store)
    yield store
    store.dispose()


def long_sheet(*rows: list[str]) -> bytes:
    return xlsx_file([["附件 2021年第二季度政府网站评分表"], LONG_HEADER, *rows], merges=["A1:H1"])


def checks(engine: sa.Engine, period: str) -> dict[str, tuple[bool, Decimal | None, str | None, str | None]]:
    """code -> (passed, score, band of check_scores, problem_text) of the period's scored checks."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                s.targets.c.code,
                s.check_results.c.passed,
                s.check_results.c.score,
                s.check_scores.c.band,
                s.check_results.c.problem_text,
            )
            .join(s.check_results, s.check_results.c.target_id == s.targets.c.id)
            .join(s.check_scores, s.check_scores.c.check_id == s.check_results.c.id)
            .join(s.rounds, s.rounds.c.id == s.check_results.c.round_id)
            .where(s.rounds.c.period == period)
        ).all()
    return {code: (passed, score, band, text) for code, passed, score, band, text in rows}


def in_step(engine: sa.Engine) -> bool:
    with engine.connect() as conn:
        stored = sorted(tuple(row) for row in conn.execute(sa.select(s.check_counts)).all())
        again = sorted(tuple(row) for row in conn.execute(counted()).all())
    return stored == again


def test_a_long_sheet_is_recognised_scored_and_undone(engine: sa.Engine) -> None:
    before = snapshot(engine)
    data = long_sheet(
        [
            "1",
            DEAN,
            "信用中国(江西德安)",
            "政策解读",
            "5",
            "政策解读栏目半年未更新",
            "http://www.dean.gov.cn/zcjd/",
            "有",
        ],
        ["2", DEAN, "信用中国(江西德安)", "办事指南", "2", "", "", "有"],
        ["3", DUCHANG, "信用中国(江西都昌)", "栏目不更新", "", "空白栏目6个", "", ""],
        ["4", DUCHANG, "信用中国(江西都昌)", "政策解读", "5", "", "", ""],
        ["5", HUKOU, "中国·湖口网", "数据发布", "3", "", "", ""],
        ["6", HUKOU, "中国·湖口网", "可用性", "0.2", "首页链接错误", "", ""],
        ["7", HUKOU, "中国·湖口网", "可用性", "0.2", "首页图片打不开", "", ""],
    )
    preview = run_import(engine, data, "评分表.xlsx", region="360400", user=USER, dry_run=True)
    assert preview.status == "dry_run", texts(preview)
    assert preview.kind is not None and preview.kind.key == "scores_long"
    assert preview.period == "2021Q2"  # from the title
    assert snapshot(engine) == before
    outcome = run_import(engine, data, "评分表.xlsx", region="360400", user=USER)
    assert outcome.status == "written", texts(outcome)
    assert outcome.counts["检查记录"] == 3 and outcome.counts["评分明细（扣分、加分和单项否决项）"] == 7
    scored = checks(engine, "2021Q2")
    assert scored[DEAN] == (True, Decimal("93.0"), "90_100", None)
    assert scored[DUCHANG] == (False, None, "veto", "单项否决：栏目不更新（空白栏目6个）")
    assert scored[HUKOU] == (True, Decimal("99.6"), "90_100", None)  # not a portal in the registry: no bonus
    with engine.connect() as conn:
        listed = problem_rows(conn, scope=NATIONAL, period="2021Q2", region="360400", as_of=TODAY)
    assert list(zip(listed["code"], listed["categories"], strict=True)) == [(DUCHANG, "empty_columns")]
    assert in_step(engine)
    assert run_import(engine, data, "评分表.xlsx", region="360400", user=USER).status == "duplicate"
    undo(engine, outcome.batch_id or 0, user=USER)
    assert {
        name: n for name, n in snapshot(engine).items() if name not in ("imports", "audit_log", "data_version")
    } == {name: n for name, n in before.items() if name not in ("imports", "audit_log", "data_version")}
    assert in_step(engine)


def test_a_wide_sheet_has_a_column_per_indicator(engine: sa.Engine) -> None:
    rows = [
        ["网站标识码", "网站名称", "对外服务职能", "首页不更新", "政策解读", "办事指南", "服务不实用", "IPv6改造"],
        [DEAN, "信用中国(江西德安)", "无", "", "5", "8", "是", "1"],
        [DUCHANG, "信用中国(江西都昌)", "", "是", "", "", "", ""],
        [HUKOU, "中国·湖口网", "", "", "0", "", "", ""],
    ]
    data = csv_file(rows)
    outcome = run_import(engine, data, "评分.csv", period="2021Q3", region="360400", user=USER)
    assert outcome.status == "written", texts(outcome)
    assert outcome.kind is not None and outcome.kind.key == "scores_wide"
    scored = checks(engine, "2021Q3")
    # No external services: 办事指南 and 服务不实用 are not checked.
    assert scored[DEAN] == (True, Decimal("94.0"), "90_100", None)
    assert scored[DUCHANG][:3] == (False, None, "veto")
    assert scored[HUKOU] == (True, Decimal("100.0"), "100_110", None)
    preview = outcome.preview()
    assert list(preview.columns[-6:]) == ["首页不更新", "政策解读", "办事指南", "服务不实用", "IPv6改造", "问题"]
    undo(engine, outcome.batch_id or 0, user=USER)
    assert checks(engine, "2021Q3") == {}
    assert in_step(engine)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["1", DEAN, "", "政策解读X", "5", "", "", ""]],
            "第4行：指标“政策解读X”不在指标集“政府网站检查指标（国办秘函〔2019〕19号）”中",
        ),
        ([["1", "3604999999", "", "政策解读", "5", "", "", ""]], "第4行：库中没有编号“3604999999”的网站，请先导入名录"),
        ([["1", DEAN, "", "首页不更新", "5", "", "", ""]], "第4行：“首页不更新”是单项否决项，不填分值"),
        ([["1", DEAN, "", "政策解读", "", "", "", ""]], "第4行：“政策解读”是扣分指标，请填写分值"),
        ([["1", DEAN, "", "可用性", "0.25", "", "", ""]], "第4行：“可用性”：分值最多保留一位小数，而不是“0.25”"),
        ([["1", DEAN, "", "政策解读", "5", "", "ftp://x", ""]], "第4行：证据网址应以 http:// 或 https:// 开头"),
        ([["1", DEAN, "", "政策解读", "5", "", "", "不清楚"]], "第4行：“对外服务职能”应填“有”或“无”，而不是“不清楚”"),
        ([["1", "3601000001", "", "政策解读", "5", "", "", ""]], "库中没有编号“3601000001”"),
    ],
)
def test_a_wrong_row_writes_nothing(engine: sa.Engine, rows: list[list[str]], message: str) -> None:
    before = snapshot(engine)
    good = ["9", DUCHANG, "", "政策解读", "5", "", "", ""]
    outcome = run_import(engine, long_sheet(good, *rows), "错.xlsx", period="2021Q4", region="360400", user=USER)
    assert outcome.status == "refused"
    assert any(message in text for text in texts(outcome)), texts(outcome)
    assert snapshot(engine) == before


def test_a_target_already_checked_in_the_round_is_refused(engine: sa.Engine) -> None:
    # Notice 000 (2022Q3, Jiangxi) lists 3604260037 among its problem sites.
    data = long_sheet(["1", DEAN, "", "政策解读", "5", "", "", ""])
    outcome = run_import(engine, data, "评分.xlsx", period="2022Q3", region="360000", user=USER)
    assert outcome.status == "refused"
    (text,) = texts(outcome)
    assert text.startswith("第3行：本期已有这一对象的检查记录（批次 ")


def test_the_templates_of_both_shapes_import_back() -> None:
    assert template_xlsx("scores_wide").startswith(b"PK")
    header = template_csv("scores_wide").decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:5] == ["序号", "网站标识码或账号编号", "名称", "主办单位", "对外服务职能"]
    assert {"首页不更新", "政策解读", "办事指南", "数据发布"} <= set(header)
    ranked = k.recognise(header)
    assert ranked[0].kind.key == "scores_wide"
    assert (
        k.recognise(template_csv("scores_long").decode("utf-8-sig").splitlines()[0].split(","))[0].kind.key
        == "scores_long"
    )
