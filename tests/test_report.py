"""The notice writer: drafts from the notices' data and national synthetic data, opened as the files a user gets."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from data_access.report import __main__ as report_cli
from data_access.report.check import check
from data_access.report.draft import NothingToReport, NotInScope, build_draft
from data_access.report.model import Draft
from data_access.report.pdf import FONT_ENV, NoChineseFont, font_files, notice_pdf
from data_access.report.word import notice_docx
from data_access.scope import NATIONAL, Scope
from tests.conftest import APP_DIR, TEST_VIEWER, app_test

NOTICE_DATA = APP_DIR / "data_access" / "notice_data"


def opened(draft: Draft) -> docx.document.Document:
    """The .docx a user downloads, opened with python-docx."""
    return docx.Document(io.BytesIO(notice_docx(draft, findings=tuple(check(draft)))))


def body_text(document: docx.document.Document) -> str:
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def table_rows(table: docx.table.Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def annex_table(document: docx.document.Document, title: str) -> list[list[str]]:
    """The Word table under the annex titled ``title``."""
    heading = next(p for p in document.paragraphs if p.style.name == "附件标题" and p.text == title)
    element = heading._p.getnext()
    while not element.tag.endswith("}tbl"):
        element = element.getnext()
    return table_rows(docx.table.Table(element, document))


def transcribed_annex_1() -> list[list[str]]:
    """Notice 002's 附件1 as transcribed: the province's own departments, then the cities, in print order."""
    rows: dict[str, dict[str, str]] = {}
    parts = {"市级政府门户": "portal", "市级政府部门": "department", "县级门户": "county", "县级以下": "below"}
    with (NOTICE_DATA / "002" / "figures.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["source_text"].startswith("附件1") or row["target_kind"] != "site":
                continue
            name = row["source_text"].split("：", 1)[1].split(" ", 1)[0]
            part = parts.get(row["segment"], row["measure"])
            rows.setdefault(name, {})[part] = row["value"]
    order = ("running", "portal", "department", "county", "below", "checked", "failed")
    return [[name, *(values.get(part, "") for part in order)] for name, values in rows.items()]


def test_jiangxi_2020q1_states_notice_002s_figures_and_its_annex_1(conn: sa.Connection) -> None:
    draft = build_draft(conn, scope=NATIONAL, period="2020Q1", region="360000")
    document = opened(draft)
    text = body_text(document)
    assert document.paragraphs[0].text == "江西省人民政府办公厅关于2020年第一季度全省政府网站与政务新媒体检查情况的通报"
    for said in (
        "全省正在运行的政府网站538家",
        "共抽查政府网站378家",
        "发现存在突出问题的网站4家",
        "合格率为98.94%，同比上升1.33%",
        "全省正在运行的政务新媒体1308家",
        "共抽查政务新媒体356家",
        "发现存在突出问题的政务新媒体57个",
        "合格率为84.27%，环比下降3.82%",
        "省政府部门网站抽查31家，合格率为100%",
    ):
        assert said in text, said
    assert "整改情况请于2020年4月15日前报送江西省人民政府办公厅" in text
    headings = ("一、总体情况", "二、经验做法", "三、主要问题", "四、下一步工作要求")
    assert [text.index(heading) for heading in headings] == sorted(text.index(heading) for heading in headings)
    # 附件1 is notice 002's table: 12 rows (省政府及省直各部门 and 11 cities), then 合计.
    annex = annex_table(document, "全省政府网站运行和检查情况")
    # Its header as printed: two rows, 市级政府网站数 over 门户 and 部门, the other columns spanning both.
    top, below, *rows = annex
    assert top == [
        "序号",
        "省级/设区市",
        "运行网站总数",
        "市级政府网站数",
        "市级政府网站数",  # one merged cell: python-docx gives it for each column it spans
        "县级及以下政府网站数",
        "县级及以下政府网站数",
        "抽查网站数",
        "存在突出问题网站数",
    ]
    assert below == ["序号", "省级/设区市", "运行网站总数", "门户", "部门", "县级门户", "县级以下", *top[-2:]]
    table = document.tables[0]
    assert table.cell(0, 3)._tc.grid_span == 2 and table.cell(1, 3)._tc.grid_span == 1  # merged, not repeated
    assert table.rows[1]._tr.tc_lst[0].vMerge == "continue"
    assert len(rows) == 13 and rows[-1][:2] == ["", "合计"]
    assert rows[-1][2:] == ["538", "11", "368", "100", "7", "378", "4"]
    printed = transcribed_annex_1()
    assert [row[0] for row in rows[:-1]] == [str(n) for n in range(1, 13)]
    assert [row[1] for row in rows[:1]] == ["省政府及省直各部门"]
    assert [[row[1].removesuffix("市"), *row[2:]] for row in rows[:-1]] == [
        [name, *values] for name, *values in printed
    ]
    # The other annexes: high scorers, problem sites and accounts, disclosure, 我向省长建言.
    titles = [p.text for p in document.paragraphs if p.style.name == "附件标题"]
    assert titles == [
        "全省政府网站运行和检查情况",
        "检查得分较高的政府网站名单",
        "检查发现突出问题的政府网站名单",
        "检查发现突出问题的政务新媒体名单",
        "政府信息公开情况",
        "“我向省长建言”网民留言办理情况",
    ]
    assert len(annex_table(document, "检查发现突出问题的政务新媒体名单")) == 1 + 57
    # The overview names the first high scorers and counts them all, as 附件2 lists them.
    high = annex_table(document, "检查得分较高的政府网站名单")[1:]
    sentence = f"“{high[0][1]}”、“{high[1][1]}”"
    assert sentence in text and f"{len(high)}家网站检查得分较高（名单见附件2）" in text
    for row in document.tables[0].rows[:2]:  # the header's two rows repeat on every page
        assert row._tr.trPr.xpath("./w:tblHeader")


def test_the_document_is_an_official_a4_with_fonts_that_fall_back_and_page_numbers(conn: sa.Connection) -> None:
    document = opened(build_draft(conn, scope=NATIONAL, period="2020Q1", region="360000"))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    fonts = {
        name: document.styles[name].element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia"))
        for name in ("通报标题", "一级标题", "通报正文")
    }
    assert fonts == {"通报标题": "方正小标宋简体", "一级标题": "黑体", "通报正文": "仿宋_GB2312"}
    table = next(part for part in document.part.package.parts if str(part.partname).endswith("fontTable.xml"))
    assert b'w:name="\xe4\xbb\xbf\xe5\xae\x8b_GB2312"' in table.blob and b"w:altName" in table.blob
    footer = section.footer.paragraphs[0]
    assert "PAGE" in "".join(footer._p.itertext()) and footer.text.startswith("— ")


def test_jiujiang_2023q1_states_its_content_guarantee(conn: sa.Connection) -> None:
    draft = build_draft(conn, scope=NATIONAL, period="2023Q1", region="360400")
    text = body_text(opened(draft))
    assert "各单位共报送信息828条，被采用314条，平均采用率37.9%" in text
    assert "共抽查政务新媒体215个，抽查比例100%，整改后合格率100%" in text
    assert "“我为政府网站找错”平台收到网民留言8条，办结8条，按时办结率100%" in text
    content = next(annex for annex in draft.annexes if annex.key == "content")
    assert content.rows[-1] == ("", "合计", "828", "314", "37.9%")
    assert not check(draft)


def test_suizhou_keeps_its_round_name_and_the_rechecks(conn: sa.Connection) -> None:
    draft = build_draft(conn, scope=NATIONAL, period="2024Q1", region="421300")
    assert draft.title == "关于2024年第一次全市政府网站及政务新媒体抽查情况的通报"
    text = body_text(opened(draft))
    assert "2024年第一次共抽查政府网站24家" in text and "合格率为79.17%" in text  # computed: two decimals
    assert "于2024年3月6日前完成整改，整改情况请于2024年3月8日前报送" in text
    rechecks = next(annex for annex in draft.annexes if annex.key == "rechecks")
    assert len(rechecks.rows) == 13 and {row[4] for row in rechecks.rows} == {"2023年第四次"}
    assert {row[6] for row in rechecks.rows} == {"已完成整改"}
    computed = [figure for figure in draft.figures if figure.computed]
    assert any(figure.key == "site.pass_rate" and figure.shown == "79.17%" for figure in computed)


def test_the_check_finds_notice_000s_37_failures_against_36_listed(conn: sa.Connection) -> None:
    draft = build_draft(conn, scope=NATIONAL, period="2022Q3", region="360000")
    findings = check(draft)
    assert [finding.sentence for finding in findings] == [
        "政务新媒体：正文称抽查1213家，合格率96.95%（即不合格约37个），而附件2列出36个。"
    ]
    # The sites agree: 552 checked at 94.75% leaves 29, and 附件1 lists 29.
    sites = next(annex for annex in draft.annexes if annex.key == "problems_site")
    assert len(sites.rows) == 29
    note = body_text(opened(draft)).split("起草说明（印发前删除）", 1)[1]
    assert "即不合格约37个" in note


def test_a_draft_outside_the_scope_or_without_data_is_refused(conn: sa.Connection) -> None:
    with pytest.raises(NotInScope):
        build_draft(conn, scope=Scope("360400"), period="2020Q1", region="360000")
    with pytest.raises(NotInScope):
        build_draft(conn, scope=Scope("360400"), period="2020Q1", region=None)
    with pytest.raises(NothingToReport):
        build_draft(conn, scope=NATIONAL, period="2030Q1", region="360000")
    jiujiang = build_draft(conn, scope=Scope("360400"), period="2023Q1", region="360400")
    assert jiujiang.region_name == "九江市"


def test_a_national_synthetic_province_reads_as_a_whole_notice(synthetic_url: str) -> None:
    engine = sa.create_engine(synthetic_url)
    with engine.connect() as conn:
        # The province and quarter (after the first year, so that there is a change to state) whose
        # problem lists hold most kinds of target.
        period, province = conn.execute(
            sa.text(
                "select r.period, g.province_code from check_results c join rounds r on r.id = c.round_id"
                " join regions g on g.code = c.region_code where not c.passed and r.period >= '2021Q1'"
                " group by r.period, g.province_code"
                " order by count(distinct c.target_kind) desc, count(*) desc, r.period, g.province_code limit 1"
            )
        ).one()
        draft = build_draft(conn, scope=NATIONAL, period=period, region=province)
    engine.dispose()
    keys = [annex.key for annex in draft.annexes]
    assert keys[:1] == ["regions"] and {"problems_site", "problems_account"} <= set(keys)
    assert [section.heading for section in draft.sections] == [
        "一、总体情况",
        "二、经验做法",
        "三、主要问题",
        "四、下一步工作要求",
    ]
    overview = draft.sections[0].text
    assert re.search(r"共抽查政府网站\d+家，发现存在突出问题的网站\d+家，合格率为\d+\.\d\d%", overview)
    assert "个百分点" in overview  # a computed change is in points, never in the notice's words
    assert all(figure.computed for figure in draft.figures if figure.key.endswith("pass_rate"))
    regions = draft.annexes[0]
    assert regions.rows[0][1].endswith("各部门") and regions.rows[-1][1] == "合计"
    document = opened(draft)
    assert len(document.tables) == len(draft.annexes)
    problems = next(annex for annex in draft.annexes if annex.key == "problems_account")
    assert len(annex_table(document, problems.title)) == 1 + len(problems.rows)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text as poppler's pdftotext reads it, without line breaks."""
    path = tmp_path / "notice.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True)
    return re.sub(r"\s+", "", done.stdout)


