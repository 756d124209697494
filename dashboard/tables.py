"""What every table of the app shares: its height, and reading pandas 3's missing values."""

from __future__ import annotations

import pandas as pd

ROW_HEIGHT = 35  # pixels of one st.dataframe row, the header row included
DEFAULT_MAX_ROWS = 16


def table_height(rows: int, *, max_rows: int = DEFAULT_MAX_ROWS) -> int:
    """A height that shows ``rows`` rows without scrolling, up to ``max_rows``."""
    return ROW_HEIGHT * (min(rows, max_rows) + 1) + 3


def given(value: object) -> bool:
    """False for None, NaN (pandas 3 reads a missing text as NaN) and the empty string."""
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value != ""


def whole_numbers(values: pd.Series) -> pd.Series:
    """Counts as nullable integers, so a missing count stays missing rather than becoming 0 or NaN."""
    return pd.to_numeric(values, errors="coerce").round().astype("Int64")
