import pytest

from aplan_desktop.core.columns import report_columns
from aplan_desktop.core.model import Entry, Heading, HeadingKind, PlanStatus, ReportStatus
from aplan_desktop.core.periods import Period
from aplan_desktop.core.scoring import ScoreScale
from aplan_desktop.core.workflow import (
    StepRefused, add_measure, add_objective, approve_plan, finalise_report, is_locked, mark_sent, new_report,
    renumber, reopen_plan, reopen_report,
)


def test_finalise_is_refused_with_every_problem_then_accepted(demo_store):
    report = demo_store.report("s000-report")
    plan = demo_store.plan(report.plan_id)
    report.status = ReportStatus.DRAFT
    report.entries[0].result = ""
    report.entries[1].percent = None
    with pytest.raises(StepRefused) as info:
        finalise_report(report, plan, ScoreScale.free())
    assert sorted(p.code for p in info.value.problems) == ["entry.percent.empty", "entry.result.empty"]
    assert report.status == ReportStatus.DRAFT
    report.entries[0].result = "Хийсэн ажил"
    report.entries[1].percent = 100
    assert finalise_report(report, plan, ScoreScale.free()).action == "finalised"
    assert report.status == ReportStatus.FINAL and is_locked(report)


def test_reopen_needs_a_reason_and_a_sent_report_gets_a_new_revision(demo_store):
    report = demo_store.report("s000-report")
    with pytest.raises(StepRefused):
        reopen_report(report, "  ")
    assert report.status == ReportStatus.FINAL
    mark_sent(report)
    event = reopen_report(report, "Аймгаас засвар ирүүлэхийг хүссэн")
    assert (event.action, event.reason) == ("reopened", "Аймгаас засвар ирүүлэхийг хүссэн")
    assert report.status == ReportStatus.DRAFT and report.revision == 2 and not is_locked(report)
    with pytest.raises(StepRefused):
        mark_sent(report)


def test_approve_needs_the_approval_block(demo_store):
    plan = demo_store.plan("s000-plan")
    plan.status = PlanStatus.DRAFT
    with pytest.raises(StepRefused) as info:
        approve_plan(plan)
    assert [p.code for p in info.value.problems] == ["plan.approval"]
    from aplan_desktop.core.model import Approval
    plan.approval = Approval("ЗАСАГ ДАРГА", "Н. ОРХОНТУУЛ")
    approve_plan(plan)
    assert is_locked(plan)
    reopen_plan(plan, "Шинэ арга хэмжээ нэмэх")
    assert plan.status == PlanStatus.DRAFT


def test_second_half_starts_from_the_first_halfs_text(demo_store):
    first = demo_store.report("s000-report")
    plan = demo_store.plan(first.plan_id)
    first.entries[0].review.score = 50
    second = new_report(plan, Period.H2, carry_from=first)
    assert second.id != first.id and second.status == ReportStatus.DRAFT
    assert [e.result for e in second.entries] == [e.result for e in first.entries]
    assert second.entries[0].review.score is None and first.entries[0].review.score == 50
    assert second.prepared_by == first.prepared_by
    first.columns = [c for c in report_columns(first, plan) if c.key != "percent"]  # a narrative report
    first.heading = Heading(HeadingKind.NONE, place="Арвайхээр")
    narrative = new_report(plan, Period.H2, carry_from=first)
    assert (narrative.columns, narrative.heading) == (first.columns, first.heading)
    narrative.heading.place = "өөр"
    assert first.heading.place == "Арвайхээр"
    second.entries[0].result = "өөр"
    assert first.entries[0].result != "өөр"
    blank = new_report(plan, Period.H1)
    assert len(blank.entries) == len(plan.measures()) and all(e == Entry(e.measure_id) for e in blank.entries)


def test_add_and_renumber(demo_store):
    plan = demo_store.plan("s002-plan")
    objective = add_objective(plan, index=0)
    add_measure(plan, objective)
    renumber(plan)
    assert [o.number for o in plan.objectives] == ["1", "2", "3", "4", "5"]
    assert plan.objectives[0].measures[0].number == "1.1"
    assert [m.number for m in plan.objectives[1].measures] == ["2.1", "2.2", "2.3", "2.4"]
    assert len({m.number for m in plan.measures()}) == len(plan.measures())


def test_due_reports_for_the_start_screen(demo_store):
    from datetime import date

    from aplan_desktop.core.deadlines import due_reports
    from aplan_desktop.core.periods import DeadlineRules

    plan = demo_store.plan("s001-plan")
    report = demo_store.report("s001-report")
    due = due_reports([plan], [report], DeadlineRules(), date(2025, 4, 30))
    assert [(d.period.value, d.deadline, d.done) for d in due] == [
        ("H1", date(2025, 5, 10), False), ("H2", date(2025, 11, 10), True)]
    assert due[0].days_left(date(2025, 4, 30)) == 10
    assert due_reports([plan], [report], DeadlineRules(), date(2026, 1, 5)) == []
