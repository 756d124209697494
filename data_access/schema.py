"""The store's tables: one SQLAlchemy Core metadata for the whole domain.

Alembic migrations in ``data_access/migrations`` are generated from this
module and are what actually creates tables; this module is the single
description that queries, loaders and migrations are written against.

Websites, new-media accounts and disclosure platforms share one ``targets``
table (``kind`` tells them apart): they are checked, fail, get problems and
are rectified in exactly the same way, so check results, problems and
rectification need one shape, not three.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Percentages are stored in percent points (94.75 for 94.75%) with two
# decimals, which is the precision every notice reports in.
Percent = sa.Numeric(7, 2)

REGION_LEVELS = ("province", "city", "county")
TARGET_KINDS = ("site", "account", "platform")


def _batch() -> sa.Column[int]:
    """The import batch that added the row (NULL: the synthetic generator, or before batches were kept)."""
    return sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), index=True)

regions = sa.Table(
    "regions",
    metadata,
    sa.Column("code", sa.String(6), primary_key=True),  # GB/T 2260
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("level", sa.String(8), nullable=False),
    sa.Column("parent_code", sa.String(6), sa.ForeignKey("regions.code")),
    # Ancestors denormalised so that scope filters and roll-ups are one
    # indexed comparison instead of a recursive walk.
    sa.Column("province_code", sa.String(6), nullable=False),
    sa.Column("city_code", sa.String(6)),
    sa.CheckConstraint("level in ('province', 'city', 'county')", name="level"),
    sa.Index(None, "parent_code"),
    sa.Index(None, "province_code"),
    sa.Index(None, "city_code"),
    _batch(),
)

# One batch: a file (or the shipped notices, or the synthetic generator)
# written in one transaction. Every row an import adds carries its batch's
# id in ``import_id``, so undoing a batch removes exactly what it added.
IMPORT_STATUSES = ("active", "undone")

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source", sa.String(200), nullable=False),  # the file name as uploaded
    sa.Column("description", sa.Text),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sa.Column("kind", sa.String(24)),  # data_access.imports.kinds key; NULL for the generator
    sa.Column("checksum", sa.String(64)),  # sha256 of the file's bytes
    sa.Column("user_name", sa.String(64)),
    sa.Column("period", sa.String(6)),
    sa.Column("region_code", sa.String(6)),
    sa.Column("row_count", sa.Integer),  # data rows read from the file
    sa.Column("counts", sa.Text),  # JSON: rows added per table
    sa.Column("status", sa.String(8), nullable=False, server_default="active"),
    sa.Column("undone_at", sa.DateTime),
    sa.Column("undone_by", sa.String(64)),
    sa.CheckConstraint("status in ('active', 'undone')", name="status"),
    sa.Index(None, "checksum"),
)

# A counter raised by every import and undo in the same transaction: the
# app keys its caches by it, so every process sees new data on its next
# page load, whoever wrote it.
data_version = sa.Table(
    "data_version",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),  # always 1
    sa.Column("version", sa.Integer, nullable=False),
)

USER_ROLES = ("viewer", "editor", "admin")

# Accounts: a role and one region scope (NULL: the whole country).
users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_name", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", sa.String(64)),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("role", sa.String(8), nullable=False),
    sa.Column("region_code", sa.String(6), sa.ForeignKey("regions.code")),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", sa.DateTime),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sa.Column("password_changed_at", sa.DateTime),
    # Raised by a logout, a new password or disabling: every session token carries the
    # number it was issued under, so all of that account's sessions end at once.
    sa.Column("session_version", sa.Integer, nullable=False, server_default="0"),
    sa.CheckConstraint("role in ('viewer', 'editor', 'admin')", name="role"),
)

# Settings the app keeps in its store, e.g. the generated key that signs session
# tokens when DASHBOARD_SECRET_KEY is not set (every process of one store shares it).
app_settings = sa.Table(
    "app_settings",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

# Who did what: logins (failed ones too), imports, undos, account changes.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sa.Column("user_name", sa.String(64)),
    sa.Column("action", sa.String(24), nullable=False),
    sa.Column("detail", sa.Text),
    sa.Column("import_id", sa.Integer),
    sa.Index(None, "at"),
)

# One row per department, under its standard name: notices spell one unit
# several ways, and unit_aliases maps every spelling to this name.
units = sa.Table(
    "units",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("region_code", sa.String(6), sa.ForeignKey("regions.code"), nullable=False),
    sa.Column("dept_type", sa.String(24)),  # standard department type, see data_access.units.DEPT_TYPES
    sa.UniqueConstraint("region_code", "name"),
    sa.Index(None, "region_code", "dept_type"),
    _batch(),
)

# A unit's name as some notice wrote it (省发展改革委) and the standard name
# it stands for (省发展和改革委员会), in one region.
unit_aliases = sa.Table(
    "unit_aliases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("region_code", sa.String(6), sa.ForeignKey("regions.code"), nullable=False),
    sa.Column("alias", sa.String(100), nullable=False),
    sa.Column("unit_name", sa.String(100), nullable=False),
    sa.UniqueConstraint("region_code", "alias"),
    _batch(),
)

# A target is one site, account or platform of one host unit: a code (site code, account ID) that
# notices list under two units (notice 000 lists 360000M011WX0002 under 省减灾备灾中心 and under
# 省应急管理厅) is two targets, each with its own checks. A code has at most one target without a unit,
# and only while it has no other (data_access.imports.writer keeps to this; migration 0008 split the
# stores filled before).
targets = sa.Table(
    "targets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(8), nullable=False),  # site | account | platform
    # Site code (网站标识码), account ID or filing number (备案单号); some
    # notices name a target without one.
    sa.Column("code", sa.String(32)),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("url", sa.String(200)),
    sa.Column("site_kind", sa.String(12)),  # portal | department | other (sites)
    sa.Column("platform", sa.String(16)),  # standard platform code (accounts)
    sa.Column("platform_label", sa.String(32)),  # the platform as a notice wrote it
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id")),
    sa.Column("region_code", sa.String(6), sa.ForeignKey("regions.code"), nullable=False),
    sa.Column("status", sa.String(8), nullable=False, server_default="running"),
    # The batch that gave a target created without a host unit its unit, when a later row named one:
    # undoing that batch takes the unit back.
    sa.Column("unit_import_id", sa.Integer, sa.ForeignKey("imports.id")),
    sa.CheckConstraint("kind in ('site', 'account', 'platform')", name="kind"),
    # Also the index of lookups by (kind, code).
    sa.UniqueConstraint("kind", "code", "unit_id"),
    # One target without a unit per code (NULLs are distinct to a unique constraint).
    sa.Index(
        "uq_targets_kind_code_no_unit",
        "kind",
        "code",
        unique=True,
        postgresql_where=sa.text("unit_id IS NULL"),
        sqlite_where=sa.text("unit_id IS NULL"),
    ),
    sa.Index(None, "region_code", "kind"),
    sa.Index(None, "unit_id"),
    _batch(),
)

# A versioned indicator set (指标集): the national 2019 sets ship as data_access/indicator_sets/*.yaml, a province
# adds its own. A set is never edited in place: a change is a new version (same code, version + 1), so a check
# scored under an old version keeps its indicators and its score. See data_access.indicator_sets.
INDICATOR_PARTS = ("veto", "deduct", "bonus")

indicator_sets = sa.Table(
    "indicator_sets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(40), nullable=False),  # the set across its versions: national-2019-site
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),  # site | account
    sa.Column("region_code", sa.String(6), sa.ForeignKey("regions.code")),  # NULL: national
    sa.Column("max_score", sa.Numeric(5, 1), nullable=False),  # the deduction part (100; 0 for veto-only sets)
    sa.Column("pass_line", sa.Numeric(5, 1), nullable=False),  # below it 不合格 (60)
    sa.Column("bonus_threshold", sa.Numeric(5, 1), nullable=False),  # from it bonus points count (80)
    sa.Column("bonus_max", sa.Numeric(5, 1), nullable=False),  # 30; 0 without a bonus part
    sa.Column("bonus_portals_only", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("skip_note", sa.Text),  # what the set says of units without external services
    sa.Column("source", sa.String(200)),  # the document (or file) the set was transcribed from
    sa.Column("note", sa.Text),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),  # offered for new rounds
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sa.Column("created_by", sa.String(64)),
    sa.UniqueConstraint("code", "version"),
    sa.CheckConstraint("kind in ('site', 'account')", name="kind"),
)

indicators = sa.Table(
    "indicators",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("set_id", sa.Integer, sa.ForeignKey("indicator_sets.id"), nullable=False),
    sa.Column("part", sa.String(8), nullable=False),  # veto | deduct | bonus
    sa.Column("seq", sa.Integer, nullable=False),  # order within the set, as published
    sa.Column("group_name", sa.String(40)),  # 一级指标 (发布解读, …); NULL for veto items
    sa.Column("name", sa.String(60), nullable=False),
    sa.Column("rule_text", sa.Text, nullable=False),  # verbatim
    sa.Column("cap", sa.Numeric(5, 1)),  # the most its findings deduct (or add) in one check; NULL for veto items
    sa.Column("category", sa.String(32)),  # data_access.problems.CATEGORIES: what a finding counts as on /problems
    sa.Column("also_categories", sa.String(200)),  # other categories it covers, comma-separated, chosen by a note
    sa.Column("needs_services", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("set_id", "part", "name"),
    sa.CheckConstraint("part in ('veto', 'deduct', 'bonus')", name="part"),
)

rounds = sa.Table(
    "rounds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(40), nullable=False, unique=True),
    sa.Column("issuer", sa.String(100), nullable=False),
    # NULL scope: a nationwide round (the cross-province survey).
    sa.Column("scope_region_code", sa.String(6), sa.ForeignKey("regions.code")),
    sa.Column("period", sa.String(6), nullable=False),  # 2022Q3
    sa.Column("period_label", sa.String(40)),  # as the notice names it: 2024年第一次
    sa.Column("title", sa.Text),  # of the notice the round's data come from (see notice_data/README.md)
    sa.Column("notice_number", sa.String(60)),
    sa.Column("source", sa.String(120)),  # the notice file the data came from
    sa.Column("issued_on", sa.Date),
    sa.Column("published_on", sa.Date),
    sa.Column("rectification_due", sa.Date),
    sa.Column("report_due", sa.Date),
    # True when check_results list every checked target, so figures can be
    # computed from items; notices list only the failing ones.
    sa.Column("items_complete", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id", ondelete="CASCADE")),
    # The indicator sets the round scores websites and accounts by (NULL: the newest national set of the kind).
    sa.Column("site_set_id", sa.Integer, sa.ForeignKey("indicator_sets.id")),
    sa.Column("account_set_id", sa.Integer, sa.ForeignKey("indicator_sets.id")),
    # Closed: no check of the round is recorded or edited on /inspect any more (see data_access.inspections).
    sa.Column("closed_at", sa.DateTime),
    sa.Column("closed_by", sa.String(64)),
    sa.Index(None, "period"),
    sa.Index(None, "scope_region_code"),
)

# One figure as a notice reports it, e.g. (round, 360000, site, all,
# pass_rate) = 94.75. Long format: notices report different sets of
# figures and segments, and each is kept exactly, never derived.
reported_figures = sa.Table(
    "reported_figures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    sa.Column("region_code", sa.String(6), sa.ForeignKey("regions.code"), nullable=False),
    sa.Column("target_kind", sa.String(12), nullable=False),
    # 'all' for the headline figure; otherwise the notice's own breakdown
    # label (省政府部门网站, 门户网站, 得分超过100分, ...).
    sa.Column("segment", sa.String(60), nullable=False, server_default="all"),
    sa.Column("measure", sa.String(40), nullable=False),
    sa.Column("value", sa.Numeric(14, 2), nullable=False),
    sa.Column("source_text", sa.Text),  # the sentence or cell it was read from
    sa.UniqueConstraint("round_id", "region_code", "target_kind", "segment", "measure"),
    sa.Index(None, "region_code", "measure"),
    _batch(),
)

check_results = sa.Table(
    "check_results",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    sa.Column("target_id", sa.Integer, sa.ForeignKey("targets.id"), nullable=False),
    # The target's kind and region as they were when checked: history keeps
    # the region a target had then, and counts by kind and region need no
    # join to targets (600 ms -> 65 ms for the national trend on SQLite).
    sa.Column("target_kind", sa.String(8), nullable=False),
    sa.Column("region_code", sa.String(6), sa.ForeignKey("regions.code"), nullable=False),
    sa.Column("list_label", sa.String(80)),  # the annex the row was listed in
    sa.Column("seq", sa.Integer),  # its row number there
    sa.Column("passed", sa.Boolean, nullable=False),
    sa.Column("score", sa.Numeric(5, 1)),
    sa.Column("score_band", sa.String(20)),  # 110-120 / 100-110 / 得分靠前
    sa.Column("problem_text", sa.Text),  # the problem exactly as the notice words it
    sa.Column("host_unit_text", sa.String(100)),  # host unit as listed in this row
    sa.Column("note", sa.Text),
    sa.Index(None, "round_id", "target_kind", "passed"),
    sa.Index(None, "region_code", "round_id"),
    sa.Index(None, "target_id"),
    # The failing results only (one in thirteen), with what the problem lists filter and group by:
    # the whole-history rectification lists read it instead of the table (see migration 0006).
    # "passed" is there for SQLite, which covers a query from an index only if it holds every column named.
    sa.Index(
        "ix_check_results_failing",
        "round_id",
        "target_kind",
        "region_code",
        "target_id",
        "passed",
        postgresql_where=sa.text("NOT passed"),
        sqlite_where=sa.text("passed = 0"),
    ),
    _batch(),
)

# Derived: checked and failed per round, region and kind, counted from check_results by
# data_access.check_counts.refresh whenever a batch is written or undone (and by the synthetic
# generator): the computed pass rates read 130,000 rows nationally instead of 920,000. Never
# written otherwise, so it has no batch of its own.
check_counts = sa.Table(
    "check_counts",
    metadata,
    sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("target_kind", sa.String(8), primary_key=True),
    sa.Column("region_code", sa.String(6), primary_key=True),
    sa.Column("checked", sa.Integer, nullable=False),
    sa.Column("failed", sa.Integer, nullable=False),
    sa.Index(None, "region_code", "round_id"),
    # Stored in key order on SQLite: the national trend reads it round by round and kind by kind
    # without a lookup per row or a sort (21 ms instead of 90).
    sqlite_with_rowid=False,
)

# The score of a check scored by an indicator set (recorded on /inspect, imported from a scoring sheet, or
# generated): one row per scored check. check_results.score holds the score itself (NULL when vetoed) and
# check_results.score_band the notices' high-score band of a check that earned bonus points.
CHECK_SCORE_SOURCES = ("inspect", "import", "synthetic")

check_scores = sa.Table(
    "check_scores",
    metadata,
    sa.Column("check_id", sa.Integer, sa.ForeignKey("check_results.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("set_id", sa.Integer, sa.ForeignKey("indicator_sets.id"), nullable=False),
    sa.Column("portal", sa.Boolean, nullable=False),  # scored as a portal (bonus points count)
    sa.Column("has_services", sa.Boolean, nullable=False),  # False: not checked on 办事服务 / 服务不实用
    sa.Column("vetoed", sa.Boolean, nullable=False),
    sa.Column("deducted", sa.Numeric(5, 1), nullable=False),
    sa.Column("bonus", sa.Numeric(5, 1), nullable=False),
    sa.Column("band", sa.String(10), nullable=False),  # data_access.scoring.BANDS
    sa.Column("source", sa.String(10), nullable=False),  # inspect | import | synthetic
    sa.Column("revision", sa.Integer, nullable=False, server_default="1"),  # raised by every edit
    sa.Column("recorded_by", sa.String(64)),
    sa.Column("recorded_at", sa.DateTime),
    sa.Column("updated_by", sa.String(64)),
    sa.Column("updated_at", sa.DateTime),
    sa.Index(None, "set_id"),
)

# What an inspector found against one indicator in one check: a veto item named, or points deducted (or, for
# a portal, added), with its evidence. ``counted`` is what the rule counted of it (after caps, skips, a veto).
findings = sa.Table(
    "findings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("check_id", sa.Integer, sa.ForeignKey("check_results.id", ondelete="CASCADE"), nullable=False),
    sa.Column("indicator_id", sa.Integer, sa.ForeignKey("indicators.id"), nullable=False),
    sa.Column("seq", sa.SmallInteger, nullable=False),
    sa.Column("points", sa.Numeric(5, 1)),  # as recorded; NULL for a veto item
    sa.Column("counted", sa.Numeric(5, 1), nullable=False),
    sa.Column("evidence_url", sa.String(500)),
    sa.Column("note", sa.Text),
    sa.Column("image", sa.LargeBinary),  # a screenshot: PNG, JPEG, WebP or GIF, see inspections.MAX_IMAGE_BYTES
    sa.Column("image_type", sa.String(24)),
    sa.Column("image_size", sa.Integer),
    sa.Index(None, "check_id"),
)

problems = sa.Table(
    "problems",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("check_id", sa.Integer, sa.ForeignKey("check_results.id", ondelete="CASCADE"), nullable=False),
    sa.Column("category", sa.String(32), nullable=False),  # see data_access.problems
    sa.Column("detail", sa.Text),  # the part of problem_text that names this category
    sa.Index(None, "check_id"),
    sa.Index(None, "category"),
)

rectifications = sa.Table(
    "rectifications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("check_id", sa.Integer, sa.ForeignKey("check_results.id", ondelete="CASCADE"), nullable=False),
    # The round whose re-check (复查) gave the result; the same round when a
    # notice reports 整改后合格 together with the finding.
    sa.Column("recheck_round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE")),
    # rectified | passed_after_rectification | not_rectified | pending
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("status_text", sa.String(40)),  # as the notice words it
    sa.Column("rechecked_on", sa.Date),
    sa.UniqueConstraint("check_id", "recheck_round_id"),
    sa.Index(None, "status"),
    sa.Index(None, "recheck_round_id"),  # the problems a period's re-checks looked at
    _batch(),
)

# The rectification loop (data_access.tasks): a published round's problem becomes a task that the place it
# lies in answers and the round's issuer reviews. ``state`` is the state its newest step left it in (a cache
# of task_events, refreshed when an import's steps are undone): open (no answer yet), submitted, returned,
# confirmed, or what the newest re-check found (rectified, passed_after_rectification, not_rectified).
TASK_STATES = (
    "open",
    "submitted",
    "returned",
    "confirmed",
    "rectified",
    "passed_after_rectification",
    "not_rectified",
)
TASK_ACTIONS = ("publish", "submit", "confirm", "return", "recheck")

rectification_tasks = sa.Table(
    "rectification_tasks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # One task per problem (failing check); its round, region, unit and deadlines are the check's and round's.
    sa.Column("check_id", sa.Integer, sa.ForeignKey("check_results.id", ondelete="CASCADE"), nullable=False),
    sa.Column("state", sa.String(32), nullable=False),
    sa.Column("published_at", sa.DateTime, nullable=False),
    sa.Column("published_by", sa.String(64)),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.CheckConstraint(f"state in ({', '.join(repr(state) for state in TASK_STATES)})", name="state"),
    sa.UniqueConstraint("check_id"),
    sa.Index(None, "state"),  # the reminders and open tasks of every round start from the tasks in a state
)

# Every step of a task, who took it and when: published, answered (what was done, when, a link), confirmed,
# returned (with the reason), re-checked (the finding as printed). A step an import wrote carries its batch.
task_events = sa.Table(
    "task_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("task_id", sa.Integer, sa.ForeignKey("rectification_tasks.id", ondelete="CASCADE"), nullable=False),
    sa.Column("action", sa.String(12), nullable=False),
    sa.Column("state_after", sa.String(32), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("user_name", sa.String(64)),
    sa.Column("text", sa.Text),  # what was done (an answer), the reason (a return), the finding (a re-check)
    sa.Column("done_on", sa.Date),  # 整改日期 of an answer
    sa.Column("link", sa.String(500)),  # an http(s) link to evidence, as the answer gave it
    sa.CheckConstraint(f"action in ({', '.join(repr(action) for action in TASK_ACTIONS)})", name="action"),
    sa.Index(None, "task_id"),
    _batch(),
)

# Evidence files of an answer, kept in the store (PNG, JPEG or PDF, recognised from their bytes): one
# transaction writes the answer and its files, and every app process of the store serves them.
task_evidence = sa.Table(
    "task_evidence",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("task_events.id", ondelete="CASCADE"), nullable=False),
    sa.Column("file_name", sa.String(120), nullable=False),
    sa.Column("content_type", sa.String(40), nullable=False),
    sa.Column("size_bytes", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Index(None, "event_id"),
)

content_submissions = sa.Table(
    "content_submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    sa.Column("portal", sa.String(60), nullable=False),  # the site information is sent to
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
    sa.Column("unit_text", sa.String(100)),  # the unit as the notice printed it
    sa.Column("seq", sa.Integer),
    sa.Column("submitted", sa.Integer, nullable=False),
    sa.Column("adopted", sa.Integer, nullable=False),
    sa.Column("adoption_rate", Percent),  # as reported; NULL when not reported
    # Digits after the point as the notice printed the rate (3.0% -> 1, 22% -> 0):
    # the Percent column keeps the value, not its printed form.
    sa.Column("adoption_rate_decimals", sa.SmallInteger),
    sa.UniqueConstraint("round_id", "portal", "unit_id"),
    sa.Index(None, "unit_id"),
    _batch(),
)

disclosure_stats = sa.Table(
    "disclosure_stats",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
    sa.Column("unit_text", sa.String(100)),  # the unit as the notice printed it
    sa.Column("seq", sa.Integer),
    sa.Column("period_text", sa.String(40)),  # 统计时段 as written
    sa.Column("proactive_total", sa.Integer),  # 主动公开信息 总数
    sa.Column("policy_interpretations", sa.Integer),  # 政策解读材料
    sa.Column("proposal_handling", sa.Integer),  # 建议提案办理
    sa.Column("key_area_items", sa.Integer),  # 重点领域信息
    sa.Column("requests_on_time", sa.Integer),  # 依申请公开 已按时办结
    sa.Column("requests_pending", sa.Integer),  # 依申请公开 暂未办结
    sa.UniqueConstraint("round_id", "unit_id"),
    sa.Index(None, "unit_id"),
    _batch(),
)

# Netizen messages: 我为政府网站找错 (site_error_report) and 我向省长建言
# (governor_suggestion). unit_id is NULL for a region-wide total.
message_handling = sa.Table(
    "message_handling",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    sa.Column("channel", sa.String(24), nullable=False),
    sa.Column("region_code", sa.String(6), sa.ForeignKey("regions.code"), nullable=False),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id")),
    sa.Column("unit_text", sa.String(100)),  # the unit as the notice printed it
    sa.Column("group_label", sa.String(20)),  # 省直单位 / 设区市
    sa.Column("seq", sa.Integer),
    sa.Column("period_text", sa.String(40)),
    sa.Column("received", sa.Integer),
    sa.Column("completed", sa.Integer),
    sa.Column("completion_rate", Percent),
    sa.Column("avg_working_days", sa.Numeric(6, 1)),
    sa.Column("on_time_rate", Percent),
    # Digits after the point as printed, as content_submissions.adoption_rate_decimals.
    sa.Column("completion_rate_decimals", sa.SmallInteger),
    sa.Column("on_time_rate_decimals", sa.SmallInteger),
    sa.Index(None, "round_id"),
    _batch(),
)

registry_changes = sa.Table(
    "registry_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    sa.Column("target_id", sa.Integer, sa.ForeignKey("targets.id"), nullable=False),
    sa.Column("change", sa.String(12), nullable=False),  # closed | added | renamed
    sa.Column("previous_status", sa.String(8)),  # the target's status before a closing, restored by undo
    sa.Column("note", sa.Text),
    sa.Index(None, "round_id"),
    _batch(),
)

# Prose a notice holds besides its tables: good practices (经验做法 /
# 主要成效), main problems, requirements, and named high scorers.
narratives = sa.Table(
    "narratives",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    sa.Column("section", sa.String(16), nullable=False),  # practice | problem | requirement | highlight
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("heading", sa.String(120)),
    sa.Column("body", sa.Text, nullable=False),
    sa.Index(None, "round_id"),
    _batch(),
)
