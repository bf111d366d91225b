"""Plans and reports as a person starts them and moves them on: create, approve, finalise,
reopen with a reason. Each job checks first, runs in one transaction and says what changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Plan, Report
from aplan_desktop.core.periods import Period
from aplan_desktop.operations.changes import Changes
from aplan_desktop.resources import templates_dir

if TYPE_CHECKING:  # the templates are read when a plan is made, the steps' rules when one is taken
    from aplan_desktop.core.templates import Template
    from aplan_desktop.core.workflow import HistoryEvent


@dataclass(frozen=True, repr=False)
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
        from aplan_desktop.core.templates import list_templates

        sources = [PlanSource("template", t.name, template=t) for t in list_templates(templates_dir())]
        home = self.settings.home_organisation_id
        if home:
            sources += [PlanSource("copy", p.title, plan_id=p.id, year=p.year) for p in self._store.plans(home)]
        return sources

    def create_plan(self, source: PlanSource | Template | str, year: int | None = None,
                    announce: bool = True) -> Changes:
        """A new plan of this office for the year, from a template, from one of its own earlier
        plans, or ("copy") from its latest plan before that year."""
        from aplan_desktop.core.templates import Template, copy_plan_to_year, plan_from_template

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
        aimag sees the others' in the consolidation: the bodies' reports on its plans are not its
        own, so they count for nothing here)."""
        from aplan_desktop.core.deadlines import HALF_YEARS, due_reports

        today = today or date.today()
        plans = self._store.plans(self.settings.home_organisation_id, today.year)
        own = [self.existing_report(p.id, period, p.organisation.id) for p in plans for period in HALF_YEARS]
        return due_reports(plans, [r for r in own if r is not None], self.settings.deadline_rules, today)

    def no_plan_text(self, year: int) -> str:
        """What the start page says when this office has no plan of its own for the year: that
        it reports on its aimag's plan, when one for that year came from the aimag, else how to
        start a plan."""
        from aplan_desktop.i18n import translate
        from aplan_desktop.storage.circulars import CircularRecords

        if any(self._store.plan(c.plan_id).year == year for c in CircularRecords(self._store).all("received")
               if not c.called_off):
            return translate(N_("This office has no plan of its own for {year}: it carries out the aimag's plan "
                                "below and reports on it with “Start the report”."), year=year)
        return translate(N_("There is no plan for {year} yet. Start one with “New plan…”."), year=year)

    def report_choices(self) -> tuple[list[Plan], set[str]]:
        """The plans a report can be made on (this office's own, then the circulars from its
        aimag), and those with a first-half report of this office."""
        from aplan_desktop.storage.circulars import CircularRecords

        home = self.settings.home_organisation_id
        plans = self._store.plans(home) if home else []
        plans += [self._store.plan(c.plan_id) for c in CircularRecords(self._store).all("received")
                  if not c.called_off] if home else []
        return plans, {p.id for p in plans if self.existing_report(p.id, Period.H1) is not None}

    def existing_report(self, plan_id: str, period: Period, organisation_id: str | None = None) -> Report | None:
        """The report of an organisation (this office by default) on the plan for the period."""
        from aplan_desktop.storage.circulars import report_of

        return report_of(self._store, plan_id, Period(period), organisation_id or self.settings.home_organisation_id)

    own_report = existing_report

    def create_report(self, plan_id: str, period: Period, carry_first_half: bool = False,
                      organisation_id: str | None = None) -> Changes:
        """This office's report on a plan it holds for the period (its own plan, or a circular
        from its aimag); an existing one is opened rather than doubled. `organisation_id` names
        the office where none is set up (`report_office`)."""
        from aplan_desktop.core.workflow import new_report
        from aplan_desktop.storage.circulars import CircularRecords

        plan = self._store.plan(plan_id)
        body = self.report_office(organisation_id)
        circular = CircularRecords(self._store).get(plan.id, "received")
        if plan.organisation.id != body and circular is None and organisation_id is None:
            raise UserError(N_("A report is made on this office's own plans, or on a plan its aimag sent it."))
        if circular is not None and circular.called_off and self.existing_report(plan.id, period, body) is None:
            raise UserError(N_("The aimag called this plan off, so no new report is made on it. The reports "
                               "already made on it stay."))
        existing = self.existing_report(plan.id, period, body)
        if existing is not None:
            return self._announce(Changes(open=existing.id))
        carry = self.existing_report(plan.id, Period.H1, body) if carry_first_half and period == Period.H2 else None
        report = new_report(plan, period, carry_from=carry)
        report.organisation_id = None if plan.organisation.id == body else body
        if report.organisation_id:  # whose report it is, on the aimag's plan: "…СУМЫН … ТӨЛӨВЛӨГӨӨНИЙ БИЕЛЭЛТ"
            from aplan_desktop.core.titles import report_title
            from aplan_desktop.i18n.mongolian import name_in_cases

            office = self._store.organisation(body)
            report.title = f"{name_in_cases(office.name, office.forms).genitive.upper()} {report_title(report, plan)}"
        if report.prepared_by.is_empty():
            report.prepared_by = self.settings.preparer
        with self._store.transaction():
            self._store.save_report(report)
            self._store.add_history("report", report.id, "created")
            if circular is not None:
                CircularRecords(self._store).set_report_revision(report.id, circular.revision)
        return self._announce(Changes.new_document(report.id))

    def report_office(self, organisation_id: str | None = None) -> str:
        """Whose report a new one is: this office; or, in a data file with no office set up (one
        made by `aplan demo`), the organisation named, which must be here and must not be one
        whose documents come from a registered sender."""
        home = self.settings.home_organisation_id
        if organisation_id is None or organisation_id == home:
            if home is None:
                raise UserError(N_("Tell the program who you are first: the first-run setup was not finished."))
            return home
        from aplan_desktop.i18n import named

        if home is not None:
            raise UserError(N_("This data file is {organisation}'s: reports are made in its name, not another "
                               "organisation's."), **named("organisation", *self._store.naming(home)))
        self._store.organisation(organisation_id)  # refused when there is no such organisation
        from aplan_desktop.storage.exchange import ExchangeRecords

        if ExchangeRecords(self._store).trusted_key(organisation_id) is not None:
            raise UserError(N_("The documents of {organisation} come from its own office (its key is registered "
                               "here); a report in its name is made there."),
                            **named("organisation", *self._store.naming(organisation_id)))
        return organisation_id

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
        from aplan_desktop.core.workflow import approve_plan

        plan = self._store.plan(plan_id)
        return self._step(plan, approve_plan(plan), origin)

    def finalise(self, report_id: str, origin=None) -> Changes:
        """Finalise a report (refused with every problem listed while it has errors)."""
        from aplan_desktop.core.workflow import finalise_report

        report = self._store.report(report_id)
        event = finalise_report(report, self._store.plan(report.plan_id), self.settings.score_scale)
        return self._step(report, event, origin)

    def reopen(self, doc_id: str, reason: str, origin=None) -> Changes:
        """Back to draft, with the reason kept in the history; a sent report gets a new revision."""
        from aplan_desktop.core.workflow import reopen_plan, reopen_report

        kind, full_id = self._store.resolve_id(doc_id)
        if kind == "plan":
            plan = self._store.plan(full_id)
            return self._step(plan, reopen_plan(plan, reason), origin)
        report = self._store.report(full_id)
        return self._step(report, reopen_report(report, reason), origin)
