"""Page layout shared by every form: paper, margins, fonts, styles, and "X / Y" page numbers."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, TableStyle

from aplan_desktop.forms import fonts
from aplan_desktop.forms.hyphenation import hyphenate
from aplan_desktop.forms.paragraphs import CellParagraph, text
from aplan_desktop.forms.widths import RANGE_BREAK


@dataclass(repr=False)
class Layout:
    """An organisation's print settings. Margins are the Mongolian office defaults, in mm."""

    family: str = "serif"  # "serif" (Liberation Serif ≈ Times New Roman) or "sans" (≈ Arial)
    font_size: float = 11.0
    margin_left: float = 30.0
    margin_right: float = 15.0
    margin_top: float = 20.0
    margin_bottom: float = 20.0
    page_numbers: bool = True

    @classmethod
    def from_dict(cls, data: dict) -> "Layout":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def page_size(self, wide: bool) -> tuple[float, float]:
        return landscape(A4) if wide else portrait(A4)

    def frame_size(self, wide: bool) -> tuple[float, float]:
        width, height = self.page_size(wide)
        return (width - (self.margin_left + self.margin_right) * mm,
                height - (self.margin_top + self.margin_bottom) * mm)


@dataclass(eq=False, repr=False)
class Styles:
    """The paragraph styles of one layout; every form takes its styles from here."""

    layout: Layout
    font: str = field(init=False)

    def __post_init__(self) -> None:
        self.font = fonts.register(self.layout.family)
        size = self.layout.font_size
        base = dict(fontName=self.font, fontSize=size, leading=size * 1.2, splitLongWords=1)
        self.body = ParagraphStyle("body", **base)
        self.cell = ParagraphStyle("cell", **{**base, "fontSize": size - 1, "leading": (size - 1) * 1.18})
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.header = ParagraphStyle("header", parent=self.cell, fontName=self.font + "-Bold", alignment=TA_CENTER)
        self.group = ParagraphStyle("group", parent=self.cell, fontName=self.font + "-Bold")
        self.title = ParagraphStyle("title", **{**base, "fontName": self.font + "-Bold", "fontSize": size + 1,
                                                "leading": (size + 1) * 1.25, "alignment": TA_CENTER,
                                                "spaceAfter": 4 * mm})
        self.right = ParagraphStyle("right", parent=self.body, alignment=TA_RIGHT)
        self.left = ParagraphStyle("left", parent=self.body, alignment=TA_LEFT)

    def table_style(self, *commands: tuple) -> TableStyle:
        """A table style whose cells use the form's font (ReportLab's default is Helvetica)."""
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.font), *commands])


# What a signatory fills in by hand when the form does not know them.
SIGNATURE_LINE = "_" * 22
BLANK_NAME = "/" + "." * 24 + "/"


# ReportLab breaks lines at spaces (and at the soft hyphens of table cells, forms/hyphenation.py).
# A range of dates or numbers may also break after its dash: 2025.01.01-|2025.11.10.
_RANGE = re.compile(r"\S*\d-\d\S*")


def _break_ranges(value: str, style: ParagraphStyle, width: float) -> str:
    """The text with a line break after the dash of a range too wide for `width`, where ReportLab
    would split it inside a date."""
    def fitted(match: re.Match) -> str:
        lines = [""]
        for piece in RANGE_BREAK.split(match.group()):
            if lines[-1] and stringWidth(lines[-1] + piece, style.fontName, style.fontSize) > width:
                lines.append(piece)
            else:
                lines[-1] += piece
        return "\n".join(lines)
    return _RANGE.sub(fitted, value)


def para(value: str, style: ParagraphStyle, width: float | None = None, hyphenated: bool = False) -> CellParagraph:
    """User text as a paragraph; with `width` (the room in its cell) a range of dates too wide
    for it breaks after its dash, and `hyphenated` words break at their syllables."""
    value = value if width is None else _break_ranges(value, style, width)
    return CellParagraph(text(hyphenate(value) if hyphenated else value), style)


class _NumberedCanvas(Canvas):
    """Writes "X / Y" at the foot of every page once the total is known (ReportLab's recipe)."""

    font = "Helvetica"
    size = 9.0
    show = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            if self.show:
                width, _ = self._pagesize
                self.setFont(self.font, self.size)
                self.drawCentredString(width / 2, 10 * mm, f"{self._pageNumber} / {total}")
            super().showPage()
        super().save()


def build_pdf(story: list[Flowable], layout: Layout, wide: bool, title: str = "") -> tuple[bytes, int]:
    """Lay out the story on A4 (landscape when `wide`) and return the PDF and its page count."""
    out = io.BytesIO()
    page = layout.page_size(wide)
    font = fonts.register(layout.family)
    doc = BaseDocTemplate(out, pagesize=page, leftMargin=layout.margin_left * mm,
                          rightMargin=layout.margin_right * mm, topMargin=layout.margin_top * mm,
                          bottomMargin=layout.margin_bottom * mm, title=title, author="aplan", creator="aplan",
                          initialFontName=font)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    canvas_class = type("NumberedCanvas", (_NumberedCanvas,),
                        {"font": font, "show": layout.page_numbers})
    doc.build(story, canvasmaker=canvas_class)
    return out.getvalue(), doc.page
