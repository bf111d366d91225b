"""Which reports are due next, for the start screen: each plan of the year, each half year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aplan_desktop.core.model import Plan, Report, ReportStatus
from aplan_desktop.core.periods import DeadlineRules, Period

HALF_YEARS = (Period.H1, Period.H2)


@dataclass(eq=False, repr=False)
class DueReport:
    """A half-year report a plan of this year needs, its deadline, and the report if it is made."""

    plan: Plan
    period: Period
    deadline: date
    report: Report | None

    @property
    def done(self) -> bool:
        return self.report is not None and self.report.status != ReportStatus.DRAFT

    def days_left(self, today: date) -> int:
        return (self.deadline - today).days


def due_reports(plans: list[Plan], reports: list[Report], rules: DeadlineRules, today: date) -> list[DueReport]:
    """The half-year reports of this year's plans, soonest deadline first; finished ones too,
    so the screen can show them as done."""
    by_plan_period = {(r.plan_id, r.period): r for r in reports}
    due = [DueReport(plan, period, rules.due(period, plan.year), by_plan_period.get((plan.id, period)))
           for plan in plans if plan.year == today.year for period in HALF_YEARS]
    return sorted(due, key=lambda d: (d.deadline, d.plan.title))
