"""Accounts: bcrypt password hashes, roles, a region scope, lockout after wrong passwords, and the shell tool.

Every change and every login attempt writes one audit entry in the same
transaction. Nothing here returns or prints a password or a hash.

    python -m data_access.users add NAME --role viewer --region 360400 --password-stdin
    python -m data_access.users list | disable NAME | enable NAME | set-password NAME --password-stdin
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import bcrypt
import pandas as pd
import sqlalchemy as sa

from data_access import audit
from data_access.cli import ChineseArgumentParser, Refused, run
from data_access.clock import utc_now
from data_access.db import make_engine, migrate, read_frame
from data_access.regions import get_region
from data_access.schema import USER_ROLES, regions, users
from data_access.scope import Scope

BCRYPT_ROUNDS = 12  # ~0.25 s per hash on one core: slow for a guesser, unnoticed at a login
MAX_FAILED_LOGINS = 5  # this many wrong passwords in a row lock the account ...
LOCK_MINUTES = 15  # ... for this long, even for the right password
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further
ADMIN_USER_ENV = "DASHBOARD_ADMIN_USER"
ADMIN_PASSWORD_ENV = "DASHBOARD_ADMIN_PASSWORD"
_USER_NAME = re.compile(r"[A-Za-z0-9_.@-]{2,64}")

# Audit actions written here (imports write "import" and "undo").
LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOCKED = "lock"
LOGOUT = "logout"
ACCOUNT_ADDED = "account_add"
ACCOUNT_DISABLED = "account_disable"
ACCOUNT_ENABLED = "account_enable"
PASSWORD_SET = "password_set"

ROLE_RANK = {role: rank for rank, role in enumerate(USER_ROLES)}  # viewer < editor < admin


class AccountError(Refused):
    """An account change or login that is refused; the message is one Chinese line."""


@dataclass(frozen=True)
class Account:
    """A logged-in (or loadable) account, without its password hash."""

    user_name: str
    display_name: str | None
    role: str
    region_code: str | None
    active: bool
    session_version: int

    @property
    def scope(self) -> Scope:
        """What this account may see: its region and everything under it."""
        return Scope(self.region_code)

    def has_role(self, role: str) -> bool:
        """True when this account's role is ``role`` or above it."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


