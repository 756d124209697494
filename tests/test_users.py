"""Accounts in the store: hashes, refusals, lockout, the administrator from the environment, session tokens, the CLI."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from data_access import sessions, users
from data_access.schema import app_settings, audit_log
from data_access.startup import prepare_store
from tests.conftest import APP_DIR

_names = itertools.count()


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hashes at bcrypt's lowest cost, so lockout tests do not spend seconds hashing (the CLI keeps the real cost)."""
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def store(notices_engine: sa.Engine) -> Iterator[sa.Connection]:
    """A transaction on the notices store, rolled back afterwards."""
    with notices_engine.connect() as conn, conn.begin() as transaction:
        yield conn
        transaction.rollback()


def fresh_name() -> str:
    return f"user-{os.getpid()}-{next(_names)}"


def add(conn: sa.Connection, name: str, *, role: str = "viewer", region: str | None = "360400") -> users.Account:
    return users.add_account(conn, user_name=name, password="right-password", role=role, region_code=region, actor="t")


def audit_entries(conn: sa.Connection, name: str) -> list[tuple[str, str | None]]:
    query = sa.select(audit_log.c.action, audit_log.c.detail).where(audit_log.c.user_name == name)
    return [tuple(row) for row in conn.execute(query.order_by(audit_log.c.id))]  # type: ignore[misc]


def test_an_account_is_stored_with_a_bcrypt_hash_and_listed_without_it(store: sa.Connection) -> None:
    name = fresh_name()
    account = add(store, name)
    assert account.scope.region_code == "360400" and account.role == "viewer" and account.active
    stored = store.execute(sa.text("select password_hash from users where user_name = :n"), {"n": name}).scalar_one()
    assert stored.startswith("$2b$") and "right-password" not in stored
    frame = users.list_accounts(store)
    assert "password_hash" not in frame.columns
    row = frame.set_index("user_name").loc[name]
    assert row["region_name"] == "九江市" and bool(row["active"])
    assert audit_entries(store, "t")[-1] == ("account_add", f"{name} role=viewer region=360400")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"region_code": "999999"}, "地区代码 999999 不存在"),
        ({"role": "boss"}, "角色无效"),
        ({"password": "short"}, "密码太短"),
        ({"password": "长" * 30}, "密码太长"),
        ({"user_name": "有 空格"}, "账号名无效"),
    ],
)
def test_a_bad_account_is_refused_and_nothing_is_written(
    store: sa.Connection, change: dict[str, str], message: str
) -> None:
    values = {"user_name": fresh_name(), "password": "right-password", "role": "viewer", "region_code": "360400"}
    before = store.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar_one()
    with pytest.raises(users.AccountError, match=message):
        users.add_account(store, **{**values, **change}, actor="t")  # type: ignore[arg-type]
    assert users.get_account(store, str({**values, **change}["user_name"])) is None
    assert store.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar_one() == before


def test_a_taken_name_is_refused(store: sa.Connection) -> None:
    name = fresh_name()
    add(store, name)
    with pytest.raises(users.AccountError, match="已存在"):
        add(store, name)


def test_five_wrong_passwords_lock_the_account_for_its_period_even_for_the_right_password(store: sa.Connection) -> None:
    name = fresh_name()
    add(store, name)
    start = dt.datetime(2026, 11, 25, 8, 0)
    for minute in range(4):
        result = users.authenticate(store, name, "wrong-password", now=start + dt.timedelta(minutes=minute))
        assert result.reason == "wrong" and result.account is None
    assert users.lock_state(store, name, now=start) is None
    result = users.authenticate(store, name, "wrong-password", now=start + dt.timedelta(minutes=4))
    until = start + dt.timedelta(minutes=4 + users.LOCK_MINUTES)
    assert result.reason == "locked" and result.locked_until == until
    assert result.minutes_left(start + dt.timedelta(minutes=5)) == users.LOCK_MINUTES - 1
    # The right password does not open it before its time, and does not extend it.
    for later in (5, 10, 18):
        at = start + dt.timedelta(minutes=later)
        assert users.authenticate(store, name, "right-password", now=at).reason == "locked"
        assert users.lock_state(store, name, now=at) == until
    opened = users.authenticate(store, name, "right-password", now=until + dt.timedelta(seconds=1))
    assert opened.reason == "ok" and opened.account is not None and opened.account.user_name == name
    actions = [action for action, _ in audit_entries(store, name)]
    assert actions == ["login_failed"] * 5 + ["lock"] + ["login_failed"] * 3 + ["login"]


