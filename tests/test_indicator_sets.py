"""Indicator sets in the store: migration 0011 on a filled store (up, down, up), versions, XLSX in and out."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from data_access import schema as s
from data_access.db import make_engine, migrate
from data_access.indicator_sets import (
    SetError,
    default_set_id,
    install_shipped,
    list_sets,
    load_set,
    read_set_xlsx,
    save_version,
    set_xlsx,
    shipped,
    spec_from_rows,
    spec_of,
)
from data_access.inspections import create_round, save_check
from data_access.sample_data import load_notices
from data_access.scope import NATIONAL, Scope
from data_access.scored_checks import FindingInput
from tests.conftest import fresh_store_url
from tests.test_departments import _alembic

ADMIN = "test-admin"


def _round_and_check(engine: sa.Engine) -> tuple[int, int]:
    """A round of Jiujiang's and one check in it scored 95 under the national website set."""
    with engine.begin() as conn:
        round_id = create_round(
            conn,
            period="2024Q4",
            region_code="360400",
            site_set_id=None,
            account_set_id=None,
            user=ADMIN,
            scope=NATIONAL,
        )
        site = conn.execute(sa.select(s.targets.c.id).where(s.targets.c.code == "3604260037")).scalar_one()
        indicator = conn.execute(
            sa.select(s.indicators.c.id).where(s.indicators.c.name == "政策解读", s.indicators.c.set_id == 2)
        ).scalar_one()
    saved = save_check(
        engine,
        round_id=round_id,
        target_id=site,
        portal=False,
        has_services=True,
        findings=[FindingInput(indicator, Decimal(5), note="半年未更新")],
        user=ADMIN,
        scope=NATIONAL,
    )
    return round_id, saved.check_id


def test_the_migration_upgrades_and_downgrades_a_filled_store(backend: str, tmp_path: Path) -> None:
    engine = make_engine(fresh_store_url(backend, tmp_path, name="sets_upgrade"))
    try:
        migrate(engine)
        load_notices(engine)
        _round_and_check(engine)
        with engine.connect() as conn:
            rounds = conn.execute(sa.select(sa.func.count()).select_from(s.rounds)).scalar_one()
            scores = conn.execute(
                sa.select(s.check_results.c.id, s.check_results.c.score).where(s.check_results.c.score.isnot(None))
            ).all()
        command.downgrade(_alembic(engine), "0010")
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            assert not tables & {"indicator_sets", "indicators", "check_scores", "findings"}
            columns = {column["name"] for column in sa.inspect(conn).get_columns("rounds")}
            assert not columns & {"site_set_id", "account_set_id", "closed_at", "closed_by"}
            assert conn.execute(sa.text("select count(*) from rounds")).scalar_one() == rounds
            kept = conn.execute(sa.text("select id, score from check_results where score is not null")).all()
            assert [tuple(row) for row in kept] == [tuple(row) for row in scores]  # the scores stay
        migrate(engine)
        with engine.connect() as conn:
            sets = list_sets(conn, scope=NATIONAL)
            assert sorted(sets["code"]) == ["national-2019-account", "national-2019-site"]
            assert sorted(sets["indicators"]) == [3, 45]
            assert conn.execute(sa.text("select count(*) from rounds")).scalar_one() == rounds
        with engine.begin() as conn:
            assert install_shipped(conn) == []  # already there: nothing twice
    finally:
        engine.dispose()


def test_a_new_version_never_changes_checks_scored_under_the_old_one(backend: str, tmp_path: Path) -> None:
    engine = make_engine(fresh_store_url(backend, tmp_path, name="sets_versions"))
    try:
        migrate(engine)
        load_notices(engine)
        round_id, check_id = _round_and_check(engine)
        with engine.begin() as conn:
            old = spec_of(conn, 2)
            rows = [
                {
                    "part": i.part,
                    "group_name": i.group,
                    "name": i.name,
                    "cap": i.cap
                    if i.name not in ("政策解读", "IPv6改造")
                    else (Decimal(6) if i.name == "政策解读" else None),
                    "category": i.category,
                    "also_categories": ",".join(i.also),
                    "needs_services": i.needs_services,
                    "rule_text": i.rule,
                }
                for i in old.indicator_set.indicators
                if i.name != "IPv6改造"
            ]
            new_id = save_version(conn, spec_from_rows(old, rows), user=ADMIN, scope=NATIONAL)
            new = load_set(conn, new_id)
            assert (new.code, new.version, len(new.indicators)) == ("national-2019-site", 2, 44)
            assert new.by_name("政策解读").cap == 6  # type: ignore[union-attr]
            assert default_set_id(conn, kind="site", region_code="360400") == new_id
            assert not conn.execute(sa.select(s.indicator_sets.c.active).where(s.indicator_sets.c.id == 2)).scalar_one()
        with engine.connect() as conn:
            kept = conn.execute(
                sa.select(s.check_scores.c.set_id).where(s.check_scores.c.check_id == check_id)
            ).scalar_one()
            score = conn.execute(
                sa.select(s.check_results.c.score).where(s.check_results.c.id == check_id)
            ).scalar_one()
        assert (kept, score) == (2, Decimal("95.0"))
        # An edit of that check re-scores it under its own version, not the new one.
        with engine.connect() as conn:
            indicator = load_set(conn, 2).by_name("政策解读")
            target = conn.execute(
                sa.select(s.check_results.c.target_id).where(s.check_results.c.id == check_id)
            ).scalar_one()
        assert indicator is not None
        again = save_check(
            engine,
            round_id=round_id,
            target_id=target,
            portal=False,
            has_services=True,
            findings=[FindingInput(int(indicator.key), Decimal(6))],
            user=ADMIN,
            scope=NATIONAL,
        )
        assert again.verdict.score == 95  # capped at the old version's 5
    finally:
        engine.dispose()


