"""What may happen to a plan or report, and what it takes: approve, finalise, reopen, send.

Each step checks first and changes nothing when it refuses; the refusal carries every problem
(the validation list) so the user sees at once what to fix.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import (
    Entry,
    Heading,
    Measure,
    Objective,
    Person,
    Plan,
    PlanStatus,
    Report,
    ReportStatus,
    Review,
    new_id,
)
from aplan_desktop.core.periods import Period
from aplan_desktop.core.scoring import ScoreScale
from aplan_desktop.core.validation import Problem, errors, validate_plan, validate_report


class StepRefused(UserError):
    """A step that cannot be taken yet; `problems` lists why."""

    def __init__(self, message: str, problems: list[Problem] | None = None, **params: object) -> None:
        super().__init__(message, **params)
        self.problems = problems or []


@dataclass(frozen=True)
class HistoryEvent:
    """One line of a document's history: what was done, and why when a reason is asked for."""

    action: str  # approved, reopened, finalised, sent, created
    reason: str = ""


def approve_plan(plan: Plan) -> HistoryEvent:
    problems = errors(validate_plan(plan, approving=True))
    if problems:
        raise StepRefused(N_("The plan cannot be approved yet: fix the problems listed first."), problems)
    plan.status = PlanStatus.APPROVED
    return HistoryEvent("approved")


def reopen_plan(plan: Plan, reason: str) -> HistoryEvent:
    if not reason.strip():
        raise StepRefused(N_("Write why the plan is reopened; the reason is kept in its history."))
    plan.status = PlanStatus.DRAFT
    return HistoryEvent("reopened", reason.strip())


def finalise_report(report: Report, plan: Plan, scale: ScoreScale) -> HistoryEvent:
    problems = errors(validate_report(report, plan, scale, finalising=True))
    if problems:
        raise StepRefused(N_("The report cannot be finalised yet: fix the problems listed first."), problems)
    report.status = ReportStatus.FINAL
    return HistoryEvent("finalised")


def reopen_report(report: Report, reason: str) -> HistoryEvent:
    """Back to draft. A report that was already sent gets a new revision number, so the aimag
    can tell the corrected report from the one it has."""
    if not reason.strip():
        raise StepRefused(N_("Write why the report is reopened; the reason is kept in its history."))
    if report.status == ReportStatus.SENT:
        report.revision += 1
    report.status = ReportStatus.DRAFT
    return HistoryEvent("reopened", reason.strip())


def mark_sent(report: Report) -> HistoryEvent:
    if report.status != ReportStatus.FINAL:
        raise StepRefused(N_("Only a final report can be sent. Finalise it first."))
    report.status = ReportStatus.SENT
    return HistoryEvent("sent")


def is_locked(document: Plan | Report) -> bool:
    """An approved plan and a final or sent report are read-only until reopened."""
    if isinstance(document, Plan):
        return document.status == PlanStatus.APPROVED
    return document.status != ReportStatus.DRAFT


def new_report(plan: Plan, period: Period, carry_from: Report | None = None) -> Report:
    """A draft report with an entry for every measure; the first half's results, percentages
    and evidence can be carried into the second half as a starting point, with its own choice
    of columns and its heading block."""
    earlier = {e.measure_id: e for e in carry_from.entries} if carry_from else {}
    entries = []
    for m in plan.measures():
        entry = copy.deepcopy(earlier[m.id]) if m.id in earlier else Entry(m.id)
        entry.review = Review()  # the aimag scores each report anew
        entries.append(entry)
    return Report(id=new_id(), plan_id=plan.id, period=period, entries=entries,
                  prepared_by=copy.deepcopy(carry_from.prepared_by) if carry_from else Person(),
                  reviewed_by=copy.deepcopy(carry_from.reviewed_by) if carry_from else Person(),
                  columns=copy.deepcopy(carry_from.columns) if carry_from else [],
                  heading=copy.deepcopy(carry_from.heading) if carry_from else Heading())


def renumber(plan: Plan) -> None:
    """Sections and objectives 1, 2, 3 … and their measures 1.1, 1.2 … in the order they stand."""
    for s_index, section in enumerate(plan.sections, start=1):
        section.number = str(s_index)
    for o_index, objective in enumerate(plan.objectives, start=1):
        objective.number = str(o_index)
        for m_index, measure in enumerate(objective.measures, start=1):
            measure.number = f"{o_index}.{m_index}"


def add_objective(plan: Plan, index: int | None = None) -> Objective:
    objective = Objective(new_id(), str(len(plan.objectives) + 1), "")
    plan.objectives.insert(len(plan.objectives) if index is None else index, objective)
    return objective


def add_measure(plan: Plan, objective: Objective, index: int | None = None) -> Measure:
    number = f"{objective.number}.{len(objective.measures) + 1}"
    measure = Measure(new_id(), number, "")
    objective.measures.insert(len(objective.measures) if index is None else index, measure)
    return measure
