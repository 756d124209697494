"""Every annex (附件) row of the five notices, read back from the page's own download.

Each test runs the page that shows an annex, logged in as the test admin, takes the
Table the page hands to its download buttons, turns it into the bytes a user gets
(CSV; the Excel file too, which must show exactly what the CSV holds) and checks
every row of the annex against the transcription in data_access/notice_data, read
here with the csv module: the row count exactly, and each row's identifying fields
and printed values as text (codes never rounded, names and units as printed, problem
texts whole, percentages with the notice's digits, counts). A few key rows are also
written out literally.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.export import Table, csv_bytes, xlsx_bytes
from dashboard.filters import PAGE_FILES
from tests.conftest import APP_DIR, app_test

NOTICE_DATA = APP_DIR / "data_access" / "notice_data"
KINDS = {"site": "政府网站", "account": "政务新媒体", "platform": "政府信息公开平台"}
# The rounds' own names (notice.yaml period_label), as the pages print them.
ROUND_NAMES = {"jj-2023q1": "2023年第一季度", "sz-2023q4": "2023年第四次"}
CODE_COLUMNS = ("标识码/账号编号", "代码")  # site codes, account IDs, region codes: text in every download

Rows = list[dict[str, str]]


# ---------------------------------------------------------------- the transcription


def transcribed(name: str, **equal: str) -> Rows:
    """The rows of notice_data/<name>.csv ("002/checks", "regions") whose columns equal ``equal``."""
    with (NOTICE_DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if all(row[key] == value for key, value in equal.items())]


REGION_NAMES = {row["code"]: row["name"] for row in transcribed("regions")}


def percent(value: str) -> str:
    """A transcribed percentage as the notice printed it: "37.9" -> "37.9%", "3.0" -> "3.0%"; "" stays ""."""
    return f"{value}%" if value else ""


# ---------------------------------------------------------------- the downloads


def csv_rows(data: bytes) -> Rows:
    """A downloaded CSV as rows of text, keyed by header."""
    assert data.startswith(b"\xef\xbb\xbf"), "the CSV starts with a BOM so Excel reads the Chinese text"
    header, *body = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(set(header)) == len(header), header
    return [dict(zip(header, row, strict=True)) for row in body]


def excel_text(cell: Any) -> str:
    """A cell as Excel shows it: numbers in their number format (percent cells with its decimals), dates as dates."""
    value, shown = cell.value, cell.number_format
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if "hh" in shown else "%Y-%m-%d")
    number = Decimal(repr(value))
    if shown.endswith("%"):
        decimals = len(shown[:-1].partition(".")[2])
        scaled = (number * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        return f"{scaled:f}%"
    return format(number.normalize(), "f")


def xlsx_rows(data: bytes, text_columns: Iterable[str]) -> Rows:
    """A downloaded Excel file as rows of text as Excel shows them; code and text columns must be text cells."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    header, *body = list(sheet.iter_rows())
    names = [str(cell.value) for cell in header]
    text = {*CODE_COLUMNS, *text_columns}
    for row in body:
        for name, cell in zip(names, row, strict=True):
            if name in text and cell.value is not None:
                assert cell.data_type == "s", (name, cell.value)  # a code is text in Excel, never a number
    return [{name: excel_text(cell) for name, cell in zip(names, row, strict=True)} for row in body]


def read_back(table: Table) -> Rows:
    """The rows a user downloads: the CSV's text, checked to be exactly what the Excel file shows."""
    rows = csv_rows(csv_bytes(table))
    assert xlsx_rows(xlsx_bytes(table), table.text_columns) == rows, table.title
    return rows


@dataclass
class Shown:
    """A page's run: the app, and every table it hands to a download button, as the user downloads it."""

    app: AppTest
    tables: dict[str, Rows]

    def download(self, title: str) -> Rows:
        assert title in self.tables, (title, list(self.tables))
        return self.tables[title]


