"""A drafted notice as a PDF, where the machine has a Chinese font to embed.

The same layout as the Word document (``data_access.report.word``): A4, official margins, the title
and headings in a bold face, the body in a serif face, page numbers "— 1 —", each annex on its own
page as a table whose header repeats. PDF embeds its fonts, so it needs a CJK font file: the one
``DASHBOARD_PDF_FONT`` names, else Noto CJK (Debian's fonts-noto-cjk), WenQuanYi or Droid Sans
Fallback where installed. Without one, ``NoChineseFont`` says so in Chinese and nothing is written.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from data_access.report.check import Mismatch, drafting_note
from data_access.report.model import Annex, Draft, annex_list_line, chinese_date, header_rows

FONT_ENV = "DASHBOARD_PDF_FONT"
# Where Debian's Chinese fonts lie, body (serif) and headings (sans), most suitable first.
FONT_CANDIDATES = (
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ),
)
BODY, HEADING = "body", "heading"
MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # mm, as GB/T 9704
SIZE_2, SIZE_3, SIZE_4, SIZE_5 = 22, 16, 14, 10.5  # 二号, 三号, 四号, 五号 in points
LINE_MM = 28 * 25.4 / 72  # the body's fixed 28 pt line


class NoChineseFont(RuntimeError):
    """No font with Chinese glyphs is installed (or named by DASHBOARD_PDF_FONT): no PDF can be made."""

    def __init__(self) -> None:
        super().__init__(
            "服务器没有安装可嵌入PDF的中文字体（如 fonts-noto-cjk），无法生成PDF；"
            "请下载Word版，或请管理员安装中文字体。"
        )


def font_files() -> tuple[str, str] | None:
    """The (body, heading) font files to embed, or None when no Chinese font is installed."""
    named = os.environ.get(FONT_ENV)
    if named:
        return (named, named) if Path(named).is_file() else None
    for body, heading in FONT_CANDIDATES:
        if Path(body).is_file():
            return body, heading if Path(heading).is_file() else body
    return None


@functools.lru_cache(maxsize=8)
def _simplified_face(path: str) -> int:
    """The index of the Simplified Chinese face in a font collection (Noto CJK holds JP, KR, SC, TC, HK)."""
    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    for index, face in enumerate(TTCollection(path).fonts):
        names = " ".join(str(record) for record in face["name"].names if record.nameID in (1, 4))
        if " SC" in names or "SimpChinese" in names or "简" in names:
            return index
    return 0


class _Notice(FPDF):
    def footer(self) -> None:
        self.set_y(-25)
        self.set_font(BODY, size=SIZE_4)
        self.cell(0, 8, f"— {self.page_no()} —", align=Align.C)


def notice_pdf(draft: Draft, *, findings: Sequence[Mismatch] = ()) -> bytes:
    """``draft`` as the bytes of a PDF; raises NoChineseFont where no Chinese font is installed."""
    files = font_files()
    if files is None:
        raise NoChineseFont()
    pdf = _Notice(format="A4")
    pdf.set_margins(MARGINS["left"], MARGINS["top"], MARGINS["right"])
    pdf.set_auto_page_break(True, margin=MARGINS["bottom"])
    for family, path in zip((BODY, HEADING), files, strict=True):
        _check_font(path)
        pdf.add_font(family, fname=path, collection_font_number=_simplified_face(path))
    pdf.set_title(draft.title)
    pdf.add_page()
    _body(pdf, draft)
    for number, annex in enumerate(draft.annexes, start=1):
        _annex(pdf, number, annex)
    _drafting_note(pdf, draft, findings)
    return bytes(pdf.output())


def _check_font(path: str) -> None:
    """A font file that cannot be read, or has no Chinese glyphs, is as good as none."""
    try:
        font = (
            TTCollection(path).fonts[_simplified_face(path)]
            if path.lower().endswith((".ttc", ".otc"))
            else TTFont(path)
        )
        has_chinese = ord("通") in font.getBestCmap()
    except Exception as error:
        raise NoChineseFont() from error
    if not has_chinese:
        raise NoChineseFont()


def _paragraph(pdf: FPDF, text: str, *, family: str = BODY, size: float = SIZE_3, align: Align = Align.J) -> None:
    pdf.set_font(family, size=size)
    indent = "　　" if align == Align.J else ""  # two full-width spaces: the first line's indent
    pdf.multi_cell(0, LINE_MM, indent + text, align=align, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _body(pdf: FPDF, draft: Draft) -> None:
    _paragraph(pdf, draft.title, family=HEADING, size=SIZE_2, align=Align.C)
    if draft.number:
        _paragraph(pdf, draft.number, align=Align.C)
    pdf.ln(LINE_MM / 2)
    _paragraph(pdf, draft.addressees, align=Align.L)
    _paragraph(pdf, draft.opening)
    for section in draft.sections:
        _paragraph(pdf, "　　" + section.heading, family=HEADING, align=Align.L)
        for paragraph in section.paragraphs:
            _paragraph(pdf, paragraph.text)
    _paragraph(pdf, draft.closing)
    _paragraph(pdf, draft.contact)
    if draft.annexes:
        pdf.ln(LINE_MM / 2)
        _paragraph(pdf, annex_list_line(draft.annexes), align=Align.L)
    pdf.ln(LINE_MM)
    for text in (draft.issuer, chinese_date(draft.issued_on) if draft.issued_on else "（印发日期）"):
        _paragraph(pdf, text + "　　　　", align=Align.R)


def _annex(pdf: FPDF, number: int, annex: Annex) -> None:
    pdf.add_page()
    _paragraph(pdf, f"附件{number}", family=HEADING, align=Align.L)
    _paragraph(pdf, annex.title, family=HEADING, size=18, align=Align.C)
    pdf.ln(2)
    pdf.set_font(BODY, size=SIZE_5)
    header = header_rows(annex.columns)
    with pdf.table(
        wrapmode=WrapMode.CHAR,
        text_align="CENTER",
        line_height=5.5,
        headings_style=FontFace(family=HEADING, emphasis="", size_pt=SIZE_5),
        num_heading_rows=len(header),
        repeat_headings=1,
    ) as table:
        for cells in header:
            row = table.row()
            for spec in cells:
                row.cell(spec.text, colspan=spec.colspan, rowspan=spec.rowspan)
        for values in annex.rows:
            row = table.row()
            for value in values:
                row.cell(value)


def _drafting_note(pdf: FPDF, draft: Draft, findings: Sequence[Mismatch]) -> None:
    pdf.add_page()
    _paragraph(pdf, "起草说明（印发前删除）", family=HEADING, align=Align.L)
    for line in drafting_note(draft, findings):
        _paragraph(pdf, line)
