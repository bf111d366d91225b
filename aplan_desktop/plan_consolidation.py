"""The consolidation of one plan an office sent down: every body's report on it, with when each
came (docs/bundle-format.md, "Circulars"). Apart from aplan_desktop/circulars.py, whose reads the
start page makes, so that the window's start loads none of this."""

from __future__ import annotations

from functools import partial

from aplan_desktop.bodies import carries_out, expected_on_plan, reports_by_body
from aplan_desktop.circulars import made_on
from aplan_desktop.core.consolidation import PlanConsolidation, consolidate_plan
from aplan_desktop.core.model import Plan, Report
from aplan_desktop.core.periods import Period
from aplan_desktop.core.timeliness import Timing, timing
from aplan_desktop.storage import Store
from aplan_desktop.storage.circulars import CircularRecords
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
    expected = expected_on_plan(store, office_id, plan, circular)
    named = {o.id: o for o in expected}
    reports = {}
    for body, report_id in reports_by_body(store, office_id, plan, period, expected).items():
        report = store.report(report_id)
        reports[body] = (named.get(body) or store.organisation(body), report, report_timing(store, plan, report))
    consolidation = consolidate_plan(office, plan, period, deadline, expected, reports, partial(carries_out, circular))
    for body in consolidation.received():
        body.made_on = made_on(store, body.report)
    return consolidation
