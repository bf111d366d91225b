"""The official cover letter (албан бичиг) that goes with a report, laid out as seed 003's.

Letterhead with the organisation's name and contacts, date and number line,
"Танай ___-ны № ___-т", the addressee, the body, "Хавсралт: N хуудастай" with the real page
count of the attached report, and the signature.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from aplan_desktop.core.model import Organisation, Person, Plan, Report
from aplan_desktop.forms import fonts
from aplan_desktop.forms.layout import Layout, Styles, build_pdf, para, text
from aplan_desktop.core.titles import PERIOD_WORDS, letter_addressee
from aplan_desktop.i18n.mongolian import table_date

BLANK = "_" * 10


@dataclass
class CoverLetter:
    sender: Organisation
    addressee: str
    body: str
    signatory: Person
    attachment_pages: int
    letter_date: date | None = None
    number: str = ""
    their_date: str = ""  # "Танай ___-ны № ___-т": the letter being answered, if any
    their_number: str = ""
    extra_lines: list[str] = field(default_factory=list)  # e.g. the signing key's fingerprint

    def texts(self) -> list[str]:
        s = self.sender
        return [s.name, s.address, s.phone, s.email, s.web, self.addressee, self.body, self.signatory.title,
                self.signatory.name, self.number, self.their_date, self.their_number, *self.extra_lines]


def cover_letter_for(report: Report, plan: Plan, parent: Organisation | None, attachment_pages: int,
                     letter_date: date | None = None) -> CoverLetter:
    """The usual letter sending a report to the aimag; every field can be changed before printing."""
    period = PERIOD_WORDS[report.period].strip().lower()
    what = f"{plan.year} оны авлигын эсрэг үйл ажиллагааны төлөвлөгөөний {period + ' ' if period else ''}биелэлтийг"
    return CoverLetter(
        sender=plan.organisation,
        addressee=letter_addressee(parent),
        body=f"Манай байгууллагын {what} хавсралтаар хүргүүлж байна.",
        signatory=next((p for p in (plan.organisation.head, report.reviewed_by, report.prepared_by)
                        if not p.is_empty()), Person()),
        attachment_pages=attachment_pages,
        letter_date=letter_date,
    )


def _letterhead(letter: CoverLetter, styles: Styles) -> Flowable:
    s = letter.sender
    center = ParagraphStyle("head", parent=styles.body, alignment=TA_CENTER)
    bold = ParagraphStyle("head_bold", parent=center, fontName=styles.font + "-Bold", fontSize=styles.body.fontSize + 1,
                          leading=(styles.body.fontSize + 1) * 1.25)
    small = ParagraphStyle("head_small", parent=center, fontSize=styles.body.fontSize - 2,
                           leading=(styles.body.fontSize - 2) * 1.25)
    contacts = [s.address]
    if s.phone:
        contacts.append(f"Утас: {s.phone}")
    if s.email:
        contacts.append(f"Цахим шуудан: {s.email}")
    if s.web:
        contacts.append(f"Цахим хаяг: {s.web}")
    dated = table_date(letter.letter_date) if letter.letter_date else BLANK
    left = [Paragraph("<b>МОНГОЛ УЛС</b>", bold), para(s.name.upper(), bold), Spacer(1, 2 * mm),
            para(", ".join(c for c in contacts if c.strip()), small), Spacer(1, 3 * mm),
            para(f"{dated} № {letter.number or BLANK}", center),
            para(f"Танай {letter.their_date or BLANK}-ны № {letter.their_number or BLANK}-т", center)]
    right = [Paragraph(f"<b>{text(letter.addressee)}</b>", styles.left)]
    return Table([[left, right]], colWidths=[85 * mm, None],
                 style=styles.table_style(("VALIGN", (0, 0), (0, 0), "TOP"), ("VALIGN", (1, 0), (1, 0), "BOTTOM"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("LEFTPADDING", (1, 0), (1, 0), 15 * mm)))


def letter_story(letter: CoverLetter, layout: Layout) -> list[Flowable]:
    styles = Styles(layout)
    body = ParagraphStyle("letter_body", parent=styles.body, alignment=TA_JUSTIFY, firstLineIndent=12 * mm,
                          leading=styles.body.fontSize * 1.5, spaceAfter=2 * mm)
    story: list[Flowable] = [_letterhead(letter, styles), Spacer(1, 10 * mm)]
    story += [para(paragraph.strip(), body) for paragraph in letter.body.split("\n\n") if paragraph.strip()]
    story += [Spacer(1, 6 * mm), para(f"Хавсралт: {letter.attachment_pages} хуудастай", styles.body)]
    story += [para(line, styles.body) for line in letter.extra_lines]
    story += [Spacer(1, 14 * mm),
              Table([[para(letter.signatory.title.upper(), styles.left),
                      para(letter.signatory.name.upper(), styles.right)]],
                    colWidths=[None, 70 * mm], style=styles.table_style(("LEFTPADDING", (0, 0), (-1, -1), 0)))]
    return story


def render_letter(letter: CoverLetter, layout: Layout | None = None) -> tuple[bytes, int]:
    layout = replace(layout or Layout(), page_numbers=False)  # a one-page letter carries no "1 / 1"
    fonts.check_coverage(letter.texts(), layout.family)
    return build_pdf(letter_story(letter, layout), layout, wide=False, title="Албан бичиг")
