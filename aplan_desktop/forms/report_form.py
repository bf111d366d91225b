"""The execution report (биелэлт) as seeds 000 and 001 print it.

Its heading (forms/heading.py), the plan's columns with the achieved result, the money spent
and the percentage (or the report's own columns), the overall score (Нийт үнэлгээ) at the
foot of the table when the report gives percentages, and the two signatures:
"БИЕЛЭЛТ ГАРГАСАН: <title> /<name>/" and "ХЯНАСАН: <title> /<name>/".
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from aplan_desktop.core.columns import has_percent, report_columns
from aplan_desktop.core.model import Column, Person, Plan, Report
from aplan_desktop.core.titles import report_title
from aplan_desktop.core.scoring import overall_score
from aplan_desktop.forms import fonts
from aplan_desktop.forms.heading import above_table, heading_texts
from aplan_desktop.forms.layout import BLANK_NAME, SIGNATURE_LINE, Layout, Styles, build_pdf, para, text
from aplan_desktop.forms.measure_table import measure_table
from aplan_desktop.forms.plan_form import plan_texts
from aplan_desktop.forms.paragraphs import CellParagraph
from aplan_desktop.forms.table import Row
from aplan_desktop.i18n.mongolian import WORDS_LIMIT, amount_in_words_sentence, format_percent, format_tugrug


def signature_texts(label: str, person: Person) -> tuple[str, str, str]:
    """"<label>: <title>", the line to sign on, and /<name>/ (or /……/ to fill in)."""
    name = f"/{person.name.upper()}/" if person.name.strip() else BLANK_NAME
    return f"{label}: {person.title.upper()}", SIGNATURE_LINE, name


def signatories(report: Report) -> list[tuple[str, Person]]:
    """Who signs below the table: the one who prepared the report and the one who checked it, if given."""
    return [(label, person) for label, person in (("БИЕЛЭЛТ ГАРГАСАН", report.prepared_by),
                                                  ("ХЯНАСАН", report.reviewed_by)) if not person.is_empty()]


def spent_sentence(report: Report) -> str | None:
    """All the money spent, in figures and in words as financial papers write it (a sum words
    cannot say, such as a negative typo that validation warns about, in figures only); None
    when no amount is given."""
    spent = report.spent_in_tugrug()
    if spent is None:
        return None
    words = f" ({amount_in_words_sentence(spent)})" if 0 <= spent < WORDS_LIMIT else ""
    return f"Зарцуулсан хөрөнгө, нийт: {format_tugrug(spent)}{words}."


def _signature(label: str, person: Person, styles: Styles) -> Flowable:
    return Table([[para(part, styles.left) for part in signature_texts(label, person)]],
                 colWidths=[110 * mm, 55 * mm, 70 * mm], hAlign="LEFT",
                 style=styles.table_style(("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)))


def score_cells(columns: list[Column], report: Report) -> tuple[list[str], int]:
    """The foot row as the PDF prints it: "Нийт үнэлгээ" over the columns before the percent
    column and the score in it, or "Нийт үнэлгээ: 95%" across the row; and the first cell's span."""
    score = format_percent(overall_score(report))
    keys = [c.key for c in columns]
    if "percent" in keys and keys.index("percent") > 0:
        at = keys.index("percent")
        return ["Нийт үнэлгээ"] + [""] * (at - 1) + [score] + [""] * (len(columns) - at - 1), at
    return [f"Нийт үнэлгээ: {score}"] + [""] * (len(columns) - 1), len(columns)


def _score_row(columns: list[Column], report: Report, styles: Styles) -> Row:
    texts, span = score_cells(columns, report)
    cells = [[CellParagraph(f"<b>{text(t)}</b>", styles.cell_center if i else styles.cell)] if t else []
             for i, t in enumerate(texts)]
    return Row(cells, kind="foot", spans=[(0, span - 1)] if span > 1 else [])


def report_texts(report: Report, plan: Plan) -> list[str]:
    texts = plan_texts(plan) + [report.title, report.prepared_by.title, report.prepared_by.name,
                                report.reviewed_by.title, report.reviewed_by.name]
    texts += [c.label for c in report.columns] + [c.group for c in report.columns] + heading_texts(report.heading)
    for e in report.entries:
        texts += [e.result, e.spent.source, e.review.comment]
    return texts


def report_story(report: Report, plan: Plan, layout: Layout) -> list[Flowable]:
    styles = Styles(layout)
    width, height = layout.frame_size(wide=True)
    columns = report_columns(report, plan)
    entries = {e.measure_id: e for e in report.entries}
    tail: list[Flowable] = []  # printed below the table, on the page of its last lines
    spent = spent_sentence(report)
    if spent is not None:  # the aimag adds these up
        tail += [Spacer(1, 8 * mm), Paragraph(text(spent), styles.left)]
    for label, person in signatories(report):
        tail += [Spacer(1, 8 * mm if not tail else 5 * mm), _signature(label, person, styles)]
    foot = [_score_row(columns, report, styles)] if has_percent(report, plan) else []
    return [*above_table(report.heading, report_title(report, plan), styles, width),
            measure_table(plan, columns, styles, width, height, entries=entries, foot=foot, tail=tail)]


def render_report(report: Report, plan: Plan, layout: Layout | None = None) -> tuple[bytes, int]:
    """The report as PDF bytes, and its page count."""
    layout = layout or Layout()
    fonts.check_coverage(report_texts(report, plan), layout.family)
    return build_pdf(report_story(report, plan, layout), layout, wide=True, title=report_title(report, plan))