@pytest.fixture
def show(app_env: str, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Shown]:
    """Run a page (``PAGE_FILES`` name, URL parameters) as the test admin; its downloads read back by title."""
    from dashboard.downloads import PageDownloads

    captured: list[Table] = []
    original = PageDownloads.table

    def capture(self: PageDownloads, table: Table, *, key: str) -> None:
        captured.append(table)
        original(self, table, key=key)

    monkeypatch.setattr(PageDownloads, "table", capture)

    def run(page: str, **params: str) -> Shown:
        captured.clear()
        app = app_test()
        app.switch_page(PAGE_FILES[page])
        for name, value in params.items():
            app.query_params[name] = value
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        assert not app.error, [e.value for e in app.error]
        titles = [table.title for table in captured]
        assert len(set(titles)) == len(titles), titles
        return Shown(app, {table.title: read_back(table) for table in captured})

    return run


def assert_rows(got: Rows, key: Callable[[dict[str, str]], object], expected: dict[Any, dict[str, str]]) -> None:
    """``got`` holds exactly the rows of ``expected`` (by ``key``), each with the expected text in every column named.

    A column the download leaves out counts as empty: a table drops a column no row fills.
    """
    keys = [key(row) for row in got]
    assert len(keys) == len(set(keys)), sorted(map(str, keys))
    missing, extra = sorted(map(str, set(expected) - set(keys))), sorted(map(str, set(keys) - set(expected)))
    assert not missing and not extra, f"rows missing: {missing}; rows not in the annex: {extra}"
    assert len(got) == len(expected)
    by_key = dict(zip(keys, got, strict=True))
    wrong = [
        (row_key, column, value, by_key[row_key].get(column, ""))
        for row_key, columns in expected.items()
        for column, value in columns.items()
        if by_key[row_key].get(column, "") != value
    ]
    assert not wrong, "(row, column, transcribed, downloaded): " + repr(wrong)


# ---------------------------------------------------------------- problem lists (/problems, /rectification)


def listed(row: dict[str, str]) -> tuple[str, str]:
    """A problem list row's place in its notice: the annex and its 序号."""
    return row["所在名单"], row["序号"]


def problem_list(checks: Rows) -> dict[tuple[str, str], dict[str, str]]:
    """The annex rows as /problems downloads them."""
    return {
        (check["list_label"], check["seq"]): {
            "类型": KINDS[check["kind"]],
            "标识码/账号编号": check["code"],
            "名称": check["name"],
            "网址": check["url"],
            "平台": check["platform_label"],
            "主办单位（通报原文）": check["unit"],
            "所在地区": REGION_NAMES[check["region"]],
            "存在问题（通报原文）": check["problem"],
        }
        for check in checks
    }


def kind_and_name(row: dict[str, str]) -> tuple[str, str]:
    return row["类型"], row["名称"]


def rectification_list(checks: Rows, *, found_in: bool = False) -> dict[tuple[str, str], dict[str, str]]:
    """The annex rows as /rectification downloads them (no annex or 序号 there: a row is its kind and name)."""
    expected = {}
    for check in checks:
        row = {
            "标识码/账号编号": check["code"],
            "所在地区": REGION_NAMES[check["region"]],
            "主办单位（通报原文）": check["unit"],
            "存在问题（通报原文）": check["problem"],
            "复查结果（通报原文）": check["rectification"],
        }
        if found_in:
            row["发现期次"] = ROUND_NAMES[check["round"]]
        expected[KINDS[check["kind"]], check["name"]] = row
    assert len(expected) == len(checks), "kind and name identify a row of these lists"
    return expected


# ---------------------------------------------------------------- notice 002: Jiangxi 2020Q1


# 附件1's columns as the page names them: the column of each transcribed segment's running count (a city's
# segment, or 合计's in the province's own words), then the checked and the failing sites.
ANNEX1_RUNNING = {
    "all": "网站运行总数",
    "省政府及省直各部门": "网站运行总数",
    "市级政府门户": "网站门户",
    "设区市政府门户网站": "网站门户",
    "市级政府部门": "网站部门",
    "设区市政府部门网站": "网站部门",
    "县级门户": "网站县级门户",
    "县级政府门户网站": "网站县级门户",
    "县级以下": "网站县级以下",
    "其它政府网站": "网站县级以下",
}
ANNEX1_COUNTS = {"checked": "网站抽查数", "failed": "网站突出问题数"}
ANNEX1_COLUMNS = (*dict.fromkeys(ANNEX1_RUNNING.values()), *ANNEX1_COUNTS.values())


