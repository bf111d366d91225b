"""Full-text search over what a person types and sees in plans and reports (SQLite FTS5).

Indexed: a plan's title and organisation, the lines printed above its table (form reference,
annex line, approver, date-and-place, table label), its sections, objectives and measures
(every column's text, a body's own columns too); a report's title, the lines above its table
and who prepared and checked it, each measure's result, money source, evidence names and
notes and the aimag's comment, and every reason and note the aimag returned it with. Not
indexed: column labels (the same in every document), the log of a document's changes,
amounts, percentages, dates and settings.

The indexed texts live in `search_rows`, an ordinary table indexed by document; triggers keep
the FTS5 index over it. Each row names the object its text belongs to (`measure_id`: a
measure's, objective's or section's id; '' for the document's own lines), which a found row
opens at. The rows are kept in step with the documents inside the transaction that saves
them, by re-running the statements below for the one plan, report or entry that changed (for
typing into a plan, for the measures, objectives and sections typed into).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

_ADD = "INSERT INTO search_rows (body, doc_kind, doc_id, measure_id, field)\n"


def _json(column: str) -> str:
    """SQL: the column's JSON, or an empty list when it does not hold JSON (a damaged row
    leaves its text out of the index rather than stopping the save or the migration)."""
    return f"CASE WHEN json_valid({column}) THEN {column} ELSE '[]' END"


def _values(column: str, value: str = "value") -> str:
    """SQL: `value` of each item of a JSON list or object column, the texts joined."""
    return (f"(SELECT coalesce(group_concat({value}, ' '), '') FROM json_each({_json(column)}) "
            f"WHERE {value} IS NOT NULL)")


def _heading(doc: str, with_approval: bool) -> str:
    """SQL: the typed lines printed above a document's table, as forms/heading.py prints them:
    the form reference, the annex line's issuer, act and number (an annex heading), the
    approver (a plan's БАТЛАВ block, the heading every document had before it could be
    chosen), the place and the table's label."""
    h = f"CASE WHEN json_valid({doc}.heading) THEN {doc}.heading ELSE json_object() END"
    annex = " || ' ' || ".join(f"coalesce(json_extract({h}, '$.annex.{k}'), '')" for k in ("issuer", "act", "number"))
    approval = (f"CASE WHEN coalesce(json_extract({h}, '$.kind'), 'approval') = 'approval' "
                f"AND json_valid({doc}.approval) THEN coalesce(json_extract({doc}.approval, '$.title'), '') || ' ' "
                f"|| coalesce(json_extract({doc}.approval, '$.name'), '') ELSE '' END") if with_approval else "''"
    return (f"trim(coalesce(json_extract({h}, '$.form_reference'), '') || ' ' "
            f"|| CASE WHEN json_extract({h}, '$.kind') = 'annex' THEN {annex} ELSE '' END || ' ' "
            f"|| {approval} || ' ' || coalesce(json_extract({h}, '$.place'), '') || ' ' "
            f"|| coalesce(json_extract({h}, '$.table_label'), ''))")


# Each statement fills the index for the documents its WHERE clause selects (:id or all).
_PLAN_ROWS = [
    _ADD + "SELECT p.title || ' ' || o.name, 'plan', p.id, '', 'title' "
           "FROM plans p JOIN organisations o ON o.id = p.organisation_id WHERE {where}",
    _ADD + f"SELECT body, 'plan', id, '', 'heading' FROM (SELECT {_heading('p', True)} AS body, p.id "
           "FROM plans p WHERE {where}) WHERE body != ''",
    _ADD + "SELECT s.number || ' ' || s.text, 'plan', s.plan_id, s.id, 'section' FROM sections s WHERE {where_plan}",
    _ADD + "SELECT ob.number || ' ' || ob.text, 'plan', ob.plan_id, ob.id, 'objective' "
           "FROM objectives ob WHERE {where_plan}",
    _ADD + f"SELECT m.number || ' ' || m.text || ' ' || {_values('m.criteria')} || ' ' || m.target || ' ' "
           f"|| m.responsible || ' ' || m.timeframe_text || ' ' || m.budget_source || ' ' || {_values('m.extra')}, "
           "'plan', m.plan_id, m.id, 'measure' FROM measures m WHERE {where_plan}",
]

_REPORT_HEAD_ROWS = [
    _ADD + "SELECT r.title, 'report', r.id, '', 'title' FROM reports r WHERE {where} AND r.title != ''",
    _ADD + f"SELECT body, 'report', id, '', 'heading' FROM (SELECT trim({_heading('r', False)} || ' ' "
           "|| r.prepared_title || ' ' || r.prepared_name || ' ' || r.reviewed_title || ' ' || r.reviewed_name) "
           "AS body, r.id FROM reports r WHERE {where}) WHERE body != ''",
]
_EVIDENCE = "json_extract(value, '$.name') || ' ' || coalesce(json_extract(value, '$.note'), '')"
_ENTRY_ROWS = [  # a measure's result, money source, evidence names and notes, the aimag's comment
    _ADD + f"SELECT body, 'report', report_id, measure_id, 'result' FROM (SELECT trim(e.result || ' ' "
           f"|| e.spent_source || ' ' || e.review_comment || ' ' || {_values('e.evidence', _EVIDENCE)} "
           "|| ' ') AS body, e.report_id, e.measure_id FROM entries e WHERE {where_entry}) WHERE body != ''",
]
_HELD = "EXISTS (SELECT 1 FROM reports held WHERE held.id = s.report_id)"  # a found row must open
_RETURN_ROWS = [  # why the aimag returned the report: a reason beside a measure, a note for the whole
    _ADD + "SELECT json_extract(reason.value, '$.text'), 'report', s.report_id, "
           "coalesce(json_extract(reason.value, '$.measure_id'), ''), 'return' FROM report_states s, "
           f"json_each({_json('s.reasons')}) reason WHERE {_HELD} "
           "AND {where_state} AND trim(coalesce(json_extract(reason.value, '$.text'), '')) != ''",
    _ADD + f"SELECT s.note, 'report', s.report_id, '', 'return' FROM report_states s WHERE {_HELD} "
           "AND {where_state} AND trim(s.note) != ''",
]


