"""Sections, the heading block and the columns through the editing operations: each change
checked, undone and redone, the objectives always in their sections' order, and what reached
the data file read through a second connection and through the interchange format."""

from __future__ import annotations

from datetime import date

import pytest

from aplan_desktop.core import interchange
from aplan_desktop.core.errors import UserError
from aplan_desktop.core.model import Annex, Column, Heading, HeadingKind
from aplan_desktop.core.periods import Period
from aplan_desktop.core.scoring import overall_score
from aplan_desktop.core.validation import validate_report
from aplan_desktop.i18n import error_text
from aplan_desktop.storage import Store
from test_editing_ops import draft_plan, ops  # noqa: F401  (fixtures)


def _stored(db_path, plan_id):
    return Store.open(db_path).plan(plan_id)


def _sections_of(plan) -> list[tuple[str, str | None]]:
    return [(o.number, o.section_id) for o in plan.objectives]


def _readable(plan, store) -> None:
    """The plan as the format writes it reads back whole: the sections' order holds."""
    document = interchange.document_from_objects(plan, store.parent_of(plan.organisation))
    assert interchange.loads(interchange.dumps(document))[0] == plan


def test_sections_are_added_named_moved_and_deleted_with_their_objectives(ops, draft_plan, db_path):
    session = ops.editing.open_plan(draft_plan.id)
    first, second = session.add_section(), session.add_section()
    a, b = session.plan.sections
    session.set_section_field(a.id, "text", "Үндсэн үйл ажиллагаа")
    session.set_section_field(b.id, "text", "Дэмжих үйл ажиллагаа")
    o1, o2, o3 = session.plan.objectives[:3]
    rest = [o.number for o in session.plan.objectives[3:]]
    session.put_under_section(o1.id, b.id)
    session.put_under_section(o2.id, a.id)
    session.put_under_section(o3.id, a.id)
    # each after its section's objectives: in the order they were put there
    assert _sections_of(session.plan) == [(n, None) for n in rest] + [("2", a.id), ("3", a.id), ("1", b.id)]
    session.save()
    stored = _stored(db_path, draft_plan.id)
    assert [s.text for s in stored.sections] == ["Үндсэн үйл ажиллагаа", "Дэмжих үйл ажиллагаа"]
    assert _sections_of(stored) == _sections_of(session.plan)
    _readable(stored, ops._store)

    session.move_section(b.id, -1)  # its objective goes first with it
    assert [s.id for s in session.plan.sections] == [b.id, a.id]
    assert _sections_of(session.plan)[-3:] == [("1", b.id), ("2", a.id), ("3", a.id)]
    session.delete(a.id)  # Del on a section: its objectives join the section before it
    assert [s.id for s in session.plan.sections] == [b.id]
    assert _sections_of(session.plan)[-3:] == [("1", b.id), ("2", b.id), ("3", b.id)]
    session.save()
    stored = _stored(db_path, draft_plan.id)
    assert [s.id for s in stored.sections] == [b.id] and _sections_of(stored) == _sections_of(session.plan)
    _readable(stored, ops._store)
    while session.undo() is not None:
        pass
    session.save()
    stored = _stored(db_path, draft_plan.id)
    assert stored.sections == [] and {o.section_id for o in stored.objectives} == {None}
    assert first.structure and second.structure


def test_objectives_keep_their_sections_order_when_moved_dragged_added_and_renumbered(ops, draft_plan):
    session = ops.editing.open_plan(draft_plan.id)
    session.add_section()
    (a,) = session.plan.sections
    objectives = session.plan.objectives
    for objective in objectives[2:]:
        session.put_under_section(objective.id, a.id)
    first_in_a = session.plan.objectives[2]
    session.move(first_in_a.id, -1)  # up from the top of its section: out of it, in place
    assert first_in_a.section_id is None and session.plan.objectives[2] is first_in_a
    session.move(first_in_a.id, 1)  # and back down into it
    assert first_in_a.section_id == a.id
    order = [(o.id, [m.id for m in o.measures]) for o in reversed(session.plan.objectives)]
    session.reorder(order)  # a drag never takes an objective out of its section
    assert [o.section_id for o in session.plan.objectives] == [None, None] + [a.id] * (len(objectives) - 2)
    added = session.plan.objectives[-1].id
    session.add_objective()  # at the end: under the last section
    assert session.plan.objectives[-1].section_id == a.id and session.plan.objectives[-2].id == added
    a.number = "7"
    session.renumber()
    assert a.number == "1" and [o.number for o in session.plan.objectives] == [
        str(i) for i in range(1, len(session.plan.objectives) + 1)]
    session.undo()
    assert a.number == "7"
    _readable(session.plan, ops._store)


