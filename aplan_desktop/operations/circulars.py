"""A plan carried out by the bodies under an office: marking it as a circular, sending it, and,
at a body, the circulars received, with their deadlines and what changed since a report was made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from aplan_desktop.core.circulars import Audience, Circular, MeasureChange, default_deadlines
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Entry, Plan, Report, ReportStatus
from aplan_desktop.core.periods import Deadline, Period
from aplan_desktop.operations.changes import Changes
from aplan_desktop.storage.circulars import CircularRecords


@dataclass(eq=False, repr=False)
class ReceivedCircular:
    """A circular as the start page shows it: the plan, who sent it, the deadlines of its year,
    and this office's report for each period (None: not started)."""

    plan: Plan
    circular: Circular
    sender: str
    due: list[tuple[Period, date, Report | None]]


class CircularJobs:
    """Mixed into `Operations`."""

    def circular(self, plan_id: str, direction: str | None = None) -> Circular | None:
        """The circular of a plan: as marked here for this office's own plan, as received otherwise
        (or in the direction given: "sent", marked here; "received")."""
        return CircularRecords(self._store).get(self._store.resolve_id(plan_id)[1], direction)

    def mark_circular(self, plan_id: str, deadlines: dict[Period, Deadline] | None = None,
                      audience: dict[str, Audience] | None = None, origin=None) -> Changes:
        """Mark this office's plan (or one the office above sent it, to pass on) as carried out by
        the bodies under it, with the reporting deadlines (seed 003's by default) and who carries
        out which measure (a measure not named: soums and agencies both). Sending it (`export`)
        then makes a circular."""
        full_id = self._plan_id(plan_id)
        plan = self._store.plan(full_id)
        records = CircularRecords(self._store)
        if plan.organisation.id != self.settings.home_organisation_id and records.get(full_id, "received") is None:
            raise UserError(N_("Only this office's own plans, and those the office above it sent, can be sent to "
                               "the bodies under it."))
        deadlines = dict(deadlines) if deadlines else default_deadlines()
        for deadline in deadlines.values():
            if not (1 <= deadline.month <= 12 and 1 <= deadline.day <= 31) or deadline.next_year:
                raise UserError(N_("A deadline needs a month from 1 to 12 and a day from 1 to 31."))
        measures = {m.id for m in plan.measures()}
        unknown = [m for m in (audience or {}) if m not in measures]
        if unknown:
            raise UserError(N_("The plan has no measure {id}. Name the measures by their numbers in the plan."),
                            id=unknown[0])
        if not all(a in {x.value for x in Audience} for a in (audience or {}).values()):
            raise UserError(N_("A measure is carried out by the soums, the agencies, or both."))
        before = records.get(full_id, "sent")
        chosen = {m: Audience(a) for m, a in (audience or {}).items() if Audience(a) != Audience.BOTH}
        circular = Circular(full_id, deadlines, chosen, before.revision if before else 0)
        with self._store.transaction():
            records.save(circular, "sent")
            if before is None:
                self._store.add_history("plan", full_id, "circular_marked")
        return self._announce(Changes.document(full_id), origin)

    def withdraw_circular(self, plan_id: str, origin=None) -> Changes:
        """Take back a plan sent down. While no circular bundle of it was written, the mark goes:
        nothing left this office. Once one was written the bodies may hold it, so it is called
        off instead: its next revision (`export`) tells them, signed as every circular is, and
        their reports on it stay. Marking it again sends it again as before."""
        full_id = self._plan_id(plan_id)
        records = CircularRecords(self._store)
        marked = records.get(full_id, "sent")
        if marked is None:
            raise UserError(N_("This plan is not marked as carried out by the bodies under this office."))
        if marked.called_off:
            raise UserError(N_("This plan is already called off. Send it to the bodies under this office to tell "
                               "them, if that is not done yet."))
        with self._store.transaction():
            if marked.revision == 0:
                records.remove(full_id, "sent")
                self._store.add_history("plan", full_id, "circular_withdrawn")
            else:
                marked.called_off = True
                records.save(marked, "sent")
                self._store.add_history("plan", full_id, "circular_called_off")
        return self._announce(Changes.document(full_id), origin)

    def measure_ids(self, plan_id: str, numbers: list[str]) -> list[str]:
        """The ids of a plan's measures given by their numbers ("1.2"), for the command line."""
        by_number = {m.number.strip(): m.id for m in self._store.plan(self._plan_id(plan_id)).measures()}
        missing = [n for n in numbers if n.strip() not in by_number]
        if missing:
            raise UserError(N_("The plan has no measure {id}. Name the measures by their numbers in the plan."),
                            id=missing[0])
        return [by_number[n.strip()] for n in numbers]

    def received_circulars(self, today: date | None = None) -> list[ReceivedCircular]:
        """The circulars from the office above this one, of this year and the last, newest first,
        with their deadlines and this office's reports on them."""
        from aplan_desktop.circulars import received_circulars

        today = today or date.today()
        found = []
        for plan, circular, sender in received_circulars(self._store):
            if plan.year >= today.year - 1:
                due = [(period, circular.due(period, plan.year), self.own_report(plan.id, period))
                       for period in sorted(circular.deadlines) if not circular.called_off]
                found.append(ReceivedCircular(plan, circular, self._store.naming(sender)[0] if sender else "", due))
        return found

    def circular_changes(self, report: Report) -> tuple[int, int, list[MeasureChange]] | None:
        """For a report on a circular: the revision it was made on, the circular's now, and the
        measures changed between them; None for a report on this office's own plan."""
        from aplan_desktop.circulars import changes_since

        return changes_since(self._store, report)

    def follow_circular_revision(self, report_id: str, origin=None) -> Changes:
        """This office's report on a circular brought up to the revision received last: the office
        has checked the measures that changed since the report was made, and the report's next
        bundle tells the aimag so. A final report is what was sent, so it is reopened first."""
        from aplan_desktop.core.workflow import is_locked

        report = self._store.report(self._store.resolve_id(report_id)[1])
        records = CircularRecords(self._store)
        made_on, circular = records.report_revision(report.id), records.get(report.plan_id, "received")
        if made_on is None or circular is None:
            raise UserError(N_("This report is not on a plan from the aimag."))
        if circular.called_off:
            raise UserError(N_("The aimag called this plan off: there is no newer revision to follow."))
        if made_on >= circular.revision:
            raise UserError(N_("The report already follows revision {revision} of the aimag's plan, the newest "
                               "received."), revision=made_on)
        if is_locked(report):
            raise UserError(N_("The report is final. Reopen it, check the measures that changed, then say again "
                               "that it follows revision {revision}."), revision=circular.revision)
        with self._store.transaction():
            records.set_report_revision(report.id, circular.revision)
            self._store.add_history("report", report.id, "follows_revision",
                                    f"{made_on} → {circular.revision}")
        return self._announce(Changes.document(report.id), origin)

    def called_off(self, report: Report) -> bool:
        """Whether this office's report is on a plan its aimag called off."""
        circular = CircularRecords(self._store).get(report.plan_id, "received")
        return circular is not None and circular.called_off

    def made_on_text(self, report: Report) -> str:
        """For a body's report on a plan this office sent down: which revision of it the report was
        made on, flagged when a newer one was sent since; "" otherwise."""
        from aplan_desktop.circulars import made_on
        from aplan_desktop.i18n import translate

        found = made_on(self._store, report)
        if found is None:
            return ""
        made, newest = found
        if made < newest:
            return translate(N_("Made on revision {made} of the plan; revision {newest} was sent since"),
                             made=made, newest=newest)
        return translate(N_("Made on revision {made} of the plan, the newest"), made=made)

    # ------------------------------------------------------------ the consolidation of one plan

    def circular_plans(self) -> list[Plan]:
        """The plans this office sent down to the bodies under it (its own, or passed on), newest first."""
        plans = [self._store.plan(c.plan_id) for c in CircularRecords(self._store).all("sent")]
        return sorted(plans, key=lambda p: (-p.year, p.title))

    def sent_circulars(self, today: date | None = None) -> list[tuple[Plan, list[tuple[Period, date, int, int]] | None]]:
        """The plans this office sent down, of this year and the last, with for each period its
        deadline, how many bodies reported and how many are listed (expected or reported); None
        for a plan called off."""
        today = today or date.today()
        called_off = {c.plan_id for c in CircularRecords(self._store).all("sent") if c.called_off}
        return [(plan, None if plan.id in called_off else self._reporting_counts(plan))
                for plan in self.circular_plans() if plan.year >= today.year - 1]

    def _reporting_counts(self, plan: Plan) -> list[tuple[Period, date, int, int]]:
        """For each period of a plan sent down: the deadline, and the counts of its consolidation's
        bodies that reported and of all it lists, read without loading a report."""
        from aplan_desktop.bodies import expected_on_plan, reports_by_body

        office, circular = self._office(None), CircularRecords(self._store).get(plan.id, "sent")
        expected = expected_on_plan(self._store, office, plan, circular)
        counts = []
        for period in sorted(circular.deadlines):
            reported = reports_by_body(self._store, office, plan, period, expected)
            listed = {o.id for o in expected} | reported.keys()
            counts.append((period, circular.due(period, plan.year), len(reported), len(listed)))
        return counts

    def plan_consolidation(self, plan_id: str, period: Period, office_id: str | None = None):
        """Every body's report on one plan of this office for the period (`PlanConsolidation`)."""
        from aplan_desktop.plan_consolidation import plan_consolidation_for

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

    # ------------------------------------------------------------ upward: the office above

    def register_superior(self, bundle_path, typed_fingerprint: str):
        """The office above this one (the national office above an aimag's): its key registered from
        a bundle it signed, once the fingerprint typed from its letter matches, and that office made
        this one's parent here, so that its circulars are accepted. Refused when this office already
        reports to another. Returns the verified bundle and what changed."""
        from pathlib import Path

        from aplan_desktop.core.model import Organisation, OrganisationKind
        from aplan_desktop.exchange import trust_sender
        from aplan_desktop.i18n import named

        if not typed_fingerprint.strip():
            raise UserError(N_("Type the fingerprint printed on the sender's cover letter."))
        home = self.home_organisation()
        with self._store.transaction():
            verified = trust_sender(self._store, Path(bundle_path), typed_fingerprint)
            if home.parent_id not in (None, verified.sender_id) or verified.sender_id == home.id:
                raise UserError(N_("This office already reports to {organisation}; the office above it is not "
                                   "changed."), **named("organisation", *self._store.naming(home.parent_id or home.id)))
            if not self._store.db["organisations"].count_where("id = ?", [verified.sender_id]):
                self._store.save_organisation(Organisation(verified.sender_id, verified.sender_name,
                                                           OrganisationKind.AGENCY))
            home.parent_id = verified.sender_id
            self._store.save_organisation(home)
        return verified, self._announce(Changes(senders=True, organisation=True))

    def upward_report(self, plan_id: str, period: Period) -> Changes:
        """This office's report on a plan the office above sent it, made from its bodies' reports
        on it: per measure each body's result and percentage, and the mean percentage. A report
        already sent gets a new revision. It is then finalised and sent like any report."""
        from aplan_desktop.core.workflow import HistoryEvent
        full_id = self._plan_id(plan_id)
        if CircularRecords(self._store).get(full_id, "received") is None:
            raise UserError(N_("Only a plan the office above sent can be reported upward."))
        consolidation = self.plan_consolidation(full_id, period)
        opened = self.create_report(full_id, Period(period)).open
        report = self._store.report(opened)
        if report.status == ReportStatus.SENT:
            report.revision += 1
        report.status = ReportStatus.DRAFT
        report.entries = [upward_entry(line) for line in consolidation.measures()]
        return self._step(report, HistoryEvent("consolidated", f"{len(consolidation.received())}"))


def upward_entry(line) -> Entry:
    """One measure of the upward report: each body's result with its percentage, and their mean."""
    parts = []
    for body, cell in line.cells:
        if cell.applies and (cell.result.strip() or cell.percent is not None):
            percent = f" ({cell.percent}%)" if cell.percent is not None else ""
            parts.append(f"{body.organisation.name}{percent}: {cell.result.strip()}")
    mean = line.mean_percent
    return Entry(line.measure.id, "\n\n".join(parts),
                 None if mean is None else int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
