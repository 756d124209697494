"""The synthetic national dataset: deterministic, structurally valid, and shaped like the domain."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from data_access import schema as s
from data_access.db import make_engine, migrate
from data_access.synthetic import StoreNotEmpty, generate
from tests.conftest import APP_DIR

SCALE = 0.01


def _fresh(path: Path, seed: int | None = None) -> tuple[sa.Engine, dict[str, int]]:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    counts = generate(engine, scale=SCALE) if seed is None else generate(engine, scale=SCALE, seed=seed)
    return engine, counts


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[sa.Engine, dict[str, int]]]:
    """A SQLite store filled with the synthetic dataset at scale 0.01, shared by this module's tests."""
    engine, counts = _fresh(tmp_path_factory.mktemp("synthetic") / "a.db")
    yield engine, counts
    engine.dispose()


def _scalar(engine: sa.Engine, sql: str) -> Any:
    with engine.connect() as conn:
        return conn.execute(sa.text(sql)).scalar_one()


def _first_checks(engine: sa.Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        query = sa.select(s.check_results).order_by(s.check_results.c.id).limit(300)
        return [tuple(row) for row in conn.execute(query)]


def test_same_seed_gives_the_same_rows(synthetic, tmp_path):
    engine, counts = synthetic
    again, counts_again = _fresh(tmp_path / "b.db")
    assert counts == counts_again
    assert _first_checks(engine) == _first_checks(again)
    with engine.connect() as a, again.connect() as b:
        for table in (
            s.regions,
            s.targets,
            s.problems,
            s.rectifications,
            s.disclosure_stats,
            s.message_handling,
            s.registry_changes,
        ):
            query = sa.select(table).order_by(*table.primary_key.columns)
            assert a.execute(query).all() == b.execute(query).all(), table.name
    other, _ = _fresh(tmp_path / "c.db", seed=7)
    assert _first_checks(other) != _first_checks(engine)
    again.dispose()
    other.dispose()


def test_counts_reported_match_the_store(synthetic):
    engine, counts = synthetic
    for name, count in counts.items():
        assert _scalar(engine, f"select count(*) from {name}") == count
    assert counts["check_results"] > 5_000
    assert counts["rounds"] == 31 * 20


def test_refuses_a_store_that_holds_rounds(synthetic):
    engine, _ = synthetic
    with pytest.raises(StoreNotEmpty, match="already holds inspection rounds"):
        generate(engine, scale=SCALE)


def test_thirty_one_real_provinces(synthetic):
    engine, _ = synthetic
    with engine.connect() as conn:
        provinces = dict(conn.execute(sa.text("select code, name from regions where level = 'province'")).all())
    assert len(provinces) == 31
    assert provinces["110000"] == "北京市"
    assert provinces["360000"] == "江西省"
    assert provinces["650000"] == "新疆维吾尔自治区"
    assert all(re.fullmatch(r"[1-6]\d0000", code) for code in provinces)


def test_regions_are_the_real_divisions(synthetic):
    engine, _ = synthetic
    with (APP_DIR / "data_access" / "reference" / "divisions.csv").open(encoding="utf-8", newline="") as f:
        real = {row["code"]: (row["name"], row["level"], row["parent_code"] or None) for row in csv.DictReader(f)}
    with engine.connect() as conn:
        stored = {
            code: (name, level, parent)
            for code, name, level, parent in conn.execute(sa.text("select code, name, level, parent_code from regions"))
        }
        portal = conn.execute(
            sa.text("select name, url from targets where region_code = '360426' and site_kind = 'portal'")
        ).one()
    assert stored.items() <= real.items()
    # The notices' regions are in every subset, under their real names.
    assert stored["360400"] == ("九江市", "city", "360000")
    assert stored["360426"] == ("德安县", "county", "360400")
    assert stored["421300"] == ("随州市", "city", "420000")
    assert tuple(portal) == ("德安县人民政府", "http://www.360426.jiangxi.gov.cn")


def test_names_urls_and_codes_are_valid_and_distinct(synthetic):
    engine, _ = synthetic
    with engine.connect() as conn:
        rows = conn.execute(sa.text("select kind, code, name, url, platform from targets")).all()
    for kind in ("site", "account"):
        targets = [row for row in rows if row.kind == kind]
        assert len({row.code for row in targets}) == len(targets)
    # One unit's accounts on different platforms share a name, as real ones do.
    accounts = [(row.platform, row.name) for row in rows if row.kind == "account"]
    assert len(set(accounts)) == len(accounts)
    urls = [row.url for row in rows if row.kind == "site"]
    assert len(set(urls)) == len(urls)
    assert all(re.fullmatch(r"http://[a-z0-9]+(\.[a-z0-9]+)*\.gov\.cn", url) for url in urls)


def test_region_tree_is_consistent(synthetic):
    engine, _ = synthetic
    # Cities are PPCC00 under their province; counties PPCCxx under their city.
    assert (
        _scalar(
            engine,
            """
        select count(*) from regions r left join regions p on p.code = r.parent_code
        where r.level != 'province' and (
            p.code is null
            or (r.level = 'city' and (p.level != 'province' or substr(r.code, 1, 2) != substr(p.code, 1, 2)
                                      or substr(r.code, 5, 2) != '00' or r.city_code != r.code
                                      or r.province_code != p.code))
            or (r.level = 'county' and (p.level != 'city' or substr(r.code, 1, 4) != substr(p.code, 1, 4)
                                        or substr(r.code, 5, 2) = '00' or r.city_code != p.code
                                        or r.province_code != p.province_code)))
    """,
        )
        == 0
    )
    assert _scalar(engine, "select count(*) from regions where level = 'county'") > 0


def test_every_target_has_an_existing_region_and_unit(synthetic):
    engine, _ = synthetic
    assert (
        _scalar(
            engine,
            """
        select count(*) from targets t left join regions r on r.code = t.region_code where r.code is null
    """,
        )
        == 0
    )
    assert (
        _scalar(
            engine,
            """
        select count(*) from targets t left join units u on u.id = t.unit_id
        where u.id is null or u.region_code != t.region_code
    """,
        )
        == 0
    )
    # A failing check prints its target's unit: a target is one code of one unit (data_access.schema.targets).
    assert (
        _scalar(
            engine,
            """
        select count(*) from check_results c join targets t on t.id = c.target_id join units u on u.id = t.unit_id
        where c.host_unit_text is not null and c.host_unit_text != u.name
    """,
        )
        == 0
    )
    with engine.connect() as conn:
        rows = conn.execute(sa.text("select kind, code, region_code, platform from targets")).all()
    kinds = {kind for kind, *_ in rows}
    assert kinds == {"site", "account", "platform"}
    platform_codes = {
        "wechat": "WX",
        "weibo": "XL",
        "douyin": "DY",
        "kuaishou": "KS",
        "toutiao": "JR",
        "app": "YD",
        "miniprogram": "XC",
    }
    for kind, code, region, platform in rows:
        if kind == "site":
            assert re.fullmatch(rf"{region}\d{{4}}", code)
        elif kind == "account":
            assert re.fullmatch(rf"{region}M\d{{3}}{platform_codes[platform]}\d{{4}}", code)


def test_failure_rate_improves_from_2020_to_2024(synthetic):
    engine, _ = synthetic
    with engine.connect() as conn:
        rates = dict(
            conn.execute(
                sa.text("""
            select substr(r.period, 1, 4), 1.0 * sum(case when c.passed then 0 else 1 end) / count(*)
            from check_results c join rounds r on r.id = c.round_id
            group by substr(r.period, 1, 4)
        """)
            ).all()
        )
    assert 0 < rates["2024"] < rates["2020"]


def test_every_site_is_checked_every_quarter_and_rounds_are_complete(synthetic):
    engine, _ = synthetic
    sites = _scalar(engine, "select count(*) from targets where kind = 'site'")
    assert (
        _scalar(
            engine,
            """
        select count(*) from check_results c join targets t on t.id = c.target_id where t.kind = 'site'
    """,
        )
        == sites * 20
    )
    assert _scalar(engine, "select count(*) from rounds where not items_complete") == 0


def test_some_rectifications_are_overdue(synthetic):
    engine, _ = synthetic
    overdue = _scalar(
        engine,
        """
        select count(*) from rectifications x
        join check_results c on c.id = x.check_id
        join rounds r on r.id = c.round_id
        where x.status = 'pending' and x.recheck_round_id is null
          and r.rectification_due < (select max(issued_on) from rounds)
    """,
    )
    assert overdue > 0
    # Re-checks happen in a later round of the same province.
    assert (
        _scalar(
            engine,
            """
        select count(*) from rectifications x
        join check_results c on c.id = x.check_id
        join rounds r on r.id = c.round_id
        join rounds n on n.id = x.recheck_round_id
        where n.scope_region_code != r.scope_region_code or n.period < r.period
    """,
        )
        == 0
    )


def test_every_failed_check_has_a_problem_and_no_passed_one_does(synthetic):
    engine, _ = synthetic
    assert (
        _scalar(
            engine,
            """
        select count(*) from check_results c
        where not c.passed and not exists (select 1 from problems p where p.check_id = c.id)
    """,
        )
        == 0
    )
    assert (
        _scalar(
            engine,
            """
        select count(*) from check_results c join problems p on p.check_id = c.id where c.passed
    """,
        )
        == 0
    )
    assert _scalar(engine, "select count(*) from check_results where not passed") > 0


def test_content_submissions_are_plausible(synthetic):
    engine, _ = synthetic
    assert _scalar(engine, "select count(*) from content_submissions where adopted > submitted or adopted < 0") == 0
    assert _scalar(engine, "select count(*) from content_submissions where submitted = 0") > 0
    assert _scalar(engine, "select count(*) from content_submissions where adoption_rate is not null") == 0


def test_closed_accounts_are_checked_only_before_and_added_ones_only_after(synthetic):
    engine, counts = synthetic
    assert counts["registry_changes"] > 0
    with engine.connect() as conn:
        changes = conn.execute(
            sa.text("""
            select c.change, t.kind, t.status, r.period, r.scope_region_code, substr(t.region_code, 1, 2) || '0000'
            from registry_changes c join targets t on t.id = c.target_id join rounds r on r.id = c.round_id
        """)
        ).all()
        assert {(change, kind) for change, kind, *_ in changes} == {("closed", "account"), ("added", "account")}
        assert all(
            (status == "closed") == (change == "closed") or change == "added" for change, _, status, *_ in changes
        )
        assert all(scope == province for *_, scope, province in changes)  # the round of the account's province
        # A closed account is never checked in or after the quarter of its closure; an added one never before.
        late = """
            select count(*) from check_results k join rounds r on r.id = k.round_id
            join registry_changes c on c.target_id = k.target_id join rounds cr on cr.id = c.round_id
            where (c.change = 'closed' and r.period >= cr.period) or (c.change = 'added' and r.period < cr.period)
        """
        assert conn.execute(sa.text(late)).scalar_one() == 0
        closed = conn.execute(sa.text("select count(*) from targets where status = 'closed'")).scalar_one()
        assert closed == sum(change == "closed" for change, *_ in changes)
        # Every failure of a closed account is settled, by re-check or by the closure itself.
        assert (
            conn.execute(
                sa.text("select count(*) from rectifications where status_text = '已注销' and status != 'rectified'")
            ).scalar_one()
            == 0
        )


def test_disclosure_counts_are_shaped_like_annex_5(synthetic):
    engine, _ = synthetic
    with engine.connect() as conn:
        # Every province's round of every quarter lists its provincial and city departments, never a county's.
        per_round = conn.execute(
            sa.text("""
            select r.id, count(*), sum(case when g.level = 'county' then 1 else 0 end),
                   sum(case when u.dept_type = 'government_office' then 1 else 0 end)
            from disclosure_stats d join rounds r on r.id = d.round_id join units u on u.id = d.unit_id
            join regions g on g.code = u.region_code group by r.id
        """)
        ).all()
        assert len(per_round) == 31 * 20
        assert all(rows > 0 and county == 0 and office == 0 for _, rows, county, office in per_round)
        # Listed most active first, as the notice does; an empty cell is NULL, never 0.
        seq_out_of_order = conn.execute(
            sa.text("""
            select count(*) from disclosure_stats a join disclosure_stats b
              on a.round_id = b.round_id and b.seq = a.seq + 1
            where b.proactive_total > a.proactive_total
        """)
        ).scalar_one()
        assert seq_out_of_order == 0
        zeros = conn.execute(
            sa.text("""
            select count(*) from disclosure_stats where policy_interpretations = 0 or proposal_handling = 0
              or key_area_items = 0 or requests_on_time = 0 or requests_pending = 0 or proactive_total <= 0
        """)
        ).scalar_one()
        assert zeros == 0
        texts = dict(
            conn.execute(
                sa.text(
                    "select r.period, min(d.period_text) from disclosure_stats d"
                    " join rounds r on r.id = d.round_id group by r.period"
                )
            ).all()
        )
        assert texts["2020Q1"] == "2020年1月—3月" and texts["2024Q4"] == "2024年10月—12月"


def test_messages_are_shaped_like_the_notices(synthetic):
    engine, _ = synthetic
    with engine.connect() as conn:
        channels = dict(conn.execute(sa.text("select channel, count(*) from message_handling group by channel")).all())
        assert set(channels) == {"governor_suggestion", "site_error_report"}
        suggestions = conn.execute(
            sa.text("""
            select m.group_label, m.unit_id, m.received, m.completed, m.completion_rate, m.completion_rate_decimals,
                   m.avg_working_days, u.region_code, m.region_code
            from message_handling m join units u on u.id = m.unit_id where m.channel = 'governor_suggestion'
        """)
        ).all()
        assert {row.group_label for row in suggestions} == {"省直单位", "设区市", "区县"}
        assert all(0 <= row.completed <= row.received > 0 and row.completion_rate_decimals == 0 for row in suggestions)
        assert all(row[7] == row[8] for row in suggestions)  # the row's region is its unit's
        # 我为政府网站找错: one row for each province and each place under it, the province's holding its places'.
        reports = conn.execute(
            sa.text("""
            select r.id, g.level, m.received, m.on_time_rate, m.on_time_rate_decimals, m.unit_id
            from message_handling m join rounds r on r.id = m.round_id join regions g on g.code = m.region_code
            where m.channel = 'site_error_report'
        """)
        ).all()
        assert all(row.unit_id is None for row in reports)
        by_round: dict[int, list[int]] = {}
        whole: dict[int, int] = {}
        for row in reports:
            if row.level == "province":
                whole[row.id] = row.received
            else:
                by_round.setdefault(row.id, []).append(row.received)
            if row.received:
                assert row.on_time_rate_decimals in (0, 1) and 0 <= row.on_time_rate <= 100
        assert len(whole) == 31 * 20
        assert all(whole[round_id] >= sum(places) for round_id, places in by_round.items())


def test_every_site_is_scored_by_the_national_set_as_its_result_says(synthetic):
    """Sites get findings against the national website set; the rule's verdict is the check's result."""
    from decimal import Decimal

    from data_access.indicator_sets import load_set
    from data_access.scoring import Finding, score

    engine, _ = synthetic
    assert (
        _scalar(
            engine,
            "select count(*) from check_results c where target_kind = 'site' and not exists "
            "(select 1 from check_scores s where s.check_id = c.id)",
        )
        == 0
    )
    assert (
        _scalar(
            engine,
            "select count(*) from check_scores s join check_results c on c.id = s.check_id "
            "where c.target_kind != 'site'",
        )
        == 0
    )
    # Most passing sites score 80 to 100; portals earn bonus points up to about 120; failing ones are vetoed.
    passing = _scalar(engine, "select count(*) from check_results where target_kind = 'site' and passed")
    in_80_100 = _scalar(
        engine,
        "select count(*) from check_results c join check_scores s on s.check_id = c.id "
        "join targets t on t.id = c.target_id "
        "where c.passed and t.site_kind != 'portal' and c.score >= 80 and c.score <= 100",
    )
    non_portal = _scalar(
        engine,
        "select count(*) from check_results c join targets t on t.id = c.target_id "
        "where c.passed and c.target_kind = 'site' and t.site_kind != 'portal'",
    )
    assert passing and in_80_100 / non_portal > 0.9
    assert 105 <= float(_scalar(engine, "select max(score) from check_results")) <= 125
    assert _scalar(engine, "select count(*) from check_scores where vetoed") > 0
    assert (
        _scalar(
            engine,
            "select count(*) from check_scores s join check_results c on c.id = s.check_id where s.vetoed and c.passed",
        )
        == 0
    )
    with engine.connect() as conn:
        site_set = load_set(conn, _scalar(engine, "select id from indicator_sets where code = 'national-2019-site'"))
        checks = conn.execute(
            sa.text(
                "select c.id, c.score, c.passed, s.portal, s.has_services from check_results c "
                "join check_scores s on s.check_id = c.id order by c.id limit 400"
            )
        ).all()
        for check_id, stored, passed, portal, has_services in checks:
            rows = conn.execute(
                sa.text("select indicator_id, points, counted from findings where check_id = :id order by seq"),
                {"id": check_id},
            ).all()
            found = [Finding(i, None if p is None else Decimal(str(p)).quantize(Decimal("0.1"))) for i, p, _ in rows]
            verdict = score(site_set, found, portal=bool(portal), has_services=bool(has_services))
            assert verdict.passed == bool(passed)
            assert verdict.score == (None if stored is None else Decimal(str(stored)).quantize(Decimal("0.1")))
            assert [float(c) for c in verdict.counted] == [float(c) for _, _, c in rows]