def annex_1_of_002() -> dict[str, dict[str, str]]:
    """附件1 全省政府网站运行和检查情况: one row per city, the province's own departments and 合计; every cell."""
    expected: dict[str, dict[str, str]] = {}
    for figure in transcribed("002/figures", target_kind="site"):
        if "附件1" not in figure["source_text"]:
            continue
        if figure["segment"] == "省政府及省直各部门":
            place = "省政府及省直各部门"
        elif figure["region"] == "360000":
            place = "合计"
        else:
            place = REGION_NAMES[figure["region"]]  # the annex prints 南昌, the page the region's name 南昌市
        measure = figure["measure"]
        column = ANNEX1_RUNNING[figure["segment"]] if measure == "running" else ANNEX1_COUNTS[measure]
        expected.setdefault(place, dict.fromkeys(ANNEX1_COLUMNS, ""))[column] = figure["value"]
    return expected


def check_annex_1_of_002(rows: Rows) -> None:
    assert_rows(rows, lambda row: row["地区"], annex_1_of_002())
    total = next(row for row in rows if row["地区"] == "合计")
    assert (len(rows), total["网站运行总数"], total["网站抽查数"], total["网站突出问题数"]) == (13, "538", "378", "4")
    split = (total["网站门户"], total["网站部门"], total["网站县级门户"], total["网站县级以下"])
    assert split == ("11", "368", "100", "7")
    own = next(row for row in rows if row["地区"] == "省政府及省直各部门")
    assert (own["网站运行总数"], own["网站抽查数"], own["网站门户"]) == ("52", "32", "")  # left blank in the annex
    # The one rate in the table is computed from the counts, and says so.
    assert total["网站合格率（计算值）"] == "98.94%"


def test_notice_002_annex_1_on_regions(show: Callable[..., Shown]) -> None:
    check_annex_1_of_002(show("regions", period="2020Q1", region="360000").download("下级地区检查情况"))


def test_notice_002_annexes_1_and_2_on_the_overview(show: Callable[..., Shown]) -> None:
    page = show("overview", period="2020Q1", region="360000")
    check_annex_1_of_002(page.download("下级地区"))
    high = transcribed("002/checks", list_label="附件2 检查得分较高的政府门户网站名单")
    expected = {
        check["name"]: {"得分档次": check["score_band"], "所在地区": REGION_NAMES[check["region"]]} for check in high
    }
    rows = page.download("得分较高的网站")
    assert_rows(rows, lambda row: row["网站名称"], expected)
    assert len(rows) == 21
    assert rows[0] == {"得分档次": "110-120", "网站名称": "中国·濂溪", "所在地区": "濂溪区"}


def test_notice_002_annexes_3_and_4_on_problems(show: Callable[..., Shown]) -> None:
    rows = show("problems", period="2020Q1", region="360000").download("问题明细")
    assert_rows(rows, listed, problem_list(transcribed("002/checks", passed="false")))
    assert len(rows) == 4 + 57
    site = next(row for row in rows if row["名称"] == "鄱阳政府门户网")
    assert (site["标识码/账号编号"], site["所在地区"], site["存在问题（通报原文）"]) == (
        "3611280006",
        "鄱阳县",
        "未提供网上有效咨询建言渠道",
    )
    first = next(row for row in rows if listed(row) == ("附件4 检查发现突出问题的政务新媒体名单", "1"))
    assert (first["名称"], first["主办单位（通报原文）"], first["存在问题（通报原文）"]) == (
        "江西有色地质勘查局",
        "有色地质勘查局",
        "单项否决(缺有效互动渠道菜单功能)",
    )


