"""The edits that shape a document around its measures: sections above objectives, the heading
block, and which columns print under which upper header (a report's own choice too).

Mixed into `EditSession`: each is one checked, undoable step like the other edits. Sections
keep the order core/sections.py describes, whatever is added, moved or deleted.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aplan_desktop.core.columns import PLAN_KEYS, REPORT_KEYS
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Annex, Column, Heading, HeadingKind, Plan, Report, Section
from aplan_desktop.core.sections import in_section_order, new_section, placed_under, section_before
from aplan_desktop.operations.typed_input import line, number, text, unknown, valid_date


class ShapeEdits:
    """Sections, the heading block and the columns; mixed into `EditSession`."""

    plan: Plan
    report: Report | None

    # ------------------------------------------------------------------ sections

    def section(self, section_id: str | None) -> Section | None:
        return next((s for s in self.plan.sections if s.id == section_id), None)

    def add_section(self) -> Any:
        """A new section at the end: the objectives are put under it one by one."""
        plan = self._editable_plan()
        section = new_section(plan)
        return self._structure(N_("Add a section"), [(plan, "sections", plan.sections, [*plan.sections, section])],
                               section.id)

    def set_section_field(self, section_id: str, name: str, value: str) -> Any:
        self._editable_plan()
        section = self.section(section_id)
        if section is None or name not in ("number", "text"):
            raise unknown(name)
        value = number(value) if name == "number" else text(value)
        return self._set(N_("Edit section {number}"), f"section:{section_id}:{name}", [(section, name, value)],
                         section_id, objects=(section_id,), number=section.number)

    def delete_section(self, section_id: str) -> Any:
        """The section goes; its objectives join the section before it (the first's: none)."""
        plan = self._editable_plan()
        section = self.section(section_id)
        if section is None:
            raise unknown(section_id)
        joins = section_before(plan, section)
        sets = [(o, "section_id", o.section_id, joins) for o in plan.objectives if o.section_id == section_id]
        sets.append((plan, "sections", plan.sections, [s for s in plan.sections if s is not section]))
        return self._structure(N_("Delete"), sets, joins)

    def move_section(self, section_id: str, step: int) -> Any:
        """One place up or down, its objectives with it; None at either end."""
        plan = self._editable_plan()
        section = self.section(section_id)
        if section is None:
            raise unknown(section_id)
        sections = list(plan.sections)
        index = sections.index(section)
        if not 0 <= index + step < len(sections):
            return None
        sections[index], sections[index + step] = sections[index + step], sections[index]
        moved = replace(plan, sections=sections)
        return self._structure(N_("Move"), [(plan, "sections", plan.sections, sections),
                                            (plan, "objectives", plan.objectives, in_section_order(moved))],
                               section_id)

    def put_under_section(self, objective_id: str, section_id: str | None) -> Any:
        """The objective under another section (None: under none), after that section's
        objectives: put under one by one, they stand in the order they were put."""
        plan = self._editable_plan()
        objective, measure = self.find(objective_id)
        if objective is None or measure is not None or (section_id is not None and self.section(section_id) is None):
            raise unknown(objective_id)
        if objective.section_id == section_id:
            return None
        return self._structure(N_("Put objective {number} under a section"),
                               [(objective, "section_id", objective.section_id, section_id),
                                (plan, "objectives", plan.objectives, placed_under(plan, objective, section_id))],
                               objective_id, number=objective.number)

    # ------------------------------------------------------------------ the heading block

    def set_heading(self, heading: Heading) -> Any:
        """The heading block of the plan, or of the report being edited, as one step."""
        document = self._editable_document()
        annex = heading.annex
        try:
            kind = HeadingKind(heading.kind)
        except ValueError:
            raise unknown(str(heading.kind)) from None
        if annex.year is not None and not 2000 <= annex.year <= 2100:
            raise UserError(N_("The year must be between 2000 and 2100."))
        annex_date = valid_date(annex.date)
        if annex.year is not None and annex_date is not None and annex_date.year != annex.year:
            raise UserError(N_("The date of the order is in {year}, the year written before it: change one of them."),
                            year=annex.year)
        checked = Heading(
            kind=kind,
            annex=Annex(line(annex.issuer), line(annex.act).strip(), annex.year, annex_date, line(annex.number).strip()),
            form_reference=line(heading.form_reference), table_label=line(heading.table_label).strip(),
            date=valid_date(heading.date), place=line(heading.place).strip(), title_as_typed=bool(heading.title_as_typed))
        if checked == document.heading:
            return None
        return self._set(N_("Edit the heading"), "", [(document, "heading", checked)], "header")

    # ------------------------------------------------------------------ columns

    def set_columns(self, columns: list[Column]) -> Any:
        plan = self._editable_plan()
        if not columns:
            raise UserError(N_("A plan prints at least one column."))
        return self._set(N_("Choose columns"), "", [(plan, "columns", _checked(columns, PLAN_KEYS))], "header")

    def set_report_columns(self, columns: list[Column]) -> Any:
        """The report's own columns, in print order; a report may leave out the percentage (then
        it asks for none and has no overall score). An empty list: the plan's, then the result,
        the money spent and the percentage."""
        report = self._editable_report()
        return self._set(N_("Choose columns"), "", [(report, "columns", _checked(columns, PLAN_KEYS + REPORT_KEYS))],
                         "header")

    def _editable_document(self) -> Plan | Report:
        return self._editable_report() if self.report is not None else self._editable_plan()


def _checked(columns: list[Column], allowed: tuple[str, ...]) -> list[Column]:
    """The columns with their labels and groups read as lines, each key known and chosen once."""
    keys = [c.key for c in columns]
    for key in keys:
        if key not in allowed and not key.startswith("extra:") or keys.count(key) > 1:
            raise unknown(key)
    return [Column(c.key, line(c.label).strip(), line(c.group).strip()) for c in columns]
