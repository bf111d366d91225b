"""Plans and reports as a person starts them and moves them on: create, approve, finalise,
reopen with a reason. Each job checks first, runs in one transaction and says what changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Plan, Report
from aplan_desktop.core.periods import Period
from aplan_desktop.core.templates import Template, copy_plan_to_year, list_templates, plan_from_template
from aplan_desktop.core.workflow import HistoryEvent, approve_plan, finalise_report, new_report, reopen_plan, \
    reopen_report
from aplan_desktop.operations.changes import Changes
from aplan_desktop.resources import templates_dir


@dataclass(frozen=True)
class PlanSource:
    """Where a new plan can start: a template, or one of this office's earlier plans."""

    label_key: str  # "template" or "copy"
    name: str  # the template's name, or the plan's title
    template: Template | None = None
    plan_id: str | None = None
    year: int | None = None


class DocumentJobs:
    """Mixed into `Operations`: starting documents and the steps of their life."""

    def plan_sources(self) -> list[PlanSource]:
        """The templates, then this office's own plans, newest first (never another office's)."""
        sources = [PlanSource("template", t.name, template=t) for t in list_templates(templates_dir())]
        home = self.settings.home_organisation_id
        if home:
            sources += [PlanSource("copy", p.title, plan_id=p.id, year=p.year) for p in self._store.plans(home)]
        return sources

    def create_plan(self, source: PlanSource | Template | str, year: int | None = None,
                    announce: bool = True) -> Changes:
        """A new plan of this office for the year, from a template, from one of its own earlier
        plans, or ("copy") from its latest plan before that year."""
        home = self.home_organisation()
        year = year or date.today().year
        if not 2000 <= year <= 2100:
            raise UserError(N_("The year must be between 2000 and 2100."))
        if isinstance(source, PlanSource):
            source = source.template or self._own_plan(source.plan_id)
        elif source == "copy":
            earlier = [p for p in self._store.plans(home.id) if p.year < year]
            if not earlier:
                raise UserError(N_("This office has no plan of an earlier year to copy."))
            source = earlier[0]
        plan = plan_from_template(source, home, year) if isinstance(source, Template) else copy_plan_to_year(source, year)
        plan.organisation = home
        with self._store.transaction():
            self._store.save_plan(plan, self._store.parent_of(home))
            self._store.add_history("plan", plan.id, "created")
        changes = Changes.new_document(plan.id)
        return self._announce(changes) if announce else changes

    def _own_plan(self, plan_id: str | None) -> Plan:
        plan = self._store.plan(plan_id or "")
        if plan.organisation.id != self.settings.home_organisation_id:
            raise UserError(N_("Only this office's own plans can be copied into a new year."))
        return plan

    def due_reports(self, today: date | None = None):
        """This office's reports due in the year, with their deadlines and how far each is (an
        aimag sees the others' in the consolidation)."""
        from aplan_desktop.core.deadlines import due_reports

        today = today or date.today()
        home = self.settings.home_organisation_id
        return due_reports(self._store.plans(home, today.year), self.reports(today.year),
                           self.settings.deadline_rules, today)

    def report_choices(self) -> tuple[list[Plan], set[str]]:
        """This office's plans a report can be made on, and those with a first-half report."""
        plans = self._store.plans(self.settings.home_organisation_id) if self.settings.home_organisation_id else []
        return plans, {plan_id for plan_id, period in self._reports_of(plans) if period == Period.H1}

    def _reports_of(self, plans: list[Plan]) -> list[tuple[str, Period]]:
        ids = {p.id for p in plans}
        return [(r.plan_id, r.period) for r in (self._store.report(d.id) for d in self._store.documents()
                                                 if d.kind == "report") if r.plan_id in ids]

    def existing_report(self, plan_id: str, period: Period) -> Report | None:
        for d in self._store.documents():
            if d.kind == "report" and d.period == period:
                report = self._store.report(d.id)
                if report.plan_id == plan_id:
                    return report
        return None

    def create_report(self, plan_id: str, period: Period, carry_first_half: bool = False) -> Changes:
        """The plan's report for the period; an existing one is opened rather than doubled."""
        plan = self._store.plan(plan_id)
        if plan.organisation.id != self.settings.home_organisation_id:
            raise UserError(N_("A report is made on this office's own plans only."))
        existing = self.existing_report(plan_id, period)
        if existing is not None:
            return self._announce(Changes(open=existing.id))
        carry = self.existing_report(plan_id, Period.H1) if carry_first_half and period == Period.H2 else None
        report = new_report(plan, period, carry_from=carry)
        if report.prepared_by.is_empty():
            report.prepared_by = self.settings.preparer
        with self._store.transaction():
            self._store.save_report(report)
            self._store.add_history("report", report.id, "created")
        return self._announce(Changes.new_document(report.id))

    def load_file(self, path, replace: bool = False) -> tuple[Plan, Report | None]:
        """A plan, or a report with its plan, from an interchange file (all of it or nothing)."""
        from aplan_desktop.documents import load_document_file

        plan, report = load_document_file(self._store, path, replace=replace)
        self._announce(Changes(documents=frozenset({(report or plan).id}), created=frozenset({(report or plan).id})))
        return plan, report

    def load_demo(self, home: str | None = None) -> Changes:
        """The demo documents; `home` makes one of their organisations this office (for pictures)."""
        from aplan_desktop.documents import load_demo

        with self._store.transaction():
            loaded = load_demo(self._store)
            if home:
                self._store.organisation(home)  # refused when the demo has no such organisation
                self.settings._set_home(home, self.settings.preparer)
        ids = frozenset(report.id if report else plan.id for plan, report in loaded)
        return self._announce(Changes(created=ids, organisation=bool(home)))

    # ------------------------------------------------------------ steps

    def _step(self, document: Plan | Report, event: HistoryEvent, origin=None) -> Changes:
        kind = "plan" if isinstance(document, Plan) else "report"
        with self._store.transaction():
            if kind == "plan":
                self._store.save_plan(document)
            else:
                self._store.save_report(document)
            self._store.add_history(kind, document.id, event.action, event.reason)
        return self._announce(Changes.document(document.id), origin)

    def approve(self, plan_id: str, origin=None) -> Changes:
        """Approve a plan (refused with every problem listed while it has errors)."""
        plan = self._store.plan(plan_id)
        return self._step(plan, approve_plan(plan), origin)

    def finalise(self, report_id: str, origin=None) -> Changes:
        """Finalise a report (refused with every problem listed while it has errors)."""
        report = self._store.report(report_id)
        event = finalise_report(report, self._store.plan(report.plan_id), self.settings.score_scale)
        return self._step(report, event, origin)

    def reopen(self, doc_id: str, reason: str, origin=None) -> Changes:
        """Back to draft, with the reason kept in the history; a sent report gets a new revision."""
        kind, full_id = self._store.resolve_id(doc_id)
        if kind == "plan":
            plan = self._store.plan(full_id)
            return self._step(plan, reopen_plan(plan, reason), origin)
        report = self._store.report(full_id)
        return self._step(report, reopen_report(report, reason), origin)
