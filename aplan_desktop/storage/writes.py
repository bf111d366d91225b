"""How plans, reports and their organisations are written: a whole document, and the editor's
small saves of what was typed into one.

Each function here is part of the caller's transaction: the `Store` method that calls it opens
one, so a save lands whole or not at all, with the search index changed in step. `Store` loads
this module on its first such save, so a start, a print or an export that only reads never does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from aplan_desktop.core.errors import N_, NotFoundError, UserError
from aplan_desktop.core.model import (
    Column, Entry, Heading, Measure, NameForms, Objective, Organisation, Plan, Report, Section,
)
from aplan_desktop.storage import search as fts
from aplan_desktop.storage.store import Store, _now

_BATCH = 100  # rows written per statement: a big plan's rows are made as they are written, never all held


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _text_amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _columns_json(columns: list[Column]) -> str:
    return json.dumps([{"key": c.key, "label": c.label, **({"group": c.group} if c.group else {})} for c in columns],
                      ensure_ascii=False)


def _heading_json(heading: Heading) -> str | None:
    """NULL for the heading every document had before headings could be chosen."""
    if heading == Heading():
        return None
    from aplan_desktop.core.interchange import heading_to_dict

    return json.dumps(heading_to_dict(heading), ensure_ascii=False)


# ------------------------------------------------------------ organisations

def _organisation_row(org: Organisation) -> dict:
    return {
        "id": org.id, "name": org.name, "short_name": org.short_name, "kind": org.kind.value,
        "parent_id": org.parent_id, "address": org.address, "phone": org.phone, "email": org.email,
        "web": org.web, "head_title": org.head.title, "head_name": org.head.name, "updated_at": _now(),
    }


def save_organisation(store: Store, org: Organisation, parent: Organisation | None = None) -> None:
    if parent is not None and not store.db["organisations"].count_where("id = ?", [parent.id]):
        store.db["organisations"].insert(_organisation_row(parent))
    store.db["organisations"].upsert(_organisation_row(org), pk="id")
    if org.forms != NameForms():
        store.db["organisation_names"].upsert({"organisation_id": org.id, **vars(org.forms)}, pk="organisation_id")


# ------------------------------------------------------------ plans

def save_plan(store: Store, plan: Plan, parent: Organisation | None, organisation_from_document: bool = True) -> None:
    now = _now()
    if organisation_from_document or not store.db["organisations"].count_where("id = ?", [plan.organisation.id]):
        save_organisation(store, plan.organisation, parent)
    existing = store.db["plans"].count_where("id = ?", [plan.id])
    row = {"id": plan.id, "organisation_id": plan.organisation.id, "year": plan.year, "kind": plan.kind.value,
           "status": plan.status.value, **_plan_header(plan), "updated_at": now}
    if existing:
        store.db["plans"].update(plan.id, row)
    else:
        store.db["plans"].insert({**row, "created_at": now})
    keep_sections = [s.id for s in plan.sections]
    keep_objectives = [o.id for o in plan.objectives]
    keep_measures = [m.id for o in plan.objectives for m in o.measures]
    _claim_ids(store, "sections", keep_sections, plan.id)
    _claim_ids(store, "objectives", keep_objectives, plan.id)
    _claim_ids(store, "measures", keep_measures, plan.id)
    store.db["sections"].upsert_all(
        ({"id": s.id, "plan_id": plan.id, "position": pos, "number": s.number, "text": s.text}
         for pos, s in enumerate(plan.sections)), pk="id", batch_size=_BATCH)
    store.db["objectives"].upsert_all(
        ({"id": o.id, "plan_id": plan.id, "position": o_pos, "number": o.number, "text": o.text,
          "section_id": o.section_id} for o_pos, o in enumerate(plan.objectives)), pk="id", batch_size=_BATCH)
    store.db["measures"].upsert_all(_measure_rows(plan), pk="id", batch_size=_BATCH)
    gone = [r[0] for r in store.db.execute(
        f"SELECT id FROM measures WHERE plan_id = ? AND id NOT IN ({','.join('?' * len(keep_measures))})",
        [plan.id, *keep_measures]).fetchall()]
    if gone:
        reported = store.db.execute(
            f"SELECT m.number FROM measures m JOIN entries e ON e.measure_id = m.id "
            f"WHERE m.id IN ({','.join('?' * len(gone))}) LIMIT 1", gone).fetchone()
        if reported:
            raise UserError(N_("Measure {number} cannot be removed: a report already has a result for it. "
                               "Remove that result first."), number=reported[0])
        store.db.execute(f"DELETE FROM measures WHERE id IN ({','.join('?' * len(gone))})", gone)
    for table, keep in (("objectives", keep_objectives), ("sections", keep_sections)):
        store.db.execute(f"DELETE FROM {table} WHERE plan_id = ? AND id NOT IN ({','.join('?' * len(keep))})",
                         [plan.id, *keep])
    fts.reindex_plan(store.conn, plan.id)


def _plan_header(plan: Plan) -> dict:
    """What of a plan's own row is edited in it: title, approval, columns and heading."""
    return {
        "title": plan.title,
        "approval": None if plan.approval is None else json.dumps(
            {"title": plan.approval.title, "name": plan.approval.name, "date": _iso(plan.approval.date)},
            ensure_ascii=False),
        "columns": _columns_json(plan.columns), "heading": _heading_json(plan.heading),
    }


