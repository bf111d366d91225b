"""The plan as the body signs it: its heading (БАТЛАВ block, annex line or none), title, and
the table of measures.

The same form prints the anti-corruption plan (seeds 002, 004) and the integrity-assessment
improvement plan (seed 003, whose parts are the objective column).
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from aplan_desktop.core.model import Plan
from aplan_desktop.forms import fonts
from aplan_desktop.forms.heading import above_table, heading_texts
from aplan_desktop.forms.layout import Layout, Styles, build_pdf
from aplan_desktop.forms.measure_table import measure_table


def plan_texts(plan: Plan) -> list[str]:
    """Every text the plan form prints, for the font check."""
    texts = [plan.title, plan.organisation.name] + [c.label for c in plan.columns] + [c.group for c in plan.columns]
    texts += heading_texts(plan.heading, plan.approval) + [f"{s.number} {s.text}" for s in plan.sections]
    for objective in plan.objectives:
        texts.append(objective.text)
        for m in objective.measures:
            texts += [m.number, m.text, m.timeframe.text, m.target, m.responsible, m.budget.source,
                      *m.criteria, *m.extra.values()]
    return texts


def plan_story(plan: Plan, layout: Layout) -> list[Flowable]:
    styles = Styles(layout)
    width, height = layout.frame_size(wide=True)
    return [*above_table(plan.heading, plan.title, styles, width, plan.approval, approves=True),
            measure_table(plan, plan.columns, styles, width, height)]


def render_plan(plan: Plan, layout: Layout | None = None) -> tuple[bytes, int]:
    """The plan as PDF bytes, and its page count."""
    layout = layout or Layout()
    fonts.check_coverage(plan_texts(plan), layout.family)
    return build_pdf(plan_story(plan, layout), layout, wide=True, title=plan.title)