def test_a_new_password_lifts_the_lock_and_ends_sessions(store: sa.Connection) -> None:
    name = fresh_name()
    account = add(store, name)
    token = sessions.issue_token(store, account)
    for _ in range(users.MAX_FAILED_LOGINS):
        users.authenticate(store, name, "wrong-password")
    assert users.lock_state(store, name) is not None
    users.set_password(store, user_name=name, password="another-password", actor="admin")
    assert users.lock_state(store, name) is None
    assert sessions.account_for_token(store, token) is None
    assert users.authenticate(store, name, "another-password").reason == "ok"
    assert users.authenticate(store, name, "right-password").reason == "wrong"


def test_unknown_and_disabled_accounts_do_not_log_in(store: sa.Connection) -> None:
    assert users.authenticate(store, "nobody-at-all", "whatever-pass").reason == "wrong"
    assert audit_entries(store, "nobody-at-all") == [("login_failed", "unknown account")]
    name = fresh_name()
    account = add(store, name)
    token = sessions.issue_token(store, account)
    users.set_active(store, user_name=name, active=False, actor="admin")
    assert users.authenticate(store, name, "right-password").reason == "disabled"
    assert sessions.account_for_token(store, token) is None
    users.set_active(store, user_name=name, active=True, actor="admin")
    assert users.authenticate(store, name, "right-password").reason == "ok"


