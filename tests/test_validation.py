from datetime import date
from decimal import Decimal

from aplan_desktop.core.model import (
    Approval, Column, Entry, Measure, Money, Objective, Organisation, OrganisationKind, Person, Plan, PlanKind,
    Report, ReportStatus, Review, Section, Timeframe,
)
from aplan_desktop.core.periods import Period
from aplan_desktop.core.scoring import ScoreScale
from aplan_desktop.core.validation import Severity, errors, validate_plan, validate_report
from aplan_desktop.i18n import problem_text


def _plan(**changes) -> Plan:
    org = Organisation(id="org", name="Бат-Өлзий сумын ЗДТГ", kind=OrganisationKind.SOUM)
    measures = [
        Measure(id="m1", number="1.1", text="Сурталчлах", timeframe=Timeframe("Жилдээ", date(2024, 1, 1),
                                                                               date(2024, 12, 31))),
        Measure(id="m2", number="1.2", text="Зохион байгуулах"),
    ]
    plan = Plan(id="p", organisation=org, year=2024, kind=PlanKind.ANTI_CORRUPTION, title="ТӨЛӨВЛӨГӨӨ",
                columns=[Column("number", "Д/д"), Column("measure", "Арга хэмжээ")],
                objectives=[Objective(id="o1", number="1", text="Зорилт", measures=measures)])
    for key, value in changes.items():
        setattr(plan, key, value)
    return plan


def _codes(problems):
    return sorted(p.code for p in problems)


def test_a_clean_plan_has_no_problems():
    assert validate_plan(_plan()) == []


def test_every_plan_problem_is_reported_at_once():
    plan = _plan(title=" ")
    m1, m2 = plan.objectives[0].measures
    m2.number = "1.1"
    m1.timeframe = Timeframe("2025.01.01-2025.02.01", date(2025, 1, 1), date(2025, 2, 1))
    m2.budget = Money(Decimal("-5"), "")
    m2.timeframe = Timeframe("", date(2024, 5, 1), date(2024, 4, 1))
    plan.columns.append(Column("measure", "again"))
    plan.columns.append(Column("colour", "?"))
    codes = _codes(validate_plan(plan))
    assert codes == sorted([
        "plan.title", "measure.number.duplicate", "measure.number.duplicate", "measure.due.year",
        "measure.budget.negative", "measure.due.order", "column.duplicate", "column.unknown",
    ])


def test_approving_needs_the_approval_block():
    plan = _plan()
    assert _codes(errors(validate_plan(plan, approving=True))) == ["plan.approval"]
    plan.approval = Approval("ЗАСАГ ДАРГА", "Н. ОРХОНТУУЛ", date(2024, 1, 20))
    assert validate_plan(plan, approving=True) == []


def _report(plan: Plan, **changes) -> Report:
    report = Report(id="r", plan_id=plan.id, period=Period.H2, prepared_by=Person("ЗДТГ-ЫН ДАРГА", "Н. БАТ-ЭРДЭНЭ"),
                    entries=[Entry("m1", "Хийсэн ажил", 90), Entry("m2", "Бас хийсэн", 100)])
    for key, value in changes.items():
        setattr(report, key, value)
    return report


def test_a_complete_report_has_no_problems():
    plan = _plan()
    assert validate_report(_report(plan), plan, finalising=True) == []


def test_percentages_outside_0_100_and_off_the_scale():
    plan = _plan()
    report = _report(plan)
    report.entries[0].percent = 120
    report.entries[1].percent = 75
    report.entries[1].review = Review(score=-3)
    assert _codes(validate_report(report, plan)) == ["entry.percent.range", "entry.review.range"]
    stepped = ScoreScale.from_steps([100, 90, 80, 70, 50, 30, 10, 0])
    assert "entry.percent.scale" in _codes(validate_report(report, plan, stepped))


def test_missing_results_warn_in_a_draft_and_block_a_final_report():
    plan = _plan()
    report = _report(plan, prepared_by=Person())
    report.entries[1] = Entry("m2")
    draft = validate_report(report, plan)
    assert {p.severity for p in draft} == {Severity.WARNING}
    assert _codes(draft) == ["entry.percent.empty", "entry.result.empty", "report.prepared_by"]
    final = validate_report(report, plan, finalising=True)
    assert _codes(errors(final)) == _codes(draft)
    report.status = ReportStatus.FINAL
    assert _codes(errors(validate_report(report, plan))) == _codes(draft)


def test_a_measure_with_no_entry_counts_as_empty():
    plan = _plan()
    report = _report(plan, entries=[Entry("m1", "Хийсэн", 100)])
    problems = validate_report(report, plan, finalising=True)
    assert {(p.code, p.object_id) for p in problems} == {("entry.result.empty", "m2"), ("entry.percent.empty", "m2")}


def test_problems_point_at_the_field_and_read_in_both_languages():
    plan = _plan()
    report = _report(plan)
    report.entries[0].percent = 120
    (problem,) = validate_report(report, plan)
    assert (problem.object_id, problem.field) == ("m1", "percent")
    assert problem_text(problem, "en") == "Measure 1.1: the percentage 120 is outside 0–100."
    assert problem_text(problem, "mn") == "1.1 арга хэмжээ: 120 хувь нь 0–100-аас гадуур байна."


def test_seed_002_numbers_two_measures_1_3(demo_store):
    plan = demo_store.plan("s002-plan")
    duplicates = [p for p in validate_plan(plan) if p.code == "measure.number.duplicate"]
    assert [p.object_id for p in duplicates] == ["s002-m1.3a", "s002-m1.3b"]
    assert "1.3 дугаартай арга хэмжээ 2 удаа" in problem_text(duplicates[0], "mn")


def test_a_report_without_a_percentage_column_is_not_asked_for_one():
    plan = _plan()
    report = _report(plan, columns=[Column("number", "Д/д"), Column("measure", "Арга хэмжээ"),
                                    Column("result", "Хэрэгжилт")])
    report.entries[0].percent = report.entries[1].percent = None
    assert validate_report(report, plan, finalising=True) == []
    report.entries[1] = Entry("m2")
    assert _codes(validate_report(report, plan, finalising=True)) == ["entry.result.empty"]
    report.columns.append(Column("percent", "Хувь"))
    assert _codes(validate_report(report, plan, finalising=True)) == [
        "entry.percent.empty", "entry.percent.empty", "entry.result.empty"]


def test_an_objective_under_a_missing_section_and_a_section_without_text_are_problems():
    plan = _plan(sections=[Section("s1", "1", "Үндсэн үйл ажиллагаа"), Section("s2", "2", " ")])
    plan.objectives[0].section_id = "s1"
    assert [p.code for p in validate_plan(plan)] == ["section.text"]
    plan.objectives[0].section_id = "s9"
    problems = validate_plan(plan)
    assert [(p.code, p.object_id, p.field) for p in problems] == [
        ("section.text", "s2", "text"), ("objective.section", "o1", "section")]
    assert problem_text(problems[1], "en") == (
        "Objective 1 is under a section the plan does not have. Put it under one of the plan's sections, or under none.")
    assert problem_text(problems[0], "mn") == "2-р бүлгийн текст алга."
