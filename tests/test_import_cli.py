"""``python -m data_access.imports``: run as a user runs it, in a shell of its own, against a store of our own.

And an app already running sees what the command line imported on its next page load, without a restart.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from data_access.clock import beijing_text
from data_access.db import make_engine, migrate
from data_access.imports.batches import list_batches, run_import
from data_access.sample_data import load_notices
from tests.conftest import APP_DIR, app_test, fresh_store_url, serve
from tests.test_imports import csv_file, site_problems, snapshot

USER = "tester"
APP = str(APP_DIR / "streamlit_app.py")


@pytest.fixture(scope="module")
def store(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, sa.Engine]]:
    """The URL of a store of our own holding the notices, and an engine on it."""
    url = fresh_store_url(backend, tmp_path_factory.mktemp(f"imp-cli-{backend}"), name="imp_cli")
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    yield url, engine
    engine.dispose()


def command(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line as a user types it, from the app's folder."""
    return subprocess.run(
        [sys.executable, "-m", "data_access.imports", *args],
        cwd=APP_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def imports(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return command(*args, "--url", url, "--user", USER)


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr


def test_a_dry_run_prints_the_preview_and_writes_nothing(store: tuple[str, sa.Engine], tmp_path: Path) -> None:
    url, engine = store
    path = tmp_path / "问题网站.csv"
    path.write_bytes(
        site_problems(["1", "九江市预览局", "3604000971", "http://yl.jiujiang.gov.cn/", "空白栏目", "九江市预览局"])
    )
    before = snapshot(engine)
    result = imports(url, str(path), "--period", "2024Q2", "--region", "360400", "--dry-run")
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "文件：问题网站.csv　类型：问题网站名单（site_problems）　2024Q2 360400",
        "说明：将新建检查批次：九江市2024年第二季度",
        "说明：将新建单位：九江市预览局（360400）",
    ]
    # The preview as a table, its columns padded with blanks; empty cells blank, not "None".
    preview = [" ".join(line.split()) for line in lines[3:5]]
    assert preview == [
        "行号 序号 网站名称 网站标识码 首页网址 主要存在问题 主办单位 所属地区 抽查整改情况",
        "2 1 九江市预览局 3604000971 http://yl.jiujiang.gov.cn/ 空白栏目 九江市预览局",
    ]
    assert lines[5:] == [
        "将写入检查批次：1 条",
        "将写入单位：1 条",
        "将写入网站、政务新媒体和平台：1 条",
        "将写入检查记录：1 条",
        "检查通过：共 1 行，可以导入。",
    ]
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        pytest.param(
            csv_file(
                [
                    ["地区", "运行网站总数", "抽查网站数", "合格率"],
                    ["南昌市", "60", "61", "95%"],
                    ["九江市", "54", "40", "101%"],
                ]
            ),
            [
                "问题：第2行，“抽查网站数”：抽查数（61）大于运行总数（60）",
                "问题：第3行，“合格率”：百分比不能超过100%：101%",
            ],
            id="bad-rows",
        ),
        pytest.param(
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            ["问题：无法读取该文件：只支持 Excel（.xlsx、.xls）和 CSV 文件。"],
            id="unreadable",
        ),
    ],
)
def test_a_bad_file_prints_its_problems_in_chinese_exits_1_and_writes_nothing(
    store: tuple[str, sa.Engine], tmp_path: Path, data: bytes, problems: list[str]
) -> None:
    url, engine = store
    path = tmp_path / "检查情况.csv"
    path.write_bytes(data)
    before = snapshot(engine)
    result = imports(url, str(path), "--period", "2024Q2", "--region", "360000")
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if line.startswith("问题：")] == problems
    where = "，涉及 2 行" if len(problems) == 2 else ""
    assert result.stderr == f"文件有 {len(problems)} 处问题{where}，未写入任何数据。\n"
    no_traceback(result)
    assert snapshot(engine) == before


def test_a_good_file_exits_0_and_a_second_time_names_its_batch(store: tuple[str, sa.Engine], tmp_path: Path) -> None:
    url, engine = store
    path = tmp_path / "问题网站.csv"
    path.write_bytes(
        site_problems(["1", "九江市命令行局", "3604000972", "http://ml.jiujiang.gov.cn/", "空白栏目", "九江市命令行局"])
    )
    first = imports(url, str(path), "--period", "2024Q3", "--region", "360400")
    with engine.connect() as conn:
        batch = list_batches(conn).iloc[0]
    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout.splitlines()[-5:] == [
        "已写入检查批次：1 条",
        "已写入单位：1 条",
        "已写入网站、政务新媒体和平台：1 条",
        "已写入检查记录：1 条",
        f"已导入 1 行（批次 {batch['id']}），共写入 4 条记录。",
    ]
    assert (batch["source"], batch["user_name"], batch["period"], batch["region_code"]) == (
        "问题网站.csv",
        USER,
        "2024Q3",
        "360400",
    )
    before = snapshot(engine)
    again = imports(url, str(path), "--period", "2024Q3", "--region", "360400")
    assert (again.returncode, again.stderr) == (0, "")
    assert again.stdout.splitlines()[-1] == (
        f"该文件已于 {beijing_text(batch['created_at'])} 导入（批次 {batch['id']}），未重复写入。"
    )
    assert snapshot(engine) == before


