"""Imports: every validation rule refused in Chinese with the store untouched, every kind written and read back
through the app's own queries, all-or-nothing, re-import, undo, export -> import, and the notices as batches.

The files are built here, the way offices send them: XLSX attachments with title rows, merged cells and a 合计 row,
CSV in UTF-8 or GBK. One store per engine holds the notices; every test that writes uses a quarter of its own,
so the tests do not see each other's rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard import labels
from dashboard.export import csv_bytes, xlsx_bytes
from dashboard.problems import export_table, list_frame
from data_access import schema as s
from data_access.checks import high_scorers
from data_access.clock import beijing_text
from data_access.content import submission_rows
from data_access.db import make_engine, migrate
from data_access.disclosure import disclosure_rows, message_rows
from data_access.figures import region_figures
from data_access.imports.batches import ImportRefused, Outcome, current_version, list_batches, run_import, undo
from data_access.periods import Period
from data_access.problem_lists import problem_rows
from data_access.regions import children, get_region
from data_access.registry_changes import registry_change_rows
from data_access.sample_data import DATA_DIR, load_notices
from data_access.scope import NATIONAL, Scope
from data_access.targets import get_target
from data_access.units import canonical_name, region_units
from tests.conftest import fresh_store_url

TODAY = dt.date.today()
USER = "tester"
# Batches load_notices writes, in order: the regions and aliases, then notices 000 to 004.
NOTICE_SOURCES = [
    "004_72026948867c728b.txt",
    "003_41484e156c9700f0.txt",
    "002_b3bc2c50974db292.txt",
    "001_00272313ab2468d6.txt",
    "000_07b72d132250d604.txt",
    "notice_data/regions.csv",
]
NOTICE_004 = 6
SITE_PROBLEM_HEADER = ["序号", "网站名称", "网站标识码", "首页网址", "主要存在问题", "主办单位"]
FIGURE_HEADER = ["地区", "运行网站总数", "抽查网站数", "存在突出问题网站数", "合格率"]
PROBLEM_COLUMNS = ["kind", "code", "name", "url", "platform_label", "region_code", "host_unit_text", "problem_text"]


# -- files --------------------------------------------------------------------------------------------------
def csv_file(rows: Sequence[Sequence[str]], encoding: str = "utf-8") -> bytes:
    """A CSV as a spreadsheet saves it: CRLF lines, cells quoted only when they hold a comma."""
    lines = (",".join(f'"{cell}"' if "," in cell else cell for cell in row) for row in rows)
    return "\r\n".join(lines).encode(encoding) + b"\r\n"


def xlsx_file(
    rows: Sequence[Sequence[object]], *, merges: Sequence[str] = (), formats: dict[str, str] | None = None
) -> bytes:
    """A one-sheet workbook: ``rows`` from A1, ``merges`` as 'A2:K2', ``formats`` as cell -> number format."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def site_problems(*rows: Sequence[str], encoding: str = "utf-8") -> bytes:
    return csv_file([SITE_PROBLEM_HEADER, *rows], encoding)


def figures(*rows: Sequence[str], header: Sequence[str] = FIGURE_HEADER) -> bytes:
    return csv_file([header, *rows])


# -- the store ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def engine(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[sa.Engine]:
    """A store of our own holding the notices; tests write to it, each in its own quarter."""
    url = fresh_store_url(backend, tmp_path_factory.mktemp(f"imp-{backend}"), name="imp_imports")
    store = make_engine(url)
    migrate(store)
    load_notices(store)
    yield store
    store.dispose()


def snapshot(engine: sa.Engine) -> dict[str, int]:
    """Rows in every table, and the data version."""
    with engine.connect() as conn:
        counts = {
            table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in s.metadata.sorted_tables
        }
        counts["data_version"] = current_version(conn)
    return counts


def data_rows(counts: dict[str, int]) -> dict[str, int]:
    """The counts of the tables that hold data: not the batches, the audit log or the version."""
    return {name: n for name, n in counts.items() if name not in ("imports", "audit_log", "data_version")}


def texts(outcome: Outcome) -> list[str]:
    return [issue.text() for issue in outcome.issues]


def written(engine: sa.Engine, data: bytes, name: str, **options: str | None) -> Outcome:
    """Import a file that must be taken; the outcome."""
    outcome = run_import(engine, data, name, user=USER, **options)
    assert outcome.status == "written", texts(outcome)
    return outcome