def test_notice_002_annexes_5_and_6_on_disclosure(show: Callable[..., Shown]) -> None:
    page = show("disclosure", period="2020Q1", region="360000")
    departments = {
        row["seq"]: {
            "部门": row["unit"],  # as printed: 省药监局, not the standard 省药品监督管理局
            "主动公开信息（条）": row["proactive_total"],
            "政策解读材料": row["policy_interpretations"],
            "建议提案办理": row["proposal_handling"],
            "重点领域信息": row["key_area_items"],
            "依申请公开已按时办结": row["requests_on_time"],
            "依申请公开暂未办结": row["requests_pending"],
        }
        for row in transcribed("002/disclosure")
    }
    annex_5 = page.download("各部门主动公开信息排名")
    assert_rows(annex_5, lambda row: row["通报序号"], departments)
    assert len(annex_5) == 37
    assert {row["部门"]: row["主动公开信息（条）"] for row in annex_5}["省药监局"] == "349"
    messages = transcribed("002/messages", channel="governor_suggestion")
    for group in ("省直单位", "设区市"):
        expected = {
            row["seq"]: {
                "受理单位": row["unit"],
                "受理（条）": row["received"],
                "办结（条）": row["completed"],
                "办结率": percent(row["completion_rate"]),
                "办结平均时长（工作日）": row["avg_working_days"],
                "按时办结率": percent(row["on_time_rate"]),
                "统计时段": row["period_text"],
            }
            for row in messages
            if row["group_label"] == group
        }
        assert_rows(page.download(f"“我向省长建言”办理情况 · {group}"), lambda row: row["序号"], expected)
    cities = page.download("“我向省长建言”办理情况 · 设区市")
    jian = next(row for row in cities if row["受理单位"] == "吉安市")
    assert (jian["受理（条）"], jian["办结（条）"], jian["办结率"]) == ("1", "7", "13%")  # odd, but as printed
    assert len(page.download("“我向省长建言”办理情况 · 省直单位")) == 15 and len(cities) == 7


# ---------------------------------------------------------------- notice 000: Jiangxi 2022Q3


def test_notice_000_annexes_1_and_2_on_problems(show: Callable[..., Shown]) -> None:
    rows = show("problems", period="2022Q3", region="360000").download("问题明细")
    assert_rows(rows, listed, problem_list(transcribed("000/checks")))
    kinds = [row["类型"] for row in rows]
    assert (kinds.count("政府网站"), kinds.count("政务新媒体")) == (29, 36)
    # Two accounts are listed twice, under two host units: both rows, each with its own unit.
    for code, units in {
        "360000M011WX0002": ["省减灾备灾中心", "省应急管理厅"],
        "360000M083WX0003": ["省荣誉军人康复医院", "省退役军人事务厅"],
    }.items():
        twice = sorted((row for row in rows if row["标识码/账号编号"] == code), key=lambda row: int(row["序号"]))
        assert [row["主办单位（通报原文）"] for row in twice] == units, code
    dean = next(row for row in rows if row["标识码/账号编号"] == "3604260037")
    assert (dean["名称"], dean["主办单位（通报原文）"], dean["存在问题（通报原文）"]) == (
        "信用中国(江西德安)",
        "德安县发展和改革委员会",
        "岀现严重表述错误",
    )


# ---------------------------------------------------------------- notice 001: Jiujiang 2023Q1


def test_notice_001_problem_lists_on_problems_and_rectification(show: Callable[..., Shown]) -> None:
    checks = transcribed("001/checks", passed="false")
    problems = show("problems", period="2023Q1", region="360400").download("问题明细")
    assert_rows(problems, listed, problem_list(checks))
    assert len(problems) == 10 and {row["整改状态"] for row in problems} == {"整改后合格"}
    current = show("rectification", period="2023Q1", region="360400").download("本期问题及整改状态")
    assert_rows(current, kind_and_name, rectification_list(checks))
    assert {(row["整改状态"], row["复查结果（通报原文）"]) for row in current} == {("整改后合格", "整改后合格")}
    forestry = next(row for row in current if row["名称"] == "九江市林业局")
    assert forestry["存在问题（通报原文）"] == (
        "1.监测时间点前2周内的动态、要闻类栏目未及时更新；\n2.监测时间点前6个月内的通知公告、政策文件类一级栏目未及时更新。"
    )


