"""The editing operations without a window: each change checked, undone and redone by small
steps, saved in one transaction; what reached the data file is read through a second connection."""

from __future__ import annotations

import sys
from decimal import Decimal

import pytest

from aplan_desktop.core.errors import UserError
from aplan_desktop.core.parsing import InputRefused
from aplan_desktop.core.periods import Period
from aplan_desktop.core.templates import list_templates, plan_from_template
from aplan_desktop.operations import Operations
from aplan_desktop.operations.editing import UNDO_LIMIT
from aplan_desktop.operations.settings import HOME_ORGANISATION
from aplan_desktop.resources import templates_dir
from aplan_desktop.storage import Store


@pytest.fixture
def ops(demo_store):
    demo_store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    return Operations(demo_store)


@pytest.fixture
def draft_plan(ops, demo_store):
    template = next(t for t in list_templates(templates_dir()) if t.key == "atg-model")
    plan = plan_from_template(template, demo_store.organisation("org-bat-olzii"), 2026)
    demo_store.save_plan(plan)
    return plan


def test_a_field_edit_is_saved_once_with_what_changed(ops, draft_plan, db_path):
    session = ops.editing.open_plan(draft_plan.id)
    measure = session.plan.measures()[0]
    heard = []
    ops.subscribe(lambda changes, origin: heard.append(changes))
    session.set_measure_field(measure.id, "budget", "1 250,5")
    session.set_measure_field(measure.id, "timeframe", "II улирал")
    assert Store.open(db_path).plan(draft_plan.id).measure(measure.id).budget.amount is None  # not yet: a pause saves
    changes = session.save()
    stored = Store.open(db_path).plan(draft_plan.id).measure(measure.id)
    assert stored.budget.amount == Decimal("1250.5")
    assert (stored.timeframe.start.month, stored.timeframe.end.month) == (4, 6)
    assert changes.touches(draft_plan.id) and measure.id in changes.objects and heard == [changes]
    assert [h["action"] for h in Store.open(db_path).history(draft_plan.id)][-1] == "edited"


def test_typing_in_one_field_is_one_undo_step(ops, draft_plan):
    session = ops.editing.open_plan(draft_plan.id)
    measure = session.plan.measures()[0]
    before = measure.text
    for n in range(1, 50):
        step = session.set_measure_field(measure.id, "text", before + "ү" * n)
    assert session.last_step is step and len(session._undo) == 1
    session.undo()
    assert measure.text == before
    session.redo()
    assert measure.text == before + "ү" * 49


def test_a_text_that_does_not_read_is_refused_and_what_a_part_of_it_read_as_goes_back(ops, draft_plan, db_path):
    session = ops.editing.open_plan(draft_plan.id)
    measure = session.plan.measures()[0]
    session.set_measure_field(measure.id, "budget", "12")
    session.save()
    session.set_measure_field(measure.id, "budget", "12.5")  # on the way to "12.5,5"
    with pytest.raises(InputRefused):
        session.set_measure_field(measure.id, "budget", "12.5,5")
    assert measure.budget.amount == Decimal("12")  # what is on disk, not what "12.5" read as
    session.save()
    assert Store.open(db_path).plan(draft_plan.id).measure(measure.id).budget.amount == Decimal("12")


def test_structure_changes_undo_and_redo(ops, draft_plan, db_path):
    session = ops.editing.open_plan(draft_plan.id)
    objective = session.plan.objectives[0]
    first, second = objective.measures[:2]
    session.move(second.id, -1)
    assert objective.measures[:2] == [second, first]
    added = session.add_measure(objective.id, 0)
    new_id = next(iter(added.objects))
    assert objective.measures[0].id == new_id
    session.delete(first.id)
    session.renumber()
    assert [m.number for m in objective.measures[:2]] == ["1.1", "1.2"]
    session.save()
    stored = Store.open(db_path).plan(draft_plan.id).objectives[0].measures
    assert [m.id for m in stored[:2]] == [new_id, second.id] and first.id not in {m.id for m in stored}
    for _ in range(4):
        session.undo()
    assert objective.measures[:2] == [first, second] and first.number == "1.1"
    session.save()
    assert [m.id for m in Store.open(db_path).plan(draft_plan.id).objectives[0].measures[:2]] == [first.id, second.id]