def test_a_set_goes_out_as_xlsx_and_comes_back_the_same() -> None:
    for spec in shipped():
        back = read_set_xlsx(set_xlsx(spec), source="x.xlsx")
        assert back.indicator_set.indicators == spec.indicator_set.indicators
        assert replace(back.indicator_set, key=0) == replace(spec.indicator_set, key=0)
        assert back.skip_note == spec.skip_note


def test_a_broken_set_file_is_refused_in_chinese() -> None:
    spec = shipped()[1]
    data = set_xlsx(
        replace(spec, indicator_set=replace(spec.indicator_set, indicators=spec.indicator_set.indicators[:-3]))
    )
    with pytest.raises(SetError, match=r"加分指标的上限分值合计 21\.0 分，少于加分上限 30\.0 分"):
        read_set_xlsx(data, source="x.xlsx")
    with pytest.raises(SetError, match="不是有效的 Excel"):
        read_set_xlsx(b"not a workbook", source="x.xlsx")


def test_a_province_set_is_the_default_of_its_places_and_scoped(backend: str, tmp_path: Path) -> None:
    engine = make_engine(fresh_store_url(backend, tmp_path, name="sets_province"))
    try:
        migrate(engine)
        load_notices(engine)
        account = shipped()[0]
        scored = replace(
            account,
            indicator_set=replace(
                account.indicator_set,
                code="jiangxi-2024-account",
                name="江西省政务新媒体检查指标",
                region_code="360000",
                max_score=Decimal(100),
                indicators=(
                    *account.indicator_set.indicators,
                    replace(
                        account.indicator_set.indicators[0],
                        key="deduct:内容建设",
                        part="deduct",
                        name="内容建设",
                        group="内容",
                        cap=Decimal(100),
                        rule="按省定细则扣分",
                    ),
                ),
            ),
        )
        with engine.begin() as conn:
            with pytest.raises(SetError, match="本地区"):
                save_version(conn, scored, user="x", scope=Scope("360400"))
            province = save_version(conn, scored, user=ADMIN, scope=Scope("360000"))
            assert default_set_id(conn, kind="account", region_code="360426") == province
            assert default_set_id(conn, kind="account", region_code="421300") == 1
            assert set(list_sets(conn, scope=Scope("421300"))["code"]) == {
                "national-2019-account",
                "national-2019-site",
            }
            assert "jiangxi-2024-account" in set(list_sets(conn, scope=Scope("360400"))["code"])
    finally:
        engine.dispose()


def test_the_administrators_page_edits_a_set_into_its_next_version(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.filters import PAGE_FILES
    from tests.conftest import TEST_EDITOR, app_test, serve

    url = fresh_store_url(backend, tmp_path, name="sets_page")
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    for _ in serve(url, monkeypatch):
        editor = app_test(TEST_EDITOR)
        editor.switch_page(PAGE_FILES["indicators"])
        editor.run()
        assert [error.value for error in editor.error] == ["您的账号无权打开此页面。"]
        app = app_test()
        app.switch_page(PAGE_FILES["indicators"])
        app.run()
        assert not app.exception and not app.error, [*app.exception, *app.error]
        pick = app.selectbox(key="indicators_pick")
        pick.select(next(option for option in pick.options if "national-2019-site" in option)).run()
        # The unchanged table saved: the next version holds the same indicators (edits are the data editor's).
        next(button for button in app.button if button.label == "保存为新版本").click().run()
        assert not app.exception and not app.error, [*app.exception, *app.error]
        assert any("第 2 版" in message.value for message in app.success)
    with engine.connect() as conn:
        versions = conn.execute(
            sa.select(s.indicator_sets.c.version, s.indicator_sets.c.active, s.indicator_sets.c.created_by)
            .where(s.indicator_sets.c.code == "national-2019-site")
            .order_by(s.indicator_sets.c.version)
        ).all()
        action = conn.execute(sa.select(s.audit_log.c.action).order_by(s.audit_log.c.id.desc())).scalars().first()
    engine.dispose()
    assert [tuple(row) for row in versions] == [(1, False, None), (2, True, "test-admin")]
    assert action == "set_add"