def test_notice_001_annex_3_content_on_content(show: Callable[..., Shown]) -> None:
    page = show("content", period="2023Q1", region="360400")
    expected = {
        row["seq"]: {
            "单位名称": row["unit"],
            "所属": "本级" if row["region"] == "360400" else REGION_NAMES[row["region"]],
            "信息报送数": row["submitted"],
            "信息采用数": row["adopted"],
            "采用率（通报）": percent(row["adoption_rate"]),
        }
        for row in transcribed("001/content")
    }
    units = page.download("各单位信息报送情况")
    assert_rows(units, lambda row: row["序号"], expected)
    audit = next(row for row in units if row["单位名称"] == "市审计局")
    assert (len(units), audit["信息报送数"], audit["信息采用数"], audit["采用率（通报）"]) == (67, "33", "1", "3.0%")
    figures = {row["measure"]: row["value"] for row in transcribed("001/figures", target_kind="content")}
    totals = {row["口径"]: row for row in page.download("信息报送合计")}
    reported = totals["通报公布"]
    assert (reported["信息报送数"], reported["信息采用数"], reported["平均采用率"]) == (
        figures["submitted"],
        figures["adopted"],
        percent(figures["adoption_rate"]),
    )
    assert (reported["信息报送数"], reported["信息采用数"], reported["平均采用率"]) == ("828", "314", "37.9%")
    assert totals["计算值"]["平均采用率"] == "37.92%"  # computed from the rows, beside the printed one


def test_notice_001_messages_and_registry_on_disclosure(show: Callable[..., Shown]) -> None:
    page = show("disclosure", period="2023Q1", region="360400")
    changes = {"closed": "注销", "added": "新增"}
    expected = {
        (changes[row["change"]], row["name"]): {
            "类型": KINDS[row["kind"]],
            "标识码/账号编号": row["code"],
            "平台": row["platform_label"],
            "主办单位": row["unit"],
            "所在地区": REGION_NAMES[row["region"]],
            "备注": row["note"],
        }
        for row in transcribed("001/registry")
    }
    registry = page.download("政府网站和政务新媒体备案变更")
    assert_rows(registry, lambda row: (row["变更"], row["名称"]), expected)
    assert [(row["变更"], row["名称"], row["平台"]) for row in registry] == [
        ("注销", "大美永修", "今日头条"),
        ("注销", "庐山公安", "新浪微博"),
        ("新增", "庐山市教育体育局", "微信公众号"),
    ]
    # 我为政府网站找错 is one figure of the notice's text (一(四)), no annex: /disclosure shows it as reported cards.
    (message,) = transcribed("001/messages", channel="site_error_report")
    metrics = {metric.label: metric.value for metric in page.app.metric}
    assert (metrics["收到留言"], metrics["办结"], metrics["按时办结率"]) == (
        f"{message['received']}条",
        f"{message['completed']}条",
        percent(message["on_time_rate"]),
    )
    assert (metrics["收到留言"], metrics["办结"], metrics["按时办结率"]) == ("8条", "8条", "100%")


def test_notice_001_message_and_content_figures_in_the_overviews_download(show: Callable[..., Shown]) -> None:
    """The figures of the text without a table of their own download on the overview, with the words they come from."""
    rows = show("overview", period="2023Q1", region="360400").download("通报中的其他数字")
    downloaded = {(row["数值"], row["通报原文"]) for row in rows}
    rates = {"on_time_rate", "adoption_rate"}
    for figure in transcribed("001/figures"):
        if figure["target_kind"] in ("message", "content"):
            value = percent(figure["value"]) if figure["measure"] in rates else figure["value"]
            assert (value, figure["source_text"]) in downloaded, figure
    assert ("37.9%", "合计：828 314 平均采用率37.9%") in downloaded


# ---------------------------------------------------------------- notice 004: Suizhou, 2024年第一次


