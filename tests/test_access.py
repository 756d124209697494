"""Access in the app: nothing before a login, and a viewer of Jiujiang (360400) sees Jiujiang and nothing else.

Every page is run in AppTest as the Jiujiang viewer, also with URLs that ask
for the province (360000) or another city (360300). Everything the page sends
to the browser is searched (texts, tables, grids, charts, the downloads' CSV
and the whole-page workbook) for anything of other cities or of the
province's own departments, as listed in notice 000.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import openpyxl
import pyarrow as pa
import pytest
import sqlalchemy as sa
from google.protobuf.json_format import MessageToJson
from streamlit.testing.v1 import AppTest

from dashboard.export import csv_bytes
from dashboard.filters import PAGE_FILES
from data_access.db import make_engine
from tests.conftest import APP_DIR, TEST_ADMIN, TEST_PASSWORD, TEST_VIEWER, app_test, ensure_test_accounts

NOTICE_000 = APP_DIR / "data_access" / "notice_data" / "000" / "checks.csv"
JIUJIANG = "360400"
# /data lists import batches, not data; a scoped editor's view of it is tested in test_data_page.py, and of
# /inspect (an editor's page) in test_inspect.py.
# /indicators (administrators) lists indicator sets, no data of a region.
DATA_PAGES = [name for name in PAGE_FILES if name not in ("accounts", "data", "inspect", "indicators")]


def _notice_rows() -> list[dict[str, str]]:
    with NOTICE_000.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


JIUJIANG_ITEMS = {(row["code"], row["name"]) for row in _notice_rows() if row["region"].startswith("3604")}
# Codes and names of everything in notice 000's lists outside Jiujiang: other cities' and the province's own.
OUTSIDE_ITEMS = {
    text
    for row in _notice_rows()
    if not row["region"].startswith("3604")
    for text in (row["code"], row["name"], row["unit"])
}


@pytest.fixture(scope="module")
def other_places(notices_url: str) -> set[str]:
    """Names of Jiangxi's other cities and their counties (Jiujiang's own and the province's name are allowed)."""
    engine = make_engine(notices_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "select name from regions where province_code = '360000' and level != 'province'"
                " and coalesce(city_code, code) != '360400'"
            )
        ).scalars()
        names = set(rows)
    engine.dispose()
    return names


