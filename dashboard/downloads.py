"""Download buttons for a page's tables: CSV and Excel per table, and one workbook for the page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial

import streamlit as st

from dashboard import labels
from dashboard.export import CSV_MIME, XLSX_MIME, Table, csv_bytes, file_name, workbook_bytes, xlsx_bytes
from data_access.clock import BEIJING


class PageDownloads:
    """Collects a page's tables; renders per-table buttons and one whole-page workbook button."""

    def __init__(self, page: str, context: Sequence[tuple[str, str]]) -> None:
        self._page = page
        self._context = tuple(context)
        self._tables: list[Table] = []

    def table(self, table: Table, *, key: str) -> None:
        """Two small buttons side by side, "下载 CSV" and "下载 Excel"; remembers the table for the workbook."""
        self._tables.append(table)
        with st.container(horizontal=True, gap="small"):
            # A callable is only run when the button is clicked, so unclicked tables cost nothing.
            st.download_button(
                labels.DOWNLOAD_CSV,
                data=partial(csv_bytes, table),
                file_name=self._file_name(table.title, ext="csv"),
                mime=CSV_MIME,
                on_click="ignore",
                key=f"{key}-csv",
            )
            st.download_button(
                labels.DOWNLOAD_XLSX,
                data=partial(xlsx_bytes, table),
                file_name=self._file_name(table.title, ext="xlsx"),
                mime=XLSX_MIME,
                on_click="ignore",
                key=f"{key}-xlsx",
            )

    def workbook(self, *, key: str) -> None:
        """One "下载本页全部表格（Excel）" button for every table shown so far; nothing when there is none."""
        if not self._tables:
            return
        st.download_button(
            labels.DOWNLOAD_WORKBOOK,
            data=partial(self._workbook_bytes, tuple(self._tables)),
            file_name=self._file_name(ext="xlsx"),
            mime=XLSX_MIME,
            help=labels.DOWNLOAD_WORKBOOK_HELP,
            on_click="ignore",
            key=key,
        )

    def _workbook_bytes(self, tables: tuple[Table, ...]) -> bytes:
        context = ((labels.EXPORT_PAGE, self._page), *self._context)
        return workbook_bytes(tables, context=context, exported_at=datetime.now(BEIJING))

    def _file_name(self, *parts: str, ext: str) -> str:
        return file_name(self._page, *(value for _, value in self._context), *parts, ext=ext)