@pytest.mark.skipif(
    (font_files() is None or shutil.which("pdftotext") is None) and os.environ.get("CI") != "true",
    reason="no CJK font or no pdftotext (CI installs fonts-noto-cjk and poppler-utils)",
)
def test_the_pdf_holds_the_notice_and_a_missing_font_is_said_in_chinese(
    conn: sa.Connection, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    draft = build_draft(conn, scope=NATIONAL, period="2023Q1", region="360400")
    text = pdf_text(notice_pdf(draft), tmp_path)
    assert "各单位共报送信息828条，被采用314条，平均采用率37.9%" in text
    assert "“中国九江”网站内容保障情况统计表" in text and "—1—" in text
    # Notice 002's 附件1 in the PDF: its header's group over its parts, not the parts' combined names.
    province = pdf_text(notice_pdf(build_draft(conn, scope=NATIONAL, period="2020Q1", region="360000")), tmp_path)
    assert "市级政府网站数门户部门" in province and "县级门户县级以下" in province and "（门户）" not in province
    not_a_font = tmp_path / "font.ttf"
    not_a_font.write_bytes(b"not a font")
    monkeypatch.setenv(FONT_ENV, str(not_a_font))
    with pytest.raises(NoChineseFont, match="中文字体"):
        notice_pdf(draft)


def test_the_command_writes_the_document_and_says_what_is_wrong_in_chinese(
    notices_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "notice.docx"
    with pytest.raises(SystemExit) as done:
        report_cli.main(["--period", "2022Q3", "--region", "360000", "--out", str(out), "--url", notices_url])
    assert done.value.code == 0
    printed = capsys.readouterr().out
    assert "已写入Word文件" in printed and "合格率96.95%（即不合格约37个），而附件2列出36个" in printed
    assert "共抽查政务新媒体1213家" in body_text(docx.Document(str(out)))
    for argv, message in (
        (["--period", "2030Q1", "--region", "360000"], "库中没有江西省2030年第一季度的检查数据"),
        (["--period", "2022Q3", "--region", "999999"], "地区代码“999999”不存在"),
        (["--period", "22Q3", "--region", "360000"], "期次“22Q3”无效"),
    ):
        with pytest.raises(SystemExit) as refused:
            report_cli.main([*argv, "--out", str(tmp_path / "x.docx"), "--url", notices_url])
        error = capsys.readouterr().err
        assert refused.value.code == 1 and message in error and "Traceback" not in error
    with pytest.raises(SystemExit) as bad:
        report_cli.main(["--period", "2022Q3", "--out", str(tmp_path / "x.txt"), "--url", notices_url])
    assert bad.value.code == 1 and "扩展名应为 .docx 或 .pdf" in capsys.readouterr().err


# ---------------------------------------------------------------- the page


def run_report(user: str | None = None, **params: str) -> AppTest:
    from dashboard.filters import PAGE_FILES

    app = app_test() if user is None else app_test(user)
    app.switch_page(PAGE_FILES["report"])
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.fixture
def downloaded(monkeypatch: pytest.MonkeyPatch) -> list[Draft]:
    """The draft each run hands to the download buttons, as edited on the page."""
    from dashboard import report

    drafts: list[Draft] = []
    original = report.download_buttons

    def capture(draft, findings, filters):  # type: ignore[no-untyped-def]
        drafts.append(draft)
        return original(draft, findings, filters)

    monkeypatch.setattr(report, "download_buttons", capture)
    return drafts


@pytest.mark.usefixtures("app_env")
def test_the_page_drafts_checks_and_takes_an_edit(downloaded: list[Draft]) -> None:
    app = run_report(period="2022Q3", region="360000")
    assert app.title[0].value == "通报起草 · 江西省 · 2022年第三季度"
    areas = {area.label: area for area in app.text_area}
    assert "共抽查政务新媒体1213家，抽查比例34.96%，合格率为96.95%，同比下降1.71%" in areas["一、总体情况"].value
    assert [warning.value for warning in app.warning] == [
        "政务新媒体：正文称抽查1213家，合格率96\\.95%（即不合格约37个），而附件2列出36个。"
    ]
    assert [button.label for button in app.get("download_button")][-2:] == ["下载 Word（.docx）", "下载 PDF"]
    fixes = next(area for area in app.text_area if area.label == "二、经验做法")
    fixes.set_value("（一）试点新做法。这是修改后的经验做法。").run()
    assert not app.exception
    edited = downloaded[-1]
    assert edited.section("practice").text == "（一）试点新做法。这是修改后的经验做法。"
    assert "这是修改后的经验做法" in body_text(opened(edited))
    app.date_input(key="report_2022Q3_360000_fix").set_value("2022-09-30").run()
    assert "于2022年9月30日前完成整改" in downloaded[-1].closing


@pytest.mark.usefixtures("app_env")
def test_a_jiujiang_viewer_drafts_jiujiang_only() -> None:
    app = run_report(TEST_VIEWER, period="2023Q1", region="360000")
    assert app.title[0].value == "通报起草 · 九江市 · 2023年第一季度"
    assert app.query_params["region"] == "360400"
    assert any("您的账号无权查看地区“360000”" in warning.value for warning in app.warning)
    areas = {area.label: area.value for area in app.text_area}
    assert "各单位共报送信息828条" in areas["一、总体情况"]


@pytest.mark.usefixtures("app_env")
def test_a_quarter_without_data_falls_back_to_the_latest_with_a_message() -> None:
    app = run_report(period="2021Q2", region="421300")
    assert app.title[0].value == "通报起草 · 随州市 · 2024年第一季度（2024年第一次）"
    assert app.query_params["period"] == "2024Q1"
    assert any("2021年第二季度" in warning.value for warning in app.warning)