def _walk(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def shown(app: AppTest, tables: list[Any] | None = None) -> str:
    """Everything the session was sent, as text: every element, every table's and grid's cells, every chart,
    and the bytes of every download (each table's CSV and the page's workbook)."""
    parts: list[str] = []
    for node in _walk(app._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        parts.append(MessageToJson(proto, ensure_ascii=False))
        if getattr(node, "type", "") == "arrow_data_frame":
            parts.append(node.value.to_csv())
        for arg in getattr(proto, "special_args", []):
            if arg.HasField("arrow_dataframe"):
                frame = pa.ipc.open_stream(arg.arrow_dataframe.data.data).read_pandas()
                parts.append(frame.to_csv())
    for table in tables or []:
        parts.append(csv_bytes(table).decode("utf-8-sig"))
    return "\n".join(parts)


def workbook_text(data: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
    )


def run_page(page: str, user: str | None = TEST_VIEWER, **params: str) -> AppTest:
    app = app_test(user)
    app.switch_page(PAGE_FILES[page])
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def unescape(markdown: str) -> str:
    """Text as the reader sees it, without the Markdown escapes formatting.plain adds."""
    return re.sub(r"\\(.)", r"\1", markdown)


def leaks(text: str, other_places: set[str]) -> list[str]:
    return sorted(item for item in (OUTSIDE_ITEMS | other_places) if item and item in text)


VIEWS = [
    {"period": "2022Q3"},
    {"period": "2022Q3", "region": "360000"},
    {"period": "2022Q3", "region": "360300"},
    {"period": "2020Q1", "region": "360000"},
    {},
]


@pytest.mark.parametrize("page", DATA_PAGES)
@pytest.mark.usefixtures("app_env")
def test_a_jiujiang_viewer_sees_nothing_outside_jiujiang_on_any_page_or_download(
    page: str, other_places: set[str], downloads: dict[str, list[Any]]
) -> None:
    for params in VIEWS:
        downloads["tables"].clear()
        downloads["workbooks"].clear()
        app = run_page(page, **params)
        text = shown(app, downloads["tables"]) + "\n".join(workbook_text(data) for data in downloads["workbooks"])
        assert not leaks(text, other_places), (params, leaks(text, other_places))
        assert "九江市" in text, params
        asked = params.get("region")
        warnings = [warning.value for warning in app.warning]
        if asked:
            assert f"您的账号无权查看地区“{asked}”，已显示九江市。" in warnings
            assert app.query_params.get("region") == JIUJIANG
        assert not app.error, [error.value for error in app.error]


@pytest.mark.parametrize("page", ["problems", "rectification", "regions"])
@pytest.mark.usefixtures("app_env")
def test_the_jiujiang_items_of_notice_000_are_there_for_its_viewer(
    page: str, other_places: set[str], downloads: dict[str, list[Any]]
) -> None:
    app = run_page(page, period="2022Q3", region="360300")
    text = shown(app, downloads["tables"])
    for code, name in JIUJIANG_ITEMS:
        assert code in text and name in text, (page, code, name)
    assert not leaks(text, other_places)


@pytest.mark.usefixtures("app_env")
def test_the_region_picker_offers_only_jiujiang() -> None:
    app = run_page("overview", period="2022Q3")
    pickers = {box.key: box for box in app.sidebar.selectbox if box.key.startswith("filter_")}
    assert pickers["filter_province"].options == ["江西省"] and pickers["filter_province"].disabled
    assert pickers["filter_city"].options == ["九江市"] and pickers["filter_city"].disabled
    counties = pickers["filter_county"].options
    assert counties[0] == "全部" and "德安县" in counties and not set(counties) & {"湘东区", "安源区", "东湖区"}


@pytest.mark.usefixtures("app_env")
def test_cached_results_are_not_shared_between_scopes(other_places: set[str]) -> None:
    national = run_page("problems", user=TEST_ADMIN, period="2022Q3", region="360000")
    assert "省粮食和物资储备局政府网站" in shown(national)
    scoped = run_page("problems", period="2022Q3", region="360000")  # the admin's results are in the cache now
    assert not leaks(shown(scoped), other_places)


@pytest.mark.parametrize("page", PAGE_FILES)
@pytest.mark.usefixtures("app_env")
def test_nothing_of_the_data_is_shown_before_a_login(page: str) -> None:
    ensure_test_accounts(_url())
    app = run_page(page, user=None, period="2022Q3", region="360000")
    assert [title.value for title in app.title] == ["登录"]
    assert not app.dataframe and not app.metric and not app.get("plotly_chart") and not app.selectbox
    text = shown(app)
    for word in ("江西省", "九江市", "全国", "94.75%", "552"):
        assert word not in text
    assert [box.label for box in app.text_input] == ["账号", "密码"]


def _url() -> str:
    import os

    return os.environ["DASHBOARD_DATABASE_URL"]


@pytest.mark.usefixtures("app_env")
def test_a_forged_or_ended_session_token_gets_the_login_page() -> None:
    from dashboard import auth
    from data_access import sessions, users

    app = app_test(TEST_VIEWER)
    token = app.session_state[auth.TOKEN_KEY]
    _, _, signature = token.partition(".")
    forged = sessions._b64(json.dumps({"u": TEST_ADMIN, "v": 0, "exp": 4102444800}).encode()) + "." + signature
    app.session_state[auth.TOKEN_KEY] = forged
    app.run()
    assert [title.value for title in app.title] == ["登录"]
    app = app_test(TEST_VIEWER).run()
    assert app.title[0].value != "登录"
    engine = make_engine(_url())
    with engine.begin() as conn:
        users.end_sessions(conn, user_name=TEST_VIEWER)  # a logout elsewhere ends this session too
    engine.dispose()
    app.run()
    assert [title.value for title in app.title] == ["登录"]


@pytest.mark.usefixtures("app_env")
def test_the_login_form_logs_in_and_the_logout_button_logs_out() -> None:
    ensure_test_accounts(_url())
    app = app_test(None).run()
    app.text_input(key="login_user").input(TEST_VIEWER)
    app.text_input(key="login_password").input("wrong-password")
    app.button[0].click().run()
    assert app.error[0].value == "账号或密码错误。"
    app.text_input(key="login_user").input(TEST_VIEWER)
    app.text_input(key="login_password").input(TEST_PASSWORD)
    app.button[0].click().run()
    assert not app.exception
    assert app.title[0].value.startswith("九江市")
    assert any("九江查看员" in caption.value for caption in app.sidebar.caption)
    html = [node.proto.body for node in _walk(app._tree) if getattr(node, "type", "") == "html"]
    assert any("dashboard_session=" in body and "SameSite=Strict" in body for body in html)
    app.button(key="logout").click().run()
    assert [title.value for title in app.title] == ["登录"]
    assert TEST_PASSWORD not in shown(app)


@pytest.mark.usefixtures("app_env")
def test_only_an_admin_opens_the_accounts_page_and_it_shows_no_password_or_hash(
    downloads: dict[str, list[Any]],
) -> None:
    viewer = run_page("accounts")
    assert [error.value for error in viewer.error] == ["您的账号无权打开此页面。"]
    assert not viewer.dataframe
    admin = run_page("accounts", user=TEST_ADMIN)
    assert admin.title[0].value == "账号管理"
    frame = admin.dataframe[0].value
    assert {TEST_ADMIN, TEST_VIEWER} <= set(frame["账号"])
    assert frame.set_index("账号").loc[TEST_VIEWER, "可查看地区"] == "九江市（360400）"
    text = shown(admin, downloads["tables"]) + "\n".join(workbook_text(data) for data in downloads["workbooks"])
    assert "$2b$" not in text and TEST_PASSWORD not in text
    assert "操作日志" in text and "新建账号" in text


@pytest.mark.usefixtures("app_env")
def test_an_admin_adds_disables_and_resets_an_account_on_the_page() -> None:
    from data_access import users

    app = run_page("accounts", user=TEST_ADMIN)
    app.text_input(key="account_add_name").input("pingxiang-1")
    app.selectbox(key="account_add_role").set_value("viewer")
    app.text_input(key="account_add_region").input("360300")
    app.text_input(key="account_add_password").input("short")
    next(b for b in app.button if b.label == "新建账号").click().run()
    assert "密码太短" in app.error[0].value
    app.text_input(key="account_add_password").input("pingxiang-password")
    next(b for b in app.button if b.label == "新建账号").click().run()
    assert unescape(app.success[0].value) == "已新建账号 pingxiang-1。"
    app.selectbox(key="account_change_name").set_value("pingxiang-1")
    next(b for b in app.button if b.label == "停用").click().run()
    assert "已停用账号 pingxiang-1" in unescape(app.success[0].value)
    app.selectbox(key="account_change_name").set_value("pingxiang-1")
    app.text_input(key="account_change_password").input("another-password")
    next(b for b in app.button if b.label == "重设密码").click().run()
    engine = make_engine(_url())
    with engine.begin() as conn:
        account = users.get_account(conn, "pingxiang-1")
        assert account is not None and not account.active and account.region_code == "360300"
        assert users.authenticate(conn, "pingxiang-1", "another-password").reason == "disabled"
        log = conn.execute(sa.text("select action, detail from audit_log where user_name = :u"), {"u": TEST_ADMIN})
        entries = set(log.all())
    engine.dispose()
    assert ("account_add", "pingxiang-1 role=viewer region=360300") in entries
    assert ("account_disable", "pingxiang-1") in entries and ("password_set", "pingxiang-1") in entries
    audit = next(frame.value for frame in app.dataframe if "操作" in frame.value.columns)
    assert "新建账号" in set(audit["操作"])


@pytest.mark.usefixtures("app_env")
def test_the_drill_down_starts_at_the_viewers_own_region() -> None:
    app = run_page("regions", period="2022Q3", region="360426")
    links = [link.proto.label for link in app.get("page_link")]
    assert links[0] == "九江市" and "全国" not in links and "江西省" not in links
    assert app.title[0].value == "德安县 · 2022年第三季度"


def test_a_store_without_accounts_asks_for_the_first_administrator(
    backend: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from data_access.db import migrate
    from data_access.sample_data import load_notices
    from tests.conftest import fresh_store_url, serve

    url = fresh_store_url(backend, tmp_path, name="first_admin")
    engine = make_engine(url)
    migrate(engine)
    load_notices(engine)
    engine.dispose()
    for _ in serve(url, monkeypatch):
        app = app_test(None).run()
        assert [title.value for title in app.title] == ["创建首个管理员"]
        assert not app.dataframe and not app.metric and "江西省" not in shown(app)
        app.text_input(key="first_user").input("chief")
        app.text_input(key="first_password").input("chief-password")
        app.text_input(key="first_again").input("chief-passwort")
        app.button[0].click().run()
        assert app.error[0].value == "两次输入的密码不一致。"
        app.text_input(key="first_user").input("chief")
        app.text_input(key="first_password").input("chief-password")
        app.text_input(key="first_again").input("chief-password")
        app.button[0].click().run()
        assert not app.exception and app.title[0].value != "创建首个管理员"
        assert any("chief（管理员，全国）" in unescape(caption.value) for caption in app.sidebar.caption)
        again = app_test(None).run()  # another session now gets the login form, not a second first administrator
        assert [title.value for title in again.title] == ["登录"]
