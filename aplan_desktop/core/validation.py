"""Every problem of a plan or report at once, each with a sentence a person can act on.

A problem carries an English message with `{name}` placeholders (the gettext msgid) and its
values; `aplan_desktop.i18n.problem_text` turns it into Mongolian or English. It also says
where it is (which measure, which field), so the editor can take the user straight there.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum

from aplan_desktop.core.errors import N_
from aplan_desktop.core.columns import PLAN_KEYS, REPORT_KEYS, has_percent
from aplan_desktop.core.model import (
    Column,
    HeadingKind,
    Plan,
    PlanStatus,
    Report,
    ReportStatus,
)
from aplan_desktop.core.scoring import ScoreScale


class Severity(str, Enum):
    ERROR = "error"  # blocks approving a plan or finalising a report
    WARNING = "warning"  # worth a look, blocks nothing


@dataclass(frozen=True, repr=False)
class Problem:
    code: str
    message: str
    params: dict = field(default_factory=dict, compare=False, hash=False)
    severity: Severity = Severity.ERROR
    object_id: str = ""  # plan, objective, measure or report id
    field: str = ""  # e.g. "percent", "result", "number"


def _measure_label(number: str, text: str) -> str:
    return number or (text[:40] + "…" if len(text) > 40 else text)


def check_columns(columns: list[Column], allowed: tuple[str, ...], owner_id: str) -> list[Problem]:
    problems = []
    for key, count in Counter(c.key for c in columns).items():
        if count > 1:
            problems.append(Problem(
                "column.duplicate", N_("The column “{key}” is chosen twice."),
                {"key": key}, object_id=owner_id, field="columns"))
    for c in columns:
        if c.key not in allowed and not c.extra_key:
            problems.append(Problem(
                "column.unknown", N_("The column “{key}” is not known to this program."),
                {"key": c.key}, object_id=owner_id, field="columns"))
    return problems


def validate_plan(plan: Plan, approving: bool = False) -> list[Problem]:
    """All problems of a plan. With `approving`, also what an approved plan must have."""
    problems: list[Problem] = []
    if not plan.title.strip():
        problems.append(Problem("plan.title", N_("The plan has no title. Type the title as it is printed."),
                                object_id=plan.id, field="title"))
    if not plan.columns:
        problems.append(Problem("plan.columns", N_("Choose at least one column to print."),
                                object_id=plan.id, field="columns"))
    problems += check_columns(plan.columns, PLAN_KEYS, plan.id)
    measures = plan.measures()
    if not measures:
        problems.append(Problem("plan.empty", N_("The plan has no measures yet."),
                                severity=Severity.WARNING, object_id=plan.id))
    for number, count in Counter(m.number.strip() for m in measures).items():
        if number and count > 1:
            for m in measures:
                if m.number.strip() == number:
                    problems.append(Problem(
                        "measure.number.duplicate",
                        N_("Measure number {number} is used {count} times. Give each measure its own number."),
                        {"number": number, "count": count}, object_id=m.id, field="number"))
    sections = {s.id for s in plan.sections}
    for section in plan.sections:
        if not section.text.strip():
            problems.append(Problem("section.text", N_("Section {number} has no text."),
                                    {"number": section.number}, object_id=section.id, field="text"))
    for objective in plan.objectives:
        if not objective.text.strip():
            problems.append(Problem("objective.text", N_("Objective {number} has no text."),
                                    {"number": objective.number}, object_id=objective.id, field="text"))
        if objective.section_id is not None and objective.section_id not in sections:
            problems.append(Problem(
                "objective.section", N_("Objective {number} is under a section the plan does not have. "
                                        "Put it under one of the plan's sections, or under none."),
                {"number": objective.number}, object_id=objective.id, field="section"))
    for m in measures:
        label = _measure_label(m.number, m.text)
        if not m.number.strip():
            problems.append(Problem("measure.number", N_("A measure has no number: “{label}”."),
                                    {"label": label}, object_id=m.id, field="number"))
        if not m.text.strip():
            problems.append(Problem("measure.text", N_("Measure {label} has no text."),
                                    {"label": label}, object_id=m.id, field="text"))
        start, end = m.timeframe.start, m.timeframe.end
        outside = [d for d in (start, end) if d is not None and d.year != plan.year]
        if outside:
            problems.append(Problem(
                "measure.due.year",
                N_("Measure {label}: the date {date} is outside the plan year {year}."),
                {"label": label, "date": outside[0].isoformat(), "year": plan.year},
                object_id=m.id, field="timeframe"))
        if start and end and start > end:
            problems.append(Problem("measure.due.order",
                                    N_("Measure {label}: the timeframe ends before it starts."),
                                    {"label": label}, object_id=m.id, field="timeframe"))
        if m.budget.amount is not None and m.budget.amount < 0:
            problems.append(Problem("measure.budget.negative",
                                    N_("Measure {label}: the budget cannot be negative."),
                                    {"label": label}, object_id=m.id, field="budget"))
        for key in m.extra:
            if not any(c.extra_key == key for c in plan.columns):
                problems.append(Problem(
                    "measure.extra.orphan",
                    N_("Measure {label} has a value for the column “{key}”, which the plan does not print."),
                    {"label": label, "key": key}, severity=Severity.WARNING, object_id=m.id, field="extra"))
    if (approving or plan.status == PlanStatus.APPROVED) and plan.heading.kind == HeadingKind.APPROVAL:  # БАТЛАВ printed
        severity = Severity.ERROR if approving else Severity.WARNING
        if plan.approval is None or not plan.approval.name.strip() or not plan.approval.title.strip():
            problems.append(Problem("plan.approval", N_("Write who approves the plan (title and name)."),
                                    severity=severity, object_id=plan.id, field="approval"))
    return problems


def validate_report(report: Report, plan: Plan, scale: ScoreScale | None = None,
                    finalising: bool = False) -> list[Problem]:
    """All problems of a report against its plan.

    Missing results, percentages and signatories are warnings while the report is a draft,
    and errors for a final or sent report, or when `finalising`. A report whose columns have
    no percentage (a narrative report) is not asked for one.
    """
    scale = scale or ScoreScale.free()
    problems: list[Problem] = []
    strict = finalising or report.status != ReportStatus.DRAFT
    completeness = Severity.ERROR if strict else Severity.WARNING
    if report.plan_id != plan.id:
        problems.append(Problem("report.plan", N_("The report belongs to another plan."), object_id=report.id))
    problems += check_columns(report.columns, PLAN_KEYS + REPORT_KEYS, report.id)
    known = {m.id: m for m in plan.measures()}
    percent = has_percent(report, plan)
    for measure_id, count in Counter(e.measure_id for e in report.entries).items():
        if count > 1:
            problems.append(Problem("entry.duplicate", N_("A measure is reported twice."),
                                    object_id=measure_id))
    for e in report.entries:
        if e.measure_id not in known:
            problems.append(Problem("entry.unknown",
                                    N_("The report has a result for a measure that is not in the plan."),
                                    object_id=e.measure_id))
    for measure, e in report.entries_in_plan_order(plan):
        label = _measure_label(measure.number, measure.text)
        for value, fieldname, code in ((e.percent, "percent", "entry.percent"),
                                       (e.review.score, "review", "entry.review")):
            if value is None:
                continue
            if not 0 <= value <= 100:
                problems.append(Problem(
                    code + ".range",
                    N_("Measure {label}: the percentage {value} is outside 0–100."),
                    {"label": label, "value": value}, object_id=measure.id, field=fieldname))
            elif not scale.allows(value):
                problems.append(Problem(
                    code + ".scale",
                    N_("Measure {label}: {value} is not among the allowed percentages ({allowed})."),
                    {"label": label, "value": value, "allowed": ", ".join(map(str, scale.steps))},
                    object_id=measure.id, field=fieldname))
        if not e.result.strip():
            problems.append(Problem("entry.result.empty",
                                    N_("Measure {label}: write what was achieved."),
                                    {"label": label}, severity=completeness, object_id=measure.id, field="result"))
        if percent and e.percent is None:
            problems.append(Problem("entry.percent.empty",
                                    N_("Measure {label}: give the implementation percentage."),
                                    {"label": label}, severity=completeness, object_id=measure.id, field="percent"))
        if e.spent.amount is not None and e.spent.amount < 0:
            problems.append(Problem("entry.spent.negative",
                                    N_("Measure {label}: the money spent cannot be negative."),
                                    {"label": label}, object_id=measure.id, field="spent"))
    if report.prepared_by.is_empty():
        problems.append(Problem("report.prepared_by",
                                N_("Write who prepared the report (БИЕЛЭЛТ ГАРГАСАН: title and name)."),
                                severity=completeness, object_id=report.id, field="prepared_by"))
    if report.report_date is not None and report.report_date.year < plan.year:
        problems.append(Problem("report.date",
                                N_("The report date {date} is before the plan year {year}."),
                                {"date": report.report_date.isoformat(), "year": plan.year},
                                object_id=report.id, field="report_date"))
    return problems


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == Severity.ERROR]
