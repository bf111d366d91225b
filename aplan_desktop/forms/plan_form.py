"""The plan as the body signs it: БАТЛАВ block, title, and the table of measures.

The same form prints the anti-corruption plan (seeds 002, 004) and the integrity-assessment
improvement plan (seed 003, whose parts are the objective column).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from aplan_desktop.core.model import Approval, Plan
from aplan_desktop.forms import fonts
from aplan_desktop.forms.layout import BLANK_NAME, SIGNATURE_LINE, Layout, Styles, build_pdf, para, text
from aplan_desktop.forms.measure_table import measure_table
from aplan_desktop.i18n.mongolian import official_date

BLANK_DATE = "….. оны ….. дугаар сарын …."
BLANK_TITLE = "_" * 30


def approval_block(approval: Approval | None, styles: Styles) -> Flowable:
    """БАТЛАВ, the approver's title and name, and the date, at the top right; what is not known
    is left as lines to fill in by hand: the title, a signature and /……/ for the name."""
    approval = approval or Approval()
    blank = {1: not approval.title.strip(), 2: not approval.name.strip()}  # line: left to fill in
    lines = [Paragraph("<b>БАТЛАВ</b>", styles.left),
             para(BLANK_TITLE if blank[1] else approval.title.upper(), styles.left),
             para(f"{SIGNATURE_LINE} {BLANK_NAME}" if blank[2] else approval.name.upper(), styles.left),
             para(official_date(approval.date) if approval.date else BLANK_DATE, styles.left)]
    room_to_write = [("TOPPADDING", (0, line), (0, line), 4 * mm) for line, empty in blank.items() if empty]
    return Table([[line] for line in lines], colWidths=[85 * mm], hAlign="RIGHT",
                 style=styles.table_style(("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                          ("BOTTOMPADDING", (0, 0), (-1, -1), 1), *room_to_write))


def plan_texts(plan: Plan) -> list[str]:
    """Every text the plan form prints, for the font check."""
    texts = [plan.title, plan.organisation.name] + [c.label for c in plan.columns]
    if plan.approval:
        texts += [plan.approval.title, plan.approval.name]
    for objective in plan.objectives:
        texts.append(objective.text)
        for m in objective.measures:
            texts += [m.number, m.text, m.timeframe.text, m.target, m.responsible, m.budget.source,
                      *m.criteria, *m.extra.values()]
    return texts


def plan_story(plan: Plan, layout: Layout) -> list[Flowable]:
    styles = Styles(layout)
    width, height = layout.frame_size(wide=True)
    return [
        approval_block(plan.approval, styles),
        Spacer(1, 4 * mm),
        Paragraph(text(plan.title.upper()), styles.title),
        measure_table(plan, plan.columns, styles, width, height),
    ]


def render_plan(plan: Plan, layout: Layout | None = None) -> tuple[bytes, int]:
    """The plan as PDF bytes, and its page count."""
    layout = layout or Layout()
    fonts.check_coverage(plan_texts(plan), layout.family)
    return build_pdf(plan_story(plan, layout), layout, wide=True, title=plan.title)
