"""Sections above objectives, and the order they keep.

A plan's objectives stand in their sections' order: those under no section first, then each
section's objectives one after another, so that each section heads one unbroken run of
objectives when printed (the interchange reader refuses any other order). Every change to the
sections or to which section an objective is under keeps that order (`in_section_order`,
`placed_under`).
"""

from __future__ import annotations

from collections.abc import Callable

from aplan_desktop.core.model import Objective, Plan, Section, new_id


def _place(plan: Plan) -> Callable[[Objective | str | None], int]:
    """Where an objective (or a section id) stands: its section's place, -1 for none (or a
    section the plan does not have)."""
    position = {s.id: i for i, s in enumerate(plan.sections)}

    def place(item: Objective | str | None) -> int:
        section_id = item.section_id if isinstance(item, Objective) else item
        return position.get(section_id, -1) if section_id else -1
    return place


def in_section_order(plan: Plan, objectives: list[Objective] | None = None) -> list[Objective]:
    """The objectives (the plan's, or the given ones) in their sections' order, each section's
    in the order they stood."""
    return sorted(plan.objectives if objectives is None else objectives, key=_place(plan))


def placed_under(plan: Plan, objective: Objective, section_id: str | None) -> list[Objective]:
    """The plan's objectives with `objective` moved to the end of the section `section_id`'s
    objectives (None: of those under no section)."""
    place = _place(plan)
    others = [o for o in plan.objectives if o is not objective]
    at = sum(1 for o in others if place(o) <= place(section_id))
    return others[:at] + [objective] + others[at:]


def new_section(plan: Plan) -> Section:
    """A section numbered after the last, not yet in the plan."""
    return Section(new_id(), str(len(plan.sections) + 1), "")


def section_before(plan: Plan, section: Section) -> str | None:
    """The id of the section before `section`, or None for the first."""
    index = plan.sections.index(section)
    return plan.sections[index - 1].id if index > 0 else None


def last_section_id(plan: Plan) -> str | None:
    """The section a new objective at the end of the plan stands under: the last objective's."""
    return plan.objectives[-1].section_id if plan.objectives else None
