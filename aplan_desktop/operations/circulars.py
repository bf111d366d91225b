"""A plan carried out by the bodies under an office: marking it as a circular, sending it, and,
at a body, the circulars received, with their deadlines and what changed since a report was made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aplan_desktop.core.circulars import Audience, Circular, MeasureChange, default_deadlines
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Plan, Report
from aplan_desktop.core.periods import Deadline, Period
from aplan_desktop.operations.changes import Changes


@dataclass
class ReceivedCircular:
    """A circular as the start page shows it: the plan, who sent it, the deadlines of its year,
    and this office's report for each period (None: not started)."""

    plan: Plan
    circular: Circular
    sender: str
    due: list[tuple[Period, date, Report | None]]


class CircularJobs:
    """Mixed into `Operations`."""

    def circular(self, plan_id: str) -> Circular | None:
        """The circular of a plan: as marked here for this office's own plan, as received otherwise."""
        from aplan_desktop.storage.circulars import CircularRecords

        return CircularRecords(self._store).get(self._store.resolve_id(plan_id)[1])

    def mark_circular(self, plan_id: str, deadlines: dict[Period, Deadline] | None = None,
                      audience: dict[str, Audience] | None = None, origin=None) -> Changes:
        """Mark this office's plan as carried out by the bodies under it, with the reporting
        deadlines (seed 003's by default) and who carries out which measure (a measure not named:
        soums and agencies both). Sending it (`export`) then makes a circular."""
        from aplan_desktop.storage.circulars import CircularRecords

        kind, full_id = self._store.resolve_id(plan_id)
        if kind != "plan":
            raise UserError(N_("A circular is made of a plan; {id} is a report."), id=plan_id)
        plan = self._store.plan(full_id)
        if plan.organisation.id != self.settings.home_organisation_id:
            raise UserError(N_("Only this office's own plans can be sent to the bodies under it."))
        deadlines = dict(deadlines) if deadlines else default_deadlines()
        for deadline in deadlines.values():
            if not (1 <= deadline.month <= 12 and 1 <= deadline.day <= 31) or deadline.next_year:
                raise UserError(N_("A deadline needs a month from 1 to 12 and a day from 1 to 31."))
        numbers = {m.id: m.number for m in plan.measures()}
        unknown = [m for m in (audience or {}) if m not in numbers]
        if unknown:
            raise UserError(N_("The plan has no measure {id}. Name the measures by their numbers in the plan."),
                            id=unknown[0])
        if not all(a in {x.value for x in Audience} for a in (audience or {}).values()):
            raise UserError(N_("A measure is carried out by the soums, the agencies, or both."))
        records = CircularRecords(self._store)
        before = records.get(full_id, "sent")
        chosen = {m: Audience(a) for m, a in (audience or {}).items() if Audience(a) != Audience.BOTH}
        circular = Circular(full_id, deadlines, chosen, before.revision if before else 0)
        with self._store.transaction():
            records.save(circular, "sent")
            if before is None:
                self._store.add_history("plan", full_id, "circular_marked")
        return self._announce(Changes.document(full_id), origin)

    def measure_ids(self, plan_id: str, numbers: list[str]) -> list[str]:
        """The ids of a plan's measures given by their numbers ("1.2"), for the command line."""
        by_number = {m.number.strip(): m.id for m in self._store.plan(self._store.resolve_id(plan_id)[1]).measures()}
        missing = [n for n in numbers if n.strip() not in by_number]
        if missing:
            raise UserError(N_("The plan has no measure {id}. Name the measures by their numbers in the plan."),
                            id=missing[0])
        return [by_number[n.strip()] for n in numbers]

    def received_circulars(self, today: date | None = None) -> list[ReceivedCircular]:
        """The circulars from this office's aimag, newest first, with their deadlines and this
        office's reports on them."""
        from aplan_desktop.circulars import received_circulars

        today = today or date.today()
        home = self.settings.home_organisation_id
        found = []
        for plan, circular, sender in received_circulars(self._store):
            due = [(period, circular.due(period, plan.year), self.own_report(plan.id, period))
                   for period in sorted(circular.deadlines)]
            found.append(ReceivedCircular(plan, circular, self._store.naming(sender)[0] if sender else "", due))
        return [c for c in found if home and c.plan.year >= today.year - 1]

    def circular_changes(self, report_id: str) -> tuple[int, int, list[MeasureChange]] | None:
        """For a report on a circular: the revision it was made on, the circular's now, and the
        measures changed between them; None for a report on this office's own plan."""
        from aplan_desktop.circulars import changes_since

        return changes_since(self._store, self._store.resolve_id(report_id)[1])

    # ------------------------------------------------------------ the consolidation of one plan

    def circular_plans(self) -> list[Plan]:
        """This office's plans marked as carried out by the bodies under it, newest first."""
        from aplan_desktop.storage.circulars import CircularRecords

        marked = {c.plan_id for c in CircularRecords(self._store).all("sent")}
        home = self.settings.home_organisation_id
        return [p for p in self._store.plans(home) if p.id in marked] if home else []

    def plan_consolidation(self, plan_id: str, period: Period, office_id: str | None = None):
        """Every body's report on one plan of this office for the period (`PlanConsolidation`)."""
        from aplan_desktop.printing import plan_consolidation_for

        return plan_consolidation_for(self._store, self._office(office_id), self._plan_id(plan_id), Period(period))

    def render_plan_consolidation(self, plan_id: str, period: Period) -> tuple[bytes, int]:
        from aplan_desktop.printing import layout_for
        from aplan_desktop.forms.consolidated_form import render_plan_consolidation

        office = self._office(None)
        return render_plan_consolidation(self.plan_consolidation(plan_id, period, office),
                                         layout_for(self._store, office))

    def write_plan_consolidation(self, plan_id: str, period: Period, path, office_id: str | None = None) -> int | None:
        """The consolidation of one plan as a PDF (pages written), .xlsx or .docx (None)."""
        from pathlib import Path

        from aplan_desktop.printing import write_plan_consolidation

        return write_plan_consolidation(self._store, self._office(office_id), self._plan_id(plan_id), Period(period),
                                        Path(path))

    def _office(self, office_id: str | None) -> str:
        office = office_id or self.settings.home_organisation_id
        if office is None:
            raise UserError(N_("Tell the program who you are first: the first-run setup was not finished."))
        self._store.organisation(office)
        return office

    def _plan_id(self, plan_id: str) -> str:
        kind, full_id = self._store.resolve_id(plan_id)
        if kind != "plan":
            raise UserError(N_("A circular is made of a plan; {id} is a report."), id=plan_id)
        return full_id
