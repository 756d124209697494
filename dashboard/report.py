"""/report: the quarter's notice (通报) drafted from the store, edited section by section, checked, downloaded.

The draft comes from ``data_access.report`` (cached like every query); what the user types lives in
the session under keys that name the period and region, so two drafts never mix. Every figure a
section states is listed under it, computed ones marked 计算值; the check lists every figure of the
text its annexes do not bear out before the download buttons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import labels, store
from dashboard.downloads import PageDownloads
from dashboard.export import Table, file_name
from dashboard.filters import Filters, period_name
from dashboard.formatting import plain
from dashboard.tables import table_height
from data_access.periods import period_label
from data_access.regions import Region
from data_access.report.check import Mismatch, check
from data_access.report.draft import NothingToReport, build_draft, closing_text
from data_access.report.model import GENERATED, NARRATIVE, Annex, Draft, Section
from data_access.report.pdf import font_files, notice_pdf
from data_access.report.word import notice_docx
from data_access.scope import Scope

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"
ORIGIN_LABELS = {
    GENERATED: labels.REPORT_ORIGIN_GENERATED,
    NARRATIVE: labels.REPORT_ORIGIN_NARRATIVE,
}
LINES_SHOWN = 14  # rows of text an edit box shows before it scrolls


def draft(scope: Scope, filters: Filters) -> Draft | None:
    """The store's draft for the filters' period and region; None (and a Chinese message) when there is nothing."""
    assert filters.period is not None
    try:
        return store.run(build_draft, scope=scope, period=filters.period, region=filters.region)
    except NothingToReport:
        return None


def _key(filters: Filters, name: str) -> str:
    """A widget key of one draft: edits of 江西省 2020Q1 never show in 九江市's draft."""
    return f"report_{filters.period}_{filters.region or 'national'}_{name}"


def context(scope: Scope, filters: Filters, region: Region | None) -> list[tuple[str, str]]:
    """What the page's downloads record about the view: 期次 and 地区."""
    return [
        (labels.FILTER_PERIOD, period_name(scope, filters)),
        (labels.REGION_NAME, region.name if region else labels.NATIONAL),
    ]


def title(scope: Scope, filters: Filters, region: Region | None) -> str:
    name = region.name if region else labels.NATIONAL
    return labels.REPORT_TITLE.format(region=name, period=period_name(scope, filters) if filters.period else "")


def edited(generated: Draft, filters: Filters) -> Draft:
    """The draft as the user has edited it: head, sections, closing and contact lines."""
    st.subheader(labels.REPORT_HEAD)
    head = st.container(border=True)
    title_text = head.text_input(labels.REPORT_FIELD_TITLE, generated.title, key=_key(filters, "title"))
    left, right = head.columns(2)
    number = left.text_input(labels.REPORT_FIELD_NUMBER, generated.number, key=_key(filters, "number"))
    issuer = right.text_input(labels.REPORT_FIELD_ISSUER, generated.issuer, key=_key(filters, "issuer"))
    addressees = head.text_input(labels.REPORT_FIELD_TO, generated.addressees, key=_key(filters, "to"))
    dates = head.columns(3)
    issued_on = dates[0].date_input(
        labels.REPORT_FIELD_ISSUED, generated.issued_on, key=_key(filters, "issued"), format="YYYY-MM-DD"
    )
    rectification_due = dates[1].date_input(
        labels.REPORT_FIELD_FIX_BY, generated.rectification_due, key=_key(filters, "fix"), format="YYYY-MM-DD"
    )
    report_due = dates[2].date_input(
        labels.REPORT_FIELD_REPORT_BY, generated.report_due, key=_key(filters, "report"), format="YYYY-MM-DD"
    )
    head.caption(labels.REPORT_DATES_HELP)
    opening = st.text_area(labels.REPORT_FIELD_OPENING, generated.opening, key=_key(filters, "opening"), height=110)
    texts = {section.key: _section(section, filters) for section in generated.sections}
    deadlines = f"{rectification_due or ''}_{report_due or ''}_{issuer}"
    closing = st.text_area(
        labels.REPORT_FIELD_CLOSING,
        closing_text(issuer, _day(rectification_due), _day(report_due)),
        key=_key(filters, f"closing_{deadlines}"),  # new dates or issuer: the sentence is written anew
        height=90,
    )
    contact = st.text_area(labels.REPORT_FIELD_CONTACT, generated.contact, key=_key(filters, "contact"), height=70)
    return replace(
        generated.with_sections(texts),
        title=title_text.strip() or generated.title,
        number=number.strip(),
        issuer=issuer.strip() or generated.issuer,
        addressees=addressees.strip(),
        issued_on=_day(issued_on),
        rectification_due=_day(rectification_due),
        report_due=_day(report_due),
        opening=opening.strip(),
        closing=closing.strip(),
        contact=contact.strip(),
    )