def test_notice_004_problem_lists_on_problems(show: Callable[..., Shown]) -> None:
    rows = show("problems", period="2024Q1", region="421300").download("问题明细")
    assert_rows(rows, listed, problem_list(transcribed("004/checks", round="sz-2024q1")))
    assert [row["类型"] for row in rows].count("政府网站") == 5 and len(rows) == 9
    account = next(row for row in rows if row["类型"] == "政务新媒体")
    assert (account["标识码/账号编号"], account["名称"], account["主办单位（通报原文）"]) == (
        "71244",
        "随州统计",
        "随州市统计局",
    )
    # 附件2, 4 and 6 list the problems of 2023年第四次 (2023Q4), re-checked in this notice: that quarter's list.
    earlier = show("problems", period="2023Q4", region="421300").download("问题明细")
    assert_rows(earlier, listed, problem_list(transcribed("004/checks", round="sz-2023q4")))
    assert len(earlier) == 13 and all("(2023年第四次)" in row["所在名单"] for row in earlier)


def test_notice_004_rechecks_of_2023_round_4_on_rectification(show: Callable[..., Shown]) -> None:
    page = show("rectification", period="2024Q1", region="421300")
    current = page.download("本期问题及整改状态")
    assert_rows(current, kind_and_name, rectification_list(transcribed("004/checks", round="sz-2024q1")))
    assert len(current) == 9
    rechecks = page.download("上期问题复查情况")
    previous = transcribed("004/checks", round="sz-2023q4")
    assert_rows(rechecks, kind_and_name, rectification_list(previous, found_in=True))
    assert len(rechecks) == 8 + 2 + 3
    assert {row["发现期次"] for row in rechecks} == {"2023年第四次"}  # the round's own name, not a quarter
    assert {row["复查结果（通报原文）"] for row in rechecks} == {"已完成整改"}
    exit_entry = next(row for row in rechecks if row["名称"] == "随州出入境")
    assert exit_entry["标识码/账号编号"] == "3025716006566021"  # 16 digits, as text
    assert exit_entry["主办单位（通报原文）"] == "随州市公安局出入境支队"


# ---------------------------------------------------------------- notice 003: the 2022Q3 survey of provinces


COMPARE_MEASURES = {"count": "数量", "checked": "检查数", "pass_rate": "合格率", "sampling_share": "抽查比例"}
COMPARE_PERCENT = ("pass_rate", "sampling_share")


def compare_rows(figures: Rows) -> dict[str, dict[str, str]]:
    """Each region's headline figures as /compare's side-by-side table names them; an unprinted figure is empty."""
    columns = [f"{KINDS[kind]}{name}" for kind in ("site", "account") for name in COMPARE_MEASURES.values()]
    expected: dict[str, dict[str, str]] = {}
    for figure in figures:
        empty = {"地区": REGION_NAMES[figure["region"]], **dict.fromkeys(columns, "")}
        row = expected.setdefault(figure["region"], empty)
        if figure["segment"] == "all" and figure["measure"] in COMPARE_MEASURES:
            value = percent(figure["value"]) if figure["measure"] in COMPARE_PERCENT else figure["value"]
            row[f"{KINDS[figure['target_kind']]}{COMPARE_MEASURES[figure['measure']]}"] = value
    return expected


def test_notice_003_survey_on_compare(show: Callable[..., Shown]) -> None:
    rows = show("compare", period="2022Q3").download("地区对比")
    # The survey's six provinces, and Jiangxi from its own notice of the quarter (000).
    expected = compare_rows(transcribed("003/figures")) | compare_rows(transcribed("000/figures"))
    assert_rows(rows, lambda row: row["代码"], expected)
    assert len(rows) == 6 + 1
    by_code = {row["代码"]: row for row in rows}
    assert (by_code["330000"]["政府网站合格率"], by_code["330000"]["政务新媒体合格率"]) == ("99.6%", "99.94%")
    hainan = by_code["460000"]
    assert (hainan["政府网站抽查比例"], hainan["政务新媒体抽查比例"]) == ("", "30.7%")  # 30.7%(新媒体)
    jiangxi = by_code["360000"]
    assert (jiangxi["政府网站检查数"], jiangxi["政府网站合格率"], jiangxi["政府网站同比（通报所述）"]) == (
        "552",
        "94.75%",
        "同比下降1.12%",
    )
    survey = {row["出处"] for code, row in by_code.items() if code != "360000"}
    assert survey == {"2022年第三季度政府网站检查情况调研报告"}
