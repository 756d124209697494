"""The import page (/data) in AppTest: upload, check, confirm, the batches, undo, templates, bad URLs.

Imports write, so every test that imports gets a store of its own (the notices, on SQLite and PostgreSQL).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard import data_import
from data_access.db import make_engine, migrate
from data_access.imports.batches import list_batches
from data_access.imports.kinds import KINDS
from data_access.imports.templates import template_xlsx
from data_access.sample_data import load_notices
from tests.conftest import APP_DIR, TEST_ADMIN, TEST_EDITOR, TEST_VIEWER, app_test, fresh_store_url, serve

APP = str(APP_DIR / "streamlit_app.py")
PAGE = "pages/data.py"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def store_url(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A notices store of this test's own, served to the app."""
    url = fresh_store_url(backend, tmp_path, name="data_page")
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    engine.dispose()
    yield from serve(url, monkeypatch)


def run_data(user: str = TEST_ADMIN, **params: str) -> AppTest:
    app = app_test(user)
    app.switch_page(PAGE)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def texts(app: AppTest) -> str:
    """Everything the page says in alerts, captions and Markdown, Markdown escapes removed."""
    elements = [*app.success, *app.info, *app.warning, *app.error, *app.caption, *app.markdown]
    return "\n".join(re.sub(r"\\(.)", r"\1", str(element.value)) for element in elements)


