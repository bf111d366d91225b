"""Editing a plan or a report, one change at a time: each checked, recorded for undo, saved.

An editor opens a document for editing and gets an `EditSession`. Every change a person
makes is one call on it (a field of the plan, an objective, a measure, a report entry or the
aimag's review; add, insert, move, delete, renumber; attach or remove evidence). The call
checks the value (a refusal is a `UserError` sentence and changes nothing), changes the
document in memory and records a small undo step: which object, which attribute, the value
before and after. Never a copy of the document: a step holds references and short lists,
typing in one field merges into one step, and at most `UNDO_LIMIT` steps are kept, so memory
stays flat however long a person types.

`save()` writes what changed since the last save in one transaction and returns the
`Changes`. The window calls it after a pause in typing (its autosave), so a keystroke costs
no disk write.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aplan_desktop.core.columns import BY_KEY
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Approval, Entry, Evidence, Measure, Objective, Plan, Report, Timeframe
from aplan_desktop.core.parsing import InputRefused, parse_percent
from aplan_desktop.core.sections import in_section_order, last_section_id
from aplan_desktop.core.timeframes import timeframe_dates
from aplan_desktop.core.workflow import add_measure, add_objective, is_locked, renumber
from aplan_desktop.operations.changes import Changes
from aplan_desktop.operations.document_shape import ShapeEdits
from aplan_desktop.operations.typed_input import MAX_LINE
from aplan_desktop.operations.typed_input import line as _line
from aplan_desktop.operations.typed_input import number as _number
from aplan_desktop.operations.typed_input import text as _text
from aplan_desktop.operations.typed_input import unknown as _unknown
from aplan_desktop.operations.typed_input import valid_date as _date
from aplan_desktop.operations.typed_input import words as _words

UNDO_LIMIT = 200


@dataclass
class Step:
    """One undoable change: (object, attribute, before, after) for each value it set."""

    text: str  # what the Undo menu says
    key: str  # typing in one field: steps with the same non-empty key merge
    sets: list[tuple[Any, str, Any, Any]]
    objects: frozenset[str] = frozenset()  # the ids of the objectives, measures and entries touched
    structure: bool = False  # objectives or measures added, moved or removed: the tree is redrawn

    def apply(self, forward: bool) -> None:
        for target, attribute, before, after in (self.sets if forward else reversed(self.sets)):
            setattr(target, attribute, after if forward else before)


@dataclass
class EditSession(ShapeEdits):
    """One open plan, or one open report with its plan, being edited (its sections, heading
    and columns: see ShapeEdits)."""

    ops: Any
    plan: Plan
    report: Report | None = None
    reviewing: bool = False  # the aimag assesses another office's report: only its review is editable
    origin: object = None  # handed back with every announcement (the editor, so it does not reload itself)
    _undo: deque = field(default_factory=lambda: deque(maxlen=UNDO_LIMIT))
    _redo: list = field(default_factory=list)
    # "plan" (its shape changed: the whole plan is written), "header" (the document's own row), "entries",
    # or the id of an entry's measure (a report), of a section, objective or measure (a plan) changed
    _dirty: set = field(default_factory=set)
    _on_disk: dict = field(default_factory=dict)  # (id(object), attribute) → its value at the last save
    _entries: dict = field(default_factory=dict)
    _touched: set = field(default_factory=set)  # ids of the objectives, measures and entries changed since

    def __post_init__(self) -> None:
        if self.report is not None:
            self._entries = {e.measure_id: e for e in self.report.entries}
        self._measures = {m.id: (o, m) for o in self.plan.objectives for m in o.measures}

    @property
    def document(self) -> Plan | Report:
        return self.report if self.report is not None else self.plan

    # ------------------------------------------------------------------ finding things

    def find(self, object_id: str | None) -> tuple[Objective | None, Measure | None]:
        if object_id in self._measures:
            return self._measures[object_id]
        return next((o for o in self.plan.objectives if o.id == object_id), None), None

    def entry(self, measure_id: str) -> Entry | None:
        return self._entries.get(measure_id)

    def measure_ids(self) -> list[str]:
        return list(self._measures)

    # ------------------------------------------------------------------ the plan

    def set_plan_field(self, name: str, value: Any) -> Step:
        """The title, or the approval block: approval_title, approval_name, approval_date."""
        plan = self._editable_plan()
        if name == "title":
            return self._set(N_("Edit the plan's title or approval"), "header:title", [(plan, "title", _line(value))],
                             "header")
        old = plan.approval or Approval()
        parts = {"approval_title": "title", "approval_name": "name", "approval_date": "date"}
        if name not in parts:
            raise _unknown(name)
        new = Approval(old.title, old.name, old.date)
        setattr(new, parts[name], _date(value) if name == "approval_date" else _line(value))
        approval = new if (new.title or new.name or new.date) else None
        return self._set(N_("Edit the plan's title or approval"), f"header:{name}", [(plan, "approval", approval)],
                         "header")

    def set_objective_field(self, objective_id: str, name: str, value: str) -> Step:
        self._editable_plan()
        objective, measure = self.find(objective_id)
        if objective is None or measure is not None or name not in ("number", "text"):
            raise _unknown(name)
        value = _number(value) if name == "number" else _text(value)
        return self._set(N_("Edit objective {number}"), f"objective:{objective_id}:{name}",
                         [(objective, name, value)], objective_id, objects=(objective_id,), number=objective.number)

    def set_measure_field(self, measure_id: str, name: str, value: str) -> Step:
        """A field of a measure as typed. The budget is read strictly: a text that does not read
        is refused (`InputRefused`) and the amount goes back to what is on disk."""
        self._editable_plan()
        _, measure = self.find(measure_id)
        if measure is None:
            raise _unknown(measure_id)
        key = f"measure:{measure_id}:{name}"
        if name == "budget":
            sets = [(measure.budget, "amount", self._read(BY_KEY["budget"].parse, value, measure.budget, "amount"))]
        elif name == "budget_source":
            sets = [(measure.budget, "source", _line(value))]
        elif name == "criteria":
            sets = [(measure, "criteria", [line.strip() for line in _text(value).split("\n") if line.strip()])]
        elif name == "timeframe":
            text = _line(value).strip()
            sets = [(measure, "timeframe", Timeframe(text, *timeframe_dates(text, self.plan.year)))]
        elif name.startswith("extra:"):
            extra = {k: v for k, v in {**measure.extra, name[6:]: _line(value)}.items() if v.strip()}
            sets = [(measure, "extra", extra)]
        elif name in ("number", "text", "target", "responsible"):
            typed = _number(value) if name == "number" else _text(value) if name == "text" else _line(value).strip() \
                if name == "responsible" else _line(value)
            sets = [(measure, name, typed)]
        else:
            raise _unknown(name)
        return self._set(N_("Edit measure {number}"), key, sets, measure_id, objects=(measure_id,),
                         number=measure.number)

    def add_objective(self) -> Step:
        """A new objective at the end, under the last objective's section."""
        plan = self._editable_plan()
        before = list(plan.objectives)
        section_id = last_section_id(plan)
        objective = add_objective(plan)
        objective.section_id = section_id
        return self._structure(N_("Add an objective"), [(plan, "objectives", before, list(plan.objectives))],
                               objective.id)

    def add_measure(self, objective_id: str | None, index: int | None = None) -> Step:
        """A new measure at the end of the objective (or at `index`); a plan without objectives gets one."""
        plan = self._editable_plan()
        objective, _ = self.find(objective_id)
        sets = []
        if objective is None:
            objective = plan.objectives[-1] if plan.objectives else None
        if objective is None:
            sets.append((plan, "objectives", list(plan.objectives), None))
            objective = add_objective(plan)
            sets[-1] = (plan, "objectives", sets[-1][2], list(plan.objectives))
        before = list(objective.measures)
        measure = add_measure(plan, objective, index)
        sets.append((objective, "measures", before, list(objective.measures)))
        text = N_("Insert a measure") if index is not None else N_("Add a measure")
        return self._structure(text, sets, measure.id)

    def delete(self, object_id: str) -> Step:
        plan = self._editable_plan()
        if self.section(object_id) is not None:
            return self.delete_section(object_id)
        objective, measure = self.find(object_id)
        if measure is not None:
            owner, attribute, item = objective, "measures", measure
        elif objective is not None:
            owner, attribute, item = plan, "objectives", objective
        else:
            raise _unknown(object_id)
        before = getattr(owner, attribute)
        return self._structure(N_("Delete"), [(owner, attribute, before, [x for x in before if x is not item])],
                               object_id)

    def move(self, object_id: str, step: int) -> Step | None:
        """One place up (-1) or down (+1) among its siblings; None at either end. An objective
        at the edge of its section moves into the next section (or out of the first) instead."""
        plan = self._editable_plan()
        if self.section(object_id) is not None:
            return self.move_section(object_id, step)
        objective, measure = self.find(object_id)
        owner, attribute, item = (objective, "measures", measure) if measure else (plan, "objectives", objective)
        if item is None:
            raise _unknown(object_id)
        siblings = list(getattr(owner, attribute))
        index = siblings.index(item)
        if not 0 <= index + step < len(siblings):
            return None
        if measure is None and siblings[index + step].section_id != objective.section_id:
            neighbour = siblings[index + step].section_id
            return self._structure(N_("Move"), [(objective, "section_id", objective.section_id, neighbour)], object_id)
        siblings[index], siblings[index + step] = siblings[index + step], siblings[index]
        return self._structure(N_("Move"), [(owner, attribute, getattr(owner, attribute), siblings)], object_id)

    def reorder(self, order: list[tuple[str, list[str]]]) -> Step:
        """A new order of every objective and its measures (after a drag), by ids; refused when it
        loses or invents one. Objectives stay under their sections (another section is chosen,
        not dragged to)."""
        plan = self._editable_plan()
        objectives = {o.id: o for o in plan.objectives}
        wanted = [m for _, ms in order for m in ms]
        if sorted(o for o, _ in order) != sorted(objectives) or sorted(wanted) != sorted(self._measures):
            raise UserError(N_("A measure belongs under an objective: put it back under one."))
        sets = [(plan, "objectives", plan.objectives, in_section_order(plan, [objectives[o] for o, _ in order]))]
        sets += [(objectives[o], "measures", objectives[o].measures, [self._measures[m][1] for m in ms])
                 for o, ms in order]
        return self._structure(N_("Move"), sets, None)

    def renumber(self) -> Step:
        plan = self._editable_plan()
        before = [(x, x.number) for x in plan.sections] + [(x, x.number) for o in plan.objectives
                                                            for x in [o, *o.measures]]
        renumber(plan)
        return self._structure(N_("Renumber"), [(x, "number", old, x.number) for x, old in before], None)

    # ------------------------------------------------------------------ the report

    def set_report_field(self, name: str, value: Any) -> Step:
        """prepared_title, prepared_name, reviewed_title, reviewed_name, report_date."""
        report = self._editable_report()
        if name == "report_date":
            return self._set(N_("Edit signatures"), "report:date", [(report, "report_date", _date(value))], "header")
        person, _, part = name.partition("_")
        if person not in ("prepared", "reviewed") or part not in ("title", "name"):
            raise _unknown(name)
        return self._set(N_("Edit signatures"), f"report:{name}",
                         [(getattr(report, f"{person}_by"), part, _line(value))], "header")

    def set_entry_field(self, measure_id: str, name: str, value: str) -> Step:
        """result, percent (typed or chosen, on the organisation's scale), spent (read strictly) or
        spent_source of one measure's entry."""
        self._editable_report()
        _, measure = self.find(measure_id)
        if measure is None:
            raise _unknown(measure_id)
        entry, created = self._entry_for(measure_id)
        if name == "result":
            sets = [(entry, "result", _text(value))]
        elif name == "percent":
            percent = BY_KEY["percent"].parse
            sets = [(entry, "percent", self._read(lambda t: percent(t, self.ops.settings.score_scale), value,
                                                  entry, "percent"))]
        elif name == "spent":
            sets = [(entry.spent, "amount", self._read(BY_KEY["spent"].parse, value, entry.spent, "amount"))]
        elif name == "spent_source":
            sets = [(entry.spent, "source", _line(value))]
        else:
            raise _unknown(name)
        return self._set(N_("Edit measure {number}"), f"entry:{measure_id}:{name}", created + sets, measure_id,
                         objects=(measure_id,), number=measure.number)

    def set_review_field(self, measure_id: str, name: str, value: Any) -> Step:
        """The aimag's score (a whole percentage on the scale, or None) or comment for one measure."""
        if self.report is None or not self.reviewing:
            raise UserError(N_("Only the aimag assesses a report it received."))
        _, measure = self.find(measure_id)
        if measure is None or name not in ("score", "comment"):
            raise _unknown(name)
        entry, created = self._entry_for(measure_id)
        if name == "score":
            score = None if value is None else parse_percent(str(value), self.ops.settings.score_scale)
            sets = [(entry.review, "score", score)]
        else:
            sets = [(entry.review, "comment", _text(value))]
        return self._set(N_("Assess measure {number}"), f"review:{measure_id}:{name}", created + sets, measure_id,
                         objects=(measure_id,), number=measure.number)

    def attach_evidence(self, measure_id: str, name: str, content: bytes, media_type: str) -> Step:
        """Keep the file (once, by its content) and list it under the measure's entry."""
        self._editable_report()
        entry, created = self._entry_for(measure_id)
        sha = self.ops._store.add_file(content)
        item = Evidence(name=_line(name)[:MAX_LINE], sha256=sha, size=len(content), media_type=media_type[:100])
        return self._set(N_("Add evidence"), "", created + [(entry, "evidence", [*entry.evidence, item])],
                         measure_id, objects=(measure_id,))

    def remove_evidence(self, measure_id: str, index: int) -> Step:
        self._editable_report()
        entry = self.entry(measure_id)
        if entry is None or not 0 <= index < len(entry.evidence):
            raise _unknown(str(index))
        kept = entry.evidence[:index] + entry.evidence[index + 1:]
        return self._set(N_("Remove evidence"), "", [(entry, "evidence", kept)], measure_id, objects=(measure_id,))

    # ------------------------------------------------------------------ undo, redo, save

    @property
    def last_step(self) -> Step | None:
        """The step the next undo takes back (a keystroke in the same field merges into it)."""
        return self._undo[-1] if self._undo else None

    def undo(self) -> Step | None:
        return self._replay(self._undo, self._redo, forward=False)

    def redo(self) -> Step | None:
        return self._replay(self._redo, self._undo, forward=True)

    @property
    def has_unsaved(self) -> bool:
        return bool(self._dirty)

    def save(self) -> Changes:
        """Write what changed since the last save, in one transaction with the day's "edited"
        line in the history; then announce it. Typing writes and reindexes only the entry, the
        measure, objective or section typed into (or the document's own row), so its cost does
        not grow with the document; a change of the plan's shape writes the whole plan."""
        if not self._dirty:
            return Changes()
        store, doc = self.ops._store, self.document
        kind = "report" if self.report is not None else "plan"
        with store.transaction():
            if "plan" in self._dirty:
                store.save_plan(self.plan)
            elif self.report is None:
                others = self._dirty - {"header"} - self._measures.keys()  # sections and objectives
                store.save_plan_edits(self.plan, "header" in self._dirty,
                                      [s for s in self.plan.sections if s.id in others] if others else [],
                                      [o for o in self.plan.objectives if o.id in others] if others else [],
                                      [self._measures[m][1] for m in self._dirty if m in self._measures])
            elif "header" in self._dirty or "entries" in self._dirty:
                store.save_report(self.report)
            else:
                for measure_id in self._dirty:
                    entry = self._entries.get(measure_id)
                    if entry is not None:
                        store.save_entry(self.report.id, entry)
            store.note_edit(kind, doc.id)
        objects = frozenset(self._touched)
        self._dirty.clear()
        self._touched.clear()
        self._on_disk.clear()
        return self.ops.announce(Changes(documents=frozenset({doc.id}), objects=objects), self.origin)

    # ------------------------------------------------------------------ inside

    def _editable_plan(self) -> Plan:
        if self.report is not None:
            raise UserError(N_("The plan's measures are changed in the plan, not in its report."))
        if is_locked(self.plan):
            raise UserError(N_("This plan is approved: reopen it to change it."))
        return self.plan

    def _editable_report(self) -> Report:
        if self.report is None or is_locked(self.report) or self.reviewing:
            raise UserError(N_("This report is final: reopen it to change it."))
        return self.report

    def _entry_for(self, measure_id: str) -> tuple[Entry, list]:
        """The measure's entry, made when the report has none yet (an undoable part of the step)."""
        entry = self._entries.get(measure_id)
        if entry is not None:
            return entry, []
        entry = Entry(measure_id)
        self._entries[measure_id] = entry
        self._dirty.add("entries")
        return entry, [(self.report, "entries", [*self.report.entries, entry])]

    def _read(self, parse, text: str, target: Any, attribute: str):
        """A strictly read value; a text that does not read puts back what is on disk and is refused."""
        try:
            return parse(text)
        except InputRefused:
            saved = self._on_disk.get((id(target), attribute))
            if saved is not None:
                setattr(target, attribute, saved[0])
                last = self._undo[-1] if self._undo else None
                if last is not None:
                    last.sets = [(t, a, b, saved[0] if (t, a) == (target, attribute) else after)
                                 for t, a, b, after in last.sets]
            raise

    def _set(self, text: str, key: str, sets: list, dirty: str, objects: tuple[str, ...] = (),
             **words: str) -> Step:
        """Set the values, and record them as one step (merged into the last when it is the same field)."""
        full = []
        for target, attribute, *values in sets:
            before = values[0] if len(values) == 2 else getattr(target, attribute)
            after = values[-1]
            self._on_disk.setdefault((id(target), attribute), (before,))
            full.append((target, attribute, before, after))
        step = Step(_words(text, words), key, full, frozenset(objects))
        step.apply(True)
        self._dirty.add(dirty)
        self._touched.update(objects)
        last = self._undo[-1] if self._undo else None
        if key and not self._redo and last is not None and last.key == key:
            afters = {(id(t), a): after for t, a, _, after in full}
            last.sets = [(t, a, b, afters.pop((id(t), a), after)) for t, a, b, after in last.sets]
            last.sets += [(t, a, b, after) for t, a, b, after in full if (id(t), a) in afters]
            return last
        self._push(step)
        return step

    def _structure(self, text: str, sets: list, select: str | None, **words: str) -> Step:
        step = Step(_words(text, words), "", [(t, a, b, c) for t, a, b, c in sets], structure=True,
                    objects=frozenset({select} if select else ()))
        step.apply(True)
        self._push(step)
        self._dirty.add("plan")
        self._touched.update(step.objects)
        self._measures = {m.id: (o, m) for o in self.plan.objectives for m in o.measures}
        return step

    def _push(self, step: Step) -> None:
        self._undo.append(step)
        self._redo.clear()

    def _replay(self, taken_from, put_on, forward: bool) -> Step | None:
        if not taken_from:
            return None
        step = taken_from.pop()
        step.apply(forward)
        put_on.append(step)
        self._touched.update(step.objects)
        if step.structure:
            self._measures = {m.id: (o, m) for o in self.plan.objectives for m in o.measures}
            self._dirty.add("plan")
        elif self.report is not None:
            self._entries = {e.measure_id: e for e in self.report.entries}
            header = (self.report, self.report.prepared_by, self.report.reviewed_by)
            whole = any(t is h for t, *_ in step.sets for h in header)
            self._dirty.update({"header"} if whole else step.objects)
        else:
            whole = any(t is self.plan for t, *_ in step.sets)
            self._dirty.update({"header"} if whole else set(), step.objects)
        return step


class Editing:
    """`ops.editing`: opens documents for editing."""

    def __init__(self, ops) -> None:
        self._ops = ops

    def open_plan(self, plan: Plan | str, origin: object = None) -> EditSession:
        plan = self._ops.plan(plan) if isinstance(plan, str) else plan
        return EditSession(self._ops, plan, origin=origin)

    def open_report(self, report: Report | str, plan: Plan | None = None, origin: object = None) -> EditSession:
        report = self._ops.report(report) if isinstance(report, str) else report
        plan = plan or self._ops.plan(report.plan_id)
        home = self._ops.settings.home_organisation_id
        owner = report.organisation_id or plan.organisation.id  # the reporting body (a soum, on a circular)
        return EditSession(self._ops, plan, report, reviewing=bool(home) and home != owner,
                           origin=origin)

    def responsible_units(self) -> list[str]:
        """Every unit named as responsible in any plan, for the plan editor's list."""
        return self._ops._store.responsible_units()
