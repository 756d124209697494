"""Every chart of every page is drawn the one way (charts.draw): Plotly's own texts in Chinese, no logo."""

from __future__ import annotations

import json

import pytest

from dashboard.filters import PAGE_FILES
from tests.conftest import app_test

# A view of the notices' data in which each page draws its charts, and how many it draws there at least.
CHARTED = [
    ("overview", {"region": "360000", "period": "2020Q1"}, 2),
    ("regions", {"region": "360000", "period": "2020Q1"}, 2),  # the bars and the map
    ("compare", {"region": "360000", "period": "2020Q1"}, 1),
    ("problems", {"region": "360000", "period": "2022Q3"}, 2),
    ("rectification", {"region": "360000", "period": "2022Q3"}, 2),
    ("content", {"region": "360400", "period": "2023Q1"}, 4),
    ("disclosure", {"region": "360000", "period": "2020Q1"}, 1),
]


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize(("page", "params", "at_least"), CHARTED, ids=[case[0] for case in CHARTED])
def test_every_chart_speaks_chinese_and_shows_no_logo(page: str, params: dict[str, str], at_least: int) -> None:
    app = app_test()
    app.switch_page(PAGE_FILES[page])
    for name, value in params.items():
        app.query_params[name] = value
    app.run(timeout=60)
    assert not app.exception
    configs = [json.loads(chart.proto.config) for chart in app.get("plotly_chart")]
    assert len(configs) >= at_least
    for config in configs:
        assert config["locale"] == "zh-CN" and "zh-CN" in config["locales"]
        assert config["displaylogo"] is False