def _measure_fields(m: Measure) -> dict:
    """What is typed into a measure, as its row holds it (its place is the plan's shape)."""
    return {
        "number": m.number, "text": m.text, "criteria": json.dumps(m.criteria, ensure_ascii=False),
        "timeframe_text": m.timeframe.text, "due_start": _iso(m.timeframe.start),
        "due_end": _iso(m.timeframe.end), "target": m.target,
        "budget_amount": _text_amount(m.budget.amount), "budget_source": m.budget.source,
        "responsible": m.responsible, "extra": json.dumps(m.extra, ensure_ascii=False, sort_keys=True),
    }


def _measure_rows(plan: Plan) -> Iterator[dict]:
    """One row per measure, made as it is written: a big plan's rows are never all in memory."""
    position = 0
    for o in plan.objectives:
        for m in o.measures:
            yield {"id": m.id, "plan_id": plan.id, "objective_id": o.id, "position": position, **_measure_fields(m)}
            position += 1


def _claim_ids(store: Store, table: str, ids: list[str], plan_id: str) -> None:
    """Refuse ids that already belong to another plan: an upsert would silently move them."""
    if not ids:
        return
    clash = store.db.execute(
        f"SELECT id FROM {table} WHERE plan_id != ? AND id IN ({','.join('?' * len(ids))}) LIMIT 1",
        [plan_id, *ids]).fetchone()
    if clash:
        raise UserError(N_("The id {id} already belongs to another plan. The document was not saved."), id=clash[0])


def save_plan_edits(store: Store, plan: Plan, header: bool, sections: list[Section], objectives: list[Objective],
                    measures: list[Measure]) -> None:
    """What was typed into a plan whose shape has not changed since it was saved: its own row
    when `header`, and the rows of the sections, objectives and measures given, each reindexed
    alone (the editor's autosave: its cost does not grow with the plan). A row not on disk under
    this plan (the plan changed under the editor) makes it write the whole plan."""
    rows = [("plans", plan.id, {"updated_at": _now(), **(_plan_header(plan) if header else {})})]
    rows += [("sections", s.id, {"number": s.number, "text": s.text}) for s in sections]
    rows += [("objectives", o.id, {"number": o.number, "text": o.text}) for o in objectives]
    rows += [("measures", m.id, _measure_fields(m)) for m in measures]
    if sum(_update(store, table, row_id, fields, plan.id) for table, row_id, fields in rows) != len(rows):
        save_plan(store, plan, None, organisation_from_document=False)
        return
    fts.reindex_plan_parts(store.conn, plan.id, header, [x.id for x in (*sections, *objectives, *measures)])


def _update(store: Store, table: str, row_id: str, fields: dict, plan_id: str) -> int:
    """One row of the plan `plan_id` (the plan's own, or one of its parts), by plain SQL: 1 if it is there."""
    assignments = ", ".join(f"{name} = :{name}" for name in fields)
    owner = "id" if table == "plans" else "plan_id"
    return store.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = :id AND {owner} = :plan_id",
                              {**fields, "id": row_id, "plan_id": plan_id}).rowcount


# ------------------------------------------------------------ reports

def _entry_row(report_id: str, position: int, e: Entry) -> dict:
    return {
        "report_id": report_id, "measure_id": e.measure_id, "position": position, "result": e.result,
        "percent": e.percent, "spent_amount": _text_amount(e.spent.amount), "spent_source": e.spent.source,
        "evidence": json.dumps([vars(x) for x in e.evidence], ensure_ascii=False),
        "review_score": e.review.score, "review_comment": e.review.comment, "updated_at": _now(),
    }


def save_report(store: Store, report: Report) -> None:
    now = _now()
    if not store.db["plans"].count_where("id = ?", [report.plan_id]):
        raise NotFoundError(N_("There is no plan with the id {id}."), id=report.plan_id)
    plan_measures = {r[0] for r in store.db.execute("SELECT id FROM measures WHERE plan_id = ?", [report.plan_id])}
    stray = [e.measure_id for e in report.entries if e.measure_id not in plan_measures]
    if stray:
        raise UserError(N_("The report has a result for a measure that is not in its plan. "
                           "The report was not saved."))
    row = {
        "id": report.id, "plan_id": report.plan_id, "period": report.period.value,
        "status": report.status.value, "revision": report.revision, "title": report.title,
        "report_date": _iso(report.report_date), "prepared_title": report.prepared_by.title,
        "prepared_name": report.prepared_by.name, "reviewed_title": report.reviewed_by.title,
        "reviewed_name": report.reviewed_by.name, "columns": _columns_json(report.columns),
        "heading": _heading_json(report.heading), "organisation_id": report.organisation_id, "updated_at": now,
    }
    if store.db["reports"].count_where("id = ?", [report.id]):
        store.db["reports"].update(report.id, row)
    else:
        store.db["reports"].insert({**row, "created_at": now})
    store.db.execute("DELETE FROM entries WHERE report_id = ?", [report.id])
    store.db["entries"].insert_all((_entry_row(report.id, i, e) for i, e in enumerate(report.entries)),
                                   batch_size=_BATCH)
    fts.reindex_report(store.conn, report.id)


def save_entry(store: Store, report_id: str, entry: Entry) -> None:
    """What was typed for one measure: the editor's autosave."""
    existing = store.db.execute("SELECT position FROM entries WHERE report_id = ? AND measure_id = ?",
                                [report_id, entry.measure_id]).fetchone()
    if existing:
        position = existing[0]
    else:
        position = store.db.execute("SELECT coalesce(max(position) + 1, 0) FROM entries WHERE report_id = ?",
                                    [report_id]).fetchone()[0]
    store.db["entries"].upsert(_entry_row(report_id, position, entry), pk=("report_id", "measure_id"))
    store.db["reports"].update(report_id, {"updated_at": _now()})
    fts.reindex_entry(store.conn, report_id, entry.measure_id)
