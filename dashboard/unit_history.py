"""One unit's history panel, opened from a table row on /content and /disclosure: its heading and its table."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.downloads import PageDownloads
from dashboard.export import Table
from dashboard.filters import show_history
from dashboard.formatting import DASH
from dashboard.tables import table_height


def heading(title: str, *, close_label: str, key: str) -> None:
    """The panel's title, with the button that closes it."""
    header = st.container(horizontal=True, vertical_alignment="center")
    header.subheader(title, width="content")
    if header.button(close_label, key=key):
        show_history(None)


def shown(table: pd.DataFrame, export: Table, downloads: PageDownloads, *, config: dict[str, Any], key: str) -> None:
    """The unit's periods, one row each, and their download."""
    st.dataframe(
        table,
        hide_index=True,
        placeholder=DASH,
        width="stretch",
        height=table_height(len(table)),
        column_config=config,
        key=key,
    )
    downloads.table(export, key=f"{key}_download")
