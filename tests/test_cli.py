"""The command-line tools as an operator meets them: one Chinese line, a non-zero exit, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from data_access.db import make_engine, migrate
from data_access.sample_data import load_notices
from tests.conftest import APP_DIR, PG_ENV


def cli(*args: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=APP_DIR,
        env={**os.environ, "PYTHONPATH": str(APP_DIR)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr


def one_chinese_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and any("\u4e00" <= char <= "\u9fff" for char in lines[0]), stderr
    return lines[0]


@pytest.mark.parametrize("tool", ["data_access.synthetic", "data_access.sample_data"])
def test_a_missing_or_bad_argument(tool: str, tmp_path: Path) -> None:
    code, _, err = cli(tool)
    assert code == 2 and "缺少必需的参数" in one_chinese_line(err)
    code, _, err = cli(tool, "--url", f"sqlite:///{tmp_path / 'x.db'}", "--bogus")
    assert code == 2 and "无法识别的参数" in one_chinese_line(err)
    assert not (tmp_path / "x.db").exists()


def test_synthetic_refuses_a_bad_scale_before_creating_anything(tmp_path: Path) -> None:
    store = tmp_path / "x.db"
    for scale in ("0", "-1", "1000"):
        code, _, err = cli("data_access.synthetic", "--url", f"sqlite:///{store}", "--scale", scale)
        assert code == 1 and "--scale" in one_chinese_line(err)
    assert not store.exists()
    code, _, err = cli("data_access.synthetic", "--url", f"sqlite:///{store}", "--scale", "abc")
    assert code == 2 and "无效" in one_chinese_line(err)


@pytest.mark.parametrize("tool", ["data_access.synthetic", "data_access.sample_data"])
def test_a_second_load_is_refused_and_changes_nothing(tool: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'filled.db'}"
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    with engine.connect() as conn:
        before = conn.execute(sa.text("select count(*) from check_results")).scalar_one()
    code, _, err = cli(tool, "--url", url, *(["--scale", "0.01"] if tool.endswith("synthetic") else []))
    assert code == 1 and "已有" in one_chinese_line(err)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from check_results")).scalar_one() == before
    engine.dispose()


@pytest.mark.parametrize("tool", ["data_access.synthetic", "data_access.sample_data"])
def test_an_unreachable_store_or_a_wrong_password(tool: str) -> None:
    code, _, err = cli(tool, "--url", "postgresql+psycopg://nobody:s3cret@127.0.0.1:1/none")
    line = one_chinese_line(err)
    assert code == 1 and "无法连接数据库" in line and "s3cret" not in err
    if os.environ.get(PG_ENV):
        wrong = sa.make_url(os.environ[PG_ENV]).set(password="not-the-password")
        code, _, err = cli(tool, "--url", wrong.render_as_string(hide_password=False))
        assert code == 1 and "用户名或密码错误" in one_chinese_line(err)
        assert "not-the-password" not in err


def test_debug_adds_the_traceback() -> None:
    code, _, err = cli("data_access.synthetic", "--url", "nonsense", "--debug")
    assert code == 1 and "Traceback" in err and "数据库地址格式有误" in err
