"""What a plan or report prints above its table, as official forms place it.

From the top: the form's reference at the top right ("ЗГ-ын 2017 оны 89 дүгээр тогтоолын 3
дугаар хавсралт"); the heading block the document chose: БАТЛАВ with the approver (a plan),
the annex line to an order ("<issuer> 2018 оны … сарын …-ны өдрийн … дугаар захирамжийн
хавсралт", a blank for what is not known), or nothing; the title, in capitals unless it is to
print as typed; the date-and-place line ("2016.10.26 … Зуунмод"); and the table's label
("Хүснэгт-1") at the right, just above the table.
"""

from __future__ import annotations

import re
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from aplan_desktop.core.model import Annex, Approval, Heading, HeadingKind
from aplan_desktop.forms.layout import BLANK_NAME, SIGNATURE_LINE, Styles, para, text
from aplan_desktop.i18n.mongolian import declined_name, genitive_suffix, official_date, ordinal_suffix, table_date

BLANK_DATE = "….. оны ….. дугаар сарын …."
BLANK_TITLE = "_" * 30
BLANK = "……"  # a part of the annex line or the date-and-place line not known yet
ANNEX_ACT = "захирамж"  # the act an annex belongs to when none is named
# the acts plans are annexes to, in the genitive; another act is declined by rule
ACT_GENITIVES = {"захирамж": "захирамжийн", "тушаал": "тушаалын", "тогтоол": "тогтоолын", "шийдвэр": "шийдвэрийн",
                 "албан бичиг": "албан бичгийн"}


def approval_lines(approval: Approval | None) -> list[str]:
    """БАТЛАВ, the approver's title and name, and the date; what is not known is left as lines
    to fill in by hand: the title, a signature and /……/ for the name."""
    approval = approval or Approval()
    return ["БАТЛАВ", approval.title.upper() if approval.title.strip() else BLANK_TITLE,
            approval.name.upper() if approval.name.strip() else f"{SIGNATURE_LINE} {BLANK_NAME}",
            official_date(approval.date) if approval.date else BLANK_DATE]


def approval_block(approval: Approval | None, styles: Styles) -> Flowable:
    """The approval's lines (approval_lines) at the top right, with room to write on the blanks."""
    approval = approval or Approval()
    blank = {1: not approval.title.strip(), 2: not approval.name.strip()}  # line: left to fill in
    first, *rest = approval_lines(approval)
    lines = [Paragraph(f"<b>{first}</b>", styles.left), *(para(line, styles.left) for line in rest)]
    room_to_write = [("TOPPADDING", (0, line), (0, line), 4 * mm) for line, empty in blank.items() if empty]
    return Table([[line] for line in lines], colWidths=[85 * mm], hAlign="RIGHT",
                 style=styles.table_style(("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                          ("BOTTOMPADDING", (0, 0), (-1, -1), 1), *room_to_write))


def _ordinal(number: str) -> str:
    """"дугаар" or "дүгээр" after an act's number as typed ("45", "А/101"), by its last digits."""
    digits = re.search(r"(\d+)\D*$", number)
    return ordinal_suffix(int(digits.group(1))) if digits else "дугаар"


def annex_lines(annex: Annex) -> list[str]:
    """The annex line as printed: who issued the act; its date; its number and kind in the
    genitive ("захирамжийн", "тушаалын", "тогтоолын"), each blank where not known. A letter
    (албан бичиг) is cited by year and number, "тоот": "2016 оны ..... тоот албан бичгийн хавсралт"."""
    act = annex.act.strip() or ANNEX_ACT
    letter = act.split()[-1].lower() == "бичиг"
    number = annex.number.strip()
    if annex.date:
        d = annex.date
        when = f"{d.year} оны {d.month:02d} {ordinal_suffix(d.month)} сарын {d.day}-{genitive_suffix(d.day)} өдрийн"
    elif letter:
        when = f"{annex.year or BLANK} оны"
    else:
        when = f"{annex.year or BLANK} оны {BLANK} сарын {BLANK}-ны өдрийн"
    if letter:
        numbered = f"{number or BLANK} тоот"
    else:
        numbered = f"{number} {_ordinal(number)}" if number else f"{BLANK} дугаар"
    cited = f"{numbered} {ACT_GENITIVES.get(act.lower()) or declined_name(act)[0]} хавсралт"
    issuer = annex.issuer.strip() or BLANK
    return [issuer, f"{when} {cited}"] if letter and not annex.date else [issuer, when, cited]


def date_and_place(day: date | None, place: str) -> tuple[str, str]:
    return table_date(day) if day else BLANK, place.strip() or BLANK


def title_text(title: str, heading: Heading) -> str:
    """The title as typed, or in capitals as every form printed it before a title could be typed so."""
    return title if heading.title_as_typed else title.upper()


def heading_texts(heading: Heading, approval: Approval | None = None) -> list[str]:
    """Every text the heading prints, for the font check."""
    texts = [heading.form_reference, heading.table_label, heading.place, heading.annex.issuer, heading.annex.act,
             heading.annex.number]
    return texts + ([approval.title, approval.name] if approval else [])


def above_table(heading: Heading, title: str, styles: Styles, width: float, approval: Approval | None = None,
                approves: bool = False) -> list[Flowable]:
    """The flowables above the table. `approves`: the document has an approval to print (a plan);
    a report's heading of kind approval prints no block, as reports never did."""
    story: list[Flowable] = []
    if heading.form_reference.strip():
        story += [para(heading.form_reference, styles.right), Spacer(1, 2 * mm)]
    if heading.kind == HeadingKind.APPROVAL and approves:
        story += [approval_block(approval, styles), Spacer(1, 4 * mm)]
    elif heading.kind == HeadingKind.ANNEX:
        story += [para(line, styles.right) for line in annex_lines(heading.annex)] + [Spacer(1, 4 * mm)]
    story.append(Paragraph(text(title_text(title, heading)), styles.title))
    if heading.date or heading.place.strip():
        day, place = date_and_place(heading.date, heading.place)
        story.append(Table([[para(day, styles.left), para(place, styles.right)]], colWidths=[width / 2] * 2,
                           style=styles.table_style(("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm))))
    if heading.table_label.strip():
        story.append(para(heading.table_label, styles.right))
    return story