def frame_with(app: AppTest, column: str) -> pd.DataFrame:
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def problem_sites(*rows: tuple[str, str, str, str, str]) -> bytes:
    """附件2-shaped: a title, a caption with the quarter, the header, one site per row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["附件2"])
    sheet.append(["2024年第二季度检查发现问题的政府网站名单"])
    sheet.append(["序号", "网站名称", "网站标识码", "首页网址", "主要存在问题", "主办单位"])
    for seq, row in enumerate(rows, start=1):
        sheet.append([seq, *row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SITE = ("九江市审计局", "3604000012", "http://sjj.jiujiang.gov.cn/", "“工作动态”栏目超过2周未更新", "九江市审计局")


def upload(app: AppTest, name: str, data: bytes) -> AppTest:
    app.file_uploader[0].set_value((name, data, XLSX)).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def pickers(app: AppTest, name: str, level: str = "") -> list:  # type: ignore[type-arg]
    """The page's selectboxes for ``name`` (sheet, kind, period, region; a region's ``level``), keyed per file."""
    pattern = re.compile(rf"data_{name}_[0-9a-f]{{16}}" + (rf"_{level}_" if level else ""))
    return [box for box in app.selectbox if pattern.match(box.key)]


def choose_region(app: AppTest, province: str, city: str | None = None) -> None:
    pickers(app, "region", "province")[0].set_value(province).run()
    if city:
        pickers(app, "region", "city")[0].set_value(city).run()


def test_a_problem_list_is_checked_then_written_then_undone(store_url: str) -> None:
    app = run_data(region="360400")  # the URL's region fills the picker; the title gives the quarter
    assert app.title[0].value == "数据导入"
    data = problem_sites(SITE)
    upload(app, "附件2.xlsx", data)
    said = texts(app)
    assert "根据表头识别为：问题网站名单" in said and "文件标题写明了期次：2024年第二季度" in said
    assert [box.value for box in pickers(app, "kind")] == ["site_problems"]
    assert [box.value for box in pickers(app, "period")] == ["2024Q2"]
    assert [box.value for box in pickers(app, "region", "city")] == ["360400"]
    assert app.button(key="data_confirm").disabled  # nothing checked yet

    app.button(key="data_check").click().run()
    assert "检查通过：共 1 行，可以导入。" in texts(app)
    assert "将写入" in texts(app) and "检查记录：1 条" in texts(app)
    preview = frame_with(app, "问题")
    assert preview.iloc[0][["网站名称", "网站标识码", "问题"]].tolist() == ["九江市审计局", "3604000012", ""]
    assert not app.button(key="data_confirm").disabled

    app.button(key="data_confirm").click().run()
    assert not app.exception
    said = texts(app)
    assert "已导入 1 行（批次" in said and "查看导入的数据" in said
    links = {link.proto.label: (link.proto.page, link.proto.query_string) for link in app.get("page_link")}
    assert links["问题清单 · 九江市 · 2024年第二季度"][1] == "period=2024Q2&region=360400"
    assert links["地区下钻 · 九江市 · 2024年第二季度"][1] == "period=2024Q2&region=360400"
    assert "概况 · 九江市 · 2024年第二季度" in links
    assert app.file_uploader[0].key != "data_uploader_0"  # a new, empty uploader
    batches = frame_with(app, "批次")
    newest = batches.iloc[0]
    assert (newest["文件名"], newest["表格类型"], newest["期次"], newest["地区"], newest["状态"]) == (
        "附件2.xlsx",
        "问题网站名单",
        "2024年第二季度",
        "九江市",
        "有效",
    )
    assert "检查记录 1" in newest["写入明细"]
    engine = make_engine(store_url)
    with engine.connect() as conn:
        written = list_batches(conn).iloc[0]
    batch_id = int(written["id"])
    # Beijing time is the store's UTC time plus eight hours.
    created = pd.Timestamp(written["created_at"])
    utc = created.tz_convert("UTC").tz_localize(None) if created.tzinfo else created
    assert newest["导入时间（北京时间）"] == (utc + pd.Timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")

    # The same file again: the check says it is there already, and the write stays disabled.
    upload(app, "附件2 副本.xlsx", data)
    app.button(key="data_check").click().run()
    assert f"（批次 {batch_id}），未重复写入" in texts(app)
    assert app.button(key="data_confirm").disabled

    # Undo: pick the batch, ask, confirm.
    app.selectbox(key="data_undo_pick").set_value(batch_id).run()
    app.button(key="data_undo_ask").click().run()
    assert f"确认撤销批次 {batch_id}（附件2.xlsx）" in texts(app)
    app.button(key="data_undo_yes").click().run()
    assert not app.exception
    assert f"已撤销批次 {batch_id}：" in texts(app) and "检查记录：1 条" in texts(app)
    assert frame_with(app, "批次").iloc[0]["状态"] == "已撤销"
    with engine.connect() as conn:
        left = sa.text("select count(*) from check_results where import_id = :i")
        assert conn.execute(left, {"i": batch_id}).scalar() == 0
    engine.dispose()


def test_a_refused_file_lists_its_problems_and_cannot_be_written(store_url: str) -> None:
    app = run_data()
    bad = (SITE[0], "36040000", SITE[2], "", SITE[4])  # a code of 8 digits, no problem text
    upload(app, "附件2.xlsx", problem_sites(bad))
    choose_region(app, "360000", "360400")
    app.button(key="data_check").click().run()
    said = texts(app)
    assert "文件有 2 处问题，涉及 1 行，未写入任何数据。" in said
    issues = frame_with(app, "列")
    assert issues.to_dict("records") == [
        {"行号": 4, "列": "网站标识码", "问题": "网站标识码应为10位数字，而不是“36040000”"},
        {"行号": 4, "列": "主要存在问题", "问题": "不能为空"},
    ]
    preview = frame_with(app, "问题")
    assert "网站标识码应为10位数字" in preview.iloc[0]["问题"]
    assert app.button(key="data_confirm").disabled
    # Changing a choice makes the check stale: it has to be run again.
    pickers(app, "period")[0].set_value("2024Q1").run()
    assert "选择已改变，请重新检查。" in texts(app) and app.button(key="data_confirm").disabled


def test_a_file_that_is_not_a_table_gets_one_chinese_line(store_url: str) -> None:
    app = run_data()
    upload(app, "附件.xlsx", b"PK\x03\x04 not really a workbook")
    assert [e.value for e in app.error] == ["无法读取该文件：文件已损坏或不完整。"]
    assert "data_check" not in [b.key for b in app.button]


def test_several_sheets_get_a_picker_and_the_kind_can_be_changed(store_url: str) -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx("account_problems")))
    buffer = io.BytesIO()
    book.save(buffer)
    app = run_data(period="2024Q2", region="360400")
    upload(app, "模板.xlsx", buffer.getvalue())
    sheet = pickers(app, "sheet")[0]
    assert sheet.options == ["问题政务新媒体名单", "填写说明"] and sheet.value == "问题政务新媒体名单"
    kind = pickers(app, "kind")[0]
    assert kind.value == "account_problems" and len(kind.options) == len(KINDS)
    assert kind.options[0].startswith("问题政务新媒体名单（对上 8 列）")
    # The URL's period fills the picker when the file's title does not say one.
    assert pickers(app, "period")[0].value == "2024Q2"
    # A kind without period and region: the pickers go.
    kind.set_value("registry_accounts").run()
    assert not pickers(app, "period") and not pickers(app, "region")


def test_bad_url_values_are_dropped_with_a_chinese_message(store_url: str) -> None:
    app = run_data(period="2024Q9", region="[x](https://example.org)")
    warnings = [w.value for w in app.warning]
    assert any("期次“2024Q9”无法识别" in w for w in warnings)
    assert any("不存在" in w and "https\\:\u200b//" in w for w in warnings)  # escaped, never a link
    assert "period" not in app.query_params and "region" not in app.query_params


def test_the_batches_table_and_templates_are_there_on_a_fresh_page(store_url: str) -> None:
    app = run_data()
    batches = frame_with(app, "批次")
    assert list(batches.columns) == list(data_import.labels.DATA_BATCH_COLUMNS.values())
    assert batches.iloc[0]["表格类型"] == "通报数据" and batches.iloc[0]["状态"] == "有效"
    names = [button.label for button in app.get("download_button")]
    assert names.count("Excel 模板") == len(KINDS) and names.count("CSV 模板") == len(KINDS)
    assert "data_undo_pick" in [s.key for s in app.selectbox]


def test_a_batch_is_recorded_under_the_logged_in_account(store_url: str) -> None:
    app = run_data()
    upload(app, "附件2.xlsx", problem_sites(SITE))
    choose_region(app, "360000", "360400")
    app.button(key="data_check").click().run()
    app.button(key="data_confirm").click().run()
    assert frame_with(app, "批次").iloc[0]["导入人"] == TEST_ADMIN


def test_a_viewer_cannot_open_the_import_page(store_url: str) -> None:
    app = run_data(user=TEST_VIEWER)
    assert [e.value for e in app.error] == [data_import.labels.AUTH_FORBIDDEN]
    assert not app.file_uploader and not app.title


def test_an_undo_that_would_orphan_other_batches_is_refused_in_chinese(store_url: str) -> None:
    app = run_data()
    first = int(frame_with(app, "批次")["批次"].min())  # the regions every later batch refers to
    app.selectbox(key="data_undo_pick").set_value(first).run()
    app.button(key="data_undo_ask").click().run()
    app.button(key="data_undo_yes").click().run()
    assert not app.exception
    [error] = [e.value for e in app.error]
    assert f"批次 {first} 不能撤销" in re.sub(r"\\(.)", r"\1", error)
    assert (frame_with(app, "批次")["状态"] == "有效").all()


def test_an_empty_store_can_still_be_filled_from_the_page(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = fresh_store_url(backend, tmp_path, name="data_page_empty")
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    for _ in serve(url, monkeypatch):
        app = run_data()
        assert any("还没有检查数据" in w.value for w in app.warning)  # the router says so, and goes on
        assert app.title[0].value == "数据导入" and app.file_uploader
        assert "还没有导入记录。" in texts(app)
        overview = app_test().run()
        assert not overview.title  # every other page stops at the message


def test_a_jiujiang_editor_imports_into_jiujiang_only_and_sees_only_its_batches(store_url: str) -> None:
    app = run_data(user=TEST_EDITOR, region="360000")  # a region outside the account's: not taken
    assert [box.value for box in pickers(app, "region", "city")] == []  # no file yet: no pickers
    upload(app, "附件2.xlsx", problem_sites(SITE))
    assert [box.value for box in pickers(app, "region", "city")] == ["360400"]  # its own region instead
    pickers(app, "region", "city")[0].set_value("").run()  # only the province: outside the scope
    app.button(key="data_check").click().run()
    assert frame_with(app, "列")["问题"].tolist() == ["地区“360000”不在本账号负责的地区范围内"]
    assert app.button(key="data_confirm").disabled
    choose_region(app, "360000", "360400")
    app.button(key="data_check").click().run()
    app.button(key="data_confirm").click().run()
    assert "已导入 1 行（批次" in texts(app)
    batches = frame_with(app, "批次")  # the notices' batches belong to no region: not this account's
    assert batches[["文件名", "地区", "导入人"]].values.tolist() == [["附件2.xlsx", "九江市", TEST_EDITOR]]