def test_a_drag_that_loses_a_measure_is_refused(ops, draft_plan):
    session = ops.editing.open_plan(draft_plan.id)
    order = [(o.id, [m.id for m in o.measures]) for o in session.plan.objectives]
    order[0][1].pop()
    with pytest.raises(UserError):
        session.reorder(order)


def test_an_approved_plan_and_a_final_report_refuse_changes(ops):
    plan_session = ops.editing.open_plan("s000-plan")
    with pytest.raises(UserError):
        plan_session.set_measure_field(plan_session.plan.measures()[0].id, "text", "x")
    report_session = ops.editing.open_report("s000-report")
    with pytest.raises(UserError):
        report_session.set_entry_field(report_session.plan.measures()[0].id, "result", "x")


def test_report_entries_percent_on_the_scale_and_evidence(ops, db_path):
    ops.create_report("s000-plan", Period.H1)
    report_id = next(d.id for d in ops.documents() if d.kind == "report" and d.period == Period.H1
                     and d.id != "s000-report")
    session = ops.editing.open_report(report_id)
    measure_id = session.plan.measures()[1].id
    with pytest.raises(InputRefused):
        session.set_entry_field(measure_id, "percent", "150")  # not cut to 15
    session.set_entry_field(measure_id, "percent", "90%")
    session.set_entry_field(measure_id, "result", "Хийсэн.")
    session.attach_evidence(measure_id, "зураг.png", b"\x89PNG...", "image/png")
    session.save()
    entry = Store.open(db_path).report(report_id).entry(measure_id)
    assert (entry.percent, entry.result, [e.name for e in entry.evidence]) == (90, "Хийсэн.", ["зураг.png"])
    session.remove_evidence(measure_id, 0)
    session.save()
    assert Store.open(db_path).report(report_id).entry(measure_id).evidence == []


def test_only_the_aimag_assesses_a_received_report(ops):
    session = ops.editing.open_report("s001-report")  # another office's: this office reviews it
    measure_id = session.plan.measures()[0].id
    assert session.reviewing
    session.set_review_field(measure_id, "score", 80)
    with pytest.raises(UserError):
        session.set_entry_field(measure_id, "result", "x")
    own = ops.editing.open_report("s000-report")
    with pytest.raises(UserError):
        own.set_review_field(own.plan.measures()[0].id, "score", 80)


def test_undo_keeps_a_bounded_number_of_small_steps(ops, draft_plan):
    """Typing in many fields one after another: at most UNDO_LIMIT steps, each holding values,
    never a copy of the document."""
    session = ops.editing.open_plan(draft_plan.id)
    measures = session.plan.measures()
    for n in range(UNDO_LIMIT * 2):
        session.set_measure_field(measures[n % len(measures)].id, "target", f"{n}")
        session.set_measure_field(measures[n % len(measures)].id, "text", f"арга хэмжээ {n}")
    assert len(session._undo) == UNDO_LIMIT
    step_size = max(sys.getsizeof(s.sets) + sum(sys.getsizeof(v) for *_, b, a in s.sets for v in (b, a))
                    for s in session._undo)
    assert step_size < 2_000


def test_refused_values_are_sentences_and_change_nothing(ops, draft_plan):
    session = ops.editing.open_plan(draft_plan.id)
    measure = session.plan.measures()[0]
    for name, value in (("number", "1" * 40), ("nonsense", "x"), ("target", "x" * 600)):
        with pytest.raises(UserError):
            session.set_measure_field(measure.id, name, value)
    assert not session.has_unsaved and session.last_step is None