def test_a_section_edit_is_refused_with_a_sentence_and_nothing_changes(ops, draft_plan):
    session = ops.editing.open_plan(draft_plan.id)
    session.add_section()
    (a,) = session.plan.sections
    with pytest.raises(UserError) as info:
        session.set_section_field(a.id, "number", "1" * 21)
    assert "20" in error_text(info.value, "en") and a.number == "1"
    with pytest.raises(UserError):
        session.put_under_section(session.plan.objectives[0].id, "no-such-section")
    assert session.plan.objectives[0].section_id is None


def test_the_heading_is_one_step_checked_saved_and_undone(ops, draft_plan, db_path):
    session = ops.editing.open_plan(draft_plan.id)
    wanted = Heading(HeadingKind.ANNEX, Annex("  Сүхбаатар дүүргийн Засаг даргын", "тушаал", 2026, None, " А/12 "),
                     "ЗГ-ын 2017 оны 89 дүгээр тогтоолын 3 дугаар хавсралт", "Хүснэгт-1", date(2026, 2, 1), "Зуунмод",
                     title_as_typed=True)
    session.set_heading(wanted)
    session.save()
    heading = _stored(db_path, draft_plan.id).heading
    assert heading.kind == HeadingKind.ANNEX and heading.annex.number == "А/12" and heading.annex.act == "тушаал"
    assert heading.annex.issuer == "  Сүхбаатар дүүргийн Засаг даргын" and heading.title_as_typed
    assert (heading.table_label, heading.place, heading.date) == ("Хүснэгт-1", "Зуунмод", date(2026, 2, 1))
    wrong = Heading(HeadingKind.ANNEX, Annex("x", "захирамж", 2026, date(2025, 12, 30), ""))
    with pytest.raises(UserError) as info:
        session.set_heading(wrong)
    assert "2026" in error_text(info.value, "mn") and session.plan.heading.annex.number == "А/12"
    with pytest.raises(UserError):
        session.set_heading(Heading(form_reference="х" * 501))
    session.undo()
    session.save()
    assert _stored(db_path, draft_plan.id).heading == Heading()


def test_a_report_chooses_its_columns_and_without_a_percentage_has_no_score(ops, db_path):
    plan = ops.plan("s000-plan")
    ops.create_report("s000-plan", Period.H1)
    report = ops.existing_report("s000-plan", Period.H1)
    session = ops.editing.open_report(report.id)
    measure = plan.measures()[0]
    session.set_entry_field(measure.id, "percent", "90")
    session.set_entry_field(measure.id, "result", "Хийсэн")
    assert overall_score(session.report) is not None
    narrative = [Column("number", "Д/д"), Column("measure", "Арга хэмжээ", "Төлөвлөгөө"),
                 Column("result", "Хэрэгжилт", "Биелэлт")]
    session.set_report_columns(narrative)
    session.save()
    stored = Store.open(db_path).report(report.id)
    assert stored.columns == narrative and overall_score(stored) is None
    assert not [p for p in validate_report(stored, plan, finalising=True) if p.field == "percent"]
    with pytest.raises(UserError):
        session.set_report_columns([Column("number", "Д/д"), Column("number", "again")])
    with pytest.raises(UserError):
        session.set_report_columns([Column("colour", "?")])
    session.undo()
    session.save()
    assert Store.open(db_path).report(report.id).columns == [] and stored.entry(measure.id).percent == 90
    session.set_heading(Heading(HeadingKind.NONE, place="Арвайхээр"))
    session.save()
    assert Store.open(db_path).report(report.id).heading.place == "Арвайхээр"
    session.undo()
    session.save()
    assert Store.open(db_path).report(report.id).heading == Heading()