def test_the_last_active_admin_cannot_be_disabled(backend: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import fresh_store_url

    engine = prepare_store(fresh_store_url(backend, tmp_path, name="last_admin"))
    with engine.begin() as conn:
        users.create_first_admin(conn, user_name="first", password="first-password")
        with pytest.raises(users.AccountError, match="已有账号"):
            users.create_first_admin(conn, user_name="second", password="second-password")
        with pytest.raises(users.AccountError, match="最后一个"):
            users.set_active(conn, user_name="first", active=False, actor="first")
    engine.dispose()


def test_session_tokens_expire_and_cannot_be_forged(store: sa.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(sessions.SECRET_ENV, raising=False)
    account = add(store, fresh_name())
    now = dt.datetime(2026, 11, 25, 8, 0)
    token = sessions.issue_token(store, account, now=now)
    assert sessions.account_for_token(store, token, now=now + dt.timedelta(hours=11)) == account
    assert sessions.account_for_token(store, token, now=now + dt.timedelta(hours=sessions.SESSION_HOURS)) is None
    payload, _, signature = token.partition(".")
    assert sessions.account_for_token(store, f"{payload}.{'0' * 64}", now=now) is None
    assert sessions.account_for_token(store, f"{payload[:-2]}.{signature}", now=now) is None
    assert sessions.account_for_token(store, "garbage", now=now) is None
    stored = store.execute(sa.select(app_settings.c.value)).scalar_one()
    assert len(stored) == 64  # generated once, kept in the store, shared by every process
    monkeypatch.setenv(sessions.SECRET_ENV, "x" * 40)
    assert sessions.account_for_token(store, token, now=now) is None  # another key: the old tokens end
    assert sessions.account_for_token(store, sessions.issue_token(store, account, now=now), now=now) == account
    monkeypatch.setenv(sessions.SECRET_ENV, "short")
    with pytest.raises(sessions.SecretTooShort):
        sessions.issue_token(store, account)


def test_the_administrator_from_the_environment_is_created_reset_and_kept(store: sa.Connection) -> None:
    name = fresh_name()
    assert users.ensure_admin_from_env(store, {}) is None
    env = {users.ADMIN_USER_ENV: name, users.ADMIN_PASSWORD_ENV: "env-password-1"}
    assert users.ensure_admin_from_env(store, env) == name
    account = users.get_account(store, name)
    assert account is not None and account.role == "admin" and account.region_code is None
    token = sessions.issue_token(store, account)
    users.ensure_admin_from_env(store, env)  # a restart with the same settings keeps its sessions
    assert sessions.account_for_token(store, token) is not None
    store.execute(
        sa.text("update users set active = false, role = 'viewer', region_code = '360400' where user_name = :n"),
        {"n": name},
    )
    users.ensure_admin_from_env(store, {**env, users.ADMIN_PASSWORD_ENV: "env-password-2"})
    account = users.get_account(store, name)
    assert account is not None and account.active and account.role == "admin" and account.region_code is None
    assert users.authenticate(store, name, "env-password-2").reason == "ok"
    assert users.authenticate(store, name, "env-password-1").reason == "wrong"


def test_the_app_start_applies_the_administrator_from_the_environment(
    backend: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import fresh_store_url

    url = fresh_store_url(backend, tmp_path, name="env_admin")
    monkeypatch.setenv(users.ADMIN_USER_ENV, "ops")
    monkeypatch.setenv(users.ADMIN_PASSWORD_ENV, "ops-password-1")
    engine = prepare_store(url)
    with engine.begin() as conn:
        assert users.authenticate(conn, "ops", "ops-password-1").reason == "ok"
        assert users.list_accounts(conn)["user_name"].tolist() == ["ops"]  # a production store: no other account
    engine.dispose()
    monkeypatch.setenv(users.ADMIN_PASSWORD_ENV, "short")  # refused, logged, and the app still starts
    prepare_store(url).dispose()


# ---------------------------------------------------------------- the shell tool


def users_cli(url: str, *args: str, password: str | None = None) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "data_access.users", *args, "--url", url],
        cwd=APP_DIR,
        env={**os.environ, "PYTHONPATH": str(APP_DIR)},
        input=password,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def test_the_cli_adds_lists_disables_and_resets(notices_url: str, notices_engine: sa.Engine) -> None:
    name = fresh_name()
    code, out, err = users_cli(
        notices_url,
        "add",
        name,
        "--role",
        "viewer",
        "--region",
        "360400",
        "--password-stdin",
        password="cli-password-1\n",
    )
    assert code == 0 and out.strip() == f"已新建账号 {name}（viewer，360400）", err
    code, out, _ = users_cli(notices_url, "list")
    assert code == 0 and f"{name}\tviewer\t360400\t启用" in out and "$2b$" not in out
    assert users_cli(notices_url, "disable", name)[0] == 0
    assert f"{name}\tviewer\t360400\t停用" in users_cli(notices_url, "list")[1]
    code, out, _ = users_cli(notices_url, "set-password", name, "--password-stdin", password="cli-password-2\n")
    assert code == 0 and "cli-password" not in out
    assert users_cli(notices_url, "enable", name)[0] == 0
    with notices_engine.begin() as conn:
        assert users.authenticate(conn, name, "cli-password-2").reason == "ok"
        stored = conn.execute(sa.text("select password_hash from users where user_name = :n"), {"n": name}).scalar()
    assert stored.startswith("$2b$12$")  # the tool hashes at the production cost


@pytest.mark.parametrize(
    ("args", "password", "exit_code", "message"),
    [
        (
            ("add", "x-unknown-region", "--role", "viewer", "--region", "360300x", "--password-stdin"),
            "pw-123456\n",
            1,
            "地区代码 360300x 不存在",
        ),
        (
            ("add", "x-unknown-region", "--role", "viewer", "--region", "999999", "--password-stdin"),
            "pw-123456\n",
            1,
            "地区代码 999999 不存在",
        ),
        (("add", "x-short", "--role", "viewer", "--password-stdin"), "short\n", 1, "密码太短"),
        (("add", "x-no-password", "--role", "viewer", "--password-stdin"), "", 1, "没有从标准输入读到密码"),
        (("add", "x-bad-role", "--role", "boss", "--password-stdin"), "pw-123456\n", 2, "不在可选范围内"),
        (("add", "x-no-stdin", "--role", "viewer"), None, 2, "缺少必需的参数"),
        (("disable", "nobody-here"), None, 1, "账号 nobody-here 不存在"),
        (("set-password", "nobody-here", "--password-stdin"), "pw-123456\n", 1, "账号 nobody-here 不存在"),
    ],
)
def test_the_cli_refuses_in_one_chinese_line_and_writes_nothing(
    notices_url: str,
    notices_engine: sa.Engine,
    args: tuple[str, ...],
    password: str | None,
    exit_code: int,
    message: str,
) -> None:
    with notices_engine.connect() as conn:
        before = conn.execute(sa.text("select (select count(*) from users), (select count(*) from audit_log)")).one()
    code, out, err = users_cli(notices_url, *args, password=password)
    assert code == exit_code and message in one_line(err) and not out
    with notices_engine.connect() as conn:
        after = conn.execute(sa.text("select (select count(*) from users), (select count(*) from audit_log)")).one()
    assert after == before
