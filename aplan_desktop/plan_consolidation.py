"""The consolidation of one plan an office sent down: every body's report on it, with when each
came (docs/bundle-format.md, "Circulars"). Apart from aplan_desktop/circulars.py, whose reads the
start page makes, so that the window's start loads none of this."""

from __future__ import annotations

from aplan_desktop.bodies import expected_bodies, reporting_for
from aplan_desktop.circulars import made_on
from aplan_desktop.core.consolidation import PlanConsolidation, consolidate_plan
from aplan_desktop.core.model import Organisation, Plan, Report
from aplan_desktop.core.periods import Period
from aplan_desktop.core.timeliness import Timing, timing
from aplan_desktop.storage import Store
from aplan_desktop.storage.circulars import CircularRecords, reports_on_plan
from aplan_desktop.storage.exchange import ExchangeRecords

def report_timing(store: Store, plan: Plan, report: Report) -> Timing:
    """When a body's report was sent (its first bundle's signed time) and reached this office;
    one typed in here (or loaded from a file) counts from its own date."""
    signed_at, imported_at = ExchangeRecords(store).first_arrival(report.id) or (None, None)
    return timing(plan.year, signed_at, imported_at, report.report_date)


def plan_consolidation_for(store: Store, office_id: str, plan_id: str, period: Period) -> PlanConsolidation:
    """Every body's report on one plan of this office for the period: the bodies under the
    office that the plan's circular gives a measure to are expected, and every body that
    reported on it is listed; the deadline is the circular's (else the settings')."""
    office, plan = store.organisation(office_id), store.plan(plan_id)
    circular = CircularRecords(store).get(plan.id, "sent")
    deadline = (circular.due(period, plan.year) if circular else None) or store.deadline_rules().due(period, plan.year)

    def applies(measure_id: str, body: Organisation) -> bool:
        return circular is None or circular.applies(measure_id, body.kind)

    expected = [o for o in expected_bodies(store, office_id) if any(applies(m.id, o) for m in plan.measures())]
    counted = reporting_for(store, expected)  # a sender bound to a body of the roster reports as that body
    named = {o.id: o for o in expected}
    reports = {}
    for report in reports_on_plan(store, plan.id, period):
        sender = report.organisation_id or plan.organisation.id
        body = counted.get(sender, sender)
        if body != office_id:
            reports[body] = (named.get(body) or store.organisation(body), report, report_timing(store, plan, report))
    consolidation = consolidate_plan(office, plan, period, deadline, expected, reports, applies)
    for body in consolidation.received():
        body.made_on = made_on(store, body.report)
    return consolidation