@dataclass(frozen=True)
class LoginResult:
    """What a login attempt came to: ``account`` when it succeeded, else why not (and until when locked)."""

    account: Account | None
    reason: str  # "ok", "wrong" (unknown name or wrong password), "locked", "disabled"
    locked_until: dt.datetime | None = None

    def minutes_left(self, now: dt.datetime | None = None) -> int:
        """Whole minutes (rounded up) until a locked account opens again."""
        if self.locked_until is None:
            return 0
        seconds = (self.locked_until - (now or utc_now())).total_seconds()
        return max(1, -int(-seconds // 60)) if seconds > 0 else 0


# ---------------------------------------------------------------- passwords


def check_password_rules(password: str) -> None:
    """Refuse a password that is too short or longer than bcrypt reads."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码太短：至少需要 {MIN_PASSWORD_LENGTH} 个字符")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise AccountError(f"密码太长：最多 {MAX_PASSWORD_BYTES} 个字节（约 24 个汉字或 72 个英文字符）")


def hash_password(password: str) -> str:
    """A bcrypt hash of ``password`` at BCRYPT_ROUNDS."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    """True when ``password`` matches ``password_hash``."""
    data = password.encode("utf-8")
    if len(data) > MAX_PASSWORD_BYTES:
        return False
    try:
        return bcrypt.checkpw(data, password_hash.encode("ascii"))
    except ValueError:  # a malformed hash in the store never logs anyone in
        return False


@cache
def _dummy_hash(rounds: int) -> str:
    return bcrypt.hashpw(b"no such account", bcrypt.gensalt(rounds=rounds)).decode("ascii")


# ---------------------------------------------------------------- reading accounts

_ACCOUNT_COLUMNS = [users.c[name] for name in Account.__dataclass_fields__]


def get_account(conn: sa.Connection, user_name: str) -> Account | None:
    """The account called ``user_name``, or None."""
    row = conn.execute(sa.select(*_ACCOUNT_COLUMNS).where(users.c.user_name == user_name)).mappings().first()
    return Account(**row) if row else None


def has_accounts(conn: sa.Connection) -> bool:
    """True once the store holds any account."""
    return conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one() > 0


def list_accounts(conn: sa.Connection) -> pd.DataFrame:
    """Every account, without any password or hash.

    Grain: one row per account; columns user_name, display_name, role, region_code,
    region_name, active, failed_logins, locked_until, created_at, password_changed_at.
    """
    query = (
        sa.select(
            users.c.user_name,
            users.c.display_name,
            users.c.role,
            users.c.region_code,
            regions.c.name.label("region_name"),
            users.c.active,
            users.c.failed_logins,
            users.c.locked_until,
            users.c.created_at,
            users.c.password_changed_at,
        )
        .select_from(users.outerjoin(regions, regions.c.code == users.c.region_code))
        .order_by(users.c.user_name)
    )
    return read_frame(conn, query)


# ---------------------------------------------------------------- changing accounts


def _check_user_name(user_name: str) -> None:
    if not _USER_NAME.fullmatch(user_name):
        raise AccountError("账号名无效：只能用 2–64 个英文字母、数字或 _ . @ - 字符")


def _check_region(conn: sa.Connection, region_code: str | None) -> None:
    if region_code is not None and get_region(conn, region_code) is None:
        raise AccountError(f"地区代码 {region_code[:12]} 不存在：请使用 6 位行政区划代码，全国不填")


def _check_role(role: str) -> None:
    if role not in USER_ROLES:
        raise AccountError(f"角色无效：只能是 {'、'.join(USER_ROLES)} 之一")


def _existing(conn: sa.Connection, user_name: str) -> Account:
    account = get_account(conn, user_name)
    if account is None:
        raise AccountError(f"账号 {user_name[:64]} 不存在")
    return account


def _scope_text(region_code: str | None) -> str:
    return f"region={region_code or '全国'}"


def add_account(
    conn: sa.Connection,
    *,
    user_name: str,
    password: str,
    role: str,
    region_code: str | None,
    display_name: str | None = None,
    actor: str | None,
    now: dt.datetime | None = None,
) -> Account:
    """Create an account; refused (nothing written) for a bad name, role, region or password, or a taken name."""
    _check_user_name(user_name)
    _check_role(role)
    _check_region(conn, region_code)
    check_password_rules(password)
    if get_account(conn, user_name) is not None:
        raise AccountError(f"账号 {user_name} 已存在")
    now = now or utc_now()
    conn.execute(
        users.insert().values(
            user_name=user_name,
            display_name=(display_name or "").strip()[:64] or None,
            password_hash=hash_password(password),
            role=role,
            region_code=region_code,
            active=True,
            failed_logins=0,
            created_at=now,
            password_changed_at=now,
            session_version=0,
        )
    )
    audit.record(conn, user=actor, action=ACCOUNT_ADDED, detail=f"{user_name} role={role} {_scope_text(region_code)}")
    return _existing(conn, user_name)


def set_active(conn: sa.Connection, *, user_name: str, active: bool, actor: str | None) -> None:
    """Enable or disable an account; disabling ends its sessions."""
    account = _existing(conn, user_name)
    if not active and account.role == "admin" and _active_admins(conn) <= 1 and account.active:
        raise AccountError("不能停用最后一个启用的管理员账号")
    values: dict[str, object] = {"active": active}
    if not active:
        values["session_version"] = users.c.session_version + 1
    conn.execute(users.update().where(users.c.user_name == user_name).values(**values))
    audit.record(conn, user=actor, action=ACCOUNT_ENABLED if active else ACCOUNT_DISABLED, detail=user_name)


def _active_admins(conn: sa.Connection) -> int:
    query = sa.select(sa.func.count()).where(users.c.role == "admin", users.c.active.is_(True))
    return int(conn.execute(query).scalar_one())


def set_password(
    conn: sa.Connection, *, user_name: str, password: str, actor: str | None, now: dt.datetime | None = None
) -> None:
    """Give an account a new password: its sessions end, and a lock set by wrong passwords is lifted."""
    _existing(conn, user_name)
    check_password_rules(password)
    conn.execute(
        users.update()
        .where(users.c.user_name == user_name)
        .values(
            password_hash=hash_password(password),
            password_changed_at=now or utc_now(),
            failed_logins=0,
            locked_until=None,
            session_version=users.c.session_version + 1,
        )
    )
    audit.record(conn, user=actor, action=PASSWORD_SET, detail=user_name)


def end_sessions(conn: sa.Connection, *, user_name: str) -> None:
    """Log out: every session token of this account stops working."""
    conn.execute(
        users.update().where(users.c.user_name == user_name).values(session_version=users.c.session_version + 1)
    )
    audit.record(conn, user=user_name, action=LOGOUT)


# ---------------------------------------------------------------- logging in


def lock_state(conn: sa.Connection, user_name: str, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """Until when ``user_name`` is locked, or None when it is not locked (or unknown)."""
    until = conn.execute(sa.select(users.c.locked_until).where(users.c.user_name == user_name)).scalar()
    return until if until is not None and until > (now or utc_now()) else None


def authenticate(conn: sa.Connection, user_name: str, password: str, *, now: dt.datetime | None = None) -> LoginResult:
    """Check a login and record it (ok or failed, and a lock when it sets one), in the caller's transaction.

    MAX_FAILED_LOGINS wrong passwords in a row lock the account for
    LOCK_MINUTES; while locked, even the right password is refused and the
    attempt does not extend the lock. An unknown name costs the same bcrypt
    work as a known one, and reads the same to the user.
    """
    now = now or utc_now()
    name = user_name.strip()[:64]
    row = (
        conn.execute(
            sa.select(*_ACCOUNT_COLUMNS, users.c.password_hash, users.c.failed_logins, users.c.locked_until)
            .where(users.c.user_name == name)
            .with_for_update()
        )
        .mappings()
        .first()
    )
    if row is None:
        verify_password(password, _dummy_hash(BCRYPT_ROUNDS))
        audit.record(conn, user=name or None, action=LOGIN_FAILED, detail="unknown account")
        return LoginResult(None, "wrong")
    if row["locked_until"] is not None and row["locked_until"] > now:
        audit.record(conn, user=name, action=LOGIN_FAILED, detail="locked")
        return LoginResult(None, "locked", row["locked_until"])
    if not verify_password(password, row["password_hash"]):
        failures = row["failed_logins"] + 1
        locked_until = now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILED_LOGINS else None
        conn.execute(
            users.update()
            .where(users.c.user_name == name)
            .values(failed_logins=0 if locked_until else failures, locked_until=locked_until or row["locked_until"])
        )
        audit.record(conn, user=name, action=LOGIN_FAILED, detail=f"wrong password ({failures})")
        if locked_until:
            audit.record(conn, user=name, action=LOCKED, detail=f"{LOCK_MINUTES} min after {failures} wrong passwords")
            return LoginResult(None, "locked", locked_until)
        return LoginResult(None, "wrong")
    if not row["active"]:
        audit.record(conn, user=name, action=LOGIN_FAILED, detail="disabled")
        return LoginResult(None, "disabled")
    conn.execute(users.update().where(users.c.user_name == name).values(failed_logins=0, locked_until=None))
    audit.record(conn, user=name, action=LOGIN)
    return LoginResult(Account(**{field: row[field] for field in Account.__dataclass_fields__}), "ok")


# ---------------------------------------------------------------- the first administrator


def create_first_admin(
    conn: sa.Connection, *, user_name: str, password: str, display_name: str | None = None
) -> Account:
    """The first administrator (national scope); refused once any account exists."""
    if has_accounts(conn):
        raise AccountError("已有账号，不能再创建首个管理员：请用管理员账号登录")
    return add_account(
        conn,
        user_name=user_name,
        password=password,
        role="admin",
        region_code=None,
        display_name=display_name,
        actor=user_name,
    )


def ensure_admin_from_env(conn: sa.Connection, environ: Mapping[str, str] | None = None) -> str | None:
    """Create or reset the administrator named by DASHBOARD_ADMIN_USER with DASHBOARD_ADMIN_PASSWORD.

    Both must be set (else nothing happens); the account becomes an active
    national admin. The password is rewritten only when it differs, so
    sessions survive a restart. Returns the user name when one was ensured.
    """
    env = os.environ if environ is None else environ
    user_name, password = env.get(ADMIN_USER_ENV, "").strip(), env.get(ADMIN_PASSWORD_ENV, "")
    if not user_name or not password:
        return None
    row = (
        conn.execute(
            sa.select(users.c.password_hash, users.c.role, users.c.region_code, users.c.active).where(
                users.c.user_name == user_name
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        add_account(conn, user_name=user_name, password=password, role="admin", region_code=None, actor="env")
        return user_name
    if not verify_password(password, row["password_hash"]):
        set_password(conn, user_name=user_name, password=password, actor="env")
    if (row["role"], row["region_code"], row["active"]) != ("admin", None, True):
        conn.execute(
            users.update().where(users.c.user_name == user_name).values(role="admin", region_code=None, active=True)
        )
        audit.record(conn, user="env", action=ACCOUNT_ENABLED, detail=f"{user_name} role=admin region=全国")
    return user_name


# ---------------------------------------------------------------- the shell tool


def _parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="python -m data_access.users", description="管理看板的登录账号")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令", parser_class=ChineseArgumentParser)
    add = commands.add_parser("add", help="新建账号")
    add.add_argument("name", help="账号名")
    add.add_argument("--role", required=True, choices=USER_ROLES, help="角色：viewer 查看、editor 导入、admin 管理账号")
    add.add_argument("--region", help="可查看的地区（6 位行政区划代码，含其下级）；不填为全国")
    add.add_argument("--display-name", help="显示名称")
    add.add_argument("--password-stdin", action="store_true", required=True, help="从标准输入读取密码（一行）")
    commands.add_parser("list", help="列出账号（不含密码）")
    for name, text in (("disable", "停用账号并结束其登录"), ("enable", "启用账号")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("name", help="账号名")
    password = commands.add_parser("set-password", help="重设密码（解除锁定，结束其登录）")
    password.add_argument("name", help="账号名")
    password.add_argument("--password-stdin", action="store_true", required=True, help="从标准输入读取密码（一行）")
    for command in commands.choices.values():
        command.add_argument("--url", help="数据库地址（默认：环境变量 DASHBOARD_DATABASE_URL 或内置 SQLite 文件）")
    return parser


def _read_password() -> str:
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise AccountError("没有从标准输入读到密码")
    return line


def _main(args: argparse.Namespace) -> int:
    engine = make_engine(args.url)
    try:
        migrate(engine)
        with engine.begin() as conn:
            if args.command == "add":
                region = (args.region or "").strip() or None
                _check_region(conn, region)  # before the password is read: a bad region fails fast
                add_account(
                    conn,
                    user_name=args.name,
                    password=_read_password(),
                    role=args.role,
                    region_code=region,
                    display_name=args.display_name,
                    actor="cli",
                )
                print(f"已新建账号 {args.name}（{args.role}，{region or '全国'}）")
            elif args.command == "list":
                frame = list_accounts(conn)
                for name, role, region, active in zip(
                    frame["user_name"], frame["role"], frame["region_code"], frame["active"], strict=True
                ):
                    lock = lock_state(conn, str(name))
                    locked = f"  锁定至 {lock:%Y-%m-%d %H:%M} UTC" if lock else ""
                    where = region if isinstance(region, str) and region else "全国"
                    print(f"{name}\t{role}\t{where}\t{'启用' if active else '停用'}{locked}")
                if frame.empty:
                    print("还没有账号")
            elif args.command in ("disable", "enable"):
                set_active(conn, user_name=args.name, active=args.command == "enable", actor="cli")
                print(f"已{'启用' if args.command == 'enable' else '停用'}账号 {args.name}")
            else:
                _existing(conn, args.name)
                set_password(conn, user_name=args.name, password=_read_password(), actor="cli")
                print(f"已重设账号 {args.name} 的密码")
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    run(_parser(), _main)
