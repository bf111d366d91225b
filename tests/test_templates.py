from datetime import date

import pytest

from aplan_desktop.core.model import Heading, HeadingKind, Organisation, OrganisationKind, PlanKind, PlanStatus, Section
from aplan_desktop.core.templates import copy_plan_to_year, list_templates, plan_from_template
from aplan_desktop.core.validation import validate_plan
from aplan_desktop.resources import templates_dir

ORG = Organisation(id="org-x", name="Бат-Өлзий сумын Засаг даргын Тамгын газар", kind=OrganisationKind.SOUM)


@pytest.fixture(scope="module")
def templates():
    return {t.key: t for t in list_templates(templates_dir())}


def test_both_templates_are_shipped(templates):
    assert set(templates) == {"atg-model", "integrity-improvement"}
    assert templates["atg-model"].kind == PlanKind.ANTI_CORRUPTION
    assert templates["integrity-improvement"].kind == PlanKind.INTEGRITY


def test_model_plan_has_objectives_1_to_4_with_measures_1_1_to_4_1(templates):
    plan = plan_from_template(templates["atg-model"], ORG, 2026)
    assert [o.number for o in plan.objectives] == ["1", "2", "3", "4"]
    numbers = [m.number for m in plan.measures()]
    assert numbers[0] == "1.1" and numbers[-1] == "4.1"
    assert len(numbers) == len(set(numbers))
    assert plan.title == "БАТ-ӨЛЗИЙ СУМЫН ЗАСАГ ДАРГЫН ТАМГЫН ГАЗАР 2026 ОНЫ АВЛИГЫН ЭСРЭГ ҮЙЛ АЖИЛЛАГААНЫ ТӨЛӨВЛӨГӨӨ"
    assert plan.status == PlanStatus.DRAFT
    assert all(m.timeframe.start and m.timeframe.start.year == 2026 for m in plan.measures())


def test_integrity_plan_has_the_three_parts_and_17_measures(templates):
    plan = plan_from_template(templates["integrity-improvement"], ORG, 2026)
    assert len(plan.objectives) == 3
    assert [m.number for m in plan.measures()] == [str(n) for n in range(1, 18)]
    monthly = plan.measures()[4]
    assert monthly.timeframe.text == "Сар бүр"


def test_each_new_plan_gets_new_ids(templates):
    a = plan_from_template(templates["atg-model"], ORG, 2026)
    b = plan_from_template(templates["atg-model"], ORG, 2026)
    assert a.id != b.id
    assert not {m.id for m in a.measures()} & {m.id for m in b.measures()}


def test_template_plan_has_no_date_problems(templates):
    for template in templates.values():
        plan = plan_from_template(template, ORG, 2026)
        assert not [p for p in validate_plan(plan) if p.code.startswith(("measure.due", "measure.number"))]


def test_copy_last_years_plan_into_a_new_year(demo_store):
    old = demo_store.plan("s003-plan")
    new = copy_plan_to_year(old, 2026)
    assert new.year == 2026 and new.status == PlanStatus.DRAFT and new.approval is None
    assert "2026" in new.title and "2025" not in new.title
    assert new.id != old.id and not {m.id for m in new.measures()} & {m.id for m in old.measures()}
    first = new.measures()[0]
    assert first.timeframe.start == date(2026, 1, 1) and first.timeframe.end == date(2026, 11, 10)
    assert [m.text for m in new.measures()] == [m.text for m in old.measures()]
    assert old.year == 2025 and old.measures()[0].timeframe.start == date(2025, 1, 1)
    demo_store.save_plan(new)
    assert demo_store.plan(new.id) == new


def test_a_plan_with_sections_is_copied_into_a_new_year_with_sections_of_its_own(demo_store):
    old = demo_store.plan("s003-plan")
    old.sections = [Section("s003-sec-1", "1", "Үндсэн үйл ажиллагаа")]
    old.objectives[-1].section_id = "s003-sec-1"
    old.heading = Heading(HeadingKind.NONE, table_label="Хүснэгт-1")
    demo_store.save_plan(old)
    new = copy_plan_to_year(demo_store.plan("s003-plan"), 2026)
    (section,) = new.sections
    assert section.id != "s003-sec-1" and section.text == "Үндсэн үйл ажиллагаа"
    assert [o.section_id for o in new.objectives] == [None] * (len(new.objectives) - 1) + [section.id]
    assert new.heading == old.heading
    demo_store.save_plan(new)  # its own ids: nothing of last year's plan is taken over
    assert demo_store.plan(new.id) == new and demo_store.plan("s003-plan").sections[0].id == "s003-sec-1"
