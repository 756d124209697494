"""A drafted notice as a Word document (.docx), laid out as official documents are (GB/T 9704).

A4 with the standard margins; the title in 方正小标宋简体, headings in 黑体 and 楷体_GB2312, the body
in 仿宋_GB2312, each named in the document's font table with the font Word uses where it is not
installed (宋体, 黑体, 楷体, 仿宋); page numbers "— 1 —" in the footer; each annex on its own page
as a real Word table whose header row repeats on every page. A last page, 起草说明, lists the
computed figures and the check's findings, marked to be deleted before the notice is issued.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from lxml import etree

from data_access.report.check import Mismatch, drafting_note
from data_access.report.model import Annex, Draft, annex_list_line, chinese_date, header_rows

# Each font as Word is told to use it, and the font it falls back to where it is not installed.
TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"
FALLBACKS = {TITLE_FONT: "宋体", HEADING_FONT: "SimHei", SUBHEADING_FONT: "楷体", BODY_FONT: "仿宋"}
LATIN_FONT = "Times New Roman"
SIZE_2, SIZE_3, SIZE_4, SIZE_5 = Pt(22), Pt(16), Pt(14), Pt(10.5)  # 二号, 三号, 四号, 五号
LINE = Pt(28)  # fixed line height of the body: 22 lines a page
# (style name, font, size, centred) of every paragraph style the notice uses.
STYLES = {
    "通报标题": (TITLE_FONT, SIZE_2, True),
    "通报正文": (BODY_FONT, SIZE_3, False),
    "一级标题": (HEADING_FONT, SIZE_3, False),
    "附件标题": (TITLE_FONT, Pt(18), True),
    "表格文字": (BODY_FONT, SIZE_5, False),
}
_SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）[^。]*。")


def notice_docx(draft: Draft, *, findings: Sequence[Mismatch] = ()) -> bytes:
    """``draft`` as the bytes of a .docx file; ``findings`` (the check's) go on the drafting note."""
    document = docx.Document()
    _page_setup(document)
    _styles(document)
    _font_table(document)
    _body(document, draft)
    for number, annex in enumerate(draft.annexes, start=1):
        _annex(document, number, annex)
    _drafting_note(document, draft, findings)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- layout


def _page_setup(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.PORTRAIT
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    _field(footer, "PAGE")
    footer.add_run(" —")
    for run in footer.runs:
        _font(run, BODY_FONT, SIZE_4)


def _field(paragraph: Paragraph, code: str) -> None:
    """A Word field (PAGE) in ``paragraph``: Word fills it in when it lays the page out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _styles(document: Document) -> None:
    for name, (font, size, centred) in STYLES.items():
        style = document.styles.add_style(name, 1)  # WD_STYLE_TYPE.PARAGRAPH
        assert isinstance(style, ParagraphStyle)
        style.base_style = document.styles["Normal"]
        style.font.size = size
        _rfonts(style.element.get_or_add_rPr(), font)
        layout = style.paragraph_format
        layout.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY
        layout.space_before = layout.space_after = Pt(0)
        if name in ("通报正文", "一级标题"):
            layout.line_spacing = LINE
            layout.first_line_indent = Pt(32)  # two characters of 三号
        if name == "表格文字":
            layout.line_spacing = 1.0


def _rfonts(rpr: object, font: str) -> None:
    """Set every script's font of a run or style to ``font`` (Latin text in Times New Roman)."""
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:cs"), font)


def _font(run: object, font: str, size: Pt) -> None:
    run.font.size = size  # type: ignore[attr-defined]
    _rfonts(run._r.get_or_add_rPr(), font)  # type: ignore[attr-defined]


def _font_table(document: Document) -> None:
    """Name each font with the one Word substitutes where it is missing (w:altName), in the font table part."""
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    fonts = etree.fromstring(part.blob)
    for font, fallback in FALLBACKS.items():
        entry = etree.SubElement(fonts, qn("w:font"))
        entry.set(qn("w:name"), font)
        etree.SubElement(entry, qn("w:altName")).set(qn("w:val"), fallback)
        etree.SubElement(entry, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------- the notice


def _body(document: Document, draft: Draft) -> None:
    document.add_paragraph(draft.title, style="通报标题")
    if draft.number:
        number = document.add_paragraph(draft.number, style="通报正文")
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        number.paragraph_format.first_line_indent = Pt(0)
    blank = document.add_paragraph("", style="通报正文")
    blank.paragraph_format.first_line_indent = Pt(0)
    to = document.add_paragraph(draft.addressees, style="通报正文")
    to.paragraph_format.first_line_indent = Pt(0)
    document.add_paragraph(draft.opening, style="通报正文")
    for section in draft.sections:
        document.add_paragraph(section.heading, style="一级标题")
        for paragraph in section.paragraphs:
            _body_paragraph(document, paragraph.text)
    _body_paragraph(document, draft.closing)
    _body_paragraph(document, draft.contact)
    if draft.annexes:
        document.add_paragraph("", style="通报正文")
        for index, line in enumerate(annex_list_line(draft.annexes).split("\n")):
            annex = document.add_paragraph(line if index == 0 else line.strip(), style="通报正文")
            if index:
                annex.paragraph_format.left_indent = Pt(16 * 5)  # under the first title, after 附件：
                annex.paragraph_format.first_line_indent = Pt(0)
    document.add_paragraph("", style="通报正文")
    for text in (draft.issuer, chinese_date(draft.issued_on) if draft.issued_on else "（印发日期）"):
        signed = document.add_paragraph(text, style="通报正文")
        signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        signed.paragraph_format.right_indent = Pt(64)


def _body_paragraph(document: Document, text: str) -> None:
    """A body paragraph; its lead-in （一）…。 in 楷体, as notices set it."""
    paragraph = document.add_paragraph(style="通报正文")
    lead = _SUBHEADING.match(text)
    if lead:
        _font(paragraph.add_run(lead.group(0)), SUBHEADING_FONT, SIZE_3)
        text = text[lead.end() :]
    paragraph.add_run(text)


# ---------------------------------------------------------------- annexes


def _annex(document: Document, number: int, annex: Annex) -> None:
    head = document.add_paragraph(style="一级标题")
    head.paragraph_format.first_line_indent = Pt(0)
    head.runs or head.add_run()
    head.runs[0].add_break(WD_BREAK.PAGE)
    head.add_run(f"附件{number}")
    document.add_paragraph(annex.title, style="附件标题")
    document.add_paragraph("", style="表格文字")
    header = header_rows(annex.columns)
    table = document.add_table(rows=len(header) + len(annex.rows), cols=len(annex.columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = table.rows
    style = document.styles["表格文字"].style_id  # set by id: looking a style up by name costs 3 ms a cell
    for row, values in zip(rows[len(header) :], annex.rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph._p.get_or_add_pPr().style = style
            paragraph.add_run(value)
    for index, cells in enumerate(header):
        _repeat_header(rows[index])
        for spec in cells:
            cell = table.cell(index, spec.column)
            if spec.colspan > 1 or spec.rowspan > 1:
                cell = cell.merge(table.cell(index + spec.rowspan - 1, spec.column + spec.colspan - 1))
            paragraph = cell.paragraphs[0]
            paragraph._p.get_or_add_pPr().style = style
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(spec.text).bold = True


def _repeat_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _drafting_note(document: Document, draft: Draft, findings: Sequence[Mismatch]) -> None:
    """起草说明: what to settle before issuing; the whole page is to be deleted then."""
    head = document.add_paragraph(style="一级标题")
    head.paragraph_format.first_line_indent = Pt(0)
    head.add_run().add_break(WD_BREAK.PAGE)
    head.add_run("起草说明（印发前删除）")
    for line in drafting_note(draft, findings):
        _body_paragraph(document, line)
