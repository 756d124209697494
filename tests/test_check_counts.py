"""check_counts stays in step with check_results: after the notices, an import, an undo, the synthetic
load and the migration that creates it on a filled store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from data_access import schema as s
from data_access.check_counts import counted
from data_access.checks import computed_trend, item_counts
from data_access.db import make_engine, migrate
from data_access.imports.batches import run_import, undo
from data_access.sample_data import load_notices
from data_access.scope import NATIONAL, region_filter
from tests.conftest import fresh_store_url
from tests.test_departments import _alembic
from tests.test_imports import site_problems

USER = "tester"


def stored(engine: sa.Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return sorted(tuple(row) for row in conn.execute(sa.select(s.check_counts)).all())


def recounted(engine: sa.Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return sorted(tuple(row) for row in conn.execute(counted()).all())


@pytest.fixture()
def engine(backend: str, tmp_path: Path) -> Iterator[sa.Engine]:
    store = make_engine(fresh_store_url(backend, tmp_path, name="counts"))
    migrate(store)
    load_notices(store)
    yield store
    store.dispose()


def test_the_notices_are_counted(engine: sa.Engine) -> None:
    rows = stored(engine)
    assert rows and rows == recounted(engine)
    with engine.connect() as conn:
        counts = item_counts(conn, scope=NATIONAL, period="2022Q3", region="360400").set_index("target_kind")
        direct = dict(
            conn.execute(
                sa.select(s.check_results.c.target_kind, sa.func.count())
                .join(s.rounds, s.rounds.c.id == s.check_results.c.round_id)
                .where(s.rounds.c.period == "2022Q3", region_filter(s.check_results.c.region_code, "360400"))
                .group_by(s.check_results.c.target_kind)
            ).all()
        )
    assert direct and counts["checked"].to_dict() == direct


def test_an_import_and_its_undo_are_counted(engine: sa.Engine) -> None:
    before = stored(engine)
    data = site_problems(
        ["1", "九江市戊局", "3604000951", "http://wj.jiujiang.gov.cn/", "空白栏目", "九江市戊局"],
        ["2", "九江市己局", "3604000952", "http://jij.jiujiang.gov.cn/", "栏目超2周未更新", "九江市己局"],
    )
    outcome = run_import(engine, data, "问题网站.csv", user=USER, period="2017Q4", region="360400")
    assert outcome.status == "written"
    after = stored(engine)
    assert after == recounted(engine)
    added = sorted(set(after) - set(before))
    assert [(kind, region, checked, failed) for _, kind, region, checked, failed in added] == [("site", "360400", 2, 2)]
    undo(engine, outcome.batch_id or 0, user=USER)
    assert stored(engine) == before == recounted(engine)


def test_a_dry_run_counts_nothing(engine: sa.Engine) -> None:
    before = stored(engine)
    data = site_problems(["1", "九江市庚局", "3604000961", "http://gj.jiujiang.gov.cn/", "空白栏目", "九江市庚局"])
    outcome = run_import(engine, data, "问题网站.csv", user=USER, period="2017Q3", region="360400", dry_run=True)
    assert outcome.status == "dry_run"
    assert stored(engine) == before


def test_the_synthetic_load_is_counted(synthetic_url: str) -> None:
    engine = make_engine(synthetic_url)
    try:
        assert stored(engine) == recounted(engine)
        with engine.connect() as conn:
            trend = computed_trend(conn, scope=NATIONAL, region=None)
            totals = conn.execute(
                sa.select(sa.func.count(), sa.func.sum(sa.case((s.check_results.c.passed, 0), else_=1)))
                .select_from(s.check_results)
                .join(s.rounds, s.rounds.c.id == s.check_results.c.round_id)
                .where(s.rounds.c.items_complete.is_(True))
            ).one()
        assert (int(trend["checked"].sum()), int(trend["failed"].sum())) == (totals[0], totals[1])
    finally:
        engine.dispose()


def test_the_migration_counts_a_filled_store(backend: str, tmp_path: Path) -> None:
    engine = make_engine(fresh_store_url(backend, tmp_path, name="counts_upgrade"))
    try:
        migrate(engine)
        load_notices(engine)
        expected = stored(engine)
        command.downgrade(_alembic(engine), "0006")
        with engine.connect() as conn:
            assert "check_counts" not in sa.inspect(conn).get_table_names()
        migrate(engine)
        assert stored(engine) == expected == recounted(engine)
    finally:
        engine.dispose()