def test_list_prints_every_batch_newest_first(store: tuple[str, sa.Engine]) -> None:
    url, engine = store
    data = site_problems(["1", "九江市列表局", "3604000973", "http://lb.jiujiang.gov.cn/", "空白栏目", "九江市列表局"])
    outcome = run_import(engine, data, "列表.csv", period="2023Q2", region="360400", user=USER)
    with engine.connect() as conn:
        batches = list_batches(conn).set_index("id")
    result = imports(url, "list")
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert len(lines) == len(batches)
    assert lines[0] == (
        f"批次 {outcome.batch_id}　{beijing_text(batches.loc[outcome.batch_id, 'created_at'])}　有效　问题网站名单　"
        f"列表.csv　2023Q2 九江市　4 条　{USER}"
    )
    assert lines[-1] == (
        f"批次 1　{beijing_text(batches.loc[1, 'created_at'])}　有效　通报数据　notice_data/regions.csv　 　134 条　"
    )


def test_undo_removes_a_batch_and_refuses_a_second_time(store: tuple[str, sa.Engine]) -> None:
    url, engine = store
    data = site_problems(["1", "九江市撤销局", "3604000974", "http://cx.jiujiang.gov.cn/", "空白栏目", "九江市撤销局"])
    before = snapshot(engine)
    batch = run_import(engine, data, "撤销.csv", period="2023Q3", region="360400", user=USER).batch_id
    result = imports(url, "undo", str(batch))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"已撤销批次 {batch}：删除了 检查记录 1 条，检查批次 1 条，网站、政务新媒体和平台 1 条，单位 1 条。\n"
    )
    after = snapshot(engine)
    assert {name: after[name] - n for name, n in before.items() if after[name] != n} == {
        "imports": 1,
        "audit_log": 2,
        "data_version": 2,
    }
    with engine.connect() as conn:
        undone = list_batches(conn).set_index("id").loc[batch]
    again = imports(url, "undo", str(batch))
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == f"批次 {batch} 已于 {beijing_text(undone['undone_at'])} 撤销\n"
    no_traceback(again)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["undo", "abc"], "python -m data_access.imports undo：参数 batch 的值 'abc' 无效（用 --help 查看用法）"),
        ([], "python -m data_access.imports：缺少必需的参数：file（用 --help 查看用法）"),
    ],
    ids=["undo-not-a-number", "no-file"],
)
def test_bad_arguments_exit_2_in_chinese(store: tuple[str, sa.Engine], args: list[str], message: str) -> None:
    url, _engine = store
    result = command(*args, "--url", url)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message + "\n")


# The cards of 随州市 · 2024年第一季度 for sites and platforms, which the import leaves alone.
SITES = [("合格率（计算值）", "79.17%"), ("运行总数", "24家"), ("检查数", "24家"), ("抽查比例（计算值）", "100.00%")]
SITES += [("存在突出问题", "5家")]
PLATFORMS = [("合格率（计算值）", "88.00%"), ("检查数", "25家"), ("存在突出问题", "3家")]


def metrics(app: AppTest) -> list[tuple[str, str]]:
    return [(metric.label, metric.value) for metric in app.metric]


def test_a_file_imported_with_the_command_line_shows_on_the_next_page_load(
    store: tuple[str, sa.Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _engine = store
    for _ in serve(url, monkeypatch):
        app = app_test()
        app.query_params["period"] = "2024Q1"
        app.query_params["region"] = "421300"
        app.run()
        assert not app.exception
        # Notice 004 gives 随州's accounts checked and failed only: the page computes the pass rate.
        assert metrics(app) == [
            *SITES,
            ("合格率（计算值）", "99.12%"),
            ("检查数", "113家"),  # the notice's words: 检查了全市113家政务新媒体, 不合格政务新媒体1家
            ("存在突出问题", "1家"),
            *PLATFORMS,
        ]
        path = tmp_path / "新媒体检查情况.csv"
        path.write_bytes(
            csv_file([["地区", "政务新媒体总数", "合格率", "抽查比例"], ["随州市", "120", "99.15%", "94.17%"]])
        )
        result = imports(url, str(path), "--period", "2024Q1", "--region", "421300")
        assert result.returncode == 0, result.stdout + result.stderr
        app.run()
        assert not app.exception
        assert metrics(app) == [
            *SITES,
            ("合格率", "99.15%"),
            ("运行总数", "120个"),  # the file prints no counting word: the kind's own
            ("检查数", "113家"),
            ("抽查比例", "94.17%"),
            ("存在突出问题", "1家"),
            *PLATFORMS,
        ]