def problems(engine: sa.Engine, period: str, region: str, kind: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return problem_rows(conn, scope=NATIONAL, period=period, region=region, as_of=TODAY, kind=kind)


def reported(engine: sa.Engine, period: str, region: str) -> list[tuple[str, str, str, Decimal]]:
    """(target kind, segment, measure, value) of every figure reported for ``region`` in ``period``."""
    with engine.connect() as conn:
        frame = region_figures(conn, scope=NATIONAL, period=period, region=region)
    return list(frame[["target_kind", "segment", "measure", "value"]].itertuples(index=False, name=None))


def batch_row(engine: sa.Engine, batch: int) -> pd.Series:
    with engine.connect() as conn:
        batches = list_batches(conn)
    return batches.set_index("id").loc[batch]


# -- every rule: the Chinese message, and nothing written -----------------------------------------------------
NEXT_QUARTER = Period(TODAY.year, (TODAY.month - 1) // 3 + 1).shifted(1)
GOOD_FIGURES = figures(["南昌市", "60", "60", "3", "95%"])
RULES = [
    pytest.param(
        figures(["999999", "5", "5", "0", "100%"]),
        {"period": "2024Q2", "region": "360000"},
        ["第2行：地区代码“999999”不存在"],
        id="unknown-region-code",
    ),
    pytest.param(
        figures(["火星市", "5", "5", "0", "100%"]),
        {"period": "2024Q2", "region": "360000"},
        ["第2行：地区“火星市”无法识别（不在所选地区范围内，或名称有误）"],
        id="unknown-region-name",
    ),
    pytest.param(
        GOOD_FIGURES,
        {"period": "2024Q2", "region": "999998"},
        ["地区代码“999998”不存在"],
        id="unknown-chosen-region",
    ),
    pytest.param(
        site_problems(["1", "某某网站", "", "http://a.example.cn/", "空白栏目", "某某中心"]),
        {"period": "2024Q2", "region": "360000"},
        ["第2行：无法确定“某某中心”所属地区：请在“所属地区”列填写地区名称或代码"],
        id="unit-cannot-be-placed",
    ),
    pytest.param(
        # 3604260037 is 德安县's 信用中国 site (notice 000): a Suizhou file cannot file a problem under it.
        site_problems(["1", "随州市某网站", "3604260037", "http://a.suizhou.gov.cn/", "空白栏目", "随州市审计局"]),
        {"period": "2024Q2", "region": "421300"},
        ["第2行：编号“3604260037”在库中属于所选地区以外的对象，请核对编号"],
        id="code-of-a-target-outside-the-region",
    ),
    pytest.param(
        site_problems(["1", "九江市审计局", "36040009", "http://sjj.jiujiang.gov.cn/", "空白栏目", "九江市审计局"]),
        {"period": "2024Q2", "region": "360400"},
        ["第2行，“网站标识码”：网站标识码应为10位数字，而不是“36040009”"],
        id="malformed-site-code",
    ),
    pytest.param(
        csv_file(
            [
                ["序号", "政务新媒体编号", "类型", "账号名称", "主要存在问题", "主办单位"],
                ["1", "3604X", "微信订阅号", "九江发布", "内容更新不及时", "九江市政府办公室"],
            ]
        ),
        {"period": "2024Q2", "region": "360400"},
        ["第2行，“政务新媒体编号”：政务新媒体编号格式不对（应如 360400M001WX0001）：“3604X”"],
        id="malformed-account-id",
    ),
    pytest.param(
        figures(["南昌市", "60", "60", "3", "100.5%"]),
        {"period": "2024Q2", "region": "360000"},
        ["第2行，“合格率”：百分比不能超过100%：100.5%"],
        id="percentage-over-100",
    ),
    pytest.param(
        figures(["南昌市", "六十", "60", "3", "95%"]),
        {"period": "2024Q2", "region": "360000"},
        ["第2行，“运行网站总数”：应为数字，而不是“六十”"],
        id="count-not-a-number",
    ),
    pytest.param(
        figures(["南昌市", "60", "61", "3", "95%"]),
        {"period": "2024Q2", "region": "360000"},
        ["第2行，“抽查网站数”：抽查数（61）大于运行总数（60）"],
        id="sampled-more-than-running",
    ),
    pytest.param(
        figures(["南昌市", "60", "30", "31", "95%"]),
        {"period": "2024Q2", "region": "360000"},
        ["第2行，“存在突出问题网站数”：问题数（31）大于抽查数（30）"],
        id="failed-more-than-sampled",
    ),
    pytest.param(
        GOOD_FIGURES,
        {"period": "2024Q5", "region": "360000"},
        ["期次“2024Q5”不存在（应如 2024Q1）"],
        id="no-such-period",
    ),
    pytest.param(
        GOOD_FIGURES,
        {"period": NEXT_QUARTER.key, "region": "360000"},
        [f"期次 {NEXT_QUARTER.label} 尚未到来"],
        id="future-period",
    ),
    pytest.param(
        GOOD_FIGURES, {"region": "360000"}, ["文件没有写明期次，请选择期次（如 2024Q1）"], id="no-period-chosen"
    ),
    pytest.param(GOOD_FIGURES, {"period": "2024Q2"}, ["请选择这份文件所属的地区"], id="no-region-chosen"),
    pytest.param(
        figures(
            ["南昌市", "60", "60", "3", "95%"],
            ["九江市", "54", "40", "2", "94.75%"],
            ["南昌市", "60", "60", "3", "95%"],
        ),
        {"period": "2024Q2", "region": "360000"},
        ["第4行：与第2行重复"],
        id="duplicate-rows",
    ),
    pytest.param(
        figures(["60", "60", "3", "95%"], header=FIGURE_HEADER[1:]),
        {"period": "2024Q2", "region": "360000"},
        ["“地区”：缺少这一必需的列"],
        id="required-column-missing",
    ),
    pytest.param(
        site_problems(["1", "随州市审计局", "4213000045", "sjj.suizhou.gov.cn", "栏目超2周未更新", "随州市审计局"]),
        {"period": "2024Q1", "region": "421300"},
        [f"第2行：本期已有这一对象的检查记录（批次 {NOTICE_004}）"],
        id="problem-site-already-in-store",
    ),
    pytest.param(
        figures(["随州市", "24", "24", "5", "79.17%"]),
        {"period": "2024Q1", "region": "421300"},
        [f"第2行：本期已有这一数字（批次 {NOTICE_004}）"],
        id="figure-already-in-store",
    ),
    pytest.param(
        GOOD_FIGURES,
        {"kind": "sites", "period": "2024Q2", "region": "360000"},
        ["没有“sites”这种表格类型"],
        id="unknown-kind",
    ),
    pytest.param(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        {"period": "2024Q2", "region": "360000"},
        ["无法读取该文件：只支持 Excel（.xlsx、.xls）和 CSV 文件。"],
        id="unreadable-file",
    ),
    pytest.param(
        b"PK\x03\x04" + b"\x00" * 40,
        {"period": "2024Q2", "region": "360000"},
        ["无法读取该文件：文件已损坏或不完整。"],
        id="broken-xlsx",
    ),
    pytest.param(
        csv_file([["甲", "乙", "丙"], ["1", "2", "3"]]),
        {"period": "2024Q2", "region": "360000"},
        ["文件前 30 行中没有找到表头行（如 序号、网站名称 …）。"],
        id="no-header-row",
    ),
    pytest.param(
        csv_file([["网站名称", "受理(条)"], ["九江市审计局", "3"]]),
        {"period": "2024Q2", "region": "360000"},
        ["无法识别表格类型：表头与任何一种可导入的表格都不相符"],
        id="header-matches-no-kind",
    ),
]


@pytest.mark.parametrize(("data", "options", "expected"), RULES)
def test_a_file_breaking_a_rule_gets_its_chinese_message_and_writes_nothing(
    engine: sa.Engine, data: bytes, options: dict[str, str], expected: list[str]
) -> None:
    before = snapshot(engine)
    outcome = run_import(engine, data, "检查情况.csv", user=USER, **options)
    assert (outcome.status, texts(outcome)) == ("refused", expected)
    where = "，涉及 1 行" if expected[0].startswith("第") else ""
    assert outcome.message == f"文件有 1 处问题{where}，未写入任何数据。"
    assert outcome.batch_id is None
    assert snapshot(engine) == before


def test_the_preview_spells_out_each_rows_problems(engine: sa.Engine) -> None:
    data = figures(
        ["南昌市", "60", "61", "3", "95%"], ["九江市", "54", "40", "2", "101%"], ["赣州市", "80", "80", "0", "100%"]
    )
    preview = run_import(engine, data, "检查情况.csv", period="2024Q2", region="360000", dry_run=True).preview()
    assert preview[["行号", "地区", "问题"]].values.tolist() == [
        [2, "南昌市", "“抽查网站数”抽查数（61）大于运行总数（60）"],
        [3, "九江市", "“合格率”百分比不能超过100%：101%"],
        [4, "赣州市", ""],
    ]


# -- files as offices send them -------------------------------------------------------------------------------
def attachment_of_city_figures() -> bytes:
    """附件1 as a province prints it: title rows, a merged caption, a two-row header, merged cells, 合计."""
    rows = [
        ["附件1"],
        ["2021年第二季度全省政府网站运行和检查情况"],
        [
            *("地区", "运行网站总数", "市级政府网站数", None, "县级及以下政府网站数", None, "抽查网站数"),
            *("存在突出问题网站数", "合格率", "抽查比例", "主办单位"),
        ],
        [None, None, "门户", "部门", "县级门户", "县级以下", None, None, None, None, None],
        ["南昌市", 60, 1, 40, 10, 9, "60", 3, 0.95, "100%", "江西省政务服务办"],
        ["九江市", "54", 1, 40, 13, 0, 40, 2, 0.9475, "74.07%", None],
        ["赣州市", 80, 1, 50, 20, 9, 80, 0, 1, "100%", None],
        ["合计", 194, 3, 130, 43, 18, 180, 5, 0.9722, "92.78%", None],
    ]
    merges = ["A2:K2", "C3:D3", "E3:F3", *(f"{col}3:{col}4" for col in "ABGHIJK"), "K5:K7"]
    return xlsx_file(rows, merges=merges, formats={f"I{row}": "0.00%" for row in range(5, 9)})


def test_an_attachment_shaped_xlsx_of_city_figures(engine: sa.Engine) -> None:
    before = snapshot(engine)
    outcome = written(engine, attachment_of_city_figures(), "附件1.xlsx", region="360000")
    assert (outcome.kind and outcome.kind.key, outcome.period) == ("site_figures", "2021Q2")
    assert outcome.notes == [
        "第8行未导入：合计行",
        "期次取自文件标题：2021年第二季度",
        "将新建检查批次：江西省2021年第二季度",
    ]
    assert outcome.counts == {"检查批次": 1, "通报数字": 27}
    assert outcome.message == f"已导入 3 行（批次 {outcome.batch_id}），共写入 28 条记录。"
    assert reported(engine, "2021Q2", "360400") == [
        ("site", "all", "running", Decimal("54")),
        ("site", "市级政府门户", "running", Decimal("1")),
        ("site", "市级政府部门", "running", Decimal("40")),
        ("site", "县级门户", "running", Decimal("13")),
        ("site", "县级以下", "running", Decimal("0")),
        ("site", "all", "checked", Decimal("40")),
        ("site", "all", "failed", Decimal("2")),
        ("site", "all", "pass_rate", Decimal("94.75")),
        ("site", "all", "sampling_share", Decimal("74.07")),
    ]
    assert reported(engine, "2021Q2", "360100")[-2:] == [
        ("site", "all", "pass_rate", Decimal("95")),
        ("site", "all", "sampling_share", Decimal("100")),
    ]
    assert reported(engine, "2021Q2", "360000") == []  # the 合计 row is not the province's figure
    after = snapshot(engine)
    assert after["reported_figures"] - before["reported_figures"] == 27
    assert after["data_version"] == before["data_version"] + 1


def test_numbers_stored_as_text_in_xlsx(engine: sa.Engine) -> None:
    rows = [
        ["地区", "政务新媒体总数", "抽查政务新媒体数", "存在突出问题政务新媒体数", "合格率", "抽查比例"],
        ["九江市", "1,213", " 113 ", "1", "99.12%", "9.32%"],
        ["南昌市", "80", "80", "0", "100", "100%"],
    ]
    outcome = written(engine, xlsx_file(rows), "新媒体.xlsx", period="2021Q3", region="360000")
    assert outcome.kind is not None and outcome.kind.key == "account_figures"
    assert reported(engine, "2021Q3", "360400") == [
        ("account", "all", "running", Decimal("1213")),
        ("account", "all", "checked", Decimal("113")),
        ("account", "all", "failed", Decimal("1")),
        ("account", "all", "pass_rate", Decimal("99.12")),
        ("account", "all", "sampling_share", Decimal("9.32")),
    ]
    assert reported(engine, "2021Q3", "360100")[3] == ("account", "all", "pass_rate", Decimal("100"))


def test_a_gbk_csv_of_problem_sites(engine: sa.Engine) -> None:
    data = site_problems(
        ["1", "九江市测试局", "3604000901", "csj.jiujiang.gov.cn", "“工作动态”栏目超过2周未更新", "九江市测试局"],
        ["2", "柴桑区测试局", "3604040902", "csj.chaisang.gov.cn", "存在严重表述错误；空白栏目", "柴桑区测试局"],
        encoding="gbk",
    )
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    outcome = written(engine, data, "问题网站.csv", period="2021Q1", region="360400")
    assert outcome.kind is not None and outcome.kind.key == "site_problems"
    assert outcome.counts == {"检查批次": 1, "单位": 2, "网站、政务新媒体和平台": 2, "检查记录": 2}
    shown = problems(engine, "2021Q1", "360400", "site")
    assert shown[[*PROBLEM_COLUMNS, "categories", "seq", "list_label", "status"]].values.tolist() == [
        [
            "site",
            "3604000901",
            "九江市测试局",
            "csj.jiujiang.gov.cn",
            None,
            "360400",
            "九江市测试局",
            "“工作动态”栏目超过2周未更新",
            "columns_not_updated",
            1,
            "问题网站名单",
            "no_record",  # no deadline and no record of rectification: not overdue, nothing known
        ],
        [
            "site",
            "3604040902",
            "柴桑区测试局",
            "csj.chaisang.gov.cn",
            None,
            "360404",
            "柴桑区测试局",
            "存在严重表述错误；空白栏目",
            "empty_columns,serious_error",
            2,
            "问题网站名单",
            "no_record",
        ],
    ]


# -- every other kind, read back as the pages read it ---------------------------------------------------------
def test_summary_across_provinces(engine: sa.Engine) -> None:
    data = csv_file(
        [
            ["省份", "网站数", "网站合格率", "新媒体数", "新媒体合格率", "抽查比例"],
            ["浙江省", "547", "99.6%", "3120", "99.94%", "100%"],
            ["湖北省", "600", "98%", "2000", "97.5%", "50%"],
        ]
    )
    outcome = written(engine, data, "各省汇总.csv", period="2021Q4")
    assert (outcome.kind and outcome.kind.key, outcome.region) == ("summary", None)
    assert outcome.counts == {"检查批次": 1, "通报数字": 12}
    assert reported(engine, "2021Q4", "330000") == [
        ("site", "all", "count", Decimal("547")),
        ("site", "all", "pass_rate", Decimal("99.6")),
        ("account", "all", "count", Decimal("3120")),
        ("account", "all", "pass_rate", Decimal("99.94")),
        ("site", "all", "sampling_share", Decimal("100")),
        ("account", "all", "sampling_share", Decimal("100")),
    ]


def test_problem_accounts(engine: sa.Engine) -> None:
    data = csv_file(
        [
            ["序号", "政务新媒体编号", "类型", "账号名称", "主要存在问题", "主办单位"],
            ["1", "360400M001WX0009", "微信订阅号", "九江测试发布", "监测时间点前2周内无更新", "九江市测试中心"],
            ["2", "36040012345", "抖音", "九江测试视频", "未提供有效互动功能", "九江市测试中心"],
        ]
    )
    outcome = written(engine, data, "问题新媒体.csv", period="2020Q2", region="360400")
    assert outcome.kind is not None and outcome.kind.key == "account_problems"
    shown = problems(engine, "2020Q2", "360400", "account")
    assert shown[[*PROBLEM_COLUMNS, "platform", "categories"]].values.tolist() == [
        [
            "account",
            "360400M001WX0009",
            "九江测试发布",
            None,
            "微信订阅号",
            "360400",
            "九江市测试中心",
            "监测时间点前2周内无更新",
            "wechat",
            "not_updated",
        ],
        [
            "account",
            "36040012345",
            "九江测试视频",
            None,
            "抖音",
            "360400",
            "九江市测试中心",
            "未提供有效互动功能",
            "douyin",
            "no_interaction",
        ],
    ]


def test_problem_platforms(engine: sa.Engine) -> None:
    data = csv_file(
        [
            ["序号", "平台名称", "平台网址", "主要存在问题", "主办单位"],
            [
                "1",
                "九江市测试信息公开平台",
                "http://xxgk.jiujiang.gov.cn/",
                "“政策文件”栏目超2周未更新",
                "九江市测试中心",
            ],
        ]
    )
    outcome = written(engine, data, "问题平台.csv", period="2020Q3", region="360400")
    assert outcome.kind is not None and outcome.kind.key == "platform_problems"
    shown = problems(engine, "2020Q3", "360400", "platform")
    assert shown[PROBLEM_COLUMNS].values.tolist() == [
        [
            "platform",
            None,
            "九江市测试信息公开平台",
            "http://xxgk.jiujiang.gov.cn/",
            None,
            "360400",
            "九江市测试中心",
            "“政策文件”栏目超2周未更新",
        ]
    ]


def test_rectification_results_update_the_problem_status(engine: sa.Engine) -> None:
    written(
        engine,
        site_problems(["1", "九江市复查局", "3604000931", "http://fcj.jiujiang.gov.cn/", "空白栏目", "九江市复查局"]),
        "问题网站.csv",
        period="2020Q4",
        region="360400",
    )
    data = csv_file(
        [
            ["序号", "名称", "网站标识码或账号编号", "复查结果", "复查日期"],
            ["1", "九江市复查局", "3604000931", "整改后合格", "2020/12/20"],
        ]
    )
    outcome = written(engine, data, "复查结果.csv", period="2020Q4", region="360400")
    assert (outcome.kind and outcome.kind.key, outcome.counts) == ("rectification", {"整改复查结果": 1})
    shown = problems(engine, "2020Q4", "360400", "site")
    assert shown[["name", "status", "status_text", "rechecked_on", "recheck_period"]].values.tolist() == [
        ["九江市复查局", "passed_after_rectification", "整改后合格", dt.date(2020, 12, 20), "2020Q4"]
    ]


def test_rectification_of_a_problem_the_round_does_not_hold_is_refused(engine: sa.Engine) -> None:
    before = snapshot(engine)
    data = csv_file(
        [["序号", "名称", "网站标识码或账号编号", "复查结果"], ["1", "九江市不存在局", "3604000999", "整改后合格"]]
    )
    outcome = run_import(engine, data, "复查结果.csv", period="2023Q1", region="360400")
    assert texts(outcome) == ["第2行：本期没有“3604000999”的问题记录，无法对应复查结果"]
    assert snapshot(engine) == before


def test_high_scoring_sites(engine: sa.Engine) -> None:
    data = csv_file(
        [
            ["序号", "网站名称", "网站标识码", "得分", "主办单位"],
            ["1", "九江市人民政府门户网站", "3604000001", "110-120", "九江市人民政府办公室"],
            ["2", "中国·柴桑", "3604040001", "100-110", "柴桑区人民政府办公室"],
        ]
    )
    outcome = written(engine, data, "得分较高.csv", period="2019Q1", region="360400")
    assert outcome.kind is not None and outcome.kind.key == "high_scorers"
    with engine.connect() as conn:
        shown = high_scorers(conn, scope=NATIONAL, period="2019Q1", region="360400")
    assert shown[["score_band", "name", "region_name"]].values.tolist() == [
        ["110-120", "九江市人民政府门户网站", "九江市"],
        ["100-110", "中国·柴桑", "柴桑区"],
    ]


def test_content_submission_and_adoption(engine: sa.Engine) -> None:
    data = csv_file(
        [
            ["序号", "单位名称", "信息报送数", "信息采用数", "采用率", "报送网站"],
            ["1", "市政府办公室", "17", "1", "5.9%", "中国九江"],
            ["2", "庐山市", "10", "3", "30.0%", "中国九江"],
        ]
    )
    outcome = written(engine, data, "信息报送.csv", period="2019Q2", region="360400")
    assert (outcome.kind and outcome.kind.key, outcome.counts) == ("content", {"检查批次": 1, "信息报送": 2})
    with engine.connect() as conn:
        shown = submission_rows(conn, scope=NATIONAL, period="2019Q2", region=get_region(conn, "360400"))
    columns = [
        "portal",
        "seq",
        "unit_name",
        "region_code",
        "submitted",
        "adopted",
        "adoption_rate",
        "adoption_rate_decimals",
    ]
    assert shown[columns].values.tolist() == [
        ["中国九江", 1, "市政府办公室", "360400", 17, 1, Decimal("5.9"), 1],
        ["中国九江", 2, "庐山市", "360483", 10, 3, Decimal("30.0"), 1],
    ]


def test_disclosure_statistics(engine: sa.Engine) -> None:
    data = csv_file(
        [
            [
                *("序号", "部门", "主动公开信息总数", "政策解读材料", "建议提案办理", "重点领域信息"),
                *("依申请公开已按时办结", "依申请公开暂未办结", "统计时段"),
            ],
            ["1", "省农业农村厅", "515", "3", "", "137", "2", "0", "2019年7月—2019年9月"],
        ]
    )
    outcome = written(engine, data, "信息公开.csv", period="2019Q3", region="360000")
    assert (outcome.kind and outcome.kind.key, outcome.counts) == ("disclosure", {"检查批次": 1, "信息公开统计": 1})
    with engine.connect() as conn:
        shown = disclosure_rows(conn, scope=NATIONAL, period="2019Q3", region=get_region(conn, "360000"))
    columns = ["seq", "unit_name", "region_code", "period_text", "proactive_total", "policy_interpretations"]
    columns += ["proposal_handling", "key_area_items", "requests_on_time", "requests_pending"]
    assert shown[columns].astype(object).where(shown[columns].notna(), None).values.tolist() == [
        [1, "省农业农村厅", "360000", "2019年7月—2019年9月", 515, 3, None, 137, 2, 0]
    ]


def test_message_handling(engine: sa.Engine) -> None:
    data = csv_file(
        [
            [
                "序号",
                "受理单位",
                "受理(条)",
                "办结(条)",
                "办结率",
                "办结平均时长(工作日)",
                "按时办结率",
                "留言渠道",
                "分组",
            ],
            ["1", "省人力资源社会保障厅", "7", "7", "100%", "9", "100%", "我向省长建言", "省直单位"],
            ["2", "九江市", "12", "11", "91.67%", "5.5", "90.0%", "我向省长建言", "设区市"],
        ]
    )
    outcome = written(engine, data, "留言办理.csv", period="2019Q4", region="360000")
    assert (outcome.kind and outcome.kind.key, outcome.counts) == ("messages", {"检查批次": 1, "留言办理": 2})
    with engine.connect() as conn:
        shown = message_rows(conn, scope=NATIONAL, period="2019Q4", region="360000", channel="governor_suggestion")
    columns = ["group_label", "name", "region_code", "received", "completed", "completion_rate"]
    columns += ["completion_rate_decimals", "avg_working_days", "on_time_rate", "on_time_rate_decimals"]
    assert shown[columns].values.tolist() == [
        ["省直单位", "省人力资源社会保障厅", "360000", 7, 7, Decimal("100"), 0, Decimal("9"), Decimal("100"), 0],
        ["设区市", "九江市", "360400", 12, 11, Decimal("91.67"), 2, Decimal("5.5"), Decimal("90.0"), 1],
    ]


def test_registry_changes_close_a_site(engine: sa.Engine) -> None:
    data = csv_file(
        [
            ["序号", "变更类型", "对象类型", "网站标识码或账号编号", "名称", "主办单位", "所属地区", "备注"],
            ["1", "关停", "网站", "4213000012", "随州市交通运输局", "", "421300", "并入门户网站"],
        ]
    )
    outcome = written(engine, data, "备案变更.csv", period="2018Q1", region="421300")
    assert (outcome.kind and outcome.kind.key, outcome.counts) == ("registry_changes", {"检查批次": 1, "备案变更": 1})
    with engine.connect() as conn:
        shown = registry_change_rows(conn, scope=NATIONAL, period="2018Q1", region="421300")
        target = get_target(conn, scope=NATIONAL, target_id=int(shown["target_id"].iloc[0]))
    assert shown[["change", "kind", "code", "name", "region_name", "note"]].values.tolist() == [
        ["closed", "site", "4213000012", "随州市交通运输局", "随州市", "并入门户网站"]
    ]
    assert target is not None and target.status == "closed"


def test_registry_of_regions(engine: sa.Engine) -> None:
    data = csv_file(
        [
            ["区划代码", "区划名称", "级别", "上级区划代码"],
            ["430000", "湖南省", "省级", ""],
            ["430100", "长沙市", "市级", "430000"],
            ["430102", "芙蓉区", "县级", "430100"],
        ]
    )
    outcome = written(engine, data, "行政区划.csv")
    assert (outcome.kind and outcome.kind.key, outcome.counts) == ("registry_regions", {"行政区划": 3})
    with engine.connect() as conn:
        assert children(conn, scope=NATIONAL, parent_code="430100").values.tolist() == [["430102", "芙蓉区", "county"]]
        county = get_region(conn, "430102")
    assert county is not None
    assert (county.parent_code, county.city_code, county.province_code) == ("430100", "430100", "430000")


def test_registry_of_units_with_their_other_names(engine: sa.Engine) -> None:
    data = csv_file([["单位名称", "所属地区", "其他名称"], ["九江市数据资源局", "360400", "市数据局、九江数据局"]])
    outcome = written(engine, data, "单位名录.csv")
    assert (outcome.kind and outcome.kind.key, outcome.counts) == ("registry_units", {"单位": 1, "单位别名": 2})
    with engine.connect() as conn:
        units = region_units(conn, scope=NATIONAL, period="2024Q1", region="360400")
        assert canonical_name(conn, "360400", "市数据局") == "九江市数据资源局"
    assert units.set_index("name").loc["九江市数据资源局", ["sites", "accounts", "checked"]].tolist() == [0, 0, 0]


def test_registry_of_sites_and_accounts(engine: sa.Engine) -> None:
    sites = csv_file(
        [
            ["网站标识码", "网站名称", "首页网址", "网站类型", "主办单位", "所属地区"],
            ["3604000777", "九江市档案馆", "http://daj.jiujiang.gov.cn/", "部门网站", "九江市档案馆", "360400"],
        ]
    )
    accounts = csv_file(
        [
            ["政务新媒体编号", "政务新媒体名称", "类型", "主办单位", "所属地区"],
            ["360400M077WX0001", "九江档案", "微信订阅号", "九江市档案馆", "360400"],
            ["360400M077DY0001", "九江档案抖音", "抖音", "九江市档案馆", ""],
        ]
    )
    site_outcome = written(engine, sites, "网站名录.csv")
    account_outcome = written(engine, accounts, "新媒体名录.csv")
    assert (site_outcome.kind and site_outcome.kind.key, site_outcome.counts) == (
        "registry_sites",
        {"单位": 1, "网站、政务新媒体和平台": 1},
    )
    assert (account_outcome.kind and account_outcome.kind.key, account_outcome.counts) == (
        "registry_accounts",
        {"网站、政务新媒体和平台": 2},
    )
    with engine.connect() as conn:
        units = region_units(conn, scope=NATIONAL, period="2024Q1", region="360400")
    assert units.set_index("name").loc["九江市档案馆", ["sites", "accounts", "platforms"]].tolist() == [1, 2, 0]


# -- all or nothing, once only --------------------------------------------------------------------------------
def test_a_file_whose_last_row_is_bad_writes_nothing(engine: sa.Engine) -> None:
    data = site_problems(
        ["1", "九江市甲局", "3604000941", "http://jj.jiujiang.gov.cn/", "空白栏目", "九江市甲局"],
        ["2", "九江市乙局", "3604000942", "http://yj.jiujiang.gov.cn/", "空白栏目", "九江市乙局"],
        ["3", "某某网站", "", "http://a.example.cn/", "空白栏目", "某某中心"],
    )
    before = snapshot(engine)
    outcome = run_import(engine, data, "问题网站.csv", period="2017Q2", region="360000", user=USER)
    # The first two rows were written inside the transaction before the third failed: all rolled back.
    assert outcome.counts == {"检查批次": 1, "单位": 2, "网站、政务新媒体和平台": 2, "检查记录": 2}
    assert texts(outcome) == ["第4行：无法确定“某某中心”所属地区：请在“所属地区”列填写地区名称或代码"]
    assert outcome.message == "文件有 1 处问题，涉及 1 行，未写入任何数据。"
    assert snapshot(engine) == before
    assert problems(engine, "2017Q2", "360000", "site").empty


def test_a_dry_run_writes_nothing(engine: sa.Engine) -> None:
    data = site_problems(["1", "九江市丙局", "3604000943", "http://bj.jiujiang.gov.cn/", "空白栏目", "九江市丙局"])
    before = snapshot(engine)
    outcome = run_import(engine, data, "问题网站.csv", period="2017Q2", region="360400", dry_run=True)
    assert (outcome.status, outcome.message) == ("dry_run", "检查通过：共 1 行，可以导入。")
    assert outcome.counts == {"检查批次": 1, "单位": 1, "网站、政务新媒体和平台": 1, "检查记录": 1}
    assert snapshot(engine) == before


def test_importing_the_same_file_again_adds_nothing_and_names_the_batch(engine: sa.Engine) -> None:
    data = site_problems(["1", "九江市丁局", "3604000944", "http://dj.jiujiang.gov.cn/", "空白栏目", "九江市丁局"])
    first = written(engine, data, "问题网站.csv", period="2017Q3", region="360400")
    before = snapshot(engine)
    again = run_import(engine, data, "问题网站（再次）.csv", period="2017Q3", region="360400", user=USER)
    created = beijing_text(batch_row(engine, first.batch_id or 0)["created_at"])
    assert (again.status, again.batch_id, again.taken) == ("duplicate", first.batch_id, True)
    assert again.message == f"该文件已于 {created} 导入（批次 {first.batch_id}），未重复写入。"
    assert snapshot(engine) == before
    assert len(problems(engine, "2017Q3", "360400", "site")) == 1


ACCOUNT_PROBLEM_HEADER = ["序号", "政务新媒体编号", "类型", "政务新媒体名称", "主要存在问题", "主办单位"]


def account_problems(*rows: Sequence[str]) -> bytes:
    return csv_file([ACCOUNT_PROBLEM_HEADER, *rows])


def target_units(engine: sa.Engine, code: str) -> list[tuple[int, str | None, str | None]]:
    """(target id, unit name, batch that gave it its unit) of every target of ``code``, oldest first."""
    t, u = s.targets, s.units
    with engine.connect() as conn:
        query = (
            sa.select(t.c.id, u.c.name, t.c.unit_import_id)
            .outerjoin(u, u.c.id == t.c.unit_id)
            .where(t.c.code == code)
            .order_by(t.c.id)
        )
        return [tuple(row) for row in conn.execute(query).all()]


def test_one_code_under_two_units_is_two_targets(engine: sa.Engine) -> None:
    """As notice 000 附件2 lists one account under two host units: two targets, one problem each."""
    data = account_problems(
        ["1", "360400M088WX0001", "微信订阅号", "九江双办", "未提供有效互动功能", "九江市甲中心"],
        ["2", "360400M088WX0001", "微信订阅号", "九江双办", "未提供有效互动功能", "九江市乙中心"],
    )
    outcome = written(engine, data, "问题新媒体.csv", period="2014Q2", region="360400")
    assert outcome.counts == {"检查批次": 1, "单位": 2, "网站、政务新媒体和平台": 2, "检查记录": 2}
    shown = problems(engine, "2014Q2", "360400", "account")
    assert shown[["code", "host_unit_text", "seq"]].values.tolist() == [
        ["360400M088WX0001", "九江市甲中心", 1],
        ["360400M088WX0001", "九江市乙中心", 2],
    ]
    owners = target_units(engine, "360400M088WX0001")
    assert [(unit, batch) for _, unit, batch in owners] == [("九江市甲中心", None), ("九江市乙中心", None)]
    assert shown["target_id"].tolist() == [target for target, _, _ in owners]
    with engine.connect() as conn:
        units = region_units(conn, scope=NATIONAL, period="2014Q2", region="360400").set_index("name")
    assert units.loc[["九江市甲中心", "九江市乙中心"], ["accounts", "checked", "failed"]].values.tolist() == [
        [1, 1, 1],
        [1, 1, 1],
    ]

    # A later quarter: each unit finds its own target; without a unit the code is ambiguous.
    second = ["1", "360400M088WX0001", "微信订阅号", "九江双办", "未及时更新", "九江市乙中心"]
    unnamed = ["2", "360400M088WX0001", "微信订阅号", "九江双办", "未及时更新", ""]
    refused = run_import(engine, account_problems(second, unnamed), "问题新媒体.csv", period="2014Q3", region="360400")
    assert texts(refused) == [
        "第3行：编号“360400M088WX0001”在库中属于多个主办单位（九江市甲中心、九江市乙中心），请填写主办单位"
    ]
    taken = written(engine, account_problems(second), "乙.csv", period="2014Q3", region="360400")
    assert "网站、政务新媒体和平台" not in taken.counts
    assert problems(engine, "2014Q3", "360400", "account")["target_id"].tolist() == [owners[1][0]]


def test_the_same_code_and_unit_twice_in_one_round_is_refused(engine: sa.Engine) -> None:
    before = snapshot(engine)
    first = ["1", "360400M088WX0002", "微信订阅号", "九江重复", "未提供有效互动功能", "九江市甲中心"]
    second = ["2", "360400M088WX0002", "微信订阅号", "九江重复", "未及时更新", "九江市甲中心"]
    outcome = run_import(engine, account_problems(first, second), "问题新媒体.csv", period="2011Q1", region="360400")
    assert texts(outcome) == ["第3行：本期已有这一对象的检查记录（本文件前面的行已写入）"]
    assert snapshot(engine) == before
    taken = written(engine, account_problems(first), "甲.csv", period="2011Q1", region="360400")
    again = run_import(engine, account_problems(second), "甲（补充）.csv", period="2011Q1", region="360400")
    assert texts(again) == [f"第2行：本期已有这一对象的检查记录（批次 {taken.batch_id}）"]


def test_a_code_first_seen_without_a_unit_takes_the_unit_a_later_row_names(engine: sa.Engine) -> None:
    code = "360400M087WX0001"
    bare = written(
        engine,
        account_problems(["1", code, "微信订阅号", "九江无主", "未及时更新", ""]),
        "无主办单位.csv",
        period="2011Q2",
        region="360400",
    )
    assert target_units(engine, code) == [(target_units(engine, code)[0][0], None, None)]
    before = snapshot(engine)
    named = written(
        engine,
        account_problems(["1", code, "微信订阅号", "九江无主", "未提供有效互动功能", "九江市丙中心"]),
        "有主办单位.csv",
        period="2011Q3",
        region="360400",
    )
    assert named.counts == {"检查批次": 1, "单位": 1, "检查记录": 1}  # no second target
    assert f"“{code}”在库中没有主办单位，将记为：九江市丙中心" in named.notes
    ((target, unit, batch),) = target_units(engine, code)
    assert (unit, batch) == ("九江市丙中心", named.batch_id)
    with engine.connect() as conn:
        units = region_units(conn, scope=NATIONAL, period="2011Q3", region="360400").set_index("name")
    assert units.loc["九江市丙中心", ["accounts", "checked", "failed"]].tolist() == [1, 1, 1]

    # A later batch that finds the target by that unit keeps the unit's batch from being undone first.
    user = written(
        engine,
        account_problems(["1", code, "微信订阅号", "九江无主", "未及时更新", "九江市丙中心"]),
        "再次.csv",
        period="2011Q4",
        region="360400",
    )
    with pytest.raises(ImportRefused) as refused:
        undo(engine, named.batch_id or 0, user=USER)
    assert [issue.text() for issue in refused.value.issues] == [
        f"批次 {named.batch_id} 不能撤销：批次 {user.batch_id}的检查记录用到了它补记的主办单位；"
        f"请先撤销批次 {user.batch_id}"
    ]
    assert target_units(engine, code) == [(target, "九江市丙中心", named.batch_id)]
    undo(engine, user.batch_id or 0, user=USER)
    # Undone, the unit goes back: the target has none again, and the unit the batch created is gone.
    assert undo(engine, named.batch_id or 0, user=USER) == {"检查记录": 1, "检查批次": 1, "单位": 1}
    assert target_units(engine, code) == [(target, None, None)]
    assert data_rows(snapshot(engine)) == data_rows(before)
    assert bare.batch_id is not None


def test_a_re_check_of_a_code_under_two_units_names_the_unit(engine: sa.Engine) -> None:
    written(
        engine,
        account_problems(
            ["1", "360400M088WX0003", "微信订阅号", "九江复查", "未提供有效互动功能", "九江市甲中心"],
            ["2", "360400M088WX0003", "微信订阅号", "九江复查", "未及时更新", "市乙中心"],
        ),
        "问题新媒体.csv",
        period="2012Q1",
        region="360400",
    )
    header = ["序号", "名称", "网站标识码或账号编号", "复查结果", "主办单位"]
    ambiguous = csv_file([header, ["1", "九江复查", "360400M088WX0003", "整改后合格", ""]])
    outcome = run_import(engine, ambiguous, "复查结果.csv", period="2012Q1", region="360400", user=USER)
    assert texts(outcome) == [
        "第2行：本期“360400M088WX0003”有多个主办单位的问题记录（九江市甲中心、市乙中心），请填写主办单位"
    ]
    named = csv_file([header, ["1", "九江复查", "360400M088WX0003", "整改后合格", "市乙中心"]])
    assert written(engine, named, "复查结果.csv", period="2012Q1", region="360400").counts == {"整改复查结果": 1}
    shown = problems(engine, "2012Q1", "360400", "account")
    assert shown[["host_unit_text", "status"]].values.tolist() == [
        ["九江市甲中心", "no_record"],
        ["市乙中心", "passed_after_rectification"],
    ]


def test_the_registry_takes_a_code_under_another_unit(engine: sa.Engine) -> None:
    header = ["政务新媒体编号", "政务新媒体名称", "类型", "主办单位", "所属地区"]
    first = csv_file([header, ["360400M086WX0001", "九江共用", "微信订阅号", "九江市丁中心", "360400"]])
    written(engine, first, "名录.csv")
    other = csv_file([header, ["360400M086WX0001", "九江共用", "微信订阅号", "九江市戊中心", "360400"]])
    assert written(engine, other, "名录（戊）.csv").counts == {"单位": 1, "网站、政务新媒体和平台": 1}
    again = csv_file(
        [
            header,
            ["360400M086WX0001", "九江共用", "微信订阅号", "九江市丁中心", "360400"],
            ["360400M086WX0001", "九江共用", "微信订阅号", "", "360400"],
        ]
    )
    outcome = run_import(engine, again, "名录（再次）.csv", user=USER)
    assert texts(outcome) == [
        "第2行：编号“360400M086WX0001”（主办单位九江市丁中心）已在名录中",
        "第3行：编号“360400M086WX0001”已在名录中",
    ]
    assert [unit for _, unit, _ in target_units(engine, "360400M086WX0001")] == ["九江市丁中心", "九江市戊中心"]


def notice_000_annex_2() -> bytes:
    """Notice 000's 附件2 (problem accounts) as an office would send it, from the transcribed rows."""
    with (DATA_DIR / "000" / "checks.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["kind"] == "account"]
    cells = [[row["seq"], row["code"], row["platform_label"], row["name"], row["problem"], row["unit"]] for row in rows]
    return account_problems(*cells)


def test_notice_000_annex_2_imports_as_a_file(engine: sa.Engine, backend: str, tmp_path: Path) -> None:
    """Its two codes listed under two units each are taken, row by row, into the targets the notice's load made."""
    data = notice_000_annex_2()
    own_round = run_import(engine, data, "附件2.csv", period="2022Q3", region="360000", user=USER)
    assert set(texts(own_round)) == {f"第{line}行：本期已有这一对象的检查记录（批次 2）" for line in range(2, 38)}
    outcome = written(engine, data, "附件2.csv", period="2012Q2", region="360000")
    assert outcome.counts == {"检查批次": 1, "检查记录": 36}  # every (code, unit) known from the notice
    shown = problems(engine, "2012Q2", "360000", "account")
    notice = problems(engine, "2022Q3", "360000", "account")
    assert shown[["code", "host_unit_text", "target_id"]].values.tolist() == (
        notice[["code", "host_unit_text", "target_id"]].values.tolist()
    )

    # Into a store that holds only the regions and aliases: 36 rows, 36 targets.
    reference = tmp_path / "reference"
    reference.mkdir()
    for name in ("regions.csv", "unit_aliases.csv"):
        shutil.copy(DATA_DIR / name, reference / name)
    store = make_engine(fresh_store_url(backend, tmp_path, name="imp_annex_2"))
    try:
        migrate(store)
        load_notices(store, reference)
        fresh = written(store, data, "附件2.csv", period="2022Q3", region="360000")
        assert fresh.counts["检查记录"] == 36 and fresh.counts["网站、政务新媒体和平台"] == 36
        with store.connect() as conn:
            units = region_units(conn, scope=NATIONAL, period="2022Q3", region="360000").set_index("name")
        assert units.loc[
            ["省应急管理厅", "省减灾备灾中心", "省退役军人事务厅", "省荣誉军人康复医院"],
            ["accounts", "checked", "failed"],
        ].values.tolist() == [[2, 2, 2], [1, 1, 1], [2, 2, 2], [1, 1, 1]]
    finally:
        store.dispose()


# -- undo -----------------------------------------------------------------------------------------------------
def test_undo_removes_exactly_what_the_batch_added(engine: sa.Engine) -> None:
    start = snapshot(engine)
    mine = written(
        engine,
        site_problems(
            ["1", "九江市戊局", "3604000951", "http://wj.jiujiang.gov.cn/", "空白栏目；存在严重表述错误", "九江市戊局"],
            ["2", "九江市审计局", "", "", "栏目超2周未更新", "九江市审计局"],
        ),
        "问题网站.csv",
        period="2017Q4",
        region="360400",
    )
    with_mine = snapshot(engine)
    other = written(
        engine,
        site_problems(["1", "九江市己局", "3604000952", "http://jij.jiujiang.gov.cn/", "空白栏目", "九江市己局"]),
        "其他问题网站.csv",
        period="2016Q1",
        region="360400",
    )
    with_both = snapshot(engine)
    removed = undo(engine, mine.batch_id or 0, user=USER)
    after = snapshot(engine)
    # 九江市审计局's site was in the store already (notice 001, without a host unit): the batch added its unit only.
    assert removed == {"检查记录": 2, "检查批次": 1, "网站、政务新媒体和平台": 1, "单位": 2}
    assert data_rows(after) == {name: with_both[name] - (with_mine[name] - start[name]) for name in data_rows(start)}
    assert with_mine["problems"] - start["problems"] == 3
    assert problems(engine, "2017Q4", "360400", "site").empty
    assert problems(engine, "2016Q1", "360400", "site")["name"].tolist() == ["九江市己局"]
    with engine.connect() as conn:
        kept = problems(engine, "2023Q1", "360400", "site").set_index("name").loc["九江市审计局"]
        assert get_target(conn, scope=NATIONAL, target_id=int(kept["target_id"])) is not None
    assert after["data_version"] == with_both["data_version"] + 1
    undone = batch_row(engine, mine.batch_id or 0)
    assert (undone["status"], undone["undone_by"]) == ("undone", USER)
    assert batch_row(engine, other.batch_id or 0)["status"] == "active"


def test_undo_reopens_a_target_the_batch_closed(engine: sa.Engine) -> None:
    data = csv_file(
        [
            ["序号", "变更类型", "对象类型", "网站标识码或账号编号", "名称", "所属地区"],
            ["1", "关停", "网站", "4213000045", "随州市审计局", "421300"],
        ]
    )
    before = snapshot(engine)
    outcome = written(engine, data, "关停.csv", period="2016Q2", region="421300")
    with engine.connect() as conn:
        target_id = int(
            registry_change_rows(conn, scope=NATIONAL, period="2016Q2", region="421300")["target_id"].iloc[0]
        )
        closed = get_target(conn, scope=NATIONAL, target_id=target_id)
    assert closed is not None and closed.status == "closed"
    assert undo(engine, outcome.batch_id or 0, user=USER) == {"备案变更": 1, "检查批次": 1}
    with engine.connect() as conn:
        reopened = get_target(conn, scope=NATIONAL, target_id=target_id)
        assert registry_change_rows(conn, scope=NATIONAL, period="2016Q2", region="421300").empty
    assert reopened is not None and reopened.status == "running"
    assert data_rows(snapshot(engine)) == data_rows(before)


def test_undo_is_refused_while_a_later_batch_uses_what_it_added(engine: sa.Engine) -> None:
    problem = written(
        engine,
        site_problems(["1", "九江市庚局", "3604000961", "http://gj.jiujiang.gov.cn/", "空白栏目", "九江市庚局"]),
        "问题网站.csv",
        period="2016Q3",
        region="360400",
    )
    recheck = written(
        engine,
        csv_file([["名称", "网站标识码或账号编号", "复查结果"], ["九江市庚局", "3604000961", "整改后合格"]]),
        "复查结果.csv",
        period="2016Q3",
        region="360400",
    )
    first, later = problem.batch_id or 0, recheck.batch_id or 0
    before = snapshot(engine)
    with pytest.raises(ImportRefused) as refused:
        undo(engine, first, user=USER)
    assert [issue.text() for issue in refused.value.issues] == [
        f"批次 {first} 不能撤销：批次 {later}的整改复查结果用到了它新增的检查记录；请先撤销批次 {later}"
    ]
    assert snapshot(engine) == before
    assert undo(engine, later, user=USER) == {"整改复查结果": 1}
    assert undo(engine, first, user=USER) == {"检查记录": 1, "检查批次": 1, "网站、政务新媒体和平台": 1, "单位": 1}


def test_undo_of_an_unknown_or_undone_batch_is_refused(engine: sa.Engine) -> None:
    outcome = written(
        engine,
        site_problems(["1", "九江市辛局", "3604000962", "http://xj.jiujiang.gov.cn/", "空白栏目", "九江市辛局"]),
        "问题网站.csv",
        period="2016Q4",
        region="360400",
    )
    batch = outcome.batch_id or 0
    undo(engine, batch, user=USER)
    undone_at = beijing_text(batch_row(engine, batch)["undone_at"])
    before = snapshot(engine)
    for missing, message in (
        (batch, f"批次 {batch} 已于 {undone_at} 撤销"),
        (987654, "没有批次 987654"),
    ):
        with pytest.raises(ImportRefused) as refused:
            undo(engine, missing, user=USER)
        assert str(refused.value) == message
    assert snapshot(engine) == before


def test_a_file_undone_can_be_imported_again(engine: sa.Engine) -> None:
    data = site_problems(["1", "九江市壬局", "3604000963", "http://rj.jiujiang.gov.cn/", "空白栏目", "九江市壬局"])
    first = written(engine, data, "问题网站.csv", period="2015Q1", region="360400")
    undo(engine, first.batch_id or 0, user=USER)
    again = written(engine, data, "问题网站.csv", period="2015Q1", region="360400")
    assert again.batch_id != first.batch_id
    assert problems(engine, "2015Q1", "360400", "site")["name"].tolist() == ["九江市壬局"]


# -- export -> import -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "period", "region", "fmt", "into"),
    [
        ("site", "2022Q3", "360000", "xlsx", "2015Q2"),
        ("site", "2022Q3", "360000", "csv", "2015Q3"),
        ("account", "2022Q3", "360000", "xlsx", "2015Q4"),
        ("account", "2024Q1", "421300", "csv", "2014Q1"),
    ],
)
def test_an_exported_problem_list_imports_back_to_the_same_rows(
    engine: sa.Engine, kind: str, period: str, region: str, fmt: str, into: str
) -> None:
    shown = problems(engine, period, region, kind)
    # The download of /problems, built as the page builds it.
    table = export_table(labels.PROBLEMS_LIST, list_frame(shown, kind), kind)
    data = xlsx_bytes(table) if fmt == "xlsx" else csv_bytes(table)
    outcome = written(engine, data, f"{labels.PROBLEMS_LIST}.{fmt}", period=into, region=region)
    assert outcome.kind is not None and outcome.kind.key == f"{kind}_problems"
    back = problems(engine, into, region, kind)
    columns = [*PROBLEM_COLUMNS, "platform", "categories", "seq"]
    assert len(back) == len(shown) > 0
    assert back[columns].equals(shown[columns])
    assert back["target_id"].tolist() == shown["target_id"].tolist()  # each row back on its own target


# -- the notices are batches too ------------------------------------------------------------------------------
def test_the_notices_load_as_batches_and_the_last_can_be_undone(backend: str, tmp_path: Path) -> None:
    store = make_engine(fresh_store_url(backend, tmp_path, name="imp_notice_batches"))
    migrate(store)
    load_notices(store)
    with store.connect() as conn:
        batches = list_batches(conn)
        added_by_004 = conn.execute(
            sa.select(sa.func.count())
            .select_from(s.problems.join(s.check_results))
            .where(s.check_results.c.import_id == NOTICE_004)
        ).scalar_one()
    assert batches["source"].tolist() == NOTICE_SOURCES
    assert batches["id"].tolist() == [6, 5, 4, 3, 2, 1]
    assert set(batches["kind_label"]) == {"通报数据"}
    assert set(batches["status"]) == {"active"}
    # Rows read: 004's checks.csv (22) and figures.csv (7); the regions (123) and aliases (11).
    assert batches.set_index("id").loc[[NOTICE_004, 1], "row_count"].tolist() == [29, 134]
    counts_004 = batches.set_index("id").loc[NOTICE_004, "counts"]
    assert counts_004 == {
        "rounds": 2,
        "narratives": 5,
        "reported_figures": 7,
        "targets": 21,
        "check_results": 22,
        "rectifications": 13,
        "units": 9,
    }
    before = snapshot(store)
    with store.connect() as conn:
        jiangxi = region_figures(conn, scope=NATIONAL, period="2022Q3", region="360000")
        # The counts of the rounds 004 wrote checks into (data_access.check_counts): it made both rounds.
        counted_004 = conn.execute(
            sa.select(sa.func.count())
            .select_from(s.check_counts)
            .where(s.check_counts.c.round_id.in_(sa.select(s.rounds.c.id).where(s.rounds.c.import_id == NOTICE_004)))
        ).scalar_one()
    assert counted_004 > 0
    removed = undo(store, NOTICE_004, user=USER)
    after = snapshot(store)
    assert removed == {
        "整改复查结果": 13,
        "通报正文段落": 5,
        "通报数字": 7,
        "检查记录": 22,
        "检查批次": 2,
        "网站、政务新媒体和平台": 21,
        "单位": 9,
    }
    expected = {name: n - counts_004.get(name, 0) for name, n in data_rows(before).items()}
    expected["problems"] -= added_by_004
    expected["check_counts"] -= counted_004
    assert data_rows(after) == expected
    with store.connect() as conn:
        assert region_figures(conn, scope=NATIONAL, period="2024Q1", region="421300").empty
        assert region_figures(conn, scope=NATIONAL, period="2022Q3", region="360000").equals(jiangxi)
    store.dispose()


# -- an account's scope --------------------------------------------------------------------------------------
def test_an_account_imports_and_undoes_only_inside_its_scope(engine: sa.Engine) -> None:
    jiujiang = Scope("360400")
    province = run_import(engine, GOOD_FIGURES, "全省.csv", period="2013Q3", region="360000", scope=jiujiang)
    assert (province.status, texts(province)) == ("refused", ["地区“360000”不在本账号负责的地区范围内"])
    regions = csv_file([["区划代码", "区划名称", "级别", "上级区划代码"], ["360499", "某新区", "县级", "360400"]])
    registry = run_import(engine, regions, "区划.csv", scope=jiujiang)
    assert (registry.status, texts(registry)) == ("refused", ["只有负责全国的账号可以导入“行政区划名录”"])

    own = run_import(
        engine,
        figures(["德安县", "20", "10", "1", "90%"]),
        "九江.csv",
        period="2013Q3",
        region="360400",
        scope=jiujiang,
    )
    other = written(
        engine, figures(["南昌市", "60", "60", "3", "95%"]), "全省2013.csv", period="2013Q3", region="360000"
    )
    assert own.status == "written" and own.batch_id is not None and other.batch_id is not None
    with engine.connect() as conn:
        seen = set(list_batches(conn, scope=jiujiang)["id"])
    assert own.batch_id in seen and other.batch_id not in seen
    with pytest.raises(ImportRefused, match=f"没有批次 {other.batch_id}"):
        undo(engine, other.batch_id, user=USER, scope=jiujiang)
    assert undo(engine, own.batch_id, user=USER, scope=jiujiang) == {"检查批次": 1, "通报数字": 4}