def _day(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _section(section: Section, filters: Filters) -> str:
    """One section's text, editable; under it where the text comes from and every figure it states."""
    lines = max(4, min(LINES_SHOWN, sum(1 + len(p.text) // 60 for p in section.paragraphs)))
    text = st.text_area(section.heading, section.text, key=_key(filters, section.key), height=lines * 24 + 20)
    notes = [ORIGIN_LABELS.get(section.origin, labels.REPORT_ORIGIN_TEMPLATE)]
    figures = section.figures
    if figures:
        stated = "、".join(
            labels.COMPUTED_LABEL.format(label=f"{f.label}{f.shown}") if f.computed else f"{f.label}{f.shown}"
            for f in figures
        )
        notes.append(labels.REPORT_FIGURES.format(figures=stated))
    st.caption(plain("；".join(notes)))
    return text


def annexes(draft: Draft, downloads: PageDownloads) -> None:
    """Each annex as the table the document will hold, downloadable like every table."""
    st.subheader(labels.REPORT_ANNEXES)
    if not draft.annexes:
        st.caption(labels.REPORT_NO_ANNEXES)
        return
    st.caption(labels.REPORT_ANNEXES_HELP)
    for number, annex in enumerate(draft.annexes, start=1):
        with st.expander(labels.REPORT_ANNEX.format(number=number, title=annex.title)):
            frame = annex_frame(annex)
            st.dataframe(
                frame, hide_index=True, width="stretch", height=table_height(len(frame)), key=f"report_annex_{number}"
            )
            downloads.table(Table(f"附件{number} {annex.title}", frame), key=f"report_annex_{number}_download")


def annex_frame(annex: Annex) -> pd.DataFrame:
    """An annex's rows as text columns under its headers."""
    return pd.DataFrame(list(annex.rows), columns=list(annex.columns), dtype=str)


def checked(draft: Draft) -> list[Mismatch]:
    """The check, shown: every figure of the text the annexes do not bear out, else that all agree."""
    st.subheader(labels.REPORT_CHECK)
    findings = check(draft)
    if findings:
        for finding in findings:
            st.warning(plain(finding.sentence))
    else:
        st.success(labels.REPORT_CHECK_OK)
    return findings


def download_buttons(draft: Draft, findings: list[Mismatch], filters: Filters) -> None:
    """The notice as .docx and, where a Chinese font is installed, as PDF; each named after region and period."""
    assert filters.period is not None
    stem = (labels.REPORT_FILE, draft.region_name, period_label(filters.period))
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        labels.REPORT_DOWNLOAD_DOCX,
        data=partial(notice_docx, draft, findings=tuple(findings)),
        file_name=file_name(*stem, ext="docx"),
        mime=DOCX_MIME,
        on_click="ignore",
        type="primary",
        key="report_docx",
    )
    if font_files() is None:
        st.caption(labels.REPORT_NO_PDF_FONT)
        return
    row.download_button(
        labels.REPORT_DOWNLOAD_PDF,
        data=partial(notice_pdf, draft, findings=tuple(findings)),
        file_name=file_name(*stem, ext="pdf"),
        mime=PDF_MIME,
        on_click="ignore",
        key="report_pdf",
    )