def _run(conn: sqlite3.Connection, statements: list[str], params: dict, **where: str) -> None:
    for statement in statements:
        conn.execute(statement.format(**where), params)


def reindex_plan(conn: sqlite3.Connection, plan_id: str) -> None:
    conn.execute("DELETE FROM search_rows WHERE doc_kind = 'plan' AND doc_id = ?", [plan_id])
    _run(conn, _PLAN_ROWS, {"id": plan_id}, where="p.id = :id", where_plan="plan_id = :id")


def reindex_plan_parts(conn: sqlite3.Connection, plan_id: str, header: bool, object_ids: list[str]) -> None:
    """Cheaper than reindexing the whole plan: its own lines when `header`, and the sections,
    objectives and measures named, each read back from its row (the cost does not grow with the plan)."""
    if header:
        conn.execute("DELETE FROM search_rows WHERE doc_kind = 'plan' AND doc_id = ? AND measure_id = ''", [plan_id])
        _run(conn, _PLAN_ROWS[:2], {"id": plan_id}, where="p.id = :id")
    for object_id in object_ids:
        conn.execute("DELETE FROM search_rows WHERE doc_kind = 'plan' AND doc_id = ? AND measure_id = ?",
                     [plan_id, object_id])
        _run(conn, _PLAN_ROWS[2:], {"id": plan_id, "object": object_id}, where_plan="plan_id = :id AND id = :object")


def reindex_report(conn: sqlite3.Connection, report_id: str) -> None:
    conn.execute("DELETE FROM search_rows WHERE doc_kind = 'report' AND doc_id = ?", [report_id])
    _run(conn, _REPORT_HEAD_ROWS + _ENTRY_ROWS + _RETURN_ROWS, {"id": report_id}, where="r.id = :id",
         where_entry="e.report_id = :id", where_state="s.report_id = :id")


def reindex_entry(conn: sqlite3.Connection, report_id: str, measure_id: str) -> None:
    """Cheaper than reindexing the whole report: the one entry that was just typed into, read
    back from its row (its cost does not grow with the report)."""
    conn.execute("DELETE FROM search_rows WHERE doc_kind = 'report' AND doc_id = ? AND measure_id = ? "
                 "AND field = 'result'", [report_id, measure_id])
    _run(conn, _ENTRY_ROWS, {"id": report_id, "measure": measure_id},
         where_entry="e.report_id = :id AND e.measure_id = :measure")


def reindex_returns(conn: sqlite3.Connection, report_id: str) -> None:
    """The aimag's reasons for returning the report, after a return was recorded."""
    conn.execute("DELETE FROM search_rows WHERE doc_kind = 'report' AND doc_id = ? AND field = 'return'",
                 [report_id])
    _run(conn, _RETURN_ROWS, {"id": report_id}, where_state="s.report_id = :id")


def reindex_all(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM search_rows")
    _run(conn, _PLAN_ROWS, {}, where="1", where_plan="1")
    _run(conn, _REPORT_HEAD_ROWS + _ENTRY_ROWS + _RETURN_ROWS, {}, where="1", where_entry="1", where_state="1")


@dataclass(eq=False)
class SearchHit:
    """One line of a document that holds the words searched for."""

    doc_kind: str  # 'plan' or 'report'
    doc_id: str
    measure_id: str  # the measure, objective or section found; '' for the document's own lines
    field: str  # 'title', 'heading', 'section', 'objective', 'measure', 'result', 'return'
    snippet: str  # the matching words between MATCH_START and MATCH_END

    def highlighted(self, before: str, after: str, escape=lambda text: text) -> str:
        """The snippet with each match between `before` and `after`; `escape` applies to the text."""
        text = escape(self.snippet)
        return text.replace(MATCH_START, before).replace(MATCH_END, after)


_WORD = re.compile(r"\w+", re.UNICODE)
MATCH_START, MATCH_END = "\x02", "\x03"  # characters no typed text holds (they are cleaned out)


def fts_query(text: str) -> str:
    """The user's words as an FTS5 query: every word must appear, each may be a prefix."""
    words = _WORD.findall(text)
    return " ".join(f'"{w}"*' for w in words)


def search(conn: sqlite3.Connection, text: str, limit: int = 200) -> list[SearchHit]:
    query = fts_query(text)
    if not query:
        return []
    rows = conn.execute(
        "SELECT r.doc_kind, r.doc_id, r.measure_id, r.field, snippet(search, 0, ?, ?, '…', 12) "
        "FROM search JOIN search_rows r ON r.id = search.rowid WHERE search MATCH ? ORDER BY rank LIMIT ?",
        [MATCH_START, MATCH_END, query, limit]).fetchall()
    return [SearchHit(*row) for row in rows]
